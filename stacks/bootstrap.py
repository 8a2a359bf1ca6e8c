"""The ``bootstrap`` stack: the state bucket and lock table every other stack uses."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import BootstrapConfig
from platform_cdktf.modules.github_oidc import GithubOidc, GithubOidcProps
from platform_cdktf.modules.state_backend import StateBackend, StateBackendProps

from .base import PlatformBaseStack
from .target import AWS_TARGET, DeploymentTarget

BOOTSTRAP_STACK = "bootstrap"
BOOTSTRAP_STATE_KEY = "bootstrap/terraform.tfstate"


class BootstrapStack(PlatformBaseStack):
    """Creates the remote state backend. Its own state starts in a local file.

    The bucket cannot hold the state of the stack that creates it before it exists, so
    the first apply uses the local backend (a file at the project root, outside
    ``cdktf.out``). With ``state_in_s3=True`` the stack is synthesized with the S3 backend
    instead; ``terraform init -migrate-state`` then moves the local state into the bucket
    (see README, "Bootstrap"). The local target ignores ``state_in_s3``: its bucket exists
    only after the bootstrap apply and only as long as the emulator runs.
    """

    def __init__(
        self,
        scope: Construct,
        *,
        config: BootstrapConfig,
        state_in_s3: bool = False,
        target: DeploymentTarget = AWS_TARGET,
    ) -> None:
        state = config.state
        super().__init__(
            scope,
            BOOTSTRAP_STACK,
            region=state.region,
            tags=config.default_tags(),
            account_id=config.account_id,
            state=state,
            state_key=BOOTSTRAP_STATE_KEY
            if state_in_s3 and target.supports("bootstrap_state_in_s3")
            else None,
            target=target,
        )
        backend = StateBackend(
            self,
            "state_backend",
            props=StateBackendProps(
                settings=state,
                key_alias=f"{config.name_prefix}-terraform-state",
                # The emulator's bucket is thrown away by `make down`.
                prevent_destroy=not target.is_local,
                force_destroy=target.is_local,
                tls_only_policy=target.supports("state_bucket_tls_policy"),
            ),
        )
        self.outputs(
            {
                "state_bucket": (
                    backend.bucket_name,
                    "S3 bucket holding every environment's state",
                ),
                "lock_table": (backend.lock_table_name, "DynamoDB table used for state locking"),
                "state_kms_key_arn": (
                    backend.kms_key_arn,
                    "KMS key encrypting the state bucket and lock table",
                ),
            }
        )
        # GitHub Actions cannot reach a local emulator: its roles exist on real AWS only.
        if config.github is not None and not target.is_local:
            self.github_oidc = self._github_oidc(config, backend)

    def _github_oidc(self, config: BootstrapConfig, backend: StateBackend) -> GithubOidc:
        """The OIDC provider and the plan and apply roles of the delivery workflows."""
        assert config.github is not None
        github = GithubOidc(
            self,
            "github_oidc",
            props=GithubOidcProps(
                settings=config.github,
                state_bucket_arn=backend.bucket_arn,
                lock_table_arn=backend.lock_table_arn,
                state_key_arn=backend.kms_key_arn,
                name_prefix=f"{config.name_prefix}-github",
            ),
        )
        self.outputs(
            {
                "github_oidc_provider_arn": (
                    github.provider_arn,
                    "IAM OIDC provider trusting token.actions.githubusercontent.com",
                ),
                "github_plan_role_arn": (
                    github.plan_role_arn,
                    "Read-only role for pull-request plans (repository variable AWS_PLAN_ROLE_ARN)",
                ),
                "github_apply_role_arn": (
                    github.apply_role_arn,
                    "Role for environment-gated applies (repository variable AWS_APPLY_ROLE_ARN)",
                ),
            }
        )
        return github
