"""The ``dev`` environment: the seed's small sizes and a single NAT gateway to save cost."""

from __future__ import annotations

from platform_cdktf.modules.aurora_postgres.settings import AuroraPostgresSettings
from platform_cdktf.modules.dev_schedule.settings import DevScheduleSettings
from platform_cdktf.modules.eks.settings import (
    EksSettings,
    NodeGroupSettings,
    SpotNodeGroupSettings,
)
from platform_cdktf.modules.redis.settings import RedisSettings
from platform_cdktf.modules.tenancy.settings import NamespaceSettings

from .common import (
    ADMIN_ROLES,
    APPS_DEPLOYER_ROLE,
    APPS_NAMESPACE,
    identity,
    sample_service,
    standard_network,
)
from .config import EnvironmentConfig

VPC_CIDR = "10.10.0.0/16"


def build() -> EnvironmentConfig:
    """Build and validate the dev configuration."""
    return EnvironmentConfig(
        **identity("dev", production=False),
        network=standard_network(VPC_CIDR, nat_gateways="single"),
        eks=EksSettings(
            kubernetes_version="1.35",
            # Created when IRSA was the platform's mechanism: keeping it keeps every role
            # and its address (docs/workload-identity.md has the move to Pod Identity).
            workload_identity="irsa",
            admin_role_names=ADMIN_ROLES,
            nodes=NodeGroupSettings(
                instance_types=("t3.medium",), min_size=2, desired_size=3, max_size=6
            ),
            spot_nodes=SpotNodeGroupSettings(
                instance_types=("t3.medium", "t3a.medium"), max_size=6
            ),
        ),
        aurora=AuroraPostgresSettings(
            instance_class="db.t3.medium",
            instance_count=2,
            backup_retention_days=7,
            # dev data is disposable: `terraform destroy` works without a manual step.
            deletion_protection=False,
        ),
        redis=RedisSettings(
            node_type="cache.t3.small",
            replicas_per_shard=1,
            multi_az=True,
            snapshot_retention_days=1,
        ),
        namespaces=(NamespaceSettings(name=APPS_NAMESPACE, deployer_role_name=APPS_DEPLOYER_ROLE),),
        services=(sample_service("dev"),),
        # Stopped outside office hours, Monday to Friday, on Berlin time (CET/CEST): the
        # team works there; Aurora and the nodes are off at night and over the weekend.
        dev_schedule=DevScheduleSettings(
            time_zone="Europe/Berlin", start_at="07:00", stop_at="20:00"
        ),
    )
