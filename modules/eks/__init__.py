"""EKS: a private, encrypted cluster, managed node groups and core add-ons.

`EksSettings` (cdktf-free) holds what a deployment decides; `EksCluster` builds it:

- **Control plane**: a Kubernetes version in standard support on the day of synthesis
  (the support calendar `kubernetes_calendar.toml`, read by `load_calendar()`; see
  docs/kubernetes-versions.md), `upgrade_policy` STANDARD so that a forgotten upgrade
  never slides into paid extended support; the API endpoint is always private, public
  only for the CIDRs given (never `0.0.0.0/0`).
- **Encryption and logs**: Secrets envelope-encrypted with a rotating key; all five
  control-plane log types to a log group created up front with retention and its own key.
- **Access**: authentication mode `API`; cluster-admin through access entries for the
  roles named in `admin_role_names` (ARNs derived in the cluster's account and
  partition); the creator gets no implicit rights. With `ci_access`, the delivery roles
  get entries too: the plan role `AmazonEKSViewPolicy` cluster-wide plus
  `AmazonEKSAdminViewPolicy` in the Helm release namespaces (a plan reads the release
  Secrets), the apply role `AmazonEKSClusterAdminPolicy` (the platform stack installs
  CRDs, ClusterRoles and webhooks). `allow_api_access_from` admits HTTPS to the private
  endpoint from another security group (a CI runner's).
- **Nodes**: the `general` on-demand group and an optional `spot` group (tainted
  `capacity=spot:NoSchedule`) in the VPC's private subnets, Amazon Linux 2023 of the
  instance types' architecture: x86_64, or arm64 for Graviton types (`t4g`, `m7g`, ...),
  from the instance catalogue; one group never mixes architectures. The launch template
  requires IMDSv2 with a hop limit of 1 and encrypts the gp3 root volume; `desired_size`
  is set at creation only (the autoscaler owns it afterwards). With `node_groups_per_az`
  each group becomes one group per AZ (`node_group_general_us_east_1a`, ...; sizes split
  over the AZs rounding up), so the cluster autoscaler (`balance-similar-node-groups`,
  always on) can add a node in the AZ where a pending pod's EBS volume lives.
- **Add-ons**: vpc-cni (NetworkPolicy enforcement on, `enableNetworkPolicy`; its own role
  instead of the node role's CNI policy) and kube-proxy before the node groups, then coredns
  and the EBS CSI driver (with its own role; told its Region and `ebs_volume_attach_limit`,
  since IMDS is closed to its pods at hop limit 1), pinned in `addon_versions` or at the
  version EKS recommends.
- **Workload identity**: `EksCluster.identity`, a `ClusterIdentity` whose `role(...)` gives
  one service account an IAM role through EKS Pod Identity (`workload_identity =
  "pod_identity"`, the default: a `PodIdentityRole`, trusted only for session tags naming
  that cluster, namespace and service account, and the `eks-pod-identity-agent` add-on
  installed before the nodes) or IRSA (`"irsa"`: an `IrsaRole`, whose trust pins both `:sub`
  and `:aud` of the cluster's OIDC provider), at the same construct id either way
  (docs/workload-identity.md).
- **IRSA**: an IAM OIDC provider for the cluster issuer (no thumbprint), always created, and
  `EksCluster.irsa_role(...)` for roles of your own.

`ClusterAutoscaler` (needs the `kubernetes` extra) installs the pinned cluster-autoscaler
chart with a role (Pod Identity or IRSA) that may change only Auto Scaling groups tagged for
its cluster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .autoscaler import CLUSTER_AUTOSCALER_CHART as CLUSTER_AUTOSCALER_CHART
    from .autoscaler import ClusterAutoscaler as ClusterAutoscaler
    from .autoscaler import ClusterAutoscalerProps as ClusterAutoscalerProps
    from .autoscaler import cluster_autoscaler_chart as cluster_autoscaler_chart
    from .calendar import KubernetesCalendar as KubernetesCalendar
    from .calendar import KubernetesRelease as KubernetesRelease
    from .calendar import fixed_clock as fixed_clock
    from .calendar import load_calendar as load_calendar
    from .calendar import synthesis_date as synthesis_date
    from .construct import ADMIN_VIEW_POLICY as ADMIN_VIEW_POLICY
    from .construct import CAPACITY_LABEL as CAPACITY_LABEL
    from .construct import CLUSTER_ADMIN_POLICY as CLUSTER_ADMIN_POLICY
    from .construct import SPOT_TAINT as SPOT_TAINT
    from .construct import VIEW_POLICY as VIEW_POLICY
    from .construct import EksCluster as EksCluster
    from .identity import ClusterIdentity as ClusterIdentity
    from .identity import InClusterProps as InClusterProps
    from .identity import ServiceAccountRole as ServiceAccountRole
    from .irsa import IrsaRole as IrsaRole
    from .irsa import IrsaRoleProps as IrsaRoleProps
    from .irsa import OidcProvider as OidcProvider
    from .node_group import ManagedNodeGroup as ManagedNodeGroup
    from .pod_identity import PodIdentityRole as PodIdentityRole
    from .pod_identity import PodIdentityRoleProps as PodIdentityRoleProps
    from .props import CiAccessProps as CiAccessProps
    from .props import EksClusterProps as EksClusterProps
    from .props import ManagedNodeGroupProps as ManagedNodeGroupProps
    from .service_account_role import ServiceAccountRoleProps as ServiceAccountRoleProps
    from .settings import AMI_TYPES as AMI_TYPES
    from .settings import CONTROL_PLANE_LOG_TYPES as CONTROL_PLANE_LOG_TYPES
    from .settings import CORE_ADDONS as CORE_ADDONS
    from .settings import SUPPORTED_KUBERNETES_VERSIONS as SUPPORTED_KUBERNETES_VERSIONS
    from .settings import EksSettings as EksSettings
    from .settings import KubernetesVersion as KubernetesVersion
    from .settings import NodeGroupSettings as NodeGroupSettings
    from .settings import SpotNodeGroupSettings as SpotNodeGroupSettings
    from .settings import Taint as Taint

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
