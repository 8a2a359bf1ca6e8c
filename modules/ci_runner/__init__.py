"""A GitHub Actions runner inside the environment's VPC, hosted by AWS CodeBuild.

`CiRunnerSettings` (cdktf-free) holds what a deployment decides; `CiRunner` builds it: a
CodeBuild project `<name>-github-runner` with the repository as its GITHUB source
(authenticated per project through a CodeConnections connection), a webhook that starts
a build for every queued workflow job (`WORKFLOW_JOB_QUEUED`), the VPC's private subnets
and a security group with no ingress and HTTPS egress only, a KMS-encrypted log group with
retention, and a service role limited to its logs, the build's network interfaces and the
connection. Jobs take AWS credentials from the GitHub OIDC roles, never from the runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import CONNECTION_ACTIONS as CONNECTION_ACTIONS
    from .construct import DESCRIBE_ACTIONS as DESCRIBE_ACTIONS
    from .construct import WORKFLOW_JOB_QUEUED as WORKFLOW_JOB_QUEUED
    from .construct import CiRunner as CiRunner
    from .props import PROJECT_SUFFIX as PROJECT_SUFFIX
    from .props import CiRunnerProps as CiRunnerProps
    from .settings import CiRunnerSettings as CiRunnerSettings
    from .settings import RunnerComputeType as RunnerComputeType
    from .settings import RunnerImage as RunnerImage

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
