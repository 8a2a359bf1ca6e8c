"""The typed configuration of an account baseline: the services that exist once per AWS
account and Region, not once per environment.

CloudTrail's multi-Region trail, the AWS Config recorder (one per account and Region),
the GuardDuty detector (one per account and Region) and the ECR repositories the services
of several environments share cannot live in an environment's stacks: two environments in
one account would fight over them (the second ``aws_config_configuration_recorder`` or
``aws_guardduty_detector`` fails to create). So each account the environments run in, in
each Region they run in, gets one ``account-<name>`` stack, with its state at
``accounts/<name>.tfstate`` in the shared state bucket. Two environments in one account
list both in one :class:`AccountConfig`; one environment per account means one
:class:`AccountConfig` per account. ``docs/account-services.md`` describes the layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field

from platform_cdktf.modules.alert_routing.settings import AlertRoutingSettings
from platform_cdktf.modules.audit_trail.settings import AuditTrailSettings
from platform_cdktf.modules.compliance.settings import ComplianceSettings
from platform_cdktf.modules.providers.settings import Tags
from platform_cdktf.modules.registry.settings import RegistrySettings, ecr_repository_name
from platform_cdktf.modules.shared.settings import FieldError, Settings
from platform_cdktf.modules.shared.validation import (
    AccountId,
    NamePrefix,
    Region,
    Rule,
    check_slug,
)
from platform_cdktf.modules.state_backend.settings import StateBackendSettings
from platform_cdktf.modules.threat_detection.settings import ThreatDetectionSettings

if TYPE_CHECKING:
    from .config import BootstrapConfig, EnvironmentConfig

ACCOUNT_STACK_PREFIX = "account-"
"""An account baseline's stack is ``account-<name>``."""
ACCOUNT_STATE_PREFIX = "accounts"
"""An account baseline's state is at ``accounts/<name>.tfstate`` in the state bucket."""

AccountName = Annotated[
    str,
    Field(min_length=2, max_length=16),
    AfterValidator(check_slug),
    Rule("lowercase letters, digits and single hyphens"),
]


class AccountConfig(Settings):
    """One AWS account (in one Region) that hosts environments: its audit trail,
    configuration recorder, threat detection, container registry and security alerts."""

    name: AccountName
    """Short name of the account baseline; the stack is ``account-<name>``."""
    region: Region
    """Region of the Regional services (Config, GuardDuty, ECR) and home Region of the
    multi-Region trail; every environment listed runs in it."""
    name_prefix: NamePrefix
    """Prefix of resource names."""
    account_id: AccountId | None = None
    """If set, the AWS provider refuses to run against any other account; it must then be
    the ``account_id`` of every environment listed. Default: unset (the environments'
    account, unset too)."""
    tags: Tags
    """Ownership and cost tags."""
    state: StateBackendSettings
    """The state backend (the bootstrap's bucket and lock table)."""
    environments: tuple[str, ...] = Field(min_length=1)
    """The environments that run in this account and Region (each environment is listed
    by exactly one account baseline)."""
    audit: AuditTrailSettings = Field(default_factory=AuditTrailSettings)
    """The CloudTrail trail. Default: the documented trail."""
    compliance: ComplianceSettings = Field(default_factory=ComplianceSettings)
    """The AWS Config recorder and rules. Default: every supported resource, the
    platform's rules."""
    threat_detection: ThreatDetectionSettings = Field(default_factory=ThreatDetectionSettings)
    """GuardDuty. Default: EKS, runtime, RDS and S3 protection."""
    registry: RegistrySettings = Field(default_factory=RegistrySettings)
    """The services' ECR repositories. Default: none."""
    alerts: AlertRoutingSettings = Field(default_factory=AlertRoutingSettings)
    """Who hears of the account's security and compliance alerts. Default: nobody
    subscribed (the topics exist)."""

    @property
    def stack_name(self) -> str:
        """Name of the account baseline's stack, e.g. ``account-main``."""
        return f"{ACCOUNT_STACK_PREFIX}{self.name}"

    @property
    def state_key(self) -> str:
        """S3 key of the account baseline's state, e.g. ``accounts/main.tfstate``."""
        return f"{ACCOUNT_STATE_PREFIX}/{self.name}.tfstate"

    def default_tags(self) -> dict[str, str]:
        """Tags of the account baseline's resources (``Environment`` = ``account-<name>``)."""
        return self.tags.for_environment(self.stack_name)


@dataclass(frozen=True)
class AccountBaseline:
    """An account baseline with every environment it holds, whichever environments a
    synthesis selects: the baseline's stack is the same whether ``dev`` alone or every
    environment is synthesized."""

    config: AccountConfig
    """The baseline."""
    environments: tuple[EnvironmentConfig, ...]
    """The environments it holds, in its order."""
    holds_state_bucket: bool
    """The baseline is in the bootstrap's account (same ``account_id``, or both unset),
    where the Terraform state bucket lives: only its trail can record the bucket's data
    events (CloudTrail records them in the account owning the bucket)."""


def check_accounts(
    accounts: Sequence[AccountConfig],
    bootstrap: BootstrapConfig,
    environments: Sequence[EnvironmentConfig],
    known: Sequence[str],
) -> list[FieldError]:
    """The baselines fit the environments: names and (account, Region) pairs unique, only
    ``known`` environments listed, each of ``environments`` held by exactly one baseline
    whose Region and account are its own, every baseline's state in the bootstrap's
    backend."""
    problems: list[FieldError] = []
    seen_names: set[str] = set()
    seen_places: dict[tuple[str | None, str], str] = {}
    holders: dict[str, list[str]] = {}
    for account in accounts:
        place = (account.account_id, account.region)
        if account.name in seen_names:
            problems.append(
                FieldError(f"{account.name}.name", account.name, "expected a unique name")
            )
        elif place in seen_places:
            problems.append(
                FieldError(
                    f"{account.name}.region",
                    account.region,
                    f"expected one baseline per account and Region; {seen_places[place]!r} "
                    "already holds this one (the recorder and detector exist once there)",
                )
            )
        seen_names.add(account.name)
        seen_places.setdefault(place, account.name)
        for index, name in enumerate(account.environments):
            if name not in known:
                problems.append(
                    FieldError(
                        f"{account.name}.environments[{index}]",
                        name,
                        f"expected one of {list(known)}",
                    )
                )
            holders.setdefault(name, []).append(account.name)
        for field in ("bucket", "lock_table", "region"):
            value, expected = getattr(account.state, field), getattr(bootstrap.state, field)
            if value != expected:
                problems.append(
                    FieldError(
                        f"{account.name}.state.{field}",
                        value,
                        f"expected the bootstrap's {expected!r} (environments/bootstrap.py)",
                    )
                )
    by_name = {account.name: account for account in accounts}
    for environment in environments:
        held_by = holders.get(environment.name, [])
        if len(held_by) != 1:
            problems.append(
                FieldError(
                    f"{environment.name}",
                    held_by,
                    "expected exactly one account baseline listing the environment "
                    "(environments/accounts.py)",
                )
            )
            continue
        account = by_name[held_by[0]]
        if environment.region != account.region:
            problems.append(
                FieldError(
                    f"{account.name}.region",
                    account.region,
                    f"expected {environment.region!r}, the Region of {environment.name}",
                )
            )
        if environment.account_id != account.account_id:
            problems.append(
                FieldError(
                    f"{account.name}.account_id",
                    account.account_id,
                    f"expected {environment.account_id!r}, the account_id of {environment.name}",
                )
            )
        problems += _undeclared_repositories(account, environment)
    if not problems:
        problems += _audit_problems(accounts)
    return problems


def _undeclared_repositories(
    account: AccountConfig, environment: EnvironmentConfig
) -> list[FieldError]:
    """Every ECR repository an image of ``environment``'s services names is declared by
    ``account``'s registry (which creates it and lets the environment's nodes pull)."""
    declared = account.registry.names
    problems: list[FieldError] = []
    for service in environment.services:
        repository = ecr_repository_name(service.image.repository)
        if repository is not None and repository not in declared:
            problems.append(
                FieldError(
                    f"{account.name}.registry.repositories",
                    list(declared),
                    f"expected a repository {repository!r}, the image of service "
                    f"{service.name!r} of {environment.name} (environments/accounts.py)",
                )
            )
    return problems


def _audit_problems(accounts: Sequence[AccountConfig]) -> list[FieldError]:
    """Account-wide audit services exist once per account, checked once the layout
    otherwise fits (so that a duplicate baseline is reported once): at most one baseline
    of an account holds its multi-Region trail, and at most one records global resource
    types (AWS Config records them in every Region that asks; AWS Config Developer Guide,
    "Recording global resource types")."""
    problems: list[FieldError] = []
    trails: dict[str | None, str] = {}
    global_recorders: dict[str | None, str] = {}
    for account in accounts:
        if account.audit.enabled:
            if account.account_id in trails:
                problems.append(
                    FieldError(
                        f"{account.name}.audit.enabled",
                        True,
                        f"expected false: {trails[account.account_id]!r} already holds the "
                        "account's multi-Region trail",
                    )
                )
            trails.setdefault(account.account_id, account.name)
        compliance = account.compliance
        if compliance.enabled and compliance.include_global_resource_types:
            if account.account_id in global_recorders:
                problems.append(
                    FieldError(
                        f"{account.name}.compliance.include_global_resource_types",
                        True,
                        f"expected false: {global_recorders[account.account_id]!r} already "
                        "records the account's global resource types",
                    )
                )
            global_recorders.setdefault(account.account_id, account.name)
    return problems
