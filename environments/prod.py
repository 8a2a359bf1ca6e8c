"""The ``prod`` environment: NAT per AZ and the seed's production sizes."""

from __future__ import annotations

from .common import PROJECT_TAGS, STATE_BACKEND, standard_subnet_plan
from .config import (
    AuroraSizing,
    EksConfig,
    EnvironmentConfig,
    NetworkConfig,
    NodeGroupSizing,
    RedisSizing,
    SpotNodeGroupSizing,
)

VPC_CIDR = "10.20.0.0/16"


def build() -> EnvironmentConfig:
    """Build and validate the prod configuration."""
    return EnvironmentConfig(
        name="prod",
        region="us-east-1",
        name_prefix="platform-prod",
        production=True,
        tags=PROJECT_TAGS,
        network=NetworkConfig(
            vpc_cidr=VPC_CIDR,
            availability_zones=("us-east-1a", "us-east-1b", "us-east-1c"),
            nat_gateways="one_per_az",
            flow_log_retention_days=365,
            **standard_subnet_plan(VPC_CIDR),
        ),
        state=STATE_BACKEND,
        eks=EksConfig(
            kubernetes_version="1.35",
            admin_role_names=("platform-admin",),
            spot_nodes=SpotNodeGroupSizing(
                instance_types=("m5.large", "m5a.large", "m6i.large"), max_size=6
            ),
            alb_allow_only_cloudflare=True,
        ),
        nodes=NodeGroupSizing(instance_types=("m5.large",), min_size=2, desired_size=3, max_size=6),
        aurora=AuroraSizing(
            instance_class="db.r5.large",
            instance_count=3,
            backup_retention_days=35,
            deletion_protection=True,
            dr_region="us-west-2",
            max_readers=15,
        ),
        redis=RedisSizing(
            node_type="cache.m5.large",
            replicas_per_shard=2,
            multi_az=True,
            snapshot_retention_days=7,
        ),
    )
