"""The ``bootstrap`` stack: the state bucket and lock table every other stack uses."""

from __future__ import annotations

import json

from cdktf_cdktf_provider_aws.provider import AwsProviderAssumeRole
from constructs import Construct

from platform_cdktf.environments import BootstrapConfig
from platform_cdktf.modules.github_oidc import GithubOidc, GithubOidcProps
from platform_cdktf.modules.github_oidc.identity import SUB_CLAIM_KEYS
from platform_cdktf.modules.github_oidc.props import EnvironmentAccount
from platform_cdktf.modules.github_oidc.settings import BOOTSTRAP_IDENTITY
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from platform_cdktf.modules.providers.settings import ENVIRONMENT_TAG_KEY
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
        config = target.adapt_bootstrap(config)
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
        # On the local target too (with a stand-in repository, see target.adapt_bootstrap):
        # the emulator holds the roles and boundaries, though GitHub cannot reach it.
        if config.github is not None:
            self.github_oidc = self._github_oidc(config, backend)

    def _github_oidc(self, config: BootstrapConfig, backend: StateBackend) -> GithubOidc:
        """The OIDC provider and the per-environment delivery roles."""
        assert config.github is not None
        accounts = self._environment_accounts(config)
        github = GithubOidc(
            self,
            "github_oidc",
            props=GithubOidcProps(
                delivery=config.github,
                settings=config.delivery,
                state_bucket=config.state.bucket,
                state_bucket_arn=backend.bucket_arn,
                lock_table_arn=backend.lock_table_arn,
                state_key_arn=backend.kms_key_arn,
                environment_tag_key=ENVIRONMENT_TAG_KEY,
                accounts=accounts,
            ),
        )
        # Across accounts an IAM policy is not enough: the bucket, key and lock table
        # must grant the environment's roles their prefix themselves.
        for environment in accounts:
            backend.grant_prefix(
                environment,
                readers=[github.plan_role_arn(environment)],
                writers=[github.apply_role_arn(environment)],
            )
        outputs: dict[str, tuple[object, str]] = {
            "github_oidc_provider_arn": (
                github.provider_arn,
                "IAM OIDC provider trusting token.actions.githubusercontent.com",
            ),
            "github_bootstrap_plan_role_arn": (
                github.plan_role_arn(BOOTSTRAP_IDENTITY),
                "Plan role of the bootstrap stack (variable AWS_ROLE_ARN of GitHub "
                "environment bootstrap-plan)",
            ),
            "github_oidc_sub_claim_keys": (
                json.dumps({"use_default": False, "include_claim_keys": list(SUB_CLAIM_KEYS)}),
                "Body of gh api -X PUT repos/OWNER/NAME/actions/oidc/customization/sub "
                "(the trust of every delivery role expects this sub claim)",
            ),
        }
        for environment in config.delivery.environments:
            outputs[f"github_{environment}_plan_role_arn"] = (
                github.plan_role_arn(environment),
                f"Plan role of {environment} (variable AWS_ROLE_ARN of GitHub environment "
                f"{environment}-plan)",
            )
            outputs[f"github_{environment}_apply_role_arn"] = (
                github.apply_role_arn(environment),
                f"Apply role of {environment} (variable AWS_ROLE_ARN of GitHub environment "
                f"{environment})",
            )
        self.outputs(outputs)
        return github

    def _environment_accounts(self, config: BootstrapConfig) -> dict[str, EnvironmentAccount]:
        """An AWS provider per environment whose account differs from the bootstrap's,
        assuming ``account_access_role_name`` there (alias = the environment's name)."""
        delivery, region = config.delivery, config.state.region
        partition = partition_of_region(region)
        accounts = {}
        for environment, account_id in delivery.accounts.items():
            if account_id == config.account_id:
                continue
            provider = aws_provider(
                self,
                f"aws_{environment}",
                props=AwsProviderProps(
                    region=region,
                    tags=config.default_tags(),
                    allowed_account_ids=[account_id],
                    alias=environment,
                ),
            )
            provider.assume_role = [
                AwsProviderAssumeRole(
                    role_arn=f"arn:{partition}:iam::{account_id}:role/"
                    f"{delivery.account_access_role_name}",
                    session_name="platform-bootstrap",
                )
            ]
            accounts[environment] = EnvironmentAccount(account_id=account_id, provider=provider)
        return accounts


def partition_of_region(region: str) -> str:
    """The ARN partition of a Region (``aws``, ``aws-cn``, ``aws-us-gov``)."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"
