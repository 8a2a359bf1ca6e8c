"""Karpenter's EC2NodeClass and NodePool, applied through Helm.

Why a Helm release of a local chart, not ``kubernetes_manifest``: the kubernetes provider
reads the OpenAPI schema of a ``kubernetes_manifest``'s kind from the live cluster when it
PLANS, so a NodePool cannot be planned before its CRD exists, and the CRD is installed by
the same apply (the ``karpenter-crd`` release). A first apply would fail ("no matches for
kind NodePool"), and a cluster rebuild would need two applies with ``-target``. Helm
resolves kinds only when it installs, after the CRD release (``depends_on``), so one plan
and one apply suffice. The chart (``modules/karpenter/chart``, shipped in the package and
copied into the stack as a Terraform asset) only renders the objects it is given, one
YAML document each; the objects themselves are built here from the settings.

Field names follow the v1 APIs (karpenter.sh "NodePools" and "NodeClasses", v1.14.1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdktf import AssetType, Fn, ITerraformDependable, TerraformAsset
from cdktf_cdktf_provider_helm.release import Release
from constructs import Construct

from .names import NAMESPACE
from .props import KarpenterProps

CHART_DIR = Path(__file__).parent / "chart"
"""The local chart that renders ``.Values.objects``."""

NODE_CLASS = "default"
"""Name of the EC2NodeClass."""
NODE_POOL = "default"
"""Name of the NodePool."""

METADATA_OPTIONS = {
    "httpEndpoint": "enabled",
    "httpProtocolIPv6": "disabled",
    "httpPutResponseHopLimit": 1,
    "httpTokens": "required",
}
"""IMDSv2 only, hop limit 1 (pods off the host network cannot reach IMDS), like the
managed nodes' launch template; Karpenter's default too, stated so it cannot drift
(karpenter.sh "NodeClasses", ``spec.metadataOptions``)."""


def block_device_mappings(props: KarpenterProps) -> list[dict[str, Any]]:
    """Encrypted gp3 volumes: for AL2023 the root volume ``/dev/xvda``; for Bottlerocket
    its OS volume ``/dev/xvda`` (4 GiB, upstream's default) and the data volume
    ``/dev/xvdb`` holding images and pods (karpenter.sh "NodeClasses",
    ``spec.blockDeviceMappings``, defaults per AMI family). Given mappings replace the
    defaults, so Bottlerocket's OS volume is stated too."""
    settings = props.settings

    def volume(device: str, size_gib: int) -> dict[str, Any]:
        return {
            "deviceName": device,
            "ebs": {
                "volumeSize": f"{size_gib}Gi",
                "volumeType": "gp3",
                "encrypted": True,
                "deleteOnTermination": True,
            },
        }

    if settings.ami_family == "bottlerocket":
        return [volume("/dev/xvda", 4), volume("/dev/xvdb", settings.root_volume_gib)]
    return [volume("/dev/xvda", settings.root_volume_gib)]


def node_class(props: KarpenterProps) -> dict[str, Any]:
    """The EC2NodeClass: AMI alias, the core stack's instance profile, the private
    subnets (by the ``Tier`` and cluster tags the VPC module sets on them) and the
    cluster security group (by id, as the managed nodes use it)."""
    return {
        "apiVersion": "karpenter.k8s.aws/v1",
        "kind": "EC2NodeClass",
        "metadata": {"name": NODE_CLASS},
        "spec": {
            "amiSelectorTerms": [{"alias": props.settings.ami_alias}],
            "instanceProfile": props.names.instance_profile,
            "subnetSelectorTerms": [
                {
                    "tags": {
                        "Tier": "private",
                        f"kubernetes.io/cluster/{props.cluster_name}": "shared",
                    }
                }
            ],
            "securityGroupSelectorTerms": [{"id": props.cluster_security_group_id}],
            "metadataOptions": METADATA_OPTIONS,
            "blockDeviceMappings": block_device_mappings(props),
        },
    }


def node_pool(props: KarpenterProps) -> dict[str, Any]:
    """The NodePool: requirements, limits and disruption from the settings."""
    settings = props.settings
    return {
        "apiVersion": "karpenter.sh/v1",
        "kind": "NodePool",
        "metadata": {"name": NODE_POOL},
        "spec": {
            "template": {
                "spec": {
                    "nodeClassRef": {
                        "group": "karpenter.k8s.aws",
                        "kind": "EC2NodeClass",
                        "name": NODE_CLASS,
                    },
                    "requirements": [
                        _requirement("kubernetes.io/arch", settings.kubernetes_architectures),
                        _requirement("kubernetes.io/os", ["linux"]),
                        _requirement("karpenter.sh/capacity-type", list(settings.capacity_types)),
                        _requirement(
                            "karpenter.k8s.aws/instance-category",
                            list(settings.instance_categories),
                        ),
                        _requirement(
                            "karpenter.k8s.aws/instance-generation",
                            [str(settings.min_instance_generation - 1)],
                            operator="Gt",
                        ),
                    ],
                    "expireAfter": settings.expire_after,
                }
            },
            "limits": {"cpu": str(settings.cpu_limit), "memory": f"{settings.memory_limit_gib}Gi"},
            "disruption": {
                "consolidationPolicy": "WhenEmptyOrUnderutilized",
                "consolidateAfter": settings.consolidate_after,
            },
        },
    }


def _requirement(key: str, values: list[str], *, operator: str = "In") -> dict[str, Any]:
    return {"key": key, "operator": operator, "values": values}


class KarpenterNodePools(Construct):
    """The EC2NodeClass and NodePool of :class:`KarpenterProps`, as one Helm release
    installed after the controller (and its CRDs) and removed before it, so the
    controller is still there to drain and terminate the nodes it launched."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        props: KarpenterProps,
        depends_on: list[ITerraformDependable],
    ) -> None:
        super().__init__(scope, id_)
        self.objects = [node_class(props), node_pool(props)]
        chart = TerraformAsset(self, "chart", path=str(CHART_DIR), type=AssetType.DIRECTORY)
        self.release = Release(
            self,
            "release",
            name="karpenter-node-pools",
            namespace=NAMESPACE,
            chart=chart.path,
            atomic=True,
            cleanup_on_fail=True,
            values=[Fn.jsonencode({"objects": self.objects})],
            depends_on=depends_on,
        )
