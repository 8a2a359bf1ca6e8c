"""The ``prod`` environment: NAT per AZ and the seed's production sizes."""

from __future__ import annotations

from platform_cdktf.modules.alb_controller.cloudflare import CLOUDFLARE_IPV4_RANGES
from platform_cdktf.modules.alb_controller.settings import AlbControllerSettings
from platform_cdktf.modules.alert_routing.settings import AlertRoutingSettings, SeverityRouting
from platform_cdktf.modules.aurora_postgres.settings import (
    AuroraPostgresSettings,
    DrBackupSettings,
)
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

VPC_CIDR = "10.20.0.0/16"


def build() -> EnvironmentConfig:
    """Build and validate the prod configuration."""
    return EnvironmentConfig(
        **identity("prod", production=True),
        network=standard_network(VPC_CIDR, nat_gateways="one_per_az"),
        eks=EksSettings(
            kubernetes_version="1.35",
            # Created when IRSA was the platform's mechanism: keeping it keeps every role
            # and its address (docs/workload-identity.md has the move to Pod Identity).
            workload_identity="irsa",
            admin_role_names=ADMIN_ROLES,
            nodes=NodeGroupSettings(
                instance_types=("m5.large",), min_size=2, desired_size=3, max_size=6
            ),
            spot_nodes=SpotNodeGroupSettings(
                instance_types=("m5.large", "m5a.large", "m6i.large"), max_size=6
            ),
        ),
        aurora=AuroraPostgresSettings(
            instance_class="db.r5.large",
            instance_count=3,
            backup_retention_days=35,
            deletion_protection=True,
            dr_backup=DrBackupSettings(region="us-west-2"),
            max_readers=15,
        ),
        redis=RedisSettings(
            node_type="cache.m5.large",
            replicas_per_shard=2,
            multi_az=True,
            snapshot_retention_days=7,
        ),
        # Only Cloudflare reaches the internet-facing load balancers (the CDN is the origin's
        # only client).
        alb_controller=AlbControllerSettings(inbound_cidrs=CLOUDFLARE_IPV4_RANGES),
        namespaces=(NamespaceSettings(name=APPS_NAMESPACE, deployer_role_name=APPS_DEPLOYER_ROLE),),
        # Its Ingress uses the default `alb` class, whose IngressClassParams admit only
        # Cloudflare (alb_controller.inbound_cidrs above).
        services=(sample_service("prod"),),
        # Critical alerts page through PagerDuty once an operator has put the Events API v2
        # integration key into the forwarder's secret (docs/alerting.md). E-mail and Slack
        # per severity, e.g. warning=SeverityRouting(slack_channels=("C0123ABCDEF",)) with
        # slack=SlackSettings(workspace_id="T0123ABCD") (Chatbot's workspace, authorized once).
        alerts=AlertRoutingSettings(critical=SeverityRouting(pagerduty=True)),
    )
