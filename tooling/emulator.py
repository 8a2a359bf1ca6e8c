"""The local AWS emulator: moto's server plus the smallest extensions the platform needs.

Run as ``python -m platform_cdktf.tooling.emulator --port N``. It binds to loopback
only. Each extension makes moto answer a call the AWS provider makes the way AWS does,
so that a second plan after an apply shows no changes:

* EKS ``CreateCluster`` keeps ``accessConfig`` and ``upgradePolicy`` and, like EKS,
  creates the cluster security group in the cluster's VPC (``clusterSecurityGroupId``);
* EKS node groups created from a launch template have no ``remoteAccess`` (moto
  invents an SSH key pair, which would force a replacement on every plan) and keep
  their ``updateConfig``;
* EC2 launch templates keep the template's own tags out of the launch template data;
* RDS instances get the certificate authority RDS gives new instances (which spares
  each Aurora instance a modify, a reboot and about 160 s of the provider's waiting) and
  remember their Performance Insights settings, and provisioned Aurora clusters report
  no serverless v1 scaling configuration (:mod:`.emulator_rds`).

Every call is carried out once however often the SDK sends it: a retry of a call whose
answer was lost gets the first attempt's answer, not "already exists"
(:mod:`.emulator_retries`).

Moto creates resources settled (available, active) and reads back what was written, so
the provider's waiters find their target at the first poll; what they still wait is their
own fixed delay and run of consecutive matches (``docs/local-emulator.md``).

Everything moto cannot do at all is turned off for the local target instead (see
``platform_cdktf.stacks.target.LOCAL_GAPS``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import Any

LOOPBACK = "127.0.0.1"


def apply_extensions() -> None:
    """Patch moto in this process (idempotent)."""
    from moto.ec2.models import ec2_backends  # noqa: PLC0415 - moto is heavy and optional
    from moto.ec2.models.launch_templates import LaunchTemplateVersion  # noqa: PLC0415
    from moto.eks import models as eks_models  # noqa: PLC0415
    from moto.eks.responses import EKSResponse  # noqa: PLC0415

    from platform_cdktf.tooling.emulator_rds import extend_rds  # noqa: PLC0415

    if getattr(EKSResponse, "_platform_extended", False):
        return
    create_cluster = EKSResponse.create_cluster

    def create_cluster_like_eks(self: Any) -> Any:
        result = create_cluster(self)
        cluster = self.eks_backend.clusters[self._get_param("name")]
        cluster.access_config = self._get_param("accessConfig") or {
            "authenticationMode": "CONFIG_MAP",
            "bootstrapClusterCreatorAdminPermissions": True,
        }
        cluster.upgrade_policy = self._get_param("upgradePolicy") or {"supportType": "EXTENDED"}
        vpc_config = cluster.resources_vpc_config
        subnet_ids = vpc_config.get("subnetIds") or []
        if subnet_ids:
            ec2 = ec2_backends[self.current_account][self.region]
            vpc_id = ec2.get_subnet(subnet_ids[0]).vpc_id
            group = ec2.create_security_group(
                name=f"eks-cluster-sg-{cluster.name}",
                description="EKS created security group applied to ENI that is attached "
                "to EKS Control Plane master nodes, as well as any managed workloads.",
                vpc_id=vpc_id,
            )
            vpc_config["vpcId"] = vpc_id
            vpc_config["clusterSecurityGroupId"] = group.id
        return result

    setattr(EKSResponse, "create_cluster", create_cluster_like_eks)  # noqa: B010
    create_nodegroup = EKSResponse.create_nodegroup

    def create_nodegroup_with_update_config(self: Any) -> Any:
        result = create_nodegroup(self)
        cluster = self.eks_backend.clusters[self._get_param("name")]
        nodegroup = cluster.nodegroups[self._get_param("nodegroupName")]
        nodegroup.update_config = self._get_param("updateConfig") or {"maxUnavailable": 1}
        return result

    setattr(EKSResponse, "create_nodegroup", create_nodegroup_with_update_config)  # noqa: B010

    init_version = LaunchTemplateVersion.__init__

    def init_version_without_template_tags(
        self: Any, template: Any, number: int, data: dict[str, Any], description: str
    ) -> None:
        # Tags of the launch template itself are not part of its launch data.
        specifications = data.get("TagSpecifications") or []
        data["TagSpecifications"] = [
            spec for spec in specifications if spec.get("ResourceType") != "launch-template"
        ]
        init_version(self, template, number, data, description)

    setattr(LaunchTemplateVersion, "__init__", init_version_without_template_tags)  # noqa: B010

    # Managed node groups from a launch template have no remote access block on AWS.
    eks_models.DEFAULT_REMOTE_ACCESS = None  # type: ignore[assignment]
    extend_rds()
    setattr(EKSResponse, "_platform_extended", True)  # noqa: B010


def main(argv: list[str] | None = None) -> None:
    """Start the extended emulator on a loopback port (blocks until stopped)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, required=True, help="loopback TCP port")
    # Unused here: it puts the workspace on the command line, where `make down` finds it
    # and tells this emulator from a process that reuses its pid.
    parser.add_argument("--workspace", help="the workspace that started this emulator")
    arguments = parser.parse_args(argv)
    # AWS managed policies (AmazonEKSClusterPolicy, ...) exist in every real account.
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    apply_extensions()
    serve(arguments.port)


def serve(port: int) -> None:
    """moto's server (as ``moto_server`` runs it) behind :class:`RetriedCallsAnsweredOnce`,
    on ``127.0.0.1:port``, until SIGTERM or SIGINT."""
    # moto is heavy and optional: only the emulator process imports its server.
    from moto.moto_server.werkzeug_app import (  # noqa: PLC0415
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import run_simple  # noqa: PLC0415

    from platform_cdktf.tooling.emulator_retries import RetriedCallsAnsweredOnce  # noqa: PLC0415

    # moto builds some URLs (SQS queue URLs, ...) from the port it serves on.
    os.environ.setdefault("MOTO_PORT", str(port))
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda _signal, _frame: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(
        LOOPBACK,
        port,
        RetriedCallsAnsweredOnce(app),
        threaded=True,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
