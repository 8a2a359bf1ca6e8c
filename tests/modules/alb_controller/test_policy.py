"""The controller's IAM policy as data, for the pinned controller version (no synthesis)."""

from __future__ import annotations

import json

from platform_cdktf.modules.alb_controller import (
    CONTROLLER_VERSION,
    controller_policy,
    controller_policy_json,
    policy_actions,
)

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


def test_policy_grants_exactly_what_the_pinned_controller_needs() -> None:
    assert CONTROLLER_VERSION == "v3.5.0", "a version bump must update REQUIRED_ACTIONS"
    actions = policy_actions()
    assert actions - REQUIRED_ACTIONS == set(), "unexpected extra permissions"
    assert REQUIRED_ACTIONS - actions == set(), "the controller would fail without these"


def test_destructive_actions_only_on_resources_the_controller_tagged() -> None:
    guarded = set()
    for statement in controller_policy()["Statement"]:
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        if DESTRUCTIVE & set(actions):
            condition = json.dumps(statement.get("Condition", {}))
            assert "aws:ResourceTag/elbv2.k8s.aws/cluster" in condition, statement
            guarded |= DESTRUCTIVE & set(actions)
    assert guarded == DESTRUCTIVE


def test_policy_arns_follow_the_partition() -> None:
    rendered = controller_policy_json("aws-cn")
    assert '"arn:aws:' not in rendered
    assert '"arn:aws-cn:elasticloadbalancing:' in rendered
    assert json.loads(rendered)["Version"] == "2012-10-17"


def test_the_default_partition_is_aws() -> None:
    assert json.loads(controller_policy_json()) == controller_policy()
