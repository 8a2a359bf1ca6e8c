"""Deployment verification: ``platform-cdktf smoke --environment <env>``.

Run after a platform apply, from a machine that reaches the cluster's private endpoint
(the environment's CI runner). It asks the Kubernetes API (``kubectl``) and EKS (the AWS
CLI) whether what the configuration describes is running:

* the cluster ``kubectl`` talks to is the environment's, and it is ``ACTIVE``;
* a Ready node in every configured Availability Zone;
* every EKS add-on (the core add-ons and the enabled platform add-ons) ``ACTIVE``;
* every configured service's Deployment rolled out completely and, for a service with an
  Ingress, its load balancer provisioned and its readiness path answering 200 over HTTPS
  through that load balancer.

Each check is a line of the report (check, target, status, detail); the exit status is 0
when every check passes, 1 when one fails and 2 on a usage or configuration error (an
unknown environment, ``kubectl`` or ``aws`` missing). Failing checks are retried until
``--wait`` seconds have passed, since a rollout is still in progress when ``terraform
apply`` returns. The commands run through an injectable runner and the HTTP request through
an injectable probe, so the logic is tested against recorded responses (tests/tooling/smoke).
"""

from __future__ import annotations

from .checks import CheckResult, Status
from .command import smoke
from .http_probe import ProbeRequest, ProbeResponse, https_probe
from .report import exit_code, render
from .run import run_checks, run_until_healthy
from .runner import CommandFailedError, Runner, SubprocessRunner, ToolMissingError, require_tools
from .targets import ServiceTarget, SmokeTargets, expected_addons, smoke_targets

__all__ = [
    "CheckResult",
    "CommandFailedError",
    "ProbeRequest",
    "ProbeResponse",
    "Runner",
    "ServiceTarget",
    "SmokeTargets",
    "Status",
    "SubprocessRunner",
    "ToolMissingError",
    "exit_code",
    "expected_addons",
    "https_probe",
    "render",
    "require_tools",
    "run_checks",
    "run_until_healthy",
    "smoke",
    "smoke_targets",
]
