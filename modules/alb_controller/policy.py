"""The controller's IAM policy, kept as data for the pinned controller version.

``iam_policy.json`` is the policy the AWS Load Balancer Controller project publishes
for the release in :data:`CONTROLLER_VERSION` (``docs/install/iam_policy.json`` at that
tag). Bump both together; ``tests/modules/alb_controller/test_policy.py`` compares the
actions against the list the controller needs and fails on any drift.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

CONTROLLER_VERSION = "v3.5.0"
"""AWS Load Balancer Controller release the policy (and the chart below) belong to."""


def controller_policy() -> dict[str, Any]:
    """The IAM policy document, parsed."""
    text = resources.files(__name__.rpartition(".")[0]).joinpath("iam_policy.json").read_text()
    document: dict[str, Any] = json.loads(text)
    return document


CLUSTER_TAG = "elbv2.k8s.aws/cluster"
"""Tag the controller puts on every load balancer, target group and security group it
creates; its value is the controller's ``clusterName``."""

NODE_SECURITY_GROUP_TAG = "kubernetes.io/cluster/{cluster_name}"
"""Tag EKS puts on the cluster security group (value ``owned``), which the nodes use and
whose ingress the controller opens to its load balancers."""


def scoped_to_cluster(document: dict[str, Any], cluster_name: str) -> dict[str, Any]:
    """``document`` with its cluster-tag conditions pinned to ``cluster_name``.

    The published policy only tests that the ``elbv2.k8s.aws/cluster`` tag exists
    (``Null: false``), which every cluster's load balancers satisfy: one cluster's
    controller could delete another's. The tag's value is the cluster name, so a
    ``StringEquals`` on it keeps each controller to its own resources (the controller's
    installation guide allows narrowing the policy this way). Security-group ingress
    changes on ``*`` are limited to groups tagged as belonging to this cluster.
    """
    scoped = copy.deepcopy(document)
    tag_keys = (f"aws:ResourceTag/{CLUSTER_TAG}", f"aws:RequestTag/{CLUSTER_TAG}")
    for statement in scoped["Statement"]:
        conditions: dict[str, dict[str, Any]] = statement.get("Condition", {})
        exists = conditions.get("Null", {})
        for key in tag_keys:
            if exists.get(key) == "false":
                del exists[key]
                conditions.setdefault("StringEquals", {})[key] = cluster_name
        if "Null" in conditions and not exists:
            del conditions["Null"]
        actions = statement["Action"]
        if set(actions) == SECURITY_GROUP_INGRESS and not conditions:
            node_tag = NODE_SECURITY_GROUP_TAG.format(cluster_name=cluster_name)
            conditions["StringEquals"] = {f"aws:ResourceTag/{node_tag}": ["owned", "shared"]}
        if conditions:
            statement["Condition"] = conditions
    return scoped


SECURITY_GROUP_INGRESS = frozenset(
    {"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"}
)
"""The statement opening node security groups to the load balancers."""


ACCEPTED_FINDINGS: tuple[tuple[str, str, str], ...] = (
    (
        "IAM-01",
        "statement 2 allows",
        "WAF, Shield and certificate associations name web ACLs and protections chosen by "
        "Ingress annotations; those APIs offer no cluster tag to condition on (upstream "
        "policy as published).",
    ),
    (
        "IAM-01",
        "statement 9 allows",
        "Listeners and listener rules of existing load balancers carry no cluster tag, so "
        "upstream leaves Create/DeleteListener and Create/DeleteRule unconditioned; revisit "
        "when the controller tags every listener.",
    ),
    (
        "IAM-01",
        "statement 11 allows",
        "Tagging of listeners and listener rules: they carry no cluster tag to condition "
        "on (upstream policy as published).",
    ),
    (
        "IAM-01",
        "statement 14 allows",
        "TargetGroupBinding registers pods in target groups created outside the cluster, "
        "which carry no cluster tag (upstream policy as published).",
    ),
    (
        "IAM-01",
        "statement 15 allows",
        "ModifyListener, listener certificates and rule priorities act on listeners, which "
        "carry no cluster tag to condition on (upstream policy as published).",
    ),
    (
        "IAM-05",
        "elasticloadbalancing:ModifyIpPools",
        "parliament 1.6.4's copy of the Service Authorization Reference predates this "
        "action, which controller v3.5.0's published policy uses for IPAM pools.",
    ),
    (
        "IAM-05",
        "elasticloadbalancing:CreateAction",
        "parliament 1.6.4's copy of the Service Authorization Reference predates the "
        "elasticloadbalancing:CreateAction condition key on AddTags, which AWS documents "
        "for tag-on-create.",
    ),
)
"""Guardrail findings on the scoped policy accepted as deliberate: (rule, the text the
finding contains, why)."""


def controller_policy_json(partition: str = "aws", cluster_name: str | None = None) -> str:
    """The policy as JSON, with ARNs in ``partition`` (a token is fine), scoped to
    ``cluster_name``'s resources when given (:func:`scoped_to_cluster`)."""
    document = controller_policy()
    if cluster_name is not None:
        document = scoped_to_cluster(document, cluster_name)
    text = json.dumps(document, separators=(",", ":"), sort_keys=True)
    return text.replace('"arn:aws:', f'"arn:{partition}:')


def policy_actions() -> set[str]:
    """Every action the policy allows."""
    actions: set[str] = set()
    for statement in controller_policy()["Statement"]:
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    return actions
