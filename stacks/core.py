"""The ``<env>-core`` stack: the network (and, as they land, EKS and the data layer)."""

from __future__ import annotations

from cdktf import TerraformOutput, TerraformStack
from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.providers import (
    AwsProviderProps,
    S3BackendProps,
    aws_provider,
    s3_backend,
)
from platform_cdktf.modules.vpc import Vpc, VpcProps

CORE_STACK = "core"


def core_stack_name(environment: str) -> str:
    """Stack name of an environment's core stack, e.g. ``prod-core``."""
    return f"{environment}-{CORE_STACK}"


class CoreStack(TerraformStack):
    """AWS resources of one environment, with state in ``<env>/core.tfstate``."""

    def __init__(self, scope: Construct, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, core_stack_name(config.name))
        s3_backend(
            self,
            props=S3BackendProps(
                bucket=config.state.bucket,
                key=config.state_key(CORE_STACK),
                region=config.state.region,
                lock_table=config.state.lock_table,
                use_lockfile=config.state.use_lockfile,
            ),
        )
        aws_provider(
            self,
            "aws",
            props=AwsProviderProps(
                region=config.region,
                tags=config.default_tags(),
                allowed_account_ids=[config.account_id] if config.account_id else [],
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
        self._outputs()

    def _outputs(self) -> None:
        vpc = self.vpc
        outputs: dict[str, tuple[object, str]] = {
            "vpc_id": (vpc.vpc_id, "Id of the VPC"),
            "vpc_cidr_block": (vpc.cidr_block, "IPv4 CIDR of the VPC"),
            "public_subnet_ids": (vpc.public_subnet_ids, "Public subnets, one per AZ"),
            "private_subnet_ids": (vpc.private_subnet_ids, "Private (compute) subnets, one per AZ"),
            "database_subnet_ids": (vpc.database_subnet_ids, "Database subnets, one per AZ"),
            "nat_public_ips": (vpc.nat_public_ips, "Egress addresses of the NAT gateways"),
            "flow_log_group_name": (vpc.flow_log_group_name, "Log group of the VPC flow logs"),
        }
        for name, (value, description) in outputs.items():
            TerraformOutput(self, name, value=value, description=description)
