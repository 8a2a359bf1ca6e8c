"""The AWS Load Balancer Controller: IAM policy (as data), IRSA role, Helm release."""

from __future__ import annotations

from .construct import ALB_CONTROLLER_CHART, AlbController, AlbControllerProps
from .policy import CONTROLLER_VERSION, controller_policy, controller_policy_json, policy_actions

__all__ = [
    "ALB_CONTROLLER_CHART",
    "CONTROLLER_VERSION",
    "AlbController",
    "AlbControllerProps",
    "controller_policy",
    "controller_policy_json",
    "policy_actions",
]
