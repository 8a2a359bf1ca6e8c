"""The EKS cluster construct: control plane, access, nodes (x86 and Graviton), add-ons,
IRSA, and its wiring to the VPC it is placed in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from cdktf import TerraformOutput, TerraformStack

from platform_cdktf.modules.eks import (
    CLUSTER_ADMIN_POLICY,
    CONTROL_PLANE_LOG_TYPES,
    CORE_ADDONS,
    EksCluster,
    EksClusterProps,
    EksSettings,
    NodeGroupSettings,
    SpotNodeGroupSettings,
)
from platform_cdktf.modules.vpc import Vpc
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import TEST_TAGS, UNIT_ZONES, synth_stack, unit_vpc

OUTPUTS = (
    "name",
    "arn",
    "endpoint",
    "certificate_authority_data",
    "node_security_group_id",
    "oidc_provider_arn",
    "oidc_issuer_url",
    "node_role_arn",
)


@dataclass(frozen=True)
class Synthesized:
    stack: dict[str, Any]
    cluster: EksCluster
    network: Vpc


def _synth(name: str, settings: EksSettings, *, install_addons: bool = True) -> Synthesized:
    def build(stack: TerraformStack) -> tuple[EksCluster, Vpc]:
        network = unit_vpc(stack)
        cluster = EksCluster(
            stack,
            "eks",
            props=EksClusterProps(
                name=name, settings=settings, network=network, install_addons=install_addons
            ),
        )
        return cluster, network

    stack, (cluster, network) = synth_stack(build)
    return Synthesized(stack, cluster, network)


@pytest.fixture(scope="module")
def private() -> Synthesized:
    """A private endpoint, an x86 group and an x86 spot group, one admin, roles through
    IRSA, an application IRSA role, every output."""
    settings = EksSettings(
        workload_identity="irsa",
        nodes=NodeGroupSettings(instance_types=("m5.large",)),
        spot_nodes=SpotNodeGroupSettings(instance_types=("m5.large", "m5a.large")),
        admin_role_names=("platform-admin",),
    )

    def build(stack: TerraformStack) -> tuple[EksCluster, Vpc]:
        network = unit_vpc(stack)
        cluster = EksCluster(
            stack,
            "eks",
            props=EksClusterProps(name="unit-eks", settings=settings, network=network),
        )
        cluster.irsa_role(
            "app_role",
            role_name="app",
            namespace="shop",
            service_account="checkout",
            managed_policy_arns=["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
        )
        for output in OUTPUTS:
            TerraformOutput(stack, output, value=getattr(cluster, output))
        return cluster, network

    stack, (cluster, network) = synth_stack(build)
    return Synthesized(stack, cluster, network)


@pytest.fixture(scope="module")
def graviton() -> Synthesized:
    """A Graviton general group beside an x86 spot group, a public endpoint, a pinned
    add-on, two admins and settings away from their defaults."""
    settings = EksSettings(
        kubernetes_version="1.36",
        nodes=NodeGroupSettings(
            instance_types=("t4g.medium", "m7g.large"),
            min_size=1,
            desired_size=2,
            max_size=4,
            disk_size_gib=80,
            max_unavailable=2,
        ),
        spot_nodes=SpotNodeGroupSettings(instance_types=("m5.large",)),
        public_access_cidrs=("203.0.113.0/24",),
        admin_role_names=("platform-admin", "break-glass"),
        control_plane_log_retention_days=90,
        addon_versions={"coredns": "v1.12.4-eksbuild.1"},
    )
    return _synth("arm-eks", settings)


@pytest.fixture(scope="module")
def bare() -> Synthesized:
    """Without managed add-ons (a target that cannot serve them)."""
    settings = EksSettings(nodes=NodeGroupSettings(instance_types=("m5.large",)))
    return _synth("bare-eks", settings, install_addons=False)


def _cluster(stack: dict[str, Any]) -> dict[str, Any]:
    return only(resources(stack, "aws_eks_cluster"))


def _ref(resource_type: str, items: dict[str, dict[str, Any]], path: str, attribute: str) -> str:
    return f"${{{resource_type}.{name_by_path(items, path)}.{attribute}}}"


def _cluster_ref(stack: dict[str, Any], attribute: str) -> str:
    return _ref("aws_eks_cluster", resources(stack, "aws_eks_cluster"), "eks/cluster", attribute)


def _data_ref(stack: dict[str, Any], data_type: str, path: str, attribute: str) -> str:
    return _ref(f"data.{data_type}", data_sources(stack, data_type), path, attribute)


def _private_subnets(stack: dict[str, Any]) -> list[str]:
    subnets = resources(stack, "aws_subnet")
    return [_ref("aws_subnet", subnets, f"subnet_private_{zone}", "id") for zone in UNIT_ZONES]


def _groups(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    groups = resources(stack, "aws_eks_node_group")
    return {name: by_path(groups, f"node_group_{name}/node_group") for name in ("general", "spot")}


# -- control plane ------------------------------------------------------------------------------


def test_secrets_are_envelope_encrypted_with_a_rotating_cmk(private: Synthesized) -> None:
    stack = private.stack
    keys = resources(stack, "aws_kms_key")
    encryption = _cluster(stack)["encryption_config"]
    assert encryption["resources"] == ["secrets"]
    assert encryption["provider"]["key_arn"] == _ref("aws_kms_key", keys, "eks/secrets_key", "arn")
    assert by_path(keys, "eks/secrets_key")["enable_key_rotation"] is True


def test_endpoint_is_private_by_default_in_the_private_subnets(private: Synthesized) -> None:
    vpc_config = _cluster(private.stack)["vpc_config"]
    assert vpc_config["endpoint_private_access"] is True
    assert vpc_config["endpoint_public_access"] is False
    assert "public_access_cidrs" not in vpc_config
    assert vpc_config["subnet_ids"] == _private_subnets(private.stack)


def test_public_endpoint_only_for_the_given_cidrs(graviton: Synthesized) -> None:
    vpc_config = _cluster(graviton.stack)["vpc_config"]
    assert vpc_config["endpoint_private_access"] is True
    assert vpc_config["endpoint_public_access"] is True
    assert vpc_config["public_access_cidrs"] == ["203.0.113.0/24"]


def test_all_control_plane_logs_go_to_an_encrypted_group(private: Synthesized) -> None:
    stack = private.stack
    cluster = _cluster(stack)
    assert cluster["enabled_cluster_log_types"] == list(CONTROL_PLANE_LOG_TYPES)
    assert len(CONTROL_PLANE_LOG_TYPES) == 5
    groups = resources(stack, "aws_cloudwatch_log_group")
    group = by_path(groups, "eks/log_group")
    assert group["name"] == "/aws/eks/unit-eks/cluster"
    assert group["retention_in_days"] == 365
    keys = resources(stack, "aws_kms_key")
    assert group["kms_key_id"] == _ref("aws_kms_key", keys, "eks/logs_key", "arn")
    assert by_path(keys, "eks/logs_key")["enable_key_rotation"] is True
    log_group = f"aws_cloudwatch_log_group.{name_by_path(groups, 'eks/log_group')}"
    assert log_group in cluster["depends_on"]


def test_control_plane_log_retention_follows_the_settings(graviton: Synthesized) -> None:
    group = by_path(resources(graviton.stack, "aws_cloudwatch_log_group"), "eks/log_group")
    assert group["name"] == "/aws/eks/arm-eks/cluster"
    assert group["retention_in_days"] == 90


def test_cluster_stays_on_standard_support(private: Synthesized, graviton: Synthesized) -> None:
    assert _cluster(private.stack)["upgrade_policy"] == {"support_type": "STANDARD"}
    assert _cluster(private.stack)["version"] == "1.35"
    assert _cluster(graviton.stack)["version"] == "1.36"


def test_cluster_role_may_use_only_the_secrets_key(private: Synthesized) -> None:
    stack = private.stack
    encryption = by_path(data_sources(stack, "aws_iam_policy_document"), "eks/cluster_encryption")
    (statement,) = encryption["statement"]
    keys = resources(stack, "aws_kms_key")
    assert statement["resources"] == [_ref("aws_kms_key", keys, "eks/secrets_key", "arn")]
    assert sorted(statement["actions"]) == [
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:ListGrants",
    ]


# -- access -------------------------------------------------------------------------------------


def _admin_arn(stack: dict[str, Any], role_name: str) -> str:
    partition = _data_ref(stack, "aws_partition", "account_context/partition", "partition")
    account = _data_ref(stack, "aws_caller_identity", "account_context/caller", "account_id")
    return f"arn:{partition}:iam::{account}:role/{role_name}"


def test_access_uses_api_mode_without_creator_admin(private: Synthesized) -> None:
    stack = private.stack
    assert _cluster(stack)["access_config"] == {
        "authentication_mode": "API",
        "bootstrap_cluster_creator_admin_permissions": False,
    }
    entries = resources(stack, "aws_eks_access_entry")
    entry = only(entries)
    assert entry == {
        "cluster_name": _cluster_ref(stack, "name"),
        "principal_arn": _admin_arn(stack, "platform-admin"),
        "type": "STANDARD",
    }
    association = only(resources(stack, "aws_eks_access_policy_association"))
    assert association["policy_arn"] == CLUSTER_ADMIN_POLICY
    assert association["access_scope"] == {"type": "cluster"}
    assert association["principal_arn"] == _ref(
        "aws_eks_access_entry", entries, "eks/admin_0", "principal_arn"
    )


def test_every_admin_role_name_gets_an_entry_in_the_account(graviton: Synthesized) -> None:
    stack = graviton.stack
    entries = resources(stack, "aws_eks_access_entry")
    assert len(entries) == 2
    for index, role_name in enumerate(("platform-admin", "break-glass")):
        entry = by_path(entries, f"eks/admin_{index}")
        assert entry["principal_arn"] == _admin_arn(stack, role_name)
        association = by_path(
            resources(stack, "aws_eks_access_policy_association"), f"eks/admin_{index}_policy"
        )
        assert association["principal_arn"] == _ref(
            "aws_eks_access_entry", entries, f"eks/admin_{index}", "principal_arn"
        )


def test_without_admin_role_names_there_is_no_access_entry(bare: Synthesized) -> None:
    assert resources(bare.stack, "aws_eks_access_entry") == {}
    assert resources(bare.stack, "aws_eks_access_policy_association") == {}


# -- node groups --------------------------------------------------------------------------------


def test_node_groups_use_al2023_in_every_private_subnet(private: Synthesized) -> None:
    stack = private.stack
    groups = _groups(stack)
    assert len(resources(stack, "aws_eks_node_group")) == 2
    for short_name, group in groups.items():
        assert group["ami_type"] == "AL2023_x86_64_STANDARD"
        assert group["subnet_ids"] == _private_subnets(stack)
        assert group["update_config"] == {"max_unavailable": 1}
        assert group["lifecycle"]["ignore_changes"] == ["scaling_config[0].desired_size"]
        assert group["cluster_name"] == _cluster_ref(stack, "name")
        assert group["node_group_name"] == f"{_cluster_ref(stack, 'name')}-{short_name}"
        assert group["node_role_arn"] == _ref(
            "aws_iam_role", resources(stack, "aws_iam_role"), "eks/node_role", "arn"
        )
    general = groups["general"]
    assert general["scaling_config"] == {"min_size": 2, "desired_size": 3, "max_size": 6}
    assert general["capacity_type"] == "ON_DEMAND"
    assert general["instance_types"] == ["m5.large"]
    assert general["labels"] == {"platform/capacity": "on-demand"}
    assert "taint" not in general


def test_spot_group_is_tainted_for_opt_in_workloads(private: Synthesized) -> None:
    spot = _groups(private.stack)["spot"]
    assert spot["capacity_type"] == "SPOT"
    assert spot["instance_types"] == ["m5.large", "m5a.large"]
    assert spot["taint"] == [{"key": "capacity", "value": "spot", "effect": "NO_SCHEDULE"}]
    assert spot["labels"] == {"platform/capacity": "spot"}
    # Tainted nodes idle until a pod tolerates them: the group starts empty (EKS-01).
    assert spot["scaling_config"] == {"min_size": 0, "desired_size": 0, "max_size": 6}


def test_graviton_nodes_run_the_arm_ami(graviton: Synthesized) -> None:
    groups = _groups(graviton.stack)
    general = groups["general"]
    assert general["ami_type"] == "AL2023_ARM_64_STANDARD"
    assert general["instance_types"] == ["t4g.medium", "m7g.large"]
    assert general["scaling_config"] == {"min_size": 1, "desired_size": 2, "max_size": 4}
    assert general["update_config"] == {"max_unavailable": 2}
    # the x86 group of the same cluster keeps the x86 AMI
    assert groups["spot"]["ami_type"] == "AL2023_x86_64_STANDARD"
    assert groups["spot"]["instance_types"] == ["m5.large"]
    template = by_path(
        resources(graviton.stack, "aws_launch_template"), "node_group_general/launch_template"
    )
    assert template["block_device_mappings"][0]["ebs"]["volume_size"] == 80


def test_without_spot_settings_there_is_one_group(bare: Synthesized) -> None:
    group = only(resources(bare.stack, "aws_eks_node_group"))
    assert group["capacity_type"] == "ON_DEMAND"
    assert len(resources(bare.stack, "aws_launch_template")) == 1


def test_launch_template_requires_imdsv2_and_encrypts_root(
    private: Synthesized, graviton: Synthesized
) -> None:
    for stack in (private.stack, graviton.stack):
        templates = resources(stack, "aws_launch_template")
        assert len(templates) == 2
        for template in templates.values():
            metadata = template["metadata_options"]
            assert metadata["http_tokens"] == "required"
            assert metadata["http_put_response_hop_limit"] == 1
            assert metadata["http_endpoint"] == "enabled"
            (device,) = template["block_device_mappings"]
            assert device["device_name"] == "/dev/xvda"
            assert device["ebs"]["encrypted"] == "true"
            assert device["ebs"]["volume_type"] == "gp3"
            assert template["monitoring"] == {"enabled": True}
    general = by_path(
        resources(private.stack, "aws_launch_template"), "node_group_general/launch_template"
    )
    assert general["block_device_mappings"][0]["ebs"]["volume_size"] == 50


def test_launch_templates_tag_instances_and_volumes_with_the_default_tags(
    private: Synthesized,
) -> None:
    # Provider default_tags stop at the launch template: its instances and volumes (EC2
    # nodes, most of the bill) carry cost tags only if the template names them (TAG-02).
    for path, template in resources(private.stack, "aws_launch_template").items():
        specifications = {s["resource_type"]: s["tags"] for s in template["tag_specifications"]}
        assert set(specifications) == {"instance", "volume"}, path
        for tags in specifications.values():
            assert tags == {**TEST_TAGS, "Name": template["name"]}


def test_node_groups_use_their_launch_template_latest_version(private: Synthesized) -> None:
    templates = resources(private.stack, "aws_launch_template")
    for short_name, group in _groups(private.stack).items():
        path = f"node_group_{short_name}/launch_template"
        assert group["launch_template"] == {
            "id": _ref("aws_launch_template", templates, path, "id"),
            "version": _ref("aws_launch_template", templates, path, "latest_version"),
        }


def _node_role_policies(stack: dict[str, Any]) -> set[str]:
    partition = _data_ref(stack, "aws_partition", "account_context/partition", "partition")
    role = _ref("aws_iam_role", resources(stack, "aws_iam_role"), "eks/node_role", "name")
    prefix = f"arn:{partition}:iam::aws:policy/"
    return {
        attachment["policy_arn"].removeprefix(prefix)
        for attachment in resources(stack, "aws_iam_role_policy_attachment").values()
        if attachment["role"] == role
    }


def test_node_role_has_the_worker_policies_but_not_the_cni_policy(private: Synthesized) -> None:
    # The VPC CNI runs on its own role (vpc_cni_role), not on every process's node role.
    assert _node_role_policies(private.stack) == {
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryReadOnly",
        "AmazonSSMManagedInstanceCore",
    }


def test_without_addons_the_node_role_keeps_the_cni_policy(bare: Synthesized) -> None:
    # No vpc-cni add-on, so no role of its own: the self-managed CNI needs the node role.
    assert "AmazonEKS_CNI_Policy" in _node_role_policies(bare.stack)


# -- add-ons ------------------------------------------------------------------------------------


def _addons(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["addon_name"]: a for a in resources(stack, "aws_eks_addon").values()}


def test_core_addons_with_ebs_csi_and_vpc_cni_on_irsa(private: Synthesized) -> None:
    stack = private.stack
    addons = _addons(stack)
    assert sorted(addons) == sorted(CORE_ADDONS)
    roles = resources(stack, "aws_iam_role")
    assert addons["aws-ebs-csi-driver"]["service_account_role_arn"] == _ref(
        "aws_iam_role", roles, "eks/ebs_csi_role", "arn"
    )
    assert addons["vpc-cni"]["service_account_role_arn"] == _ref(
        "aws_iam_role", roles, "eks/vpc_cni_role", "arn"
    )
    node_groups = resources(stack, "aws_eks_node_group")
    nodes = sorted(f"aws_eks_node_group.{name}" for name in node_groups)
    for name in ("coredns", "aws-ebs-csi-driver"):
        assert sorted(addons[name]["depends_on"]) == nodes, name
    for name in ("vpc-cni", "kube-proxy"):
        assert "depends_on" not in addons[name], name
    # A node becomes Ready only with a working CNI: the DaemonSet add-ons come first.
    network_addons = {
        f"aws_eks_addon.{name}"
        for name, addon in resources(stack, "aws_eks_addon").items()
        if addon["addon_name"] in ("vpc-cni", "kube-proxy")
    }
    for name, group in node_groups.items():
        assert network_addons <= set(group["depends_on"]), name
    assert "eks-pod-identity-agent" not in addons
    versions = data_sources(stack, "aws_eks_addon_version")
    assert len(versions) == 4
    for addon_name, addon in addons.items():
        assert addon["cluster_name"] == _cluster_ref(stack, "name")
        construct_id = addon_name.replace("-", "_")
        version_path = f"eks/{construct_id}_version"
        version = by_path(versions, version_path)
        assert version == {
            "addon_name": addon_name,
            "kubernetes_version": _cluster_ref(stack, "version"),
            "most_recent": False,
        }
        assert addon["addon_version"] == _data_ref(
            stack, "aws_eks_addon_version", version_path, "version"
        )
        assert addon["resolve_conflicts_on_create"] == "OVERWRITE"
        assert addon["resolve_conflicts_on_update"] == "OVERWRITE"


def test_pinned_addon_versions_are_used_verbatim(graviton: Synthesized) -> None:
    stack = graviton.stack
    addons = _addons(stack)
    assert addons["coredns"]["addon_version"] == "v1.12.4-eksbuild.1"
    versions = data_sources(stack, "aws_eks_addon_version")
    assert sorted(v["addon_name"] for v in versions.values()) == [
        "aws-ebs-csi-driver",
        "eks-pod-identity-agent",
        "kube-proxy",
        "vpc-cni",
    ]


def test_addons_can_be_left_out(bare: Synthesized) -> None:
    stack = bare.stack
    assert resources(stack, "aws_eks_addon") == {}
    assert data_sources(stack, "aws_eks_addon_version") == {}
    assert bare.cluster.addons == {}
    roles = resources(stack, "aws_iam_role")
    assert not [name for name in roles if "ebs_csi" in name or "vpc_cni" in name]
    # the rest of the cluster is unchanged
    assert only(resources(stack, "aws_eks_node_group"))["ami_type"] == "AL2023_x86_64_STANDARD"
    assert only(resources(stack, "aws_iam_openid_connect_provider"))["client_id_list"] == [
        "sts.amazonaws.com"
    ]


# -- IRSA -------------------------------------------------------------------------------------


def test_oidc_provider_has_sts_audience_and_no_thumbprint(private: Synthesized) -> None:
    stack = private.stack
    provider = only(resources(stack, "aws_iam_openid_connect_provider"))
    assert provider["client_id_list"] == ["sts.amazonaws.com"]
    assert "thumbprint_list" not in provider
    assert provider["url"] == _cluster_ref(stack, "identity[0].oidc[0].issuer")


def _trust_of(stack: dict[str, Any], role_path: str) -> dict[str, Any]:
    # cdktf folds the inner "role" id into its parent: ebs_csi_role/role -> ebs_csi_role
    role = by_path(resources(stack, "aws_iam_role"), role_path)
    documents = data_sources(stack, "aws_iam_policy_document")
    document = by_path(documents, f"{role_path}/trust")
    assert role["assume_role_policy"] == _data_ref(
        stack, "aws_iam_policy_document", f"{role_path}/trust", "json"
    )
    return document


@pytest.mark.parametrize(
    ("role_path", "subject"),
    [
        ("eks/ebs_csi_role", "system:serviceaccount:kube-system:ebs-csi-controller-sa"),
        ("eks/vpc_cni_role", "system:serviceaccount:kube-system:aws-node"),
    ],
)
def test_irsa_trust_is_scoped_on_sub_and_aud(
    private: Synthesized, role_path: str, subject: str
) -> None:
    stack = private.stack
    (statement,) = _trust_of(stack, role_path)["statement"]
    assert statement["actions"] == ["sts:AssumeRoleWithWebIdentity"]
    providers = resources(stack, "aws_iam_openid_connect_provider")
    provider = _ref("aws_iam_openid_connect_provider", providers, "eks/oidc_provider", "arn")
    assert statement["principals"] == [{"type": "Federated", "identifiers": [provider]}]
    issuer = _cluster_ref(stack, "identity[0].oidc[0].issuer")
    host = f'${{replace({issuer.removeprefix("${").removesuffix("}")}, "https://", "")}}'
    assert statement["condition"] == [
        {
            "test": "StringEquals",
            "variable": f"{host}:sub",
            "values": [subject],
        },
        {"test": "StringEquals", "variable": f"{host}:aud", "values": ["sts.amazonaws.com"]},
    ]


def test_irsa_role_method_builds_roles_for_any_service_account(private: Synthesized) -> None:
    stack = private.stack
    (statement,) = _trust_of(stack, "eks/app_role")["statement"]
    subjects = [c["values"] for c in statement["condition"] if c["variable"].endswith(":sub")]
    assert subjects == [["system:serviceaccount:shop:checkout"]]
    role = by_path(resources(stack, "aws_iam_role"), "eks/app_role")
    assert role["name"] == "app"
    attachment = by_path(
        resources(stack, "aws_iam_role_policy_attachment"), "eks/app_role/attachment_0"
    )
    assert attachment["policy_arn"] == "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    assert attachment["role"] == _ref(
        "aws_iam_role", resources(stack, "aws_iam_role"), "eks/app_role", "name"
    )


# -- wiring and outputs ------------------------------------------------------------------------


def test_the_cluster_tags_the_vpc_subnets_for_itself(private: Synthesized) -> None:
    assert private.network.cluster_names == ["unit-eks"]
    for subnet in resources(private.stack, "aws_subnet").values():
        tags = subnet["tags"]
        shared = tags.get("kubernetes.io/cluster/unit-eks") == "shared"
        assert shared == (tags["Tier"] in ("public", "private")), tags["Name"]


def test_outputs_resolve_to_the_cluster_attributes(private: Synthesized) -> None:
    stack = private.stack
    outputs = {name: output["value"] for name, output in stack["output"].items()}
    providers = resources(stack, "aws_iam_openid_connect_provider")
    assert outputs == {
        "name": _cluster_ref(stack, "name"),
        "arn": _cluster_ref(stack, "arn"),
        "endpoint": _cluster_ref(stack, "endpoint"),
        "certificate_authority_data": _cluster_ref(stack, "certificate_authority[0].data"),
        "node_security_group_id": _cluster_ref(stack, "vpc_config[0].cluster_security_group_id"),
        "oidc_provider_arn": _ref(
            "aws_iam_openid_connect_provider", providers, "eks/oidc_provider", "arn"
        ),
        "oidc_issuer_url": _cluster_ref(stack, "identity[0].oidc[0].issuer"),
        "node_role_arn": _ref(
            "aws_iam_role", resources(stack, "aws_iam_role"), "eks/node_role", "arn"
        ),
    }


def test_node_groups_follow_the_cluster_version(private: Synthesized) -> None:
    # A control-plane upgrade rolls the nodes in the same apply (after the cluster).
    version = _cluster_ref(private.stack, "version")
    for name, group in _groups(private.stack).items():
        assert group["version"] == version, name
