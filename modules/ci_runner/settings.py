"""What an environment's GitHub Actions runner inside the VPC is (cdktf-free)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from ..shared.settings import Settings
from ..shared.validation import LogRetentionDays, Rule, matching

RunnerComputeType = Literal["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"]
"""On-demand EC2 compute types of CodeBuild for ``LINUX_CONTAINER`` (2, 4 and 8 vCPUs with
up to 4, 8 and 16 GiB; CodeBuild API Reference, ``ProjectEnvironment.computeType``; the
pinned provider accepts the same names). Lambda compute is left out: it has no custom build
timeout (a build stops after 15 minutes, shorter than an apply of a platform stack), and
the larger EC2 types are not emulated locally."""

RunnerImage = Literal[
    "aws/codebuild/amazonlinux-x86_64-standard:5.0",
    "aws/codebuild/standard:7.0",
]
"""CodeBuild-managed x86_64 Linux images (CodeBuild User Guide, "Docker images provided by
CodeBuild"): Amazon Linux 2023 standard 5.0 and Ubuntu 22.04 standard 7.0. Both carry the
AWS CLI, which the platform stack's ``aws eks get-token`` needs."""

MIN_BUILD_TIMEOUT_MINUTES = 5
MAX_BUILD_TIMEOUT_MINUTES = 2160
"""CodeBuild's bounds for ``timeoutInMinutes``: 5 minutes to 36 hours."""

# A connection of AWS CodeConnections (or of its former name, CodeStar Connections, whose
# ARNs keep working); the service in the ARN is also the prefix of the IAM actions using it.
check_connection_arn = matching(
    r"arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}"
    r":connection/[0-9a-f-]{36}",
    "expected the ARN of a CodeConnections connection, e.g. "
    "arn:aws:codeconnections:us-east-1:123456789012:connection/<uuid>",
)
ConnectionArn = Annotated[
    str, AfterValidator(check_connection_arn), Rule("a CodeConnections connection ARN")
]


class CiRunnerSettings(Settings):
    """A CodeBuild-hosted GitHub Actions runner in the environment's private subnets.

    Platform plans and applies talk to the private EKS endpoint, which GitHub-hosted
    runners cannot reach.
    """

    enabled: bool = True
    """Create the runner when the environment has a GitHub delivery configured.
    Default: true."""
    compute_type: RunnerComputeType = "BUILD_GENERAL1_SMALL"
    """CodeBuild compute type of each job. Default: BUILD_GENERAL1_SMALL (2 vCPUs,
    4 GiB): terraform plan and apply wait on APIs, not on CPU."""
    image: RunnerImage = "aws/codebuild/amazonlinux-x86_64-standard:5.0"
    """CodeBuild-managed image the jobs run in. Default: Amazon Linux 2023 standard 5.0."""
    build_timeout_minutes: int = Field(
        default=120, ge=MIN_BUILD_TIMEOUT_MINUTES, le=MAX_BUILD_TIMEOUT_MINUTES
    )
    """Longest a job may run, 5 to 2,160 minutes; CodeBuild stops it afterwards.
    Default: 120 (a first apply of a platform stack waits on Helm releases)."""
    log_retention_days: LogRetentionDays = 365
    """Retention of the runner's log group, in days. Default: 365 (a year of who ran
    what in the VPC, like the cluster's and the flow logs)."""
    connection_arn: ConnectionArn | None = None
    """An existing, approved CodeConnections connection to GitHub (one may serve several
    environments of an account). Default: none, a connection ``<prefix>-github`` is
    created; it stays PENDING until someone approves it once in the console."""

    @property
    def environment_type(self) -> str:
        """CodeBuild environment type of :attr:`image` (every allowed image is x86_64)."""
        return "LINUX_CONTAINER"
