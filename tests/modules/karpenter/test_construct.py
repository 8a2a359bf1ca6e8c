"""The Karpenter constructs: the AWS half (node role, instance profile, access entry,
interruption queue and rules) and the in-cluster half (controller role and policy, the
two pinned charts, the NodePool and EC2NodeClass)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack
from cdktf_cdktf_provider_helm.provider import HelmProvider

from platform_cdktf.modules.eks import OidcProvider
from platform_cdktf.modules.eks.identity import ClusterIdentity
from platform_cdktf.modules.karpenter import (
    KARPENTER_CHART,
    KARPENTER_CRD_CHART,
    KarpenterController,
    KarpenterInfrastructure,
    KarpenterInfrastructureProps,
    KarpenterNames,
    KarpenterNodePools,
    KarpenterProps,
    KarpenterSettings,
)
from platform_cdktf.modules.karpenter.infrastructure import INTERRUPTION_EVENTS
from platform_cdktf.modules.karpenter.node_pools import CHART_DIR
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, only, resources
from tests.support.units import synth_stack

CLUSTER = "unit-eks"
OIDC = OidcProvider(
    arn="arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    issuer_url="https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
)
IRSA = ClusterIdentity(cluster_name=CLUSTER, mode="irsa", oidc_provider=OIDC)
POD_IDENTITY = ClusterIdentity(cluster_name=CLUSTER, mode="pod_identity")


def _statements(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {statement["sid"]: statement for statement in document["statement"]}


def _conditions(statement: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    return {(c["test"], c["variable"]): c["values"] for c in statement.get("condition", [])}


# -- AWS half ------------------------------------------------------------------------


def _infrastructure(**props: Any) -> dict[str, Any]:
    def build(stack: TerraformStack) -> None:
        KarpenterInfrastructure(
            stack,
            "karpenter",
            props=KarpenterInfrastructureProps(cluster_name=CLUSTER, cluster=CLUSTER, **props),
        )

    return synth_stack(build)[0]


@pytest.fixture(scope="module")
def core() -> dict[str, Any]:
    return _infrastructure()


def test_node_role_trusts_ec2_and_has_no_cni_policy(core: dict[str, Any]) -> None:
    role = by_path(resources(core, "aws_iam_role"), "karpenter/node_role")
    assert role["name"] == "unit-eks-karpenter-node"
    trust = by_path(data_sources(core, "aws_iam_policy_document"), "karpenter/node_trust")
    (statement,) = trust["statement"]
    assert statement["principals"] == [{"type": "Service", "identifiers": ["ec2.amazonaws.com"]}]
    assert statement["actions"] == ["sts:AssumeRole"]
    policies = sorted(
        attachment["policy_arn"].rsplit("/", 1)[1]
        for attachment in resources(core, "aws_iam_role_policy_attachment").values()
    )
    assert policies == [
        "AmazonEC2ContainerRegistryPullOnly",
        "AmazonEKSWorkerNodePolicy",
        "AmazonSSMManagedInstanceCore",
    ]


def test_cni_policy_only_where_the_cni_has_no_role() -> None:
    stack = _infrastructure(cni_policy_on_node_role=True)
    arns = [a["policy_arn"] for a in resources(stack, "aws_iam_role_policy_attachment").values()]
    assert any(arn.endswith("/AmazonEKS_CNI_Policy") for arn in arns)


def test_instance_profile_and_access_entry_are_for_the_node_role(core: dict[str, Any]) -> None:
    role = "${aws_iam_role." + next(iter(resources(core, "aws_iam_role"))) + ".name}"
    profile = only(resources(core, "aws_iam_instance_profile"))
    assert profile == {**profile, "name": "unit-eks-karpenter-node", "role": role}
    entry = only(resources(core, "aws_eks_access_entry"))
    assert entry["type"] == "EC2_LINUX"
    assert entry["cluster_name"] == CLUSTER
    assert entry["principal_arn"] == role.replace(".name}", ".arn}")


def test_queue_is_encrypted_short_lived_and_tls_only(core: dict[str, Any]) -> None:
    queue = only(resources(core, "aws_sqs_queue"))
    assert queue["name"] == "unit-eks-karpenter"
    assert queue["message_retention_seconds"] == 300
    assert queue["sqs_managed_sse_enabled"] is True
    policy = _statements(
        by_path(data_sources(core, "aws_iam_policy_document"), "karpenter/queue_policy_document")
    )
    send = policy["EventsSend"]
    assert send["actions"] == ["sqs:SendMessage"]
    assert send["principals"][0]["identifiers"] == ["events.amazonaws.com", "sqs.amazonaws.com"]
    deny = policy["DenyHTTP"]
    assert deny["effect"] == "Deny"
    assert _conditions(deny) == {("Bool", "aws:SecureTransport"): ["false"]}


def test_rules_forward_each_interruption_event_to_the_queue(core: dict[str, Any]) -> None:
    rules = resources(core, "aws_cloudwatch_event_rule")
    patterns = {
        json.loads(rule["event_pattern"])["detail-type"][0]: rule for rule in rules.values()
    }
    assert sorted(patterns) == [
        "AWS Health Event",
        "EC2 Capacity Reservation Instance Interruption Warning",
        "EC2 Instance Rebalance Recommendation",
        "EC2 Instance State-change Notification",
        "EC2 Spot Instance Interruption Warning",
    ]
    assert json.loads(patterns["AWS Health Event"]["event_pattern"])["source"] == ["aws.health"]
    assert all(len(rule["name"]) <= 64 for rule in rules.values())
    targets = resources(core, "aws_cloudwatch_event_target")
    assert len(targets) == 5
    queue = next(iter(resources(core, "aws_sqs_queue")))
    assert {target["arn"] for target in targets.values()} == {f"${{aws_sqs_queue.{queue}.arn}}"}


def test_names_of_the_longest_cluster_name_fit_aws_limits() -> None:
    names = KarpenterNames("c" * 45)
    assert len(names.node_role) <= 64  # IAM role and instance profile names
    assert len(names.controller_role) <= 64
    assert len(names.queue) <= 80  # SQS queue names
    assert all(len(names.rule(kind)) <= 64 for kind in INTERRUPTION_EVENTS)  # EventBridge


def test_a_cluster_name_too_long_for_the_derived_names_is_refused() -> None:
    with pytest.raises(SettingsError) as error:
        KarpenterInfrastructureProps(cluster_name="c" * 46, cluster="x")
    assert "KarpenterInfrastructureProps.cluster_name" in str(error.value)
    assert "expected at most 45 characters" in str(error.value)


# -- in-cluster half -------------------------------------------------------------------


def _props(identity: ClusterIdentity = IRSA, **settings: Any) -> KarpenterProps:
    return KarpenterProps(
        cluster_name=CLUSTER,
        region="us-east-1",
        identity=identity,
        settings=KarpenterSettings(**settings),
        endpoint="https://ABC.gr7.us-east-1.eks.amazonaws.com",
        cluster_security_group_id="sg-0123456789abcdef0",
        kubernetes_version="1.35",
    )


def _platform(props: KarpenterProps) -> tuple[dict[str, Any], KarpenterNodePools]:
    def build(stack: TerraformStack) -> KarpenterNodePools:
        HelmProvider(stack, "helm")
        controller = KarpenterController(stack, "karpenter_controller", props=props)
        return KarpenterNodePools(
            stack,
            "karpenter_node_pools",
            props=props,
            depends_on=[controller.crds, controller.release],
        )

    return synth_stack(build)


@pytest.fixture(scope="module")
def irsa() -> tuple[dict[str, Any], KarpenterNodePools]:
    return _platform(_props())


def _values(release: dict[str, Any]) -> dict[str, str]:
    return {entry["name"]: entry["value"] for entry in release["set"]}


def test_controller_policy_is_scoped_to_the_cluster(
    irsa: tuple[dict[str, Any], KarpenterNodePools],
) -> None:
    stack, _ = irsa
    policy = _statements(by_path(data_sources(stack, "aws_iam_policy_document"), "policy"))
    owned = ("StringEquals", f"aws:ResourceTag/kubernetes.io/cluster/{CLUSTER}")
    for sid in ("AllowScopedEC2LaunchTemplateAccessActions", "AllowScopedDeletion"):
        assert _conditions(policy[sid])[owned] == ["owned"]
        assert _conditions(policy[sid])[("StringLike", "aws:ResourceTag/karpenter.sh/nodepool")]
    created = _conditions(policy["AllowScopedEC2InstanceActionsWithTags"])
    assert created[("StringEquals", "aws:RequestTag/eks:eks-cluster-name")] == [CLUSTER]
    assert policy["AllowScopedDeletion"]["actions"] == [
        "ec2:TerminateInstances",
        "ec2:DeleteLaunchTemplate",
    ]
    pass_role = policy["AllowPassingInstanceRole"]
    assert pass_role["resources"][0].endswith(":role/unit-eks-karpenter-node")
    assert _conditions(pass_role)[("StringEquals", "iam:PassedToService")][0] == "ec2.amazonaws.com"
    assert policy["AllowInterruptionQueueActions"]["resources"][0].endswith(":unit-eks-karpenter")
    assert policy["AllowAPIServerEndpointDiscovery"]["resources"][0].endswith(f":cluster/{CLUSTER}")
    profile = policy["AllowInstanceProfileReadActions"]
    assert profile["resources"][0].endswith(":instance-profile/unit-eks-karpenter-node")
    actions = {action for statement in policy.values() for action in statement["actions"]}
    # The core stack owns the instance profile: Karpenter never writes one.
    assert not {a for a in actions if a.startswith("iam:") and "InstanceProfile" in a} - {
        "iam:GetInstanceProfile",
        "iam:ListInstanceProfiles",
    }
    network = policy["AllowScopedEC2InstanceAccessActions"]["resources"]
    assert all(":*:" not in arn for arn in network)


def test_charts_are_pinned_and_crds_come_from_their_own_release(
    irsa: tuple[dict[str, Any], KarpenterNodePools],
) -> None:
    stack, _ = irsa
    releases = resources(stack, "helm_release")
    crds = by_path(releases, "karpenter_controller/crds")
    controller = by_path(releases, "karpenter_controller/release")
    for release, chart in ((crds, KARPENTER_CRD_CHART), (controller, KARPENTER_CHART)):
        assert release["repository"] == "oci://public.ecr.aws/karpenter"
        assert release["chart"] == chart.chart
        assert release["version"] == "1.14.1"
    assert controller["skip_crds"] is True
    crds_name = next(name for name in releases if name.startswith("karpenter_controller_crds"))
    assert controller["depends_on"] == [f"helm_release.{crds_name}"]


def test_controller_values(irsa: tuple[dict[str, Any], KarpenterNodePools]) -> None:
    stack, _ = irsa
    values = _values(by_path(resources(stack, "helm_release"), "karpenter_controller/release"))
    role = next(iter(resources(stack, "aws_iam_role")))
    annotation = "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn"
    assert values == {
        "settings.clusterName": CLUSTER,
        "settings.clusterEndpoint": "https://ABC.gr7.us-east-1.eks.amazonaws.com",
        "settings.interruptionQueue": "unit-eks-karpenter",
        "serviceAccount.create": "true",
        "serviceAccount.name": "karpenter",
        annotation: f"${{aws_iam_role.{role}.arn}}",
        "controller.env[0].name": "AWS_REGION",
        "controller.env[0].value": "us-east-1",
        "replicas": "2",
        "podDisruptionBudget.maxUnavailable": "1",
        "controller.resources.requests.cpu": "1",
        "controller.resources.requests.memory": "1Gi",
        "controller.resources.limits.cpu": "1",
        "controller.resources.limits.memory": "1Gi",
    }


def test_pod_identity_mode_associates_the_service_account_without_annotation() -> None:
    stack, _ = _platform(_props(POD_IDENTITY))
    association = only(resources(stack, "aws_eks_pod_identity_association"))
    assert (association["namespace"], association["service_account"]) == (
        "kube-system",
        "karpenter",
    )
    controller = by_path(resources(stack, "helm_release"), "karpenter_controller/release")
    assert not [key for key in _values(controller) if key.startswith("serviceAccount.annotations")]
    assert any(
        dep.startswith("aws_eks_pod_identity_association.") for dep in controller["depends_on"]
    )


def test_node_pools_come_from_the_shipped_chart_after_the_controller(
    irsa: tuple[dict[str, Any], KarpenterNodePools],
) -> None:
    stack, _ = irsa
    releases = resources(stack, "helm_release")
    pools = by_path(releases, "karpenter_node_pools/release")
    assert pools["chart"].startswith("assets/")
    assert len(pools["depends_on"]) == 2
    assert "toYaml" in (CHART_DIR / "templates" / "objects.yaml").read_text()


def test_node_class_content(irsa: tuple[dict[str, Any], KarpenterNodePools]) -> None:
    _, pools = irsa
    node_class = pools.objects[0]
    assert (node_class["apiVersion"], node_class["kind"]) == (
        "karpenter.k8s.aws/v1",
        "EC2NodeClass",
    )
    spec = node_class["spec"]
    assert spec["amiSelectorTerms"] == [{"alias": "al2023@latest"}]
    assert spec["instanceProfile"] == "unit-eks-karpenter-node"
    assert "role" not in spec
    assert spec["subnetSelectorTerms"] == [
        {"tags": {"Tier": "private", "kubernetes.io/cluster/unit-eks": "shared"}}
    ]
    assert spec["securityGroupSelectorTerms"] == [{"id": "sg-0123456789abcdef0"}]
    assert spec["metadataOptions"]["httpTokens"] == "required"
    assert spec["metadataOptions"]["httpPutResponseHopLimit"] == 1
    (root,) = spec["blockDeviceMappings"]
    assert root == {
        "deviceName": "/dev/xvda",
        "ebs": {
            "volumeSize": "50Gi",
            "volumeType": "gp3",
            "encrypted": True,
            "deleteOnTermination": True,
        },
    }


def test_bottlerocket_keeps_its_os_volume_and_sizes_the_data_volume() -> None:
    _, pools = _platform(
        _props(ami_family="bottlerocket", ami_version="v1.20.4", root_volume_gib=80)
    )
    spec = pools.objects[0]["spec"]
    assert spec["amiSelectorTerms"] == [{"alias": "bottlerocket@v1.20.4"}]
    volumes = {m["deviceName"]: m["ebs"] for m in spec["blockDeviceMappings"]}
    assert volumes["/dev/xvda"]["volumeSize"] == "4Gi"
    assert volumes["/dev/xvdb"]["volumeSize"] == "80Gi"
    assert all(volume["encrypted"] for volume in volumes.values())


def test_node_pool_content(irsa: tuple[dict[str, Any], KarpenterNodePools]) -> None:
    _, pools = irsa
    node_pool = pools.objects[1]
    assert (node_pool["apiVersion"], node_pool["kind"]) == ("karpenter.sh/v1", "NodePool")
    template = node_pool["spec"]["template"]["spec"]
    assert template["nodeClassRef"] == {
        "group": "karpenter.k8s.aws",
        "kind": "EC2NodeClass",
        "name": "default",
    }
    requirements = {r["key"]: (r["operator"], r["values"]) for r in template["requirements"]}
    assert requirements == {
        "kubernetes.io/arch": ("In", ["amd64"]),
        "kubernetes.io/os": ("In", ["linux"]),
        "karpenter.sh/capacity-type": ("In", ["spot", "on-demand"]),
        "karpenter.k8s.aws/instance-category": ("In", ["c", "m", "r"]),
        "karpenter.k8s.aws/instance-generation": ("Gt", ["4"]),
    }
    assert template["expireAfter"] == "720h"
    assert node_pool["spec"]["limits"] == {"cpu": "100", "memory": "400Gi"}
    assert node_pool["spec"]["disruption"] == {
        "consolidationPolicy": "WhenEmptyOrUnderutilized",
        "consolidateAfter": "1m",
    }


def test_a_kubernetes_version_the_pin_does_not_support_is_refused() -> None:
    with pytest.raises(SettingsError) as error:
        KarpenterProps(
            cluster_name=CLUSTER,
            region="us-east-1",
            identity=IRSA,
            settings=KarpenterSettings(),
            endpoint="https://x",
            cluster_security_group_id="sg-1",
            kubernetes_version="1.37",
        )
    assert "KarpenterProps.kubernetes_version = '1.37'" in str(error.value)
    assert "Karpenter 1.14.1 supports" in str(error.value)
