"""The ``<env>-core`` stack: the network, EKS, the data layer and its alarms."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.alarms import Alarms, AlarmsProps
from platform_cdktf.modules.aurora_postgres import AuroraPostgres, AuroraPostgresProps
from platform_cdktf.modules.ci_runner import CiRunner, CiRunnerProps
from platform_cdktf.modules.eks import CiAccessProps, EksCluster, EksClusterProps
from platform_cdktf.modules.redis import Redis, RedisProps
from platform_cdktf.modules.shared.alerts import SEVERITIES
from platform_cdktf.modules.vpc import Vpc, VpcProps

from .base import EnvironmentStack, environment_stack_name
from .core_karpenter import add_karpenter_infrastructure
from .core_operations import add_operations
from .target import AWS_TARGET, DeploymentTarget

CORE_STACK = "core"


def core_stack_name(environment: str) -> str:
    """Stack name of an environment's core stack, e.g. ``prod-core``."""
    return environment_stack_name(environment, CORE_STACK)


class CoreStack(EnvironmentStack):
    """AWS resources of one environment, with state in ``<env>/core.tfstate``: the VPC,
    EKS, Aurora, Redis and the alarms, wired to each other."""

    def __init__(
        self,
        scope: Construct,
        *,
        config: EnvironmentConfig,
        target: DeploymentTarget = AWS_TARGET,
    ) -> None:
        config = target.adapt(config)
        super().__init__(scope, config=config, kind=CORE_STACK, target=target)
        self.config = config
        prefix = config.name_prefix
        self.vpc = Vpc(
            self,
            "vpc",
            props=VpcProps(
                name=prefix, settings=config.network, database_ports=config.database_ports
            ),
        )
        self.eks = EksCluster(
            self,
            "eks",
            props=EksClusterProps(
                name=config.cluster_name,
                settings=config.eks,
                network=self.vpc,
                install_addons=target.supports("eks_addons"),
                ci_access=self._ci_access(config, target),
            ),
        )
        if config.karpenter is not None:
            add_karpenter_infrastructure(self)
        self.ci_runner = self._ci_runner(config, target)
        # The data stores admit the nodes (and pods) by their security group.
        sources = (
            {"eks_nodes": self.eks.node_security_group_id}
            if target.supports("eks_cluster_security_group")
            else {}
        )
        dr_backup = config.aurora.dr_backup
        self.aurora = AuroraPostgres(
            self,
            "aurora",
            props=AuroraPostgresProps(
                name=config.aurora_cluster_identifier,
                settings=config.aurora,
                network=self.vpc,
                allowed_security_groups=sources,
                # Modules never create providers: the DR Region's belongs to the stack.
                dr_provider=self.aws_provider("aws_dr", region=dr_backup.region, alias="dr")
                if dr_backup is not None
                else None,
            ),
        )
        self.redis = (
            Redis(
                self,
                "redis",
                props=RedisProps(
                    name=config.redis_replication_group_id,
                    settings=config.redis,
                    network=self.vpc,
                    allowed_security_groups=sources,
                ),
            )
            if target.supports("redis")
            else None
        )
        slack = config.alerts.slack
        self.alarms = Alarms(
            self,
            "alarms",
            props=AlarmsProps(
                name=f"{prefix}-alarms",
                settings=config.alarms,
                routing=config.alerts,
                # Chatbot's API is in a few Regions only (settings.CHATBOT_API_REGIONS).
                chatbot_provider=self.aws_provider(
                    "aws_chatbot", region=slack.api_region, alias="chatbot"
                )
                if slack is not None and target.supports("alert_chat")
                else None,
                chat=target.supports("alert_chat"),
            ),
        )
        self.alarms.watch_aurora(self.aurora)
        if self.redis is not None:
            self.alarms.watch_redis(self.redis)
        add_operations(self)
        self._outputs()

    @staticmethod
    def _ci_access(config: EnvironmentConfig, target: DeploymentTarget) -> CiAccessProps | None:
        """The delivery roles' access entries, when the environment is delivered from
        GitHub (the bootstrap stack creates the roles under these names)."""
        github = config.github
        if github is None or not target.supports("eks_access_entries"):
            return None
        return CiAccessProps(
            plan_role_name=github.plan_role_name(config.name),
            apply_role_name=github.apply_role_name(config.name),
        )

    def _ci_runner(self, config: EnvironmentConfig, target: DeploymentTarget) -> CiRunner | None:
        """The runner inside the VPC that plans and applies the platform stack (the EKS
        endpoint is private), when the environment is delivered from GitHub."""
        github = config.github
        if github is None or not config.ci_runner.enabled:
            return None
        runner = CiRunner(
            self,
            "ci_runner",
            props=CiRunnerProps(
                name=config.name_prefix,
                repository=github.repository,
                settings=config.ci_runner,
                network=self.vpc,
                link_github=target.supports("ci_runner_github_link"),
            ),
        )
        if target.supports("eks_cluster_security_group"):
            self.eks.allow_api_access_from("github_runner", runner.security_group_id)
        return runner

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
            "alarm_topic_arn": (self.alarms.topic_arn, "SNS topic of critical alerts"),
            **{
                f"alert_topic_arn_{severity}": (
                    self.alarms.topic_arn_of(severity),
                    f"SNS topic of {severity} alerts",
                )
                for severity in SEVERITIES
            },
        }
        if self.ci_runner is not None:
            outputs["ci_runner_project_name"] = (
                self.ci_runner.project_name,
                "CodeBuild project of the GitHub Actions runner in the VPC (runs-on: "
                "codebuild-<name>-${{ github.run_id }}-${{ github.run_attempt }})",
            )
        if self.redis is not None:
            redis = self.redis
            outputs |= {
                "redis_endpoint": (redis.endpoint_address, "Redis endpoint (TLS required)"),
                "redis_port": (redis.port, "Redis port"),
                "redis_app_user_id": (redis.app_user_id, "IAM-authenticated Redis user"),
                "redis_security_group_id": (redis.security_group_id, "Redis security group"),
            }
        self.outputs(outputs)
