"""One way to give a Kubernetes service account an AWS role, whatever the mechanism.

Every in-cluster component that calls AWS (the VPC CNI, the EBS CSI driver, the CloudWatch
add-on, the AWS Load Balancer Controller, the node autoscaler, the services) asks the
cluster's :class:`ClusterIdentity` for a role. The environment's
``eks.workload_identity`` decides what that yields: a :class:`PodIdentityRole` (a role and
its EKS Pod Identity association) or an :class:`IrsaRole` (a role trusting the cluster's
OIDC provider). Both are built at the construct id the caller gives, so the role keeps its
Terraform address when the mechanism changes: only its trust policy changes, in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.iam_policy import IamPolicy
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct, Node

from ..shared.settings import invalid
from .irsa import IrsaRole, IrsaRoleProps, OidcProvider
from .pod_identity import PodIdentityRole, PodIdentityRoleProps
from .settings import WorkloadIdentityMode

ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn"
"""The service account annotation that names an IRSA role (the EKS Pod Identity webhook
injects the web identity token for it)."""


class ServiceAccountRole(Protocol):
    """An IAM role one service account receives, through Pod Identity or IRSA."""

    @property
    def node(self) -> Node:
        """The construct node (its children are the role's resources)."""
        ...

    @property
    def role(self) -> IamRole:
        """The IAM role."""
        ...

    @property
    def policy(self) -> IamPolicy | IamRolePolicy | None:
        """The role's own policy, if it has one (inline for Pod Identity roles, a
        customer managed policy for IRSA roles)."""
        ...

    @property
    def arn(self) -> str:
        """ARN of the role."""
        ...

    @property
    def service_account_annotations(self) -> dict[str, str]:
        """Annotations the service account needs: the role ARN for IRSA, none for Pod
        Identity (the association names the service account)."""
        ...

    @property
    def addon_role_arn(self) -> str | None:
        """``service_account_role_arn`` of an EKS add-on running as this service account:
        the role for IRSA; none for Pod Identity, whose association is its own resource."""
        ...

    @property
    def ready(self) -> list[ITerraformDependable]:
        """What must exist before the pods start, beyond what references already order:
        the Pod Identity association (pods read their credentials from it at start); empty
        for IRSA, whose role ARN reaches the pods through the annotation."""
        ...


@dataclass(frozen=True, kw_only=True)
class ClusterIdentity:
    """How the service accounts of one cluster receive IAM roles."""

    cluster_name: str
    """Name of the EKS cluster."""
    mode: WorkloadIdentityMode
    """``pod_identity`` or ``irsa`` (the environment's ``eks.workload_identity``)."""
    oidc_provider: OidcProvider | None = None
    """The cluster's IAM OIDC provider; required for ``irsa``."""

    def __post_init__(self) -> None:
        if self.mode == "irsa" and self.oidc_provider is None:
            raise invalid(
                self, "oidc_provider", None, "expected the cluster's OIDC provider for IRSA"
            )

    def role(
        self,
        scope: Construct,
        id_: str,
        *,
        role_name: str,
        namespace: str,
        service_account: str,
        policy_json: str | None = None,
        managed_policy_arns: Sequence[str] = (),
    ) -> ServiceAccountRole:
        """A role only ``namespace/service_account`` of this cluster receives (construct
        id ``id_``, the same for both mechanisms)."""
        if self.mode == "irsa":
            assert self.oidc_provider is not None  # __post_init__
            return IrsaRole(
                scope,
                id_,
                props=IrsaRoleProps(
                    role_name=role_name,
                    namespace=namespace,
                    service_account=service_account,
                    policy_json=policy_json,
                    managed_policy_arns=managed_policy_arns,
                    oidc_provider=self.oidc_provider,
                ),
            )
        return PodIdentityRole(
            scope,
            id_,
            props=PodIdentityRoleProps(
                role_name=role_name,
                namespace=namespace,
                service_account=service_account,
                policy_json=policy_json,
                managed_policy_arns=managed_policy_arns,
                cluster_name=self.cluster_name,
            ),
        )


@dataclass(frozen=True, kw_only=True)
class InClusterProps:
    """Where an in-cluster component with its own AWS role runs."""

    cluster_name: str
    """EKS cluster the component runs in (and discovers its resources by)."""
    region: str
    """AWS Region of the cluster; given explicitly because IMDS is closed to pods."""
    identity: ClusterIdentity
    """How the component's service account receives its role."""
