"""The Redis construct: replication group (Redis OSS or Valkey), users, encryption, logs,
access."""

from __future__ import annotations

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.elasticache_parameter_group import (
    ElasticacheParameterGroup,
    ElasticacheParameterGroupParameter,
)
from cdktf_cdktf_provider_aws.elasticache_replication_group import (
    ElasticacheReplicationGroup,
    ElasticacheReplicationGroupLogDeliveryConfiguration,
)
from cdktf_cdktf_provider_aws.elasticache_subnet_group import ElasticacheSubnetGroup
from cdktf_cdktf_provider_aws.elasticache_user import (
    ElasticacheUser,
    ElasticacheUserAuthenticationMode,
)
from cdktf_cdktf_provider_aws.elasticache_user_group import ElasticacheUserGroup
from constructs import Construct

from ..shared.data_store import DataStore
from .props import RedisProps
from .settings import REDIS_ENGINE

LOG_TYPES = ("slow-log", "engine-log")
"""Redis logs delivered to CloudWatch Logs, one log group each."""

DISABLED_DEFAULT_ACCESS = "off -@all"
"""ACL of the replacement ``default`` user: switched off, no commands, so an
unauthenticated connection can do nothing."""


class Redis(DataStore):
    """An ElastiCache replication group, Redis OSS or Valkey, private, encrypted and
    password-free.

    * Redis OSS 7 (default) or Valkey at a pinned version, ``replicas_per_shard`` replicas
      per shard,
      Multi-AZ with automatic failover, optionally cluster mode with ``shards`` shards;
      nodes in a subnet group of the VPC's database subnets, spread over its AZs.
    * Encrypted at rest with a rotating customer-managed key and in transit (TLS
      required).
    * Authentication without any secret: the application user authenticates with IAM
      (``authentication_mode = iam``; its user id and name are identical, as IAM
      authentication requires). The built-in ``default`` user is replaced in the user
      group by a disabled user of that name, so nothing connects without IAM. The users
      and the user group keep the engine ``redis`` with either engine: Valkey clusters
      accept user groups of both engines, and only a ``redis`` user group may hold the
      password-less disabled ``default`` user (see :meth:`_users`).
    * A parameter group (eviction policy, ``cluster-enabled`` matching the mode),
      snapshots with retention, a maintenance window, and slow-log and engine-log
      delivery to log groups with retention and KMS.
    * A security group admits the port only from the security groups it is given.
    """

    def __init__(self, scope: Construct, id_: str, *, props: RedisProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.settings = settings = props.settings
        name = props.name
        log_group_names = {
            log_type: f"/aws/elasticache/{name}/{log_type}" for log_type in LOG_TYPES
        }
        self._protect(
            props,
            name=f"{name}-redis",
            key_description=f"ElastiCache Redis {name}: data at rest, snapshots, logs",
            log_groups=list(log_group_names.values()),
            title=f"ElastiCache Redis {name}",
            service="Redis",
        )
        self.log_groups = {
            log_type: CloudwatchLogGroup(
                self,
                f"log_group_{log_type.replace('-', '_')}",
                name=group_name,
                retention_in_days=settings.log_retention_days,
                kms_key_id=self.key.arn,
            )
            for log_type, group_name in log_group_names.items()
        }
        self.subnet_group = ElasticacheSubnetGroup(
            self,
            "subnet_group",
            name=f"{name}-redis",
            description=f"Database subnets of the Redis replication group {name}",
            subnet_ids=props.network.database_subnet_ids,
        )
        family = settings.parameter_family
        self.parameter_group = ElasticacheParameterGroup(
            self,
            "parameters",
            name=f"{name}-{family}",
            family=family,
            description=(
                f"Redis parameters of {name}"
                if settings.engine == REDIS_ENGINE
                else f"{settings.engine_title} parameters of {name}"
            ),
            # A new family (Redis OSS -> Valkey, valkey7 -> valkey8) replaces the group
            # (family is ForceNew) while the replication group still uses the old one, which
            # ElastiCache will not delete: create the new group (its name carries the
            # family) first, move the replication group, then delete the old one. Set only
            # off the default engine so the Redis OSS configuration stays as it was.
            lifecycle=(
                None
                if settings.engine == REDIS_ENGINE
                else TerraformResourceLifecycle(create_before_destroy=True)
            ),
            parameter=[
                ElasticacheParameterGroupParameter(
                    name="maxmemory-policy", value=settings.eviction_policy
                ),
                ElasticacheParameterGroupParameter(
                    name="cluster-enabled", value="yes" if settings.cluster_mode else "no"
                ),
            ],
        )
        self._users()
        self.replication_group = self._replication_group()

    # -- construction -------------------------------------------------------------

    def _users(self) -> None:
        # Users and user group stay on the engine "redis" whatever the cache runs
        # (ElastiCache User Guide, "Role-Based Access Control (RBAC)",
        # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html):
        # "When using RBAC with Valkey clusters, user groups with both engine VALKEY and
        # engine REDIS can be used", while "a user group configured for the VALKEY engine
        # can only contain users that are using an authentication mechanism (password or
        # IAM)" - so the disabled, password-less "default" user below could not be in a
        # VALKEY group. Keeping "redis" also keeps the Redis OSS -> Valkey upgrade to the
        # replication group and its parameter group alone.
        name = self.props.name
        self.default_user = ElasticacheUser(
            self,
            "default_user",
            user_id=f"{name}-default",
            # Every user group needs a user called "default"; this one cannot log in
            # and may run nothing, so the group is reachable only through IAM users.
            user_name="default",
            engine=REDIS_ENGINE,
            access_string=DISABLED_DEFAULT_ACCESS,
            authentication_mode=ElasticacheUserAuthenticationMode(type="no-password-required"),
        )
        app_user = f"{name}-app"
        self.app_user = ElasticacheUser(
            self,
            "app_user",
            # IAM authentication requires the user id and the user name to be identical.
            user_id=app_user,
            user_name=app_user,
            engine=REDIS_ENGINE,
            access_string=self.settings.app_access_string,
            authentication_mode=ElasticacheUserAuthenticationMode(type="iam"),
        )
        self.user_group = ElasticacheUserGroup(
            self,
            "user_group",
            user_group_id=f"{name}-users",
            engine=REDIS_ENGINE,
            user_ids=[self.default_user.user_id, self.app_user.user_id],
        )

    def _replication_group(self) -> ElasticacheReplicationGroup:
        props, settings = self.props, self.settings
        nodes: dict[str, int | None] = (
            {
                "num_node_groups": settings.shards,
                "replicas_per_node_group": settings.replicas_per_shard,
                "num_cache_clusters": None,
            }
            if settings.cluster_mode
            else {
                "num_node_groups": None,
                "replicas_per_node_group": None,
                "num_cache_clusters": settings.nodes_per_shard,
            }
        )
        return ElasticacheReplicationGroup(
            self,
            "replication_group",
            replication_group_id=props.name,
            description=(
                f"Redis {props.name}"
                if settings.engine == REDIS_ENGINE
                else f"{settings.engine_title} {props.name}"
            ),
            # Redis OSS -> Valkey is an in-place update in provider 5.100 (its CustomizeDiff
            # forces a new resource for any other engine change); see docs/cache-engines.md.
            engine=settings.engine,
            engine_version=settings.engine_version,
            node_type=settings.node_type,
            port=settings.port,
            cluster_mode="enabled" if settings.cluster_mode else "disabled",
            num_node_groups=nodes["num_node_groups"],
            replicas_per_node_group=nodes["replicas_per_node_group"],
            num_cache_clusters=nodes["num_cache_clusters"],
            preferred_cache_cluster_azs=props.preferred_azs(),
            multi_az_enabled=settings.multi_az,
            automatic_failover_enabled=settings.automatic_failover,
            parameter_group_name=self.parameter_group.name,
            subnet_group_name=self.subnet_group.name,
            security_group_ids=[self.security_group.security_group_id],
            # The provider types this flag as a string.
            at_rest_encryption_enabled="true",
            kms_key_id=self.key.arn,
            transit_encryption_enabled=True,
            transit_encryption_mode="required",
            user_group_ids=[self.user_group.user_group_id],
            auto_minor_version_upgrade="true",
            snapshot_retention_limit=settings.snapshot_retention_days,
            snapshot_window=settings.snapshot_window,
            maintenance_window=settings.maintenance_window,
            final_snapshot_identifier=props.final_snapshot_identifier,
            log_delivery_configuration=[
                ElasticacheReplicationGroupLogDeliveryConfiguration(
                    destination=group.name,
                    destination_type="cloudwatch-logs",
                    log_format="json",
                    log_type=log_type,
                )
                for log_type, group in self.log_groups.items()
            ],
        )

    # -- behaviour ----------------------------------------------------------------

    # -- outputs ------------------------------------------------------------------

    @property
    def replication_group_id(self) -> str:
        """Id of the replication group (``props.name``)."""
        return self.replication_group.id

    @property
    def replication_group_arn(self) -> str:
        """ARN of the replication group."""
        return self.replication_group.arn

    @property
    def primary_endpoint_address(self) -> str | None:
        """DNS name of the primary (writes), or None in cluster mode."""
        return (
            None if self.settings.cluster_mode else self.replication_group.primary_endpoint_address
        )

    @property
    def reader_endpoint_address(self) -> str | None:
        """DNS name balancing over the replicas, or None in cluster mode."""
        return (
            None if self.settings.cluster_mode else self.replication_group.reader_endpoint_address
        )

    @property
    def configuration_endpoint_address(self) -> str | None:
        """DNS name of the cluster-mode configuration endpoint, or None without it."""
        if not self.settings.cluster_mode:
            return None
        return self.replication_group.configuration_endpoint_address

    @property
    def endpoint_address(self) -> str:
        """The address clients connect to: the configuration endpoint in cluster mode,
        else the primary endpoint."""
        return (
            self.replication_group.configuration_endpoint_address
            if self.settings.cluster_mode
            else self.replication_group.primary_endpoint_address
        )

    @property
    def port(self) -> int:
        """Port of the endpoints."""
        return self.settings.port

    @property
    def user_group_id(self) -> str:
        """Id of the user group attached to the replication group."""
        return self.user_group.user_group_id

    @property
    def app_user_id(self) -> str:
        """Id (and user name) of the IAM-authenticated application user."""
        return self.app_user.user_id

    @property
    def app_user_arn(self) -> str:
        """ARN of the application user, the resource of ``elasticache:Connect``."""
        return self.app_user.arn

    @property
    def member_cluster_ids(self) -> list[str]:
        """Cache cluster (node) ids of the members, as static strings."""
        return self.props.member_cluster_ids
