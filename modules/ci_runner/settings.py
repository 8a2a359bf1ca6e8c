"""What an environment's GitHub Actions runner inside the VPC is (cdktf-free)."""

from __future__ import annotations

from ..shared.settings import Settings


class CiRunnerSettings(Settings):
    """A CodeBuild-hosted GitHub Actions runner in the environment's private subnets.

    Platform plans and applies talk to the private EKS endpoint, which GitHub-hosted
    runners cannot reach.
    """

    enabled: bool = True
    """Create the runner when the environment has a GitHub delivery configured.
    Default: true."""
