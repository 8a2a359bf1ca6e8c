"""The controller's IAM policy, kept as data for the pinned controller version.

``iam_policy.json`` is the policy the AWS Load Balancer Controller project publishes
for the release in :data:`CONTROLLER_VERSION` (``docs/install/iam_policy.json`` at that
tag). Bump both together; ``tests/modules/alb_controller/test_policy.py`` compares the
actions against the list the controller needs and fails on any drift.
"""

from __future__ import annotations

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


def controller_policy_json(partition: str = "aws") -> str:
    """The policy as JSON, with ARNs in ``partition`` (a token is fine)."""
    text = json.dumps(controller_policy(), separators=(",", ":"), sort_keys=True)
    return text.replace('"arn:aws:', f'"arn:{partition}:')


def policy_actions() -> set[str]:
    """Every action the policy allows."""
    actions: set[str] = set()
    for statement in controller_policy()["Statement"]:
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    return actions
