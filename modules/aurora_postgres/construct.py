"""The Aurora PostgreSQL construct: cluster, instances, encryption, backups, logs, access."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.appautoscaling_policy import (
    AppautoscalingPolicy,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
)
from cdktf_cdktf_provider_aws.appautoscaling_target import AppautoscalingTarget
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.db_parameter_group import DbParameterGroup
from cdktf_cdktf_provider_aws.db_subnet_group import DbSubnetGroup
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.rds_cluster import RdsCluster
from cdktf_cdktf_provider_aws.rds_cluster_instance import RdsClusterInstance
from cdktf_cdktf_provider_aws.rds_cluster_parameter_group import (
    RdsClusterParameterGroup,
    RdsClusterParameterGroupParameter,
)
from constructs import Construct

from ..shared import (
    AccountContext,
)
from ..shared.data_store import DataStore
from ..shared.iam import service_trust_policy
from .backup import DrBackupCopies
from .props import AuroraPostgresProps
from .settings import AURORA_POSTGRESQL_FAMILY, ENGINE

LOG_EXPORTS = ("postgresql",)
"""Log types exported to CloudWatch Logs (Aurora PostgreSQL has only this one)."""

CA_CERTIFICATE = "rds-ca-rsa2048-g1"
"""Server certificate authority of the instances (valid until 2061; clients verify it)."""


class AuroraPostgres(DataStore):
    """An Aurora PostgreSQL cluster, private and encrypted, spread over several AZs.

    * ``aurora-postgresql`` at a pinned version; ``instance_count`` instances (the first
      becomes the writer) placed round-robin over the given AZs, in a DB subnet group of
      the database subnets; never publicly accessible.
    * Storage, Performance Insights, the log group and the master user secret are
      encrypted with one rotating customer-managed key. RDS generates and rotates the
      master password in Secrets Manager (``manage_master_user_password``): no password
      exists in code, state or plan. IAM database authentication is on, so applications
      connect with short-lived IAM tokens instead of passwords.
    * TLS is forced (``rds.force_ssl=1``); statements slower than a threshold are logged;
      the PostgreSQL log is exported to a log group created here with retention and KMS.
    * Automated backups with point-in-time recovery for ``backup_retention_days``, tags
      copied to snapshots, deletion protection and a deterministic final snapshot.
      Optionally AWS Backup copies snapshots to a vault in a DR Region.
    * Aurora Backtrack exists only for Aurora MySQL. For PostgreSQL the way back in time
      is a point-in-time restore into a new cluster, anywhere within the retention window
      (``aws rds restore-db-cluster-to-point-in-time``), then a switch of the endpoint.
    * A security group admits the port only from the security groups it is given.
    * Enhanced Monitoring through a role only the RDS monitoring service can assume;
      optional reader auto scaling on CPU.
    """

    def __init__(self, scope: Construct, id_: str, *, props: AuroraPostgresProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.settings = settings = props.settings
        name = props.name
        log_group_name = f"/aws/rds/cluster/{name}/postgresql"
        self._protect(
            props,
            name=f"{name}-aurora",
            key_description=(
                f"Aurora cluster {name}: storage, master user secret, Performance "
                "Insights, logs, backups"
            ),
            log_groups=[log_group_name],
            title=f"Aurora PostgreSQL {name}",
            service="PostgreSQL",
        )
        self.subnet_group = DbSubnetGroup(
            self,
            "subnet_group",
            name=f"{name}-aurora",
            description=f"Database subnets of the Aurora cluster {name}",
            subnet_ids=props.network.database_subnet_ids,
        )
        self.cluster_parameter_group = RdsClusterParameterGroup(
            self,
            "cluster_parameters",
            name=f"{name}-{AURORA_POSTGRESQL_FAMILY}",
            family=AURORA_POSTGRESQL_FAMILY,
            description=f"Cluster parameters of {name}: TLS only, statement logging",
            parameter=[
                RdsClusterParameterGroupParameter(name="rds.force_ssl", value="1"),
                RdsClusterParameterGroupParameter(
                    name="log_min_duration_statement",
                    value=str(settings.slow_statement_ms),
                ),
                RdsClusterParameterGroupParameter(
                    name="log_statement", value=settings.log_statement
                ),
            ],
        )
        # Empty today; exists so that instance-level tuning later is a parameter change,
        # not a switch of parameter group (which needs a reboot of every instance).
        self.instance_parameter_group = DbParameterGroup(
            self,
            "instance_parameters",
            name=f"{name}-instance-{AURORA_POSTGRESQL_FAMILY}",
            family=AURORA_POSTGRESQL_FAMILY,
            description=f"Instance parameters of {name}",
        )
        # Created before the cluster so that RDS finds it instead of creating its own
        # group without retention or encryption.
        self.log_group = CloudwatchLogGroup(
            self,
            "log_group",
            name=log_group_name,
            retention_in_days=settings.log_retention_days,
            kms_key_id=self.key.arn,
        )
        self.cluster = self._cluster()
        self.monitoring_role = self._monitoring_role() if settings.monitoring_interval else None
        self.instances = [self._instance(index) for index in range(settings.instance_count)]
        if settings.reader_autoscaling:
            self._autoscaling()
        self.dr_backup = None
        if settings.dr_backup is not None and props.dr_provider is not None:
            self.dr_backup = DrBackupCopies(
                self,
                "dr_backup",
                name=name,
                cluster_arn=self.cluster.arn,
                key_arn=self.key.arn,
                settings=settings.dr_backup,
                provider=props.dr_provider,
                key_deletion_window_days=settings.key_deletion_window_days,
            )

    # -- construction -------------------------------------------------------------

    def _cluster(self) -> RdsCluster:
        props, settings = self.props, self.settings
        return RdsCluster(
            self,
            "cluster",
            cluster_identifier=props.name,
            engine=ENGINE,
            engine_mode="provisioned",
            engine_version=settings.engine_version,
            database_name=settings.database_name,
            master_username=settings.master_username,
            manage_master_user_password=True,
            master_user_secret_kms_key_id=self.key.arn,
            iam_database_authentication_enabled=True,
            port=settings.port,
            db_subnet_group_name=self.subnet_group.name,
            vpc_security_group_ids=[self.security_group.security_group_id],
            db_cluster_parameter_group_name=self.cluster_parameter_group.name,
            storage_encrypted=True,
            kms_key_id=self.key.arn,
            backup_retention_period=settings.backup_retention_days,
            preferred_backup_window=settings.backup_window,
            preferred_maintenance_window=settings.maintenance_window,
            copy_tags_to_snapshot=True,
            deletion_protection=settings.deletion_protection,
            skip_final_snapshot=settings.skip_final_snapshot,
            final_snapshot_identifier=(
                None if settings.skip_final_snapshot else props.final_snapshot_identifier
            ),
            # Automated backups outlive an accidental delete, until their retention ends.
            delete_automated_backups=False,
            allow_major_version_upgrade=False,
            enabled_cloudwatch_logs_exports=list(LOG_EXPORTS),
            depends_on=[self.log_group],
        )

    def _monitoring_role(self) -> IamRole:
        trust = service_trust_policy(
            self, "monitoring_trust", service="monitoring.rds.amazonaws.com"
        )
        role = IamRole(
            self,
            "monitoring_role",
            name=f"{self.props.name}-rds-monitoring",
            assume_role_policy=trust,
        )
        IamRolePolicyAttachment(
            self,
            "monitoring_role_policy",
            role=role.name,
            policy_arn=AccountContext.of(self).aws_managed_policy_arn(
                "service-role/AmazonRDSEnhancedMonitoringRole"
            ),
        )
        return role

    def _instance(self, index: int) -> RdsClusterInstance:
        props, settings = self.props, self.settings
        return RdsClusterInstance(
            self,
            f"instance_{index + 1}",
            identifier=f"{props.name}-{index + 1}",
            cluster_identifier=self.cluster.id,
            engine=ENGINE,
            engine_version=settings.engine_version,
            instance_class=settings.instance_class,
            availability_zone=props.zone_of(index),
            db_subnet_group_name=self.subnet_group.name,
            db_parameter_group_name=self.instance_parameter_group.name,
            publicly_accessible=False,
            auto_minor_version_upgrade=settings.auto_minor_version_upgrade,
            ca_cert_identifier=CA_CERTIFICATE,
            copy_tags_to_snapshot=True,
            preferred_maintenance_window=settings.maintenance_window,
            performance_insights_enabled=True,
            performance_insights_kms_key_id=self.key.arn,
            performance_insights_retention_period=settings.performance_insights_retention_days,
            monitoring_interval=settings.monitoring_interval,
            monitoring_role_arn=self.monitoring_role.arn if self.monitoring_role else None,
        )

    def _autoscaling(self) -> None:
        scaling = self.settings
        target = AppautoscalingTarget(
            self,
            "reader_scaling_target",
            service_namespace="rds",
            scalable_dimension="rds:cluster:ReadReplicaCount",
            resource_id=f"cluster:{self.cluster.cluster_identifier}",
            min_capacity=scaling.min_readers,
            max_capacity=scaling.max_readers,
            # Aurora can only scale a cluster whose instances are available.
            depends_on=list(self.instances),
        )
        AppautoscalingPolicy(
            self,
            "reader_scaling_policy",
            name=f"{self.props.name}-reader-cpu",
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration=(
                AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration(
                    target_value=scaling.reader_target_cpu_percent,
                    predefined_metric_specification=(
                        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification(
                            predefined_metric_type="RDSReaderAverageCPUUtilization"
                        )
                    ),
                    scale_in_cooldown=scaling.reader_scale_in_cooldown_seconds,
                    scale_out_cooldown=scaling.reader_scale_out_cooldown_seconds,
                )
            ),
        )

    # -- behaviour ----------------------------------------------------------------

    # -- outputs ------------------------------------------------------------------

    @property
    def cluster_identifier(self) -> str:
        """Identifier of the cluster (``props.name``)."""
        return self.cluster.cluster_identifier

    @property
    def cluster_arn(self) -> str:
        """ARN of the cluster."""
        return self.cluster.arn

    @property
    def cluster_resource_id(self) -> str:
        """Resource id of the cluster (``cluster-...``), used in ``rds-db:connect`` ARNs."""
        return self.cluster.cluster_resource_id

    @property
    def writer_endpoint(self) -> str:
        """DNS name of the writer endpoint."""
        return self.cluster.endpoint

    @property
    def reader_endpoint(self) -> str:
        """DNS name of the load-balanced reader endpoint."""
        return self.cluster.reader_endpoint

    @property
    def port(self) -> int:
        """Port of both endpoints."""
        return self.settings.port

    @property
    def master_user_secret_arn(self) -> str:
        """ARN of the Secrets Manager secret RDS keeps the master credentials in."""
        return self.cluster.master_user_secret.get(0).secret_arn

    @property
    def instance_identifiers(self) -> list[str]:
        """Identifiers of the Terraform-managed instances, in creation order (static
        strings, so alarms and dashboards can be built per instance)."""
        return [f"{self.props.name}-{index + 1}" for index in range(self.settings.instance_count)]

    @property
    def log_group_name(self) -> str:
        """CloudWatch log group receiving the PostgreSQL log."""
        return self.log_group.name

    @property
    def dr_backup_vault_arn(self) -> str | None:
        """ARN of the DR Region's backup vault, or None without cross-Region copies."""
        return self.dr_backup.dr_vault_arn if self.dr_backup else None
