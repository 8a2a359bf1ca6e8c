"""The production rules: what an environment with ``production = True`` must hold.

Each rule has an id, the field it concerns, the requirement and why, so that the rules can
be listed (``docs/configuration.md`` is generated from this table) and a violation names
its rule: ``network.nat_gateways = 'single': [PROD-02] one NAT gateway per AZ ...``.
They are checked when the configuration is built, before anything is synthesized.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from platform_cdktf.modules.catalogue import elasticache_node_type, rds_instance_class
from platform_cdktf.modules.shared.settings import FieldError

if TYPE_CHECKING:
    from .config import EnvironmentConfig


@dataclass(frozen=True)
class ProductionRule:
    """One rule every production environment must satisfy."""

    id: str
    """Stable identifier, e.g. ``PROD-02``."""
    field: str
    """Dotted path of the setting the rule constrains."""
    requirement: str
    """What must hold, in a few words."""
    reason: str
    """Why, with the source of the fact."""
    holds: Callable[[EnvironmentConfig], bool]
    """Whether a configuration satisfies the rule."""

    def value(self, config: EnvironmentConfig) -> Any:
        """The current value of :attr:`field` in ``config``."""
        value: Any = config
        for part in self.field.split("."):
            value = getattr(value, part)
        return list(value) if isinstance(value, tuple) else value


def _no_burstable(
    id_: str,
    field: str,
    requirement: str,
    reason: str,
    burstable: Callable[[EnvironmentConfig], bool],
) -> ProductionRule:
    """A rule forbidding a burstable class, looked up in the instance catalogue."""
    return ProductionRule(
        id=id_,
        field=field,
        requirement=requirement,
        reason=reason,
        holds=lambda config: not burstable(config),
    )


PRODUCTION_RULES: tuple[ProductionRule, ...] = (
    ProductionRule(
        id="PROD-01",
        field="eks.public_access_cidrs",
        requirement="the EKS API endpoint is private (no public access CIDRs)",
        reason="A public endpoint puts the Kubernetes API on the internet; EKS best practices "
        "recommend a private endpoint reached over VPN, Direct Connect or a bastion.",
        holds=lambda config: not config.eks.public_access_cidrs,
    ),
    ProductionRule(
        id="PROD-02",
        field="network.nat_gateways",
        requirement="one NAT gateway per AZ (one_per_az)",
        reason="A NAT gateway is zonal: with a single one, losing its AZ cuts every other "
        "AZ's egress (Amazon VPC, NAT gateways: create one in each AZ for resiliency).",
        holds=lambda config: config.network.nat_gateways == "one_per_az",
    ),
    ProductionRule(
        id="PROD-03",
        field="network.availability_zones",
        requirement="at least three Availability Zones",
        reason="The seed's network spans three AZs, so that the loss of one leaves a majority "
        "of nodes, NAT gateways and database replicas.",
        holds=lambda config: len(config.network.availability_zones) >= 3,
    ),
    ProductionRule(
        id="PROD-04",
        field="aurora.deletion_protection",
        requirement="Aurora deletion protection is on",
        reason="RDS then refuses DeleteDBCluster, so that neither a mistaken destroy nor a "
        "replacement in a plan can delete the database.",
        holds=lambda config: config.aurora.deletion_protection,
    ),
    ProductionRule(
        id="PROD-05",
        field="aurora.dr_backup",
        requirement="Aurora backups are copied to another Region",
        reason="Automated backups live in the cluster's Region; AWS Backup copies keep a "
        "restorable snapshot if that Region is lost.",
        holds=lambda config: config.aurora.dr_backup is not None,
    ),
    ProductionRule(
        id="PROD-06",
        field="aurora.instance_count",
        requirement="Aurora has a writer and at least one reader",
        reason="Aurora fails over to a reader in about 30 seconds; without one it must "
        "create a new instance, which takes minutes (Aurora, high availability).",
        holds=lambda config: config.aurora.instance_count >= 2,
    ),
    ProductionRule(
        id="PROD-07",
        field="aurora.backup_retention_days",
        requirement="Aurora keeps at least 7 days of point-in-time recovery",
        reason="A problem noticed after a weekend must still be restorable.",
        holds=lambda config: config.aurora.backup_retention_days >= 7,
    ),
    _no_burstable(
        "PROD-08",
        "aurora.instance_class",
        "Aurora runs no burstable (T) class",
        "AWS recommends T classes only for development and test; a production instance that "
        "exhausts its CPU credits is throttled (Aurora, DB instance class types).",
        lambda config: rds_instance_class(config.aurora.instance_class).burstable,
    ),
    _no_burstable(
        "PROD-09",
        "redis.node_type",
        "Redis runs no burstable (T) node type",
        "A burstable cache node that exhausts its CPU credits is throttled (ElastiCache, "
        "supported node types).",
        lambda config: elasticache_node_type(config.redis.node_type).burstable,
    ),
    ProductionRule(
        id="PROD-10",
        field="redis.multi_az",
        requirement="Redis is Multi-AZ with automatic failover",
        reason="Without it, the loss of the primary's AZ loses the cache until a node is replaced.",
        holds=lambda config: config.redis.multi_az,
    ),
    ProductionRule(
        id="PROD-11",
        field="dev_schedule",
        requirement="no dev schedule (the environment is never stopped on a timer)",
        reason="The schedule stops the Aurora cluster and scales every node group to zero "
        "outside working hours: in production that is an outage every night "
        "(docs/operations.md, Dev schedule).",
        holds=lambda config: config.dev_schedule is None,
    ),
)
"""Every production rule, in id order."""


def production_problems(config: EnvironmentConfig) -> list[FieldError]:
    """One :class:`FieldError` per production rule ``config`` breaks."""
    return [
        FieldError(rule.field, rule.value(config), f"[{rule.id}] production: {rule.requirement}")
        for rule in PRODUCTION_RULES
        if not rule.holds(config)
    ]
