"""EventBridge Scheduler schedules that stop a non-production environment at night."""

from __future__ import annotations

from typing import Any

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.scheduler_schedule import (
    SchedulerSchedule,
    SchedulerScheduleFlexibleTimeWindow,
    SchedulerScheduleTarget,
    SchedulerScheduleTargetRetryPolicy,
)
from cdktf_cdktf_provider_aws.scheduler_schedule_group import SchedulerScheduleGroup
from constructs import Construct

from ..shared import AccountContext
from ..shared.iam import service_trust_policy
from ..shared.json_text import json_text
from .props import DevScheduleProps, ScheduledNodeGroup

SCHEDULER_PRINCIPAL = "scheduler.amazonaws.com"
"""Service principal of EventBridge Scheduler (EventBridge Scheduler User Guide, "Setting
up the execution role"; its confused-deputy example conditions on aws:SourceAccount)."""

UNIVERSAL_TARGET = "arn:{partition}:scheduler:::aws-sdk:{service}:{action}"
"""A universal target: any SDK API action, ``arn:aws:scheduler:::aws-sdk:<service>:<action>``
with the request as JSON ``Input`` (EventBridge Scheduler User Guide, "Using universal
targets")."""

STOP_DB_CLUSTER = ("rds", "stopDBCluster", "rds:StopDBCluster")
START_DB_CLUSTER = ("rds", "startDBCluster", "rds:StartDBCluster")
UPDATE_NODEGROUP = ("eks", "updateNodegroupConfig", "eks:UpdateNodegroupConfig")
"""(SDK service, SDK action, IAM action) of each call the schedules make (Amazon RDS API
Reference: StopDBCluster, StartDBCluster; Amazon EKS API Reference: UpdateNodegroupConfig;
Service Authorization Reference for the IAM actions)."""

RETRY_ATTEMPTS = 5
"""Retries of a failed call (e.g. StopDBCluster while a backup runs), EventBridge Scheduler
backing off between them within ``RETRY_WINDOW_SECONDS``."""
RETRY_WINDOW_SECONDS = 3600
"""How long a call is retried: an hour, after which the morning is better left alone."""


class DevSchedule(Construct):
    """Stops the Aurora cluster and scales every node group to zero at ``stop_at``; starts
    both again at ``start_at`` (on ``days``, in ``time_zone``).

    Resources: a schedule group ``<name>-dev-schedule`` holding two schedules for the
    cluster (``<name>-aurora-stop``/``-start``, universal targets ``rds:stopDBCluster`` and
    ``rds:startDBCluster``) and two per node group (``<name>-<group>-stop``/``-start``,
    ``eks:updateNodegroupConfig``: overnight ``minSize = desiredSize = 0`` with ``maxSize``
    kept, as the API wants ``maxSize >= 1``; in the morning the configured sizes). One role,
    trusted by EventBridge Scheduler on behalf of this account only, may call exactly those
    three actions on exactly the cluster and the node groups.

    Terraform: the node groups must ignore ``min_size`` as well as ``desired_size`` (call
    ``ManagedNodeGroup.yield_sizes_to_schedule``), else a plan at night would start them
    again. A stopped Aurora cluster can be planned (nothing differs) but not modified:
    apply changes to it during working hours.
    """

    def __init__(self, scope: Construct, id_: str, *, props: DevScheduleProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        account = AccountContext.of(self)
        self._partition = account.partition
        self.group = SchedulerScheduleGroup(self, "group", name=f"{props.name}-dev-schedule")
        self.role = IamRole(
            self,
            "role",
            name=f"{props.name}-dev-schedule",
            description="EventBridge Scheduler stops and starts this environment",
            assume_role_policy=service_trust_policy(self, "trust", service=SCHEDULER_PRINCIPAL),
        )
        self.policy_document = DataAwsIamPolicyDocument(
            self,
            "policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="StopAndStartTheAuroraCluster",
                    effect="Allow",
                    actions=[STOP_DB_CLUSTER[2], START_DB_CLUSTER[2]],
                    resources=[props.aurora_cluster_arn],
                ),
                *(
                    [
                        DataAwsIamPolicyDocumentStatement(
                            sid="ScaleTheNodeGroups",
                            effect="Allow",
                            actions=[UPDATE_NODEGROUP[2]],
                            resources=[group.arn for group in props.node_groups],
                        )
                    ]
                    if props.node_groups
                    else []
                ),
            ],
        )
        self.role_policy = IamRolePolicy(
            self,
            "role_policy",
            name="stop-and-start",
            role=self.role.id,
            policy=self.policy_document.json,
        )
        # Universal targets take the request in the SDK's PascalCase member names
        # (DbClusterIdentifier; ClusterName, NodegroupName, ScalingConfig.MinSize), not the
        # REST API's camelCase (AWS CDK aws_scheduler_targets.Universal example for
        # rds:stopDBCluster; public Terraform users report camelCase rejected for EKS).
        cluster = {"DbClusterIdentifier": props.aurora_cluster_identifier}
        self.schedules: dict[str, SchedulerSchedule] = {}
        self._schedule("aurora_stop", "aurora-stop", expression=settings.stop_expression,
                       call=STOP_DB_CLUSTER, request=cluster,
                       description="Stop the Aurora cluster for the night")  # fmt: skip
        self._schedule("aurora_start", "aurora-start", expression=settings.start_expression,
                       call=START_DB_CLUSTER, request=cluster,
                       description="Start the Aurora cluster")  # fmt: skip
        for group in props.node_groups:
            self._node_group_schedules(group)

    def _node_group_schedules(self, group: ScheduledNodeGroup) -> None:
        settings = self.props.settings
        target = {"ClusterName": group.cluster_name, "NodegroupName": group.name}
        night = {"MinSize": 0, "DesiredSize": 0, "MaxSize": group.max_size}
        day = {"MinSize": group.min_size, "DesiredSize": group.desired_size,
               "MaxSize": group.max_size}  # fmt: skip
        address = group.label.replace("-", "_")
        self._schedule(f"{address}_stop", f"{group.label}-stop",
                       expression=settings.stop_expression, call=UPDATE_NODEGROUP,
                       request={**target, "ScalingConfig": night},
                       description=f"Scale node group {group.label} to zero")  # fmt: skip
        self._schedule(f"{address}_start", f"{group.label}-start",
                       expression=settings.start_expression, call=UPDATE_NODEGROUP,
                       request={**target, "ScalingConfig": day},
                       description=f"Scale node group {group.label} back to its configured "
                       "size")  # fmt: skip

    def _schedule(
        self,
        id_: str,
        suffix: str,
        *,
        expression: str,
        call: tuple[str, str, str],
        request: dict[str, Any],
        description: str,
    ) -> SchedulerSchedule:
        service, action, _ = call
        schedule = SchedulerSchedule(
            self,
            id_,
            name=f"{self.props.name}-{suffix}",
            group_name=self.group.name,
            description=description,
            schedule_expression=expression,
            schedule_expression_timezone=self.props.settings.time_zone,
            flexible_time_window=SchedulerScheduleFlexibleTimeWindow(mode="OFF"),
            target=SchedulerScheduleTarget(
                arn=UNIVERSAL_TARGET.format(
                    partition=self._partition, service=service, action=action
                ),
                role_arn=self.role.arn,
                input=json_text(request, sort_keys=True),
                retry_policy=SchedulerScheduleTargetRetryPolicy(
                    maximum_retry_attempts=RETRY_ATTEMPTS,
                    maximum_event_age_in_seconds=RETRY_WINDOW_SECONDS,
                ),
            ),
        )
        self.schedules[id_] = schedule
        return schedule

    # -- outputs ------------------------------------------------------------------

    @property
    def schedule_group_name(self) -> str:
        """Name of the schedule group (disable the schedules there for a late night)."""
        return self.group.name

    @property
    def role_arn(self) -> str:
        """ARN of the role the schedules run as."""
        return self.role.arn
