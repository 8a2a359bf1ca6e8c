"""Production invariants, checked on stacks marked as production."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Rule
from ..view import StackView

MIN_BACKUP_RETENTION_DAYS = 7


def _deletion_protection(view: StackView) -> Iterator[tuple[str, str]]:
    for address, cluster in view.resources("aws_rds_cluster"):
        if cluster.get("deletion_protection") is not True:
            yield address, "has no deletion protection"


def _multi_az(view: StackView) -> Iterator[tuple[str, str]]:
    for address, group in view.resources("aws_elasticache_replication_group"):
        if group.get("multi_az_enabled") is not True:
            yield address, "is not Multi-AZ"
    for address, _ in view.resources("aws_rds_cluster"):
        zones = {
            body.get("availability_zone")
            for _, body in view.resources("aws_rds_cluster_instance")
            if view.referenced(body.get("cluster_identifier")) == address
        }
        if len(zones) < 2:
            yield address, f"runs its instances in {len(zones)} Availability Zone(s)"


def _nat_per_zone(view: StackView) -> Iterator[tuple[str, str]]:
    subnets = dict(view.resources("aws_subnet"))
    zones = {body.get("availability_zone") for body in subnets.values()}
    nat_zones = {
        (subnets.get(view.referenced(nat.get("subnet_id")) or "") or {}).get("availability_zone")
        for _, nat in view.resources("aws_nat_gateway")
    }
    if subnets and nat_zones and zones - nat_zones:
        yield "aws_nat_gateway", f"no NAT gateway in {sorted(z for z in zones - nat_zones if z)}"


def _backups(view: StackView) -> Iterator[tuple[str, str]]:
    for address, cluster in view.resources("aws_rds_cluster"):
        days = int(cluster.get("backup_retention_period", 1))
        if days < MIN_BACKUP_RETENTION_DAYS:
            yield address, f"keeps {days} day(s) of backups, fewer than {MIN_BACKUP_RETENTION_DAYS}"
    for address, group in view.resources("aws_elasticache_replication_group"):
        if int(group.get("snapshot_retention_limit", 0)) < 1:
            yield address, "takes no snapshots"


RULES = (
    Rule(
        id="PRD-01",
        level="error",
        title="Production databases have deletion protection",
        why="RDS then refuses DeleteDBCluster, so a mistaken destroy or replacement cannot "
        "delete the data.",
        fix="Set deletion_protection (the environment's aurora.deletion_protection).",
        check=_deletion_protection,
        overlaps=("CKV_AWS_139",),
        production_only=True,
    ),
    Rule(
        id="PRD-02",
        level="error",
        title="Production data stores span several Availability Zones",
        why="A single-AZ database or cache is lost with its AZ; Aurora fails over to a reader "
        "in another AZ and ElastiCache Multi-AZ to a replica.",
        fix="Run Aurora instances in two or more AZs and enable Redis Multi-AZ.",
        check=_multi_az,
        overlaps=("CKV_AWS_157",),
        production_only=True,
    ),
    Rule(
        id="PRD-03",
        level="error",
        title="Production has a NAT gateway in every Availability Zone",
        why="A NAT gateway is zonal: with one, losing its AZ cuts every other AZ's egress "
        "(Amazon VPC, NAT gateways).",
        fix="Use nat_gateways = one_per_az.",
        check=_nat_per_zone,
        production_only=True,
    ),
    Rule(
        id="PRD-04",
        level="error",
        title="Production keeps backups",
        why="Point-in-time recovery needs retained backups; a problem noticed after a weekend "
        "must still be restorable.",
        fix="Keep at least 7 days of Aurora backups and Redis snapshots.",
        check=_backups,
        overlaps=("CKV_AWS_133", "CKV_AWS_134"),
        production_only=True,
    ),
)
