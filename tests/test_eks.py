"""The EKS module on its own: control plane, access, nodes, add-ons, IRSA."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.eks import (
    AMI_TYPE,
    CLUSTER_ADMIN_POLICY,
    CONTROL_PLANE_LOG_TYPES,
    EksCluster,
    EksClusterProps,
    NodeGroupProps,
    Taint,
)
from tests.support.synth import by_path, data_sources, only, resources
from tests.support.units import synth_stack

SUBNETS = ("subnet-a", "subnet-b", "subnet-c")


def _props(**overrides: Any) -> EksClusterProps:
    values: dict[str, Any] = {
        "name": "unit-eks",
        "kubernetes_version": "1.35",
        "vpc_id": "vpc-1",
        "subnet_ids": SUBNETS,
        "node_groups": [
            NodeGroupProps(name="general", instance_types=["m5.large"]),
            NodeGroupProps(
                name="spot",
                instance_types=["m5.large", "m5a.large"],
                capacity_type="SPOT",
                min_size=0,
                desired_size=1,
                taints=[Taint(key="capacity", value="spot")],
            ),
        ],
        "admin_role_arns": ["arn:aws:iam::111122223333:role/platform-admin"],
    }
    values.update(overrides)
    return EksClusterProps(**values)


def _synth(props: EksClusterProps) -> tuple[dict[str, Any], EksCluster]:
    def build(stack: TerraformStack) -> EksCluster:
        return EksCluster(stack, "eks", props=props)

    return synth_stack(build)


@pytest.fixture(scope="module")
def private_cluster() -> tuple[dict[str, Any], EksCluster]:
    return _synth(_props())


@pytest.fixture(scope="module")
def synthesized(private_cluster: tuple[dict[str, Any], EksCluster]) -> dict[str, Any]:
    return private_cluster[0]


def _cluster(stack: dict[str, Any]) -> dict[str, Any]:
    return only(resources(stack, "aws_eks_cluster"))


def test_secrets_are_envelope_encrypted_with_a_rotating_cmk(synthesized: dict[str, Any]) -> None:
    encryption = _cluster(synthesized)["encryption_config"]
    assert encryption["resources"] == ["secrets"]
    key_ref = encryption["provider"]["key_arn"]
    key_name = key_ref.removeprefix("${aws_kms_key.").split(".")[0]
    assert resources(synthesized, "aws_kms_key")[key_name]["enable_key_rotation"] is True


def test_endpoint_is_private_by_default(synthesized: dict[str, Any]) -> None:
    vpc_config = _cluster(synthesized)["vpc_config"]
    assert vpc_config["endpoint_private_access"] is True
    assert vpc_config["endpoint_public_access"] is False
    assert "public_access_cidrs" not in vpc_config
    assert vpc_config["subnet_ids"] == list(SUBNETS)


def test_public_endpoint_only_for_the_given_cidrs() -> None:
    stack, _ = _synth(_props(public_access_cidrs=["203.0.113.0/24"]))
    vpc_config = _cluster(stack)["vpc_config"]
    assert vpc_config["endpoint_public_access"] is True
    assert vpc_config["public_access_cidrs"] == ["203.0.113.0/24"]


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0"])
def test_public_endpoint_never_opens_to_the_world(cidr: str) -> None:
    with pytest.raises(ValueError, match="would open the API endpoint"):
        _props(public_access_cidrs=[cidr])


def test_all_control_plane_logs_go_to_an_encrypted_group(synthesized: dict[str, Any]) -> None:
    assert _cluster(synthesized)["enabled_cluster_log_types"] == list(CONTROL_PLANE_LOG_TYPES)
    assert len(CONTROL_PLANE_LOG_TYPES) == 5
    group = only(resources(synthesized, "aws_cloudwatch_log_group"))
    assert group["name"] == "/aws/eks/unit-eks/cluster"
    assert group["retention_in_days"] == 365
    assert group["kms_key_id"].startswith("${aws_kms_key.")
    assert any("aws_cloudwatch_log_group" in d for d in _cluster(synthesized)["depends_on"])


def test_access_uses_api_mode_without_creator_admin(synthesized: dict[str, Any]) -> None:
    access = _cluster(synthesized)["access_config"]
    assert access == {
        "authentication_mode": "API",
        "bootstrap_cluster_creator_admin_permissions": False,
    }
    entry = only(resources(synthesized, "aws_eks_access_entry"))
    assert entry["principal_arn"] == "arn:aws:iam::111122223333:role/platform-admin"
    association = only(resources(synthesized, "aws_eks_access_policy_association"))
    assert association["policy_arn"] == CLUSTER_ADMIN_POLICY
    assert association["access_scope"] == {"type": "cluster"}


def test_cluster_stays_on_standard_support(synthesized: dict[str, Any]) -> None:
    assert _cluster(synthesized)["upgrade_policy"] == {"support_type": "STANDARD"}
    assert _cluster(synthesized)["version"] == "1.35"


def test_node_groups_use_al2023_in_every_private_subnet(synthesized: dict[str, Any]) -> None:
    groups = resources(synthesized, "aws_eks_node_group")
    assert len(groups) == 2
    for group in groups.values():
        assert group["ami_type"] == AMI_TYPE == "AL2023_x86_64_STANDARD"
        assert group["subnet_ids"] == list(SUBNETS)
        assert group["update_config"] == {"max_unavailable": 1}
        assert group["lifecycle"]["ignore_changes"] == ["scaling_config[0].desired_size"]
    general = by_path(groups, "node_group_general/node_group")
    assert general["scaling_config"] == {"min_size": 2, "desired_size": 3, "max_size": 6}
    assert general["capacity_type"] == "ON_DEMAND"


def test_spot_group_is_tainted_for_opt_in_workloads(synthesized: dict[str, Any]) -> None:
    spot = by_path(resources(synthesized, "aws_eks_node_group"), "node_group_spot/node_group")
    assert spot["capacity_type"] == "SPOT"
    assert spot["instance_types"] == ["m5.large", "m5a.large"]
    assert spot["taint"] == [{"key": "capacity", "value": "spot", "effect": "NO_SCHEDULE"}]


def test_launch_template_requires_imdsv2_and_encrypts_root(synthesized: dict[str, Any]) -> None:
    for template in resources(synthesized, "aws_launch_template").values():
        metadata = template["metadata_options"]
        assert metadata["http_tokens"] == "required"
        assert metadata["http_put_response_hop_limit"] == 1
        (device,) = template["block_device_mappings"]
        assert device["ebs"]["encrypted"] == "true"
        assert device["ebs"]["volume_type"] == "gp3"


def test_node_groups_use_the_launch_template_latest_version(synthesized: dict[str, Any]) -> None:
    for group in resources(synthesized, "aws_eks_node_group").values():
        assert group["launch_template"]["version"].endswith(".latest_version}")


def test_core_addons_with_ebs_csi_on_irsa(synthesized: dict[str, Any]) -> None:
    addons = {a["addon_name"]: a for a in resources(synthesized, "aws_eks_addon").values()}
    assert sorted(addons) == ["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]
    assert addons["aws-ebs-csi-driver"]["service_account_role_arn"].startswith("${aws_iam_role.")
    for name in ("coredns", "aws-ebs-csi-driver"):
        assert any("aws_eks_node_group" in d for d in addons[name]["depends_on"]), name
    versions = data_sources(synthesized, "aws_eks_addon_version")
    assert len(versions) == 4
    assert all(v["most_recent"] is False for v in versions.values())


def test_pinned_addon_versions_are_used_verbatim() -> None:
    stack, _ = _synth(_props(addon_versions={"coredns": "v1.12.4-eksbuild.1"}))
    addons = {a["addon_name"]: a for a in resources(stack, "aws_eks_addon").values()}
    assert addons["coredns"]["addon_version"] == "v1.12.4-eksbuild.1"
    assert len(data_sources(stack, "aws_eks_addon_version")) == 3


def test_oidc_provider_has_sts_audience_and_no_thumbprint(synthesized: dict[str, Any]) -> None:
    provider = only(resources(synthesized, "aws_iam_openid_connect_provider"))
    assert provider["client_id_list"] == ["sts.amazonaws.com"]
    assert "thumbprint_list" not in provider
    assert provider["url"].endswith(".identity[0].oidc[0].issuer}")


def _trust_of(stack: dict[str, Any], role_fragment: str) -> dict[str, Any]:
    # cdktf folds the inner "role" id into its parent: ebs_csi_role/role -> ebs_csi_role
    role = by_path(resources(stack, "aws_iam_role"), role_fragment)
    # "${data.aws_iam_policy_document.<name>.json}"
    document_name = role["assume_role_policy"].split(".")[2]
    document: dict[str, Any] = data_sources(stack, "aws_iam_policy_document")[document_name]
    return document


def test_irsa_trust_is_scoped_on_sub_and_aud(synthesized: dict[str, Any]) -> None:
    (statement,) = _trust_of(synthesized, "ebs_csi_role")["statement"]
    assert statement["actions"] == ["sts:AssumeRoleWithWebIdentity"]
    assert statement["principals"][0]["type"] == "Federated"
    conditions = {c["variable"].rsplit(":", 1)[1]: c for c in statement["condition"]}
    assert conditions["sub"]["values"] == [
        "system:serviceaccount:kube-system:ebs-csi-controller-sa"
    ]
    assert conditions["aud"]["values"] == ["sts.amazonaws.com"]
    assert all(c["test"] == "StringEquals" for c in conditions.values())
    assert all(c["variable"].startswith("${replace(") for c in conditions.values())


def test_irsa_role_method_builds_roles_for_any_service_account(
    private_cluster: tuple[dict[str, Any], EksCluster],
) -> None:
    def build(stack: TerraformStack) -> None:
        cluster = EksCluster(stack, "eks", props=_props())
        cluster.irsa_role(
            "app_role",
            role_name="app",
            namespace="shop",
            service_account="checkout",
            managed_policy_arns=["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
        )

    stack, _ = synth_stack(build)
    (statement,) = _trust_of(stack, "app_role")["statement"]
    subjects = [c["values"] for c in statement["condition"] if c["variable"].endswith(":sub")]
    assert subjects == [["system:serviceaccount:shop:checkout"]]


def test_cluster_role_may_use_only_the_secrets_key(synthesized: dict[str, Any]) -> None:
    documents = data_sources(synthesized, "aws_iam_policy_document")
    encryption = next(doc for name, doc in documents.items() if "cluster_encryption" in name)
    (statement,) = encryption["statement"]
    assert statement["resources"][0].startswith("${aws_kms_key.")
    assert "kms:Decrypt" in statement["actions"]


def test_outputs_expose_the_node_security_group(
    private_cluster: tuple[dict[str, Any], EksCluster],
) -> None:
    _, cluster = private_cluster
    assert "cluster_security_group_id" in json.dumps(cluster.node_security_group_id) or (
        cluster.node_security_group_id.startswith("${")
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"node_groups": []}, "at least one node group"),
        (
            {"node_groups": [NodeGroupProps(name="a", instance_types=["m5.large"])] * 2},
            "duplicate node group names",
        ),
        ({"addon_versions": {"istio": "1"}}, "unknown add-ons"),
    ],
)
def test_props_reject_bad_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _props(**overrides)


def test_node_group_sizing_is_ordered() -> None:
    with pytest.raises(ValueError, match=r"min_size \(4\) <= desired_size \(3\)"):
        NodeGroupProps(name="x", instance_types=["m5.large"], min_size=4, desired_size=3)
