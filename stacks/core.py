"""The ``<env>-core`` stack: the network, EKS, the data layer and its alarms."""

from __future__ import annotations

from cdktf import TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.alarms import Alarms, AlarmsProps
from platform_cdktf.modules.aurora_postgres import (
    AuroraPostgres,
    AuroraPostgresProps,
    DrBackupProps,
    ReadReplicaAutoscaling,
)
from platform_cdktf.modules.eks import EksCluster, EksClusterProps, NodeGroupProps, Taint
from platform_cdktf.modules.providers import (
    AwsProviderProps,
    S3BackendProps,
    aws_provider,
    s3_backend,
)
from platform_cdktf.modules.redis import Redis, RedisProps
from platform_cdktf.modules.shared import AccountContext
from platform_cdktf.modules.vpc import Vpc, VpcProps

from .target import AWS_TARGET, DeploymentTarget

CORE_STACK = "core"


def core_stack_name(environment: str) -> str:
    """Stack name of an environment's core stack, e.g. ``prod-core``."""
    return f"{environment}-{CORE_STACK}"


class CoreStack(TerraformStack):
    """AWS resources of one environment, with state in ``<env>/core.tfstate``."""

    def __init__(
        self,
        scope: Construct,
        *,
        config: EnvironmentConfig,
        target: DeploymentTarget = AWS_TARGET,
    ) -> None:
        super().__init__(scope, core_stack_name(config.name))
        self.target = target
        s3_backend(
            self,
            props=S3BackendProps(
                bucket=config.state.bucket,
                key=config.state_key(CORE_STACK),
                region=config.state.region,
                lock_table=config.state.lock_table,
                use_lockfile=config.state.use_lockfile,
                emulator=target.emulator,
            ),
        )
        aws_provider(
            self,
            "aws",
            props=AwsProviderProps(
                region=config.region,
                tags=config.default_tags(),
                allowed_account_ids=[config.account_id] if config.account_id else [],
                emulator=target.emulator,
            ),
        )
        network = config.network
        self.vpc = Vpc(
            self,
            "vpc",
            props=VpcProps(
                name=config.name_prefix,
                cidr_block=network.vpc_cidr,
                availability_zones=network.availability_zones,
                public_subnet_cidrs=network.public_subnets,
                private_subnet_cidrs=network.private_subnets,
                database_subnet_cidrs=network.database_subnets,
                nat_gateways=network.nat_gateways,
                flow_log_retention_days=network.flow_log_retention_days,
                cluster_name=config.cluster_name,
                gateway_endpoints=network.gateway_endpoints,
            ),
        )
        self.eks = self._eks(config)
        self.aurora = self._aurora(config)
        self.redis = self._redis(config) if target.supports("redis") else None
        self.alarms = self._alarms(config)
        self._outputs()

    def _eks(self, config: EnvironmentConfig) -> EksCluster:
        eks, nodes = config.eks, config.nodes
        node_groups = [
            NodeGroupProps(
                name="general",
                instance_types=nodes.instance_types,
                min_size=nodes.min_size,
                desired_size=nodes.desired_size,
                max_size=nodes.max_size,
                labels={"platform/capacity": "on-demand"},
            )
        ]
        if eks.spot_nodes is not None:
            spot = eks.spot_nodes
            node_groups.append(
                NodeGroupProps(
                    name="spot",
                    capacity_type="SPOT",
                    instance_types=spot.instance_types,
                    min_size=spot.min_size,
                    desired_size=spot.desired_size,
                    max_size=spot.max_size,
                    labels={"platform/capacity": "spot"},
                    taints=[Taint(key="capacity", value="spot", effect="NO_SCHEDULE")],
                )
            )
        account = AccountContext.of(self)
        return EksCluster(
            self,
            "eks",
            props=EksClusterProps(
                name=config.cluster_name,
                kubernetes_version=eks.kubernetes_version,
                vpc_id=self.vpc.vpc_id,
                subnet_ids=self.vpc.private_subnet_ids,
                node_groups=node_groups,
                public_access_cidrs=eks.public_access_cidrs,
                admin_role_arns=[
                    f"arn:{account.partition}:iam::{account.account_id}:role/{name}"
                    for name in eks.admin_role_names
                ]
                if self.target.supports("eks_access_entries")
                else [],
                log_retention_days=eks.control_plane_log_retention_days,
                addon_versions=eks.addon_versions,
                install_addons=self.target.supports("eks_addons"),
            ),
        )

    def _data_layer_sources(self) -> dict[str, str]:
        """Security groups the data stores admit: the EKS nodes (and pods)."""
        if not self.target.supports("eks_cluster_security_group"):
            return {}
        return {"eks_nodes": self.eks.node_security_group_id}

    def _aurora(self, config: EnvironmentConfig) -> AuroraPostgres:
        aurora = config.aurora
        dr_backup = None
        if aurora.dr_region is not None and self.target.supports("aurora_dr_backup"):
            # Modules never create providers: the stack owns the DR Region's provider.
            dr_provider = aws_provider(
                self,
                "aws_dr",
                props=AwsProviderProps(
                    region=aurora.dr_region,
                    tags=config.default_tags(),
                    allowed_account_ids=[config.account_id] if config.account_id else [],
                    alias="dr",
                    emulator=self.target.emulator,
                ),
            )
            dr_backup = DrBackupProps(provider=dr_provider)
        autoscaling = self.target.supports("aurora_autoscaling") and aurora.max_readers > 0
        fixed_readers = aurora.instance_count - 1
        return AuroraPostgres(
            self,
            "aurora",
            props=AuroraPostgresProps(
                name=f"{config.name_prefix}-aurora",
                vpc_id=self.vpc.vpc_id,
                subnet_ids=self.vpc.database_subnet_ids,
                availability_zones=config.network.availability_zones,
                instance_class=aurora.instance_class,
                instance_count=aurora.instance_count,
                allowed_security_groups=self._data_layer_sources(),
                backup_retention_days=aurora.backup_retention_days,
                preferred_backup_window=aurora.backup_window,
                preferred_maintenance_window=aurora.maintenance_window,
                deletion_protection=aurora.deletion_protection,
                slow_statement_threshold_ms=aurora.slow_statement_ms,
                autoscaling=ReadReplicaAutoscaling(
                    min_readers=max(fixed_readers, 1), max_readers=aurora.max_readers
                )
                if autoscaling
                else None,
                dr_backup=dr_backup,
            ),
        )

    def _redis(self, config: EnvironmentConfig) -> Redis:
        redis = config.redis
        cluster_mode = redis.shards > 1
        return Redis(
            self,
            "redis",
            props=RedisProps(
                name=f"{config.name_prefix}-redis",
                vpc_id=self.vpc.vpc_id,
                subnet_ids=self.vpc.database_subnet_ids,
                node_type=redis.node_type,
                replicas=redis.replicas_per_shard,
                shards=redis.shards if cluster_mode else None,
                multi_az=redis.multi_az,
                automatic_failover=redis.multi_az or cluster_mode,
                availability_zones=() if cluster_mode else config.network.availability_zones,
                allowed_security_groups=self._data_layer_sources(),
                maxmemory_policy=redis.eviction_policy,
                snapshot_retention_days=redis.snapshot_retention_days,
            ),
        )

    def _alarms(self, config: EnvironmentConfig) -> Alarms:
        alarms = Alarms(self, "alarms", props=AlarmsProps(name=f"{config.name_prefix}-alarms"))
        alarms.watch_aurora(self.aurora)
        if self.redis is not None:
            alarms.watch_redis(self.redis)
        for index, email in enumerate(config.alarms.email_endpoints):
            SnsTopicSubscription(
                self,
                f"alarm_email_{index}",
                topic_arn=alarms.topic_arn,
                protocol="email",
                endpoint=email,
            )
        return alarms

    def _outputs(self) -> None:
        vpc, eks = self.vpc, self.eks
        outputs: dict[str, tuple[object, str]] = {
            "vpc_id": (vpc.vpc_id, "Id of the VPC"),
            "vpc_cidr_block": (vpc.cidr_block, "IPv4 CIDR of the VPC"),
            "public_subnet_ids": (vpc.public_subnet_ids, "Public subnets, one per AZ"),
            "private_subnet_ids": (vpc.private_subnet_ids, "Private (compute) subnets, one per AZ"),
            "database_subnet_ids": (vpc.database_subnet_ids, "Database subnets, one per AZ"),
            "nat_public_ips": (vpc.nat_public_ips, "Egress addresses of the NAT gateways"),
            "flow_log_group_name": (vpc.flow_log_group_name, "Log group of the VPC flow logs"),
            "eks_cluster_name": (eks.name, "Name of the EKS cluster"),
            "eks_cluster_endpoint": (eks.endpoint, "API server endpoint (private unless opened)"),
            "eks_oidc_provider_arn": (eks.oidc_provider_arn, "IAM OIDC provider for IRSA"),
            "eks_node_security_group_id": (
                eks.node_security_group_id,
                "Security group of the nodes; the data layer admits traffic from it",
            ),
            "aurora_writer_endpoint": (self.aurora.writer_endpoint, "Aurora writer endpoint"),
            "aurora_reader_endpoint": (self.aurora.reader_endpoint, "Aurora reader endpoint"),
            "aurora_port": (self.aurora.port, "Aurora port"),
            "aurora_master_secret_arn": (
                self.aurora.master_user_secret_arn,
                "Secrets Manager secret (managed by RDS) holding the master credentials",
            ),
            "aurora_security_group_id": (self.aurora.security_group_id, "Aurora security group"),
            "alarm_topic_arn": (self.alarms.topic_arn, "SNS topic receiving every alarm"),
        }
        if self.redis is not None:
            redis = self.redis
            outputs |= {
                "redis_endpoint": (redis.endpoint_address, "Redis endpoint (TLS required)"),
                "redis_port": (redis.port, "Redis port"),
                "redis_app_user_id": (redis.app_user_id, "IAM-authenticated Redis user"),
                "redis_security_group_id": (redis.security_group_id, "Redis security group"),
            }
        for name, (value, description) in outputs.items():
            TerraformOutput(self, name, value=value, description=description)
