"""Part of the platform stack (stacks/platform_workloads.py): the alarms of the load
balancers the AWS Load Balancer Controller creates for the services' Ingresses."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.data_aws_lb import DataAwsLb
from cdktf_cdktf_provider_aws.data_aws_sns_topic import DataAwsSnsTopic
from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.operations_alarms import OperationsAlarms, OperationsAlarmsProps
from platform_cdktf.modules.service import Service
from platform_cdktf.modules.shared.alerts import SEVERITIES, Severity

from .platform_context import ClusterContext

CONTROLLER_TAGS = ("elbv2.k8s.aws/cluster", "ingress.k8s.aws/stack", "ingress.k8s.aws/resource")
"""Tags the AWS Load Balancer Controller puts on every load balancer it creates: the
cluster's name, the IngressGroup's name (explicit groups) and ``LoadBalancer``
(kubernetes-sigs/aws-load-balancer-controller, tagging strategy of PR #1469, "finalize
user-facing elements"). Together they name one environment's ALB of one group, whatever
the load balancer's generated name (``k8s-<group>-<hash>``) and even when dev and prod
share an account and a namespace name."""


def alert_topic_name(config: EnvironmentConfig, severity: Severity) -> str:
    """Name of the core stack's topic of ``severity`` (modules/alarms ``Alarms``, named
    ``<prefix>-alarms`` in stacks/core.py: ``<name>-alarms`` is the critical topic,
    ``<name>-warning`` and ``<name>-info`` the others)."""
    name = f"{config.name_prefix}-alarms"
    return f"{name}-alarms" if severity == "critical" else f"{name}-{severity}"


class CoreAlertTopics(Construct):
    """The core stack's severity topics, found by name (``AlertTopics``)."""

    def __init__(self, scope: Construct, id_: str, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, id_)
        self.topics = {
            severity: DataAwsSnsTopic(self, severity, name=alert_topic_name(config, severity))
            for severity in SEVERITIES
        }

    def topic_arn_of(self, severity: Severity) -> str:
        """ARN of the topic of ``severity``."""
        return self.topics[severity].arn


def add_load_balancer_alarms(
    stack: Construct,
    *,
    config: EnvironmentConfig,
    cluster: ClusterContext,
    services: Sequence[Service],
) -> OperationsAlarms | None:
    """5XX and response-time alarms of each ingress group's ALB (construct ids
    ``alert_topics``, ``load_balancer_<group>`` and ``load_balancer_alarms``), or nothing
    when no service has an Ingress.

    Each ALB is found by the controller's tags (``data "aws_lb"``) after the group's
    Ingresses are applied: the Service module waits until the controller has written the
    load balancer's DNS name into the Ingress status, and a data source that depends on a
    changing resource is read during apply, so the first apply finds the new ALB.
    """
    groups: dict[str, list[ITerraformDependable]] = {}
    for service in services:
        ingress = service.objects.get("ingress")
        if ingress is not None:
            group = service.props.ingress_group or service.namespace
            groups.setdefault(group, []).append(ingress)
    if not groups:
        return None
    alarms = OperationsAlarms(
        stack,
        "load_balancer_alarms",
        props=OperationsAlarmsProps(
            name=config.name_prefix,
            settings=config.operations_alarms,
            topics=CoreAlertTopics(stack, "alert_topics", config=config),
        ),
    )
    for group, ingresses in sorted(groups.items()):
        load_balancer = DataAwsLb(
            stack,
            f"load_balancer_{group.replace('-', '_')}",
            tags=dict(zip(CONTROLLER_TAGS, (cluster.name, group, "LoadBalancer"), strict=True)),
            depends_on=ingresses,
        )
        alarms.watch_load_balancer(group, load_balancer.arn_suffix)
    return alarms
