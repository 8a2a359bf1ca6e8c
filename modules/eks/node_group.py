"""EKS managed node groups with a hardened launch template."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf import ITerraformDependable, TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.eks_node_group import (
    EksNodeGroup,
    EksNodeGroupLaunchTemplate,
    EksNodeGroupScalingConfig,
    EksNodeGroupTaint,
    EksNodeGroupUpdateConfig,
)
from cdktf_cdktf_provider_aws.launch_template import (
    LaunchTemplate,
    LaunchTemplateBlockDeviceMappings,
    LaunchTemplateBlockDeviceMappingsEbs,
    LaunchTemplateMetadataOptions,
    LaunchTemplateMonitoring,
    LaunchTemplateTagSpecifications,
)
from constructs import Construct

from ..providers.tags import stack_default_tags
from .props import ManagedNodeGroupProps


class ManagedNodeGroup(Construct):
    """A managed node group spread over every given subnet (one per AZ).

    Nodes run the EKS-optimized Amazon Linux 2023 AMI of the instance types' architecture
    (x86_64, or arm64 for Graviton types), which EKS picks and patches per Kubernetes
    version. The launch template requires IMDSv2 with a hop limit of 1, so pods cannot read the
    node role's credentials from the instance metadata service (they use IRSA), and
    encrypts the root volume. ``desired_size`` is set at creation only; afterwards the
    cluster autoscaler owns it and Terraform ignores the drift. Given ``kubernetes_version``
    (the cluster's), the nodes follow a control-plane upgrade in the same apply, after it.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        cluster_name: str,
        kubernetes_version: str | None = None,
        node_role_arn: str,
        subnet_ids: Sequence[str],
        props: ManagedNodeGroupProps,
        depends_on: Sequence[ITerraformDependable] = (),
    ) -> None:
        super().__init__(scope, id_)
        name = f"{cluster_name}-{props.name}"
        self.settings = settings = props.settings
        self.short_name = props.name
        """Name of the group within the cluster, e.g. ``general`` or ``general-1a``."""
        self.group_name = name
        """AWS name of the node group as a plain string, ``<cluster>-<short name>``."""
        launch_tags = {**stack_default_tags(self), "Name": name}
        self.launch_template = LaunchTemplate(
            self,
            "launch_template",
            name=name,
            description=f"EKS managed node group {name}",
            update_default_version=True,
            metadata_options=LaunchTemplateMetadataOptions(
                http_endpoint="enabled",
                http_tokens="required",
                http_put_response_hop_limit=1,
                instance_metadata_tags="disabled",
            ),
            block_device_mappings=[
                LaunchTemplateBlockDeviceMappings(
                    device_name="/dev/xvda",
                    ebs=LaunchTemplateBlockDeviceMappingsEbs(
                        volume_size=settings.disk_size_gib,
                        volume_type="gp3",
                        encrypted="true",
                        delete_on_termination="true",
                    ),
                )
            ],
            monitoring=LaunchTemplateMonitoring(enabled=True),
            # Provider default tags stop at the launch template itself: the instances and
            # volumes it launches (most of the bill) get them only from here.
            tag_specifications=[
                LaunchTemplateTagSpecifications(resource_type=kind, tags=launch_tags)
                for kind in ("instance", "volume")
            ],
        )
        self.node_group = EksNodeGroup(
            self,
            "node_group",
            cluster_name=cluster_name,
            node_group_name=name,
            node_role_arn=node_role_arn,
            subnet_ids=list(subnet_ids),
            ami_type=settings.ami_type,
            # The cluster's version: a node group's Kubernetes version does not change unless
            # an update names one (EKS API reference, UpdateNodegroupVersion, ``version``),
            # so without it the nodes stay behind a control-plane upgrade. Our launch
            # template sets no custom AMI, which is when a version may be given.
            version=kubernetes_version,
            capacity_type=props.capacity_type,
            instance_types=list(settings.instance_types),
            scaling_config=EksNodeGroupScalingConfig(
                min_size=settings.min_size,
                desired_size=settings.desired_size,
                max_size=settings.max_size,
            ),
            update_config=EksNodeGroupUpdateConfig(max_unavailable=settings.max_unavailable),
            launch_template=EksNodeGroupLaunchTemplate(
                id=self.launch_template.id,
                version=Token.as_string(self.launch_template.latest_version),
            ),
            labels=dict(props.labels) or None,
            taint=[
                EksNodeGroupTaint(key=taint.key, value=taint.value, effect=taint.effect)
                for taint in props.taints
            ]
            or None,
            # The cluster autoscaler changes the desired size; do not fight it.
            lifecycle=TerraformResourceLifecycle(ignore_changes=["scaling_config[0].desired_size"]),
            depends_on=list(depends_on) or None,
        )

    def yield_sizes_to_schedule(self) -> None:
        """Let a schedule scale the group to zero and back (modules/dev_schedule): Terraform
        then also ignores ``min_size``, which the schedule sets to 0 overnight, so that a
        plan at night does not start the nodes again. A changed ``min_size`` in the
        settings is then applied by the next scheduled start, not by Terraform."""
        self.node_group.lifecycle = TerraformResourceLifecycle(
            ignore_changes=["scaling_config[0].desired_size", "scaling_config[0].min_size"]
        )

    @property
    def name(self) -> str:
        """AWS name of the node group."""
        return self.node_group.node_group_name

    @property
    def arn(self) -> str:
        """ARN of the node group."""
        return self.node_group.arn
