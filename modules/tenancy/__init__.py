"""Tenancy: namespaces teams deploy into, each fenced for one team.

`NamespaceSettings` (cdktf-free) holds what a deployment decides; `Tenancy` builds one
namespace as Kubernetes manifests (``kubernetes_manifest``):

- **Pod Security Standards**: ``enforce``, ``audit`` and ``warn`` labels at the configured
  level (``restricted`` by default), each pinned to the cluster's minor version.
- **Resources**: a ResourceQuota (requests, limits, pods, LoadBalancer Services) and a
  LimitRange (defaults and maximum of a container); quantities are checked when the
  settings are built (requests <= limits, default request <= default limit <= max).
- **Network**: a default-deny NetworkPolicy for ingress and egress, and explicit allows:
  DNS to CoreDNS, the same namespace, the ALB from the public subnets on the service
  ports, configured peer namespaces (and egress to the namespaces that admit this one),
  the Pod Identity agent, HTTPS (AWS APIs) and the data stores' ports in the database
  subnets.
- **Deployers**: a namespaced Role bound to the group ``platform:<namespace>:deployers``;
  `DeployerAccess` maps an IAM role into the groups of all its namespaces with one EKS
  access entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import DEPLOYER_RULES as DEPLOYER_RULES
    from .construct import POD_IDENTITY_AGENT_CIDR as POD_IDENTITY_AGENT_CIDR
    from .construct import DeployerAccess as DeployerAccess
    from .construct import DeployerAccessProps as DeployerAccessProps
    from .construct import Tenancy as Tenancy
    from .construct import TenancyProps as TenancyProps
    from .construct import deployer_group as deployer_group
    from .construct import deployer_roles as deployer_roles
    from .construct import egress_peers as egress_peers
    from .quantity import Quantity as Quantity
    from .quantity import parse_quantity as parse_quantity
    from .settings import LimitRangeSettings as LimitRangeSettings
    from .settings import NamespaceName as NamespaceName
    from .settings import NamespaceSettings as NamespaceSettings
    from .settings import PodSecurityLevel as PodSecurityLevel
    from .settings import ResourceQuotaSettings as ResourceQuotaSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
