"""The typed, validated configuration of one environment.

Everything here is data: no cdktf import, so loading and validating a configuration
takes milliseconds and fails before any synthesis. Each model is frozen and rejects
unknown fields, so a typo in ``dev.py`` is an error rather than a silently ignored key.

The stacks translate this configuration into the props of the construct modules; the
modules never see an environment name.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from itertools import combinations
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .errors import FieldError
from .regions import AWS_REGIONS, CLOUDWATCH_LOG_RETENTION_DAYS

_SLUG = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
_AZ_SUFFIX = re.compile(r"^[a-z]$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_DYNAMODB_TABLE = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_EC2_INSTANCE_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9]+$")
_IAM_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")

SUPPORTED_KUBERNETES_VERSIONS = ("1.34", "1.35", "1.36")
"""EKS versions in standard support when last reviewed (2026-11-25). 1.34 leaves standard
support first; clusters on extended support cost six times as much per hour."""

EKS_ADDONS = ("vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver")
"""Managed add-ons the platform installs; their versions may be pinned in config."""

RESERVED_TAG_KEYS = frozenset({"Project", "Environment", "ManagedBy", "Owner", "CostCenter"})
"""Tag keys set by the platform itself; ``Tags.extra`` may not override them."""

AURORA_POSTGRESQL_INSTANCE_FAMILIES = frozenset(
    {
        "db.t3",
        "db.t4g",
        "db.r5",
        "db.r6g",
        "db.r6gd",
        "db.r6i",
        "db.r6id",
        "db.r7g",
        "db.r7i",
        "db.r8g",
        "db.x2g",
    }
)
"""Instance families Aurora PostgreSQL offers (``db.serverless`` is not modelled yet)."""

ELASTICACHE_NODE_FAMILIES = frozenset(
    {
        "cache.t3",
        "cache.t4g",
        "cache.m5",
        "cache.m6g",
        "cache.m7g",
        "cache.r5",
        "cache.r6g",
        "cache.r6gd",
        "cache.r7g",
        "cache.c7gn",
    }
)
"""Current-generation ElastiCache node families for Redis OSS."""

BURSTABLE_PREFIXES = ("db.t", "cache.t")


class _Frozen(BaseModel):
    """Base for every config model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _network(value: str) -> ipaddress.IPv4Network:
    """Parse an IPv4 CIDR strictly (host bits must be zero), with a readable error."""
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as error:
        raise ValueError(f"expected an IPv4 CIDR block such as 10.0.0.0/16 ({error})") from None


class Tags(_Frozen):
    """Cost-allocation and ownership tags applied to every resource via ``default_tags``."""

    project: str = Field(min_length=1, max_length=256)
    """``Project`` tag: the product or platform name."""
    owner: str = Field(min_length=1, max_length=256)
    """``Owner`` tag: the team accountable for the resources (an e-mail or team handle)."""
    cost_center: str = Field(min_length=1, max_length=256)
    """``CostCenter`` tag: the finance code charged for the resources."""
    extra: dict[str, str] = Field(default_factory=dict)
    """Additional tags. Default: none. May not override the platform's own tag keys."""

    @field_validator("extra")
    @classmethod
    def _no_reserved_keys(cls, extra: dict[str, str]) -> dict[str, str]:
        clashes = sorted(RESERVED_TAG_KEYS & extra.keys())
        if clashes:
            raise ValueError(
                f"keys {clashes} are set by the platform; use the dedicated fields instead"
            )
        for key, value in extra.items():
            if not 1 <= len(key) <= 128 or len(value) > 256 or key.lower().startswith("aws:"):
                raise ValueError(
                    f"tag {key!r}: keys must be 1-128 characters without the aws: prefix, "
                    "values at most 256 characters"
                )
        return extra


class NetworkConfig(_Frozen):
    """The VPC and its subnet plan: three tiers, one subnet per tier in each AZ.

    The tiers are ``public`` (load balancers, NAT gateways), ``private`` (EKS nodes and
    pods; sized large because the VPC CNI gives every pod a VPC address) and
    ``database`` (Aurora and ElastiCache; no route to the internet).
    """

    vpc_cidr: str
    """IPv4 CIDR of the VPC, /16 to /24."""
    availability_zones: tuple[str, ...]
    """Exactly three distinct AZ names in the environment's Region, e.g. ``us-east-1a``."""
    public_subnets: tuple[str, ...]
    """One CIDR per AZ, in the order of ``availability_zones``."""
    private_subnets: tuple[str, ...]
    """One CIDR per AZ, in the order of ``availability_zones``."""
    database_subnets: tuple[str, ...]
    """One CIDR per AZ, in the order of ``availability_zones``."""
    nat_gateways: Literal["single", "one_per_az"] = "one_per_az"
    """``one_per_az`` survives the loss of an AZ; ``single`` saves cost. Default: one_per_az."""
    flow_log_retention_days: int = 365
    """Retention of the VPC flow log group, in days. Default: 365."""
    gateway_endpoints: bool = True
    """Add S3 and DynamoDB gateway endpoints to the private and database route tables, so
    that traffic to them stays off the NAT gateways. Default: true."""

    @field_validator("vpc_cidr")
    @classmethod
    def _vpc_cidr(cls, value: str) -> str:
        network = _network(value)
        if not 16 <= network.prefixlen <= 24:
            raise ValueError("expected a prefix length between /16 and /24")
        return str(network)

    @field_validator("availability_zones")
    @classmethod
    def _three_distinct_azs(cls, zones: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(zones)) != len(zones):
            raise ValueError("expected 3 distinct Availability Zones, got a duplicate")
        if len(zones) != 3:
            raise ValueError(f"expected exactly 3 distinct Availability Zones, got {len(zones)}")
        return zones

    @field_validator("public_subnets", "private_subnets", "database_subnets")
    @classmethod
    def _subnet_cidrs(cls, cidrs: tuple[str, ...]) -> tuple[str, ...]:
        normalized = []
        for cidr in cidrs:
            network = _network(cidr)
            if not 16 <= network.prefixlen <= 28:
                raise ValueError(f"{cidr}: AWS subnets must be between /16 and /28")
            normalized.append(str(network))
        return tuple(normalized)

    @field_validator("flow_log_retention_days")
    @classmethod
    def _retention(cls, days: int) -> int:
        return _check_retention(days)

    @model_validator(mode="after")
    def _subnet_plan(self) -> Self:
        vpc = ipaddress.IPv4Network(self.vpc_cidr)
        tiers = {
            "public_subnets": self.public_subnets,
            "private_subnets": self.private_subnets,
            "database_subnets": self.database_subnets,
        }
        placed: list[tuple[str, ipaddress.IPv4Network]] = []
        for tier, cidrs in tiers.items():
            if len(cidrs) != len(self.availability_zones):
                raise FieldError(
                    tier,
                    list(cidrs),
                    f"expected one CIDR per Availability Zone "
                    f"({len(self.availability_zones)}), got {len(cidrs)}",
                )
            for index, cidr in enumerate(cidrs):
                network = ipaddress.IPv4Network(cidr)
                field = f"{tier}[{index}]"
                if not network.subnet_of(vpc):
                    raise FieldError(field, cidr, f"must lie inside vpc_cidr {self.vpc_cidr}")
                placed.append((field, network))
        for (field_a, net_a), (field_b, net_b) in combinations(placed, 2):
            if net_a.overlaps(net_b):
                raise FieldError(field_b, str(net_b), f"overlaps {field_a} ({net_a})")
        return self

    @property
    def subnet_count(self) -> int:
        """Subnets per tier (one per AZ)."""
        return len(self.availability_zones)


class StateBackendConfig(_Frozen):
    """Where Terraform state lives: an S3 bucket and a DynamoDB lock table.

    Both are created by the ``bootstrap`` stack. S3 bucket names are global: change the
    bucket name before the first deployment into your account.
    """

    bucket: str
    """S3 bucket for state objects (3-63 lowercase letters, digits, hyphens)."""
    lock_table: str
    """DynamoDB table used for state locking (hash key ``LockID``)."""
    region: str
    """Region of the bucket and table."""
    use_lockfile: bool = False
    """Opt-in: S3-native lock files (Terraform >= 1.10) beside DynamoDB locking, for a
    migration away from the table. Default: false (DynamoDB locking only)."""
    noncurrent_version_retention_days: int = Field(default=90, ge=1, le=3650)
    """How long superseded state versions are kept, in days. Default: 90."""

    @field_validator("bucket")
    @classmethod
    def _bucket_name(cls, name: str) -> str:
        if not _BUCKET.match(name) or "--" in name[:3] or name.startswith("xn--"):
            raise ValueError(
                "expected an S3 bucket name of 3-63 lowercase letters, digits and hyphens, "
                "starting and ending with a letter or digit"
            )
        return name

    @field_validator("lock_table")
    @classmethod
    def _table_name(cls, name: str) -> str:
        if not _DYNAMODB_TABLE.match(name):
            raise ValueError("expected a DynamoDB table name of 3-255 characters [A-Za-z0-9_.-]")
        return name

    @field_validator("region")
    @classmethod
    def _known_region(cls, region: str) -> str:
        return _check_region(region)


class NodeGroupSizing(_Frozen):
    """Size of the EKS managed node group (used by the EKS module)."""

    instance_types: tuple[str, ...] = Field(min_length=1)
    """EC2 instance types, e.g. ``("m5.large",)``."""
    min_size: int = Field(default=2, ge=1)
    """Minimum node count. Default: 2."""
    desired_size: int = Field(default=3, ge=1)
    """Initial node count; afterwards owned by the cluster autoscaler. Default: 3."""
    max_size: int = Field(default=6, ge=1, le=1000)
    """Maximum node count. Default: 6."""

    @field_validator("instance_types")
    @classmethod
    def _instance_types(cls, types: tuple[str, ...]) -> tuple[str, ...]:
        for instance_type in types:
            if not _EC2_INSTANCE_TYPE.match(instance_type):
                raise ValueError(f"{instance_type!r} is not an EC2 instance type like m5.large")
        return types

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.min_size <= self.desired_size <= self.max_size:
            raise FieldError(
                "desired_size",
                self.desired_size,
                f"expected min_size ({self.min_size}) <= desired_size <= max_size "
                f"({self.max_size})",
            )
        return self


class SpotNodeGroupSizing(NodeGroupSizing):
    """Size of the optional spot node group for interruption-tolerant workloads.

    Its nodes are tainted ``capacity=spot:NoSchedule``: only pods that tolerate the
    taint (non-critical workloads) land there.
    """

    min_size: int = Field(default=0, ge=0)
    """Minimum node count; spot capacity may scale to zero. Default: 0."""
    desired_size: int = Field(default=1, ge=0)
    """Initial node count. Default: 1."""


class EksConfig(_Frozen):
    """EKS control plane and cluster add-on settings (node sizing is in ``nodes``)."""

    kubernetes_version: str = "1.35"
    """Kubernetes minor version, one of ``SUPPORTED_KUBERNETES_VERSIONS``. Default: 1.35."""
    public_access_cidrs: tuple[str, ...] = ()
    """CIDRs allowed to reach a public API endpoint. Default: none (private endpoint
    only, reached over VPN, Direct Connect or a bastion). Forbidden in production."""
    admin_role_names: tuple[str, ...] = ()
    """IAM roles of this account that get cluster-admin through access entries."""
    control_plane_log_retention_days: int = 365
    """Retention of the control-plane log group in days. Default: 365."""
    spot_nodes: SpotNodeGroupSizing | None = None
    """Optional spot node group. Default: none."""
    addon_versions: dict[str, str] = Field(default_factory=dict)
    """Pinned add-on versions by name; others get EKS's default for the Kubernetes
    version. Default: none pinned."""
    alb_allow_only_cloudflare: bool = False
    """Internet-facing load balancers admit only Cloudflare's published ranges.
    Default: false."""

    @field_validator("kubernetes_version")
    @classmethod
    def _supported(cls, version: str) -> str:
        if version not in SUPPORTED_KUBERNETES_VERSIONS:
            raise ValueError(f"expected one of {list(SUPPORTED_KUBERNETES_VERSIONS)}")
        return version

    @field_validator("public_access_cidrs")
    @classmethod
    def _restricted(cls, cidrs: tuple[str, ...]) -> tuple[str, ...]:
        for cidr in cidrs:
            network = _network(cidr)
            if network.prefixlen < 8:
                raise ValueError(f"{cidr} is too wide for an API endpoint allow-list")
        return cidrs

    @field_validator("admin_role_names")
    @classmethod
    def _role_names(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in names:
            if not _IAM_ROLE_NAME.match(name) or name.startswith("arn:"):
                raise ValueError(f"{name!r}: expected an IAM role name (not an ARN)")
        return names

    @field_validator("control_plane_log_retention_days")
    @classmethod
    def _retention(cls, days: int) -> int:
        return _check_retention(days)

    @field_validator("addon_versions")
    @classmethod
    def _addons(cls, versions: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(versions) - set(EKS_ADDONS))
        if unknown:
            raise ValueError(f"unknown add-ons {unknown}; expected some of {list(EKS_ADDONS)}")
        return versions


_WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
_WEEKLY_WINDOW = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-"
    r"(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$"
)
REDIS_EVICTION_POLICIES = (
    "volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu", "volatile-random",
    "allkeys-random", "volatile-ttl", "noeviction",
)  # fmt: skip
"""``maxmemory-policy`` values Redis OSS 7 accepts."""


def _check_window(value: str, weekly: bool) -> str:
    pattern = _WEEKLY_WINDOW if weekly else _WINDOW
    example = "sun:04:30-sun:05:30" if weekly else "03:00-04:00"
    if not pattern.match(value):
        raise ValueError(f"expected a UTC window like {example}")
    return value


class AuroraSizing(_Frozen):
    """The Aurora PostgreSQL cluster: size, backups and recovery.

    Aurora Backtrack exists only for Aurora MySQL; PostgreSQL recovers by point-in-time
    restore within ``backup_retention_days``.
    """

    instance_class: str
    """Instance class of every cluster member, e.g. ``db.r5.large``."""
    instance_count: int = Field(ge=1, le=16)
    """Writer plus readers: 1 to 16 (Aurora allows at most 15 readers)."""
    backup_retention_days: int = Field(ge=1, le=35)
    """Automated backup (point-in-time recovery) window in days: 1 to 35."""
    backup_window: str = "03:00-04:00"
    """Daily backup window, UTC. Default: 03:00-04:00."""
    maintenance_window: str = "sun:04:30-sun:05:30"
    """Weekly maintenance window, UTC; must not overlap the backup window."""
    deletion_protection: bool = True
    """Refuse ``DeleteDBCluster`` and take a final snapshot on delete. Default: true."""
    dr_region: str | None = None
    """Copy every backup to this Region (AWS Backup). Default: no copies."""
    max_readers: int = Field(default=0, ge=0)
    """Read-replica autoscaling up to this many readers (0 = off); at most 15."""
    slow_statement_ms: int = Field(default=1000, ge=0)
    """Log statements slower than this, in milliseconds. Default: 1000."""

    @field_validator("instance_class")
    @classmethod
    def _family(cls, instance_class: str) -> str:
        return _check_family(instance_class, AURORA_POSTGRESQL_INSTANCE_FAMILIES)

    @field_validator("backup_window")
    @classmethod
    def _daily(cls, value: str) -> str:
        return _check_window(value, weekly=False)

    @field_validator("maintenance_window")
    @classmethod
    def _weekly(cls, value: str) -> str:
        return _check_window(value, weekly=True)

    @field_validator("dr_region")
    @classmethod
    def _dr_region(cls, region: str | None) -> str | None:
        return None if region is None else _check_region(region)

    @field_validator("max_readers")
    @classmethod
    def _readers(cls, readers: int) -> int:
        if readers > 15:
            raise ValueError("Aurora supports at most 15 read replicas")
        return readers

    @model_validator(mode="after")
    def _autoscaling_above_fixed_readers(self) -> Self:
        fixed_readers = self.instance_count - 1
        if self.max_readers and self.max_readers < fixed_readers:
            raise FieldError(
                "max_readers",
                self.max_readers,
                f"expected 0 (off) or at least the {fixed_readers} fixed readers",
            )
        return self


class RedisSizing(_Frozen):
    """The ElastiCache Redis replication group."""

    node_type: str
    """Node type, e.g. ``cache.m5.large``."""
    replicas_per_shard: int = Field(ge=0, le=5)
    """Read replicas per shard: 0 to 5."""
    shards: int = Field(default=1, ge=1, le=500)
    """Shards (node groups); more than one turns cluster mode on. Default: 1."""
    multi_az: bool = True
    """Replicas in other AZs with automatic failover; needs a replica. Default: true."""
    eviction_policy: str = "volatile-lru"
    """``maxmemory-policy``. Default: volatile-lru (evict only keys with a TTL)."""
    snapshot_retention_days: int = Field(default=7, ge=0, le=35)
    """Daily snapshots kept, 0 to 35. Default: 7."""

    @field_validator("node_type")
    @classmethod
    def _family(cls, node_type: str) -> str:
        return _check_family(node_type, ELASTICACHE_NODE_FAMILIES)

    @field_validator("eviction_policy")
    @classmethod
    def _eviction(cls, policy: str) -> str:
        if policy not in REDIS_EVICTION_POLICIES:
            raise ValueError(f"expected one of {list(REDIS_EVICTION_POLICIES)}")
        return policy

    @model_validator(mode="after")
    def _failover_needs_a_replica(self) -> Self:
        if self.multi_az and self.replicas_per_shard < 1:
            raise FieldError(
                "multi_az",
                self.multi_az,
                "Multi-AZ with automatic failover needs replicas_per_shard >= 1",
            )
        return self


class AlarmsConfig(_Frozen):
    """Where CloudWatch alarms are sent."""

    email_endpoints: tuple[str, ...] = ()
    """E-mail addresses subscribed to the alarm topic (each must confirm). Default: none;
    subscribe a pager or chat integration to the topic instead."""

    @field_validator("email_endpoints")
    @classmethod
    def _emails(cls, emails: tuple[str, ...]) -> tuple[str, ...]:
        for email in emails:
            if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
                raise ValueError(f"{email!r} is not an e-mail address")
        return emails


class EnvironmentConfig(_Frozen):
    """One deployable environment (``dev``, ``prod``): everything its stacks need.

    Built and validated in ``environments/<name>.py``; an invalid value raises before
    any synthesis, with a message naming the field.
    """

    name: str = Field(min_length=2, max_length=16)
    """Environment name; also the prefix of its stack names and state keys."""
    region: str
    """AWS Region of the environment."""
    name_prefix: str = Field(min_length=2, max_length=20)
    """Prefix for resource names (kept short: ElastiCache and ALB names are limited)."""
    production: bool = False
    """Production rules apply: NAT per AZ, no burstable database or cache classes."""
    account_id: str | None = None
    """If set, the AWS provider refuses to run against any other account. Default: unset."""
    tags: Tags
    """Ownership and cost tags."""
    network: NetworkConfig
    """The VPC and subnet plan."""
    state: StateBackendConfig
    """Where this environment's Terraform state lives."""
    eks: EksConfig = Field(default_factory=EksConfig)
    """EKS cluster settings. Default: private endpoint, Kubernetes 1.35, no spot group."""
    nodes: NodeGroupSizing
    """EKS managed node group sizing."""
    aurora: AuroraSizing
    """Aurora PostgreSQL sizing."""
    redis: RedisSizing
    """ElastiCache Redis sizing."""
    alarms: AlarmsConfig = Field(default_factory=AlarmsConfig)
    """Alarm notification targets. Default: the topic only."""

    @field_validator("name", "name_prefix")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value) or "--" in value:
            raise ValueError(
                "expected lowercase letters, digits and single hyphens, starting with a letter"
            )
        return value

    @field_validator("region")
    @classmethod
    def _known_region(cls, region: str) -> str:
        return _check_region(region)

    @field_validator("account_id")
    @classmethod
    def _account(cls, account_id: str | None) -> str | None:
        return _check_account(account_id)

    @model_validator(mode="after")
    def _cross_field_rules(self) -> Self:
        for index, zone in enumerate(self.network.availability_zones):
            suffix = zone.removeprefix(self.region)
            if suffix == zone or not _AZ_SUFFIX.match(suffix):
                raise FieldError(
                    f"network.availability_zones[{index}]",
                    zone,
                    f"expected an Availability Zone of region {self.region} such as {self.region}a",
                )
        if self.aurora.dr_region == self.region:
            raise FieldError(
                "aurora.dr_region",
                self.aurora.dr_region,
                f"expected a Region other than the environment's ({self.region})",
            )
        if self.production:
            if self.eks.public_access_cidrs:
                raise FieldError(
                    "eks.public_access_cidrs",
                    list(self.eks.public_access_cidrs),
                    "production keeps the EKS API endpoint private",
                )
            if self.network.nat_gateways != "one_per_az":
                raise FieldError(
                    "network.nat_gateways",
                    self.network.nat_gateways,
                    "production requires one_per_az so that losing an AZ keeps egress",
                )
            if not self.aurora.deletion_protection:
                raise FieldError(
                    "aurora.deletion_protection", False, "production requires deletion protection"
                )
            if self.aurora.dr_region is None:
                raise FieldError(
                    "aurora.dr_region", None, "production requires cross-Region backup copies"
                )
            for field, value in (
                ("aurora.instance_class", self.aurora.instance_class),
                ("redis.node_type", self.redis.node_type),
            ):
                if value.startswith(BURSTABLE_PREFIXES):
                    raise FieldError(
                        field, value, "production forbids burstable (t-family) classes"
                    )
        return self

    @property
    def cluster_name(self) -> str:
        """Name of the environment's EKS cluster (subnets are tagged for it)."""
        return f"{self.name_prefix}-eks"

    def default_tags(self) -> dict[str, str]:
        """Tags every AWS resource of this environment carries (provider default_tags)."""
        return {
            "Project": self.tags.project,
            "Environment": self.name,
            "ManagedBy": "cdktf",
            "Owner": self.tags.owner,
            "CostCenter": self.tags.cost_center,
            **self.tags.extra,
        }

    def state_key(self, stack: str) -> str:
        """S3 key of one of this environment's stacks, e.g. ``prod/core.tfstate``."""
        return f"{self.name}/{stack}.tfstate"


_GITHUB_REPOSITORY = re.compile(
    r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$"
)
_GITHUB_ENVIRONMENT = re.compile(r"^[A-Za-z0-9._-]{1,255}$")


class BootstrapConfig(_Frozen):
    """The one-off ``bootstrap`` stack that creates the state bucket and lock table."""

    name_prefix: str = Field(min_length=2, max_length=20)
    """Prefix for the bootstrap's own resource names (KMS alias)."""
    tags: Tags
    """Ownership and cost tags."""
    state: StateBackendConfig
    """The bucket and table to create; every environment stores its state there."""
    account_id: str | None = None
    """If set, the AWS provider refuses to run against any other account. Default: unset."""
    github_repository: str | None = None
    """GitHub repository (``owner/name``) whose Actions workflows plan and apply through
    OIDC roles the bootstrap creates (no long-lived keys). Default: unset, no roles."""
    github_environments: tuple[str, ...] = ("dev", "prod")
    """GitHub environments whose jobs may assume the apply role; protect ``prod`` with
    required reviewers. Default: ``dev`` and ``prod``."""

    @field_validator("account_id")
    @classmethod
    def _account(cls, account_id: str | None) -> str | None:
        return _check_account(account_id)

    @field_validator("github_repository")
    @classmethod
    def _github_repository(cls, repository: str | None) -> str | None:
        if repository is not None and not _GITHUB_REPOSITORY.match(repository):
            raise ValueError("expected a GitHub repository as owner/name, e.g. example-org/infra")
        return repository

    @field_validator("github_environments")
    @classmethod
    def _github_environments(cls, environments: tuple[str, ...]) -> tuple[str, ...]:
        if not environments or len(set(environments)) != len(environments):
            raise ValueError("expected at least one GitHub environment, each named once")
        for environment in environments:
            if not _GITHUB_ENVIRONMENT.match(environment):
                raise ValueError(
                    f"{environment!r}: expected letters, digits, '.', '_' or '-' (no wildcards)"
                )
        return environments

    def default_tags(self) -> dict[str, str]:
        """Tags of the bootstrap resources."""
        return {
            "Project": self.tags.project,
            "Environment": "shared",
            "ManagedBy": "cdktf",
            "Owner": self.tags.owner,
            "CostCenter": self.tags.cost_center,
            **self.tags.extra,
        }


def _check_retention(days: int) -> int:
    if days not in CLOUDWATCH_LOG_RETENTION_DAYS:
        raise ValueError(
            f"expected one of the CloudWatch Logs retention values "
            f"{sorted(CLOUDWATCH_LOG_RETENTION_DAYS)}"
        )
    return days


def _check_account(account_id: str | None) -> str | None:
    if account_id is not None and not _ACCOUNT_ID.match(account_id):
        raise ValueError("expected a 12-digit AWS account id")
    return account_id


def _check_region(region: str) -> str:
    if region not in AWS_REGIONS:
        raise ValueError("unknown AWS region; expected one of environments.regions.AWS_REGIONS")
    return region


def _check_family(instance_class: str, families: frozenset[str]) -> str:
    family, _, size = instance_class.rpartition(".")
    if family not in families or not size:
        raise ValueError(f"expected an instance class of the families {sorted(families)}")
    return instance_class


def check_same_state_backend(
    bootstrap: BootstrapConfig, environments: Sequence[EnvironmentConfig]
) -> None:
    """Every environment must keep its state in the bucket the bootstrap creates."""
    for environment in environments:
        if environment.state.bucket != bootstrap.state.bucket:
            raise FieldError(
                f"{environment.name}.state.bucket",
                environment.state.bucket,
                f"expected the bootstrap state bucket {bootstrap.state.bucket!r}",
            )
        if environment.state.lock_table != bootstrap.state.lock_table:
            raise FieldError(
                f"{environment.name}.state.lock_table",
                environment.state.lock_table,
                f"expected the bootstrap lock table {bootstrap.state.lock_table!r}",
            )
