"""The ``account-<name>`` stack: what exists once per AWS account and Region.

An account baseline (:class:`~platform_cdktf.environments.AccountConfig`) holds the
services an account has one of: the multi-Region CloudTrail trail, the AWS Config
recorder, the GuardDuty detector, the services' ECR repositories and the topics its
security alerts go to. The environments listed by the baseline share them; their own
stacks never create any of these, so two environments in one account do not fight over
them, and an account per environment simply means a baseline per account. Its state is
at ``accounts/<name>.tfstate`` in the bootstrap's bucket. Like the bootstrap, it is
applied by an operator of the account (docs/account-services.md), before the
environments' stacks.
"""

from __future__ import annotations

from collections.abc import Sequence

from constructs import Construct

from platform_cdktf.environments import AccountConfig, EnvironmentConfig
from platform_cdktf.modules.shared.alerts import AlertTopics

from .account_alerts import add_account_alert_topics
from .account_audit import add_audit_services
from .account_registry import add_registry
from .base import PlatformBaseStack
from .target import AWS_TARGET, DeploymentTarget


class AccountStack(PlatformBaseStack):
    """The account baseline of ``config``, for the ``environments`` it lists (the
    registry serves their services and their nodes); ``holds_state_bucket`` when it is in
    the bootstrap's account (its trail then records the state bucket's data events)."""

    def __init__(
        self,
        scope: Construct,
        *,
        config: AccountConfig,
        environments: Sequence[EnvironmentConfig],
        holds_state_bucket: bool,
        target: DeploymentTarget = AWS_TARGET,
    ) -> None:
        super().__init__(
            scope,
            config.stack_name,
            region=config.region,
            tags=config.default_tags(),
            account_id=config.account_id,
            state=config.state,
            state_key=config.state_key,
            target=target,
        )
        self.config = config
        self.environments = tuple(target.adapt(environment) for environment in environments)
        self.holds_state_bucket = holds_state_bucket
        self.alerts: AlertTopics = add_account_alert_topics(self)
        add_audit_services(self)
        add_registry(self)
