"""What every stack of the platform sets up: its backend and its AWS provider."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cdktf import LocalBackend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.guardrails import mark_production
from platform_cdktf.modules.providers import (
    AwsProviderProps,
    S3BackendProps,
    aws_provider,
    require_terraform,
    s3_backend,
)
from platform_cdktf.modules.providers.terraform import with_terraform_settings
from platform_cdktf.modules.state_backend import StateBackendSettings

from .boundary import bound_environment_roles
from .target import AWS_TARGET, DeploymentTarget

LOCAL_STATE_PATH = "../../../terraform.bootstrap.tfstate"
"""Relative to ``cdktf.out/stacks/<stack>``: the project root. Outside the output
directory, so that re-synthesizing can never delete a local state file."""
EMULATOR_STATE_PATH = "../../../terraform.bootstrap.emulator.tfstate"
"""The local target's: beside the output directory too, and never the file of the real
bootstrap state, even when both targets are synthesized into the same directory."""


class PlatformBaseStack(TerraformStack):
    """A stack with its state backend, a default-tagged, account-guarded AWS provider and
    the Terraform versions it supports (``required_version``).

    ``state_key`` places the state in the S3 backend of ``state`` (with DynamoDB locking);
    ``None`` keeps it in a local file at the project root (the bootstrap's first apply,
    before the bucket exists). On the local target, the backend and every provider point
    at the loopback emulator with fake credentials.
    """

    def __init__(
        self,
        scope: Construct,
        stack_id: str,
        *,
        region: str,
        tags: Mapping[str, str],
        account_id: str | None,
        state: StateBackendSettings,
        state_key: str | None,
        target: DeploymentTarget = AWS_TARGET,
    ) -> None:
        super().__init__(scope, stack_id)
        require_terraform(self)
        self.target = target
        self._tags = dict(tags)
        self._account_id = account_id
        if state_key is None:
            LocalBackend(self, path=EMULATOR_STATE_PATH if target.is_local else LOCAL_STATE_PATH)
        else:
            s3_backend(
                self, props=S3BackendProps(settings=state, key=state_key, emulator=target.emulator)
            )
        self.aws = self.aws_provider("aws", region=region)

    def to_hcl_terraform(self) -> Any:
        """The stack as HCL (``cdktf synth --hcl``), its ``required_version`` intact."""
        return with_terraform_settings(super().to_hcl_terraform())

    def aws_provider(self, id_: str, *, region: str, alias: str | None = None) -> AwsProvider:
        """An AWS provider configuration of this stack (``alias`` for a second Region)."""
        return aws_provider(
            self,
            id_,
            props=AwsProviderProps(
                region=region,
                tags=self._tags,
                allowed_account_ids=[self._account_id] if self._account_id else [],
                alias=alias,
                emulator=self.target.emulator,
            ),
        )

    def outputs(self, described: Mapping[str, tuple[object, str]]) -> None:
        """A Terraform output per entry: name -> (value, description)."""
        for name, (value, description) in described.items():
            TerraformOutput(self, name, value=value, description=description)


class EnvironmentStack(PlatformBaseStack):
    """A stack of one environment: named ``<env>-<kind>``, its state at ``<env>/<kind>.tfstate``
    in the environment's S3 backend, its provider in the environment's Region with its
    tags and account guard; marked for the production guardrails if the environment is
    production."""

    def __init__(
        self,
        scope: Construct,
        *,
        config: EnvironmentConfig,
        kind: str,
        target: DeploymentTarget = AWS_TARGET,
    ) -> None:
        super().__init__(
            scope,
            environment_stack_name(config.name, kind),
            region=config.region,
            tags=config.default_tags(),
            account_id=config.account_id,
            state=config.state,
            state_key=config.state_key(kind),
            target=target,
        )
        if config.production:
            mark_production(self)
        # With GitHub delivery the environment's apply role may only create roles that
        # carry its boundary (stacks/boundary.py).
        self.permissions_boundary_arn = bound_environment_roles(self, config)


def environment_stack_name(environment: str, kind: str) -> str:
    """Name of an environment's stack, e.g. ``prod-core``."""
    return f"{environment}-{kind}"
