"""The AWS Load Balancer Controller module and its IAM policy data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack
from cdktf_cdktf_provider_helm.provider import HelmProvider
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider

from platform_cdktf.environments.cloudflare import CLOUDFLARE_IPV4_RANGES
from platform_cdktf.modules.alb_controller import (
    ALB_CONTROLLER_CHART,
    CONTROLLER_VERSION,
    AlbController,
    AlbControllerProps,
    controller_policy,
    controller_policy_json,
    policy_actions,
)
from platform_cdktf.modules.eks import OidcProvider
from tests.support.synth import data_sources, only, resources
from tests.support.units import synth_stack

# What controller v3.5.0 calls, by feature (from its published IAM policy and docs).
# A version bump must update this list and iam_policy.json together.
REQUIRED_ACTIONS = {
    # discovery of the network and of existing load balancers
    "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
    "ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections",
    "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
    "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage",
    "ec2:DescribeCoipPools", "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools",
    "ec2:DescribeRouteTables",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
    "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:DescribeCapacityReservation",
    # TLS certificates, authentication, WAF and Shield integrations
    "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate",
    "iam:ListServerCertificates", "iam:GetServerCertificate", "waf-regional:GetWebACL",
    "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL",
    "waf-regional:DisassociateWebACL", "wafv2:GetWebACL", "wafv2:GetWebACLForResource",
    "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "shield:GetSubscriptionState",
    "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
    # security groups of the load balancers
    "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
    "ec2:CreateSecurityGroup", "ec2:CreateTags", "ec2:DeleteTags", "ec2:DeleteSecurityGroup",
    # load balancers, listeners, rules and target groups
    "iam:CreateServiceLinkedRole", "elasticloadbalancing:CreateLoadBalancer",
    "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:CreateListener",
    "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule",
    "elasticloadbalancing:DeleteRule", "elasticloadbalancing:AddTags",
    "elasticloadbalancing:RemoveTags", "elasticloadbalancing:ModifyLoadBalancerAttributes",
    "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups",
    "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer",
    "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
    "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyListenerAttributes",
    "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
    "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
    "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener",
    "elasticloadbalancing:AddListenerCertificates",
    "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule",
    "elasticloadbalancing:SetRulePriorities",
}  # fmt: skip

DESTRUCTIVE = {
    "ec2:DeleteSecurityGroup",
    "elasticloadbalancing:DeleteLoadBalancer",
    "elasticloadbalancing:DeleteTargetGroup",
}

OIDC = OidcProvider(
    arn="arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    issuer_url="https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
)


def _synth(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "cluster_name": "unit-eks",
        "region": "us-east-1",
        "vpc_id": "vpc-123",
        "oidc_provider": OIDC,
    }
    values.update(overrides)

    def build(stack: TerraformStack) -> None:
        KubernetesProvider(stack, "kubernetes")
        HelmProvider(stack, "helm")
        AlbController(stack, "alb", props=AlbControllerProps(**values))

    stack, _ = synth_stack(build)
    return stack


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    return _synth()


def test_policy_grants_exactly_what_the_pinned_controller_needs() -> None:
    actions = policy_actions()
    assert actions - REQUIRED_ACTIONS == set(), "unexpected extra permissions"
    assert REQUIRED_ACTIONS - actions == set(), "the controller would fail without these"


def test_destructive_actions_only_on_resources_the_controller_tagged() -> None:
    for statement in controller_policy()["Statement"]:
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        if DESTRUCTIVE & set(actions):
            condition = json.dumps(statement.get("Condition", {}))
            assert "aws:ResourceTag/elbv2.k8s.aws/cluster" in condition, statement


def test_policy_arns_follow_the_partition() -> None:
    rendered = controller_policy_json("aws-cn")
    assert '"arn:aws:' not in rendered
    assert '"arn:aws-cn:elasticloadbalancing:' in rendered


def test_chart_is_pinned_to_the_policy_version() -> None:
    assert ALB_CONTROLLER_CHART.version == "3.5.0"
    assert ALB_CONTROLLER_CHART.app_version == CONTROLLER_VERSION == "v3.5.0"
    assert ALB_CONTROLLER_CHART.repository == "https://aws.github.io/eks-charts"


def _values(release: dict[str, Any]) -> dict[str, str]:
    return {entry["name"]: entry["value"] for entry in release["set"]}


def test_helm_release_values(synthesized: dict[str, Any]) -> None:
    release = only(resources(synthesized, "helm_release"))
    assert release["chart"] == "aws-load-balancer-controller"
    assert release["version"] == "3.5.0"
    assert release["namespace"] == "kube-system"
    assert _values(release) == {
        "clusterName": "unit-eks",
        "region": "us-east-1",
        "vpcId": "vpc-123",
        "replicaCount": "2",
        "serviceAccount.create": "false",
        "serviceAccount.name": "aws-load-balancer-controller",
    }
    assert "set_list" not in release


def test_service_account_is_annotated_with_the_role_arn(synthesized: dict[str, Any]) -> None:
    account = only(resources(synthesized, "kubernetes_service_account_v1"))
    metadata = account["metadata"]
    assert (metadata["namespace"], metadata["name"]) == (
        "kube-system",
        "aws-load-balancer-controller",
    )
    role_name = next(iter(resources(synthesized, "aws_iam_role")))
    assert metadata["annotations"]["eks.amazonaws.com/role-arn"] == (
        f"${{aws_iam_role.{role_name}.arn}}"
    )
    release = only(resources(synthesized, "helm_release"))
    assert any("kubernetes_service_account_v1" in dep for dep in release["depends_on"])


def test_role_trust_is_scoped_to_the_controller_service_account(
    synthesized: dict[str, Any],
) -> None:
    documents = data_sources(synthesized, "aws_iam_policy_document")
    trust = only({n: d for n, d in documents.items() if "irsa_trust" in n})
    (statement,) = trust["statement"]
    conditions = {c["variable"].rsplit(":", 1)[1]: c["values"] for c in statement["condition"]}
    assert conditions == {
        "sub": ["system:serviceaccount:kube-system:aws-load-balancer-controller"],
        "aud": ["sts.amazonaws.com"],
    }
    assert statement["principals"] == [{"type": "Federated", "identifiers": [OIDC.arn]}]


def test_cloudflare_only_restricts_the_load_balancer_security_group() -> None:
    stack = _synth(inbound_cidrs=CLOUDFLARE_IPV4_RANGES)
    release = only(resources(stack, "helm_release"))
    assert release["set_list"] == [
        {"name": "ingressClassParams.spec.inboundCIDRs", "value": list(CLOUDFLARE_IPV4_RANGES)}
    ]


def test_open_world_inbound_cidr_is_rejected() -> None:
    with pytest.raises(ValueError, match="restricts nothing"):
        AlbControllerProps(
            cluster_name="c",
            region="us-east-1",
            vpc_id="v",
            oidc_provider=OIDC,
            inbound_cidrs=["0.0.0.0/0"],
        )
