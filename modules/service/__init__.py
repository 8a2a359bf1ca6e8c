"""Service: one application on the cluster, deployed with the seed's practices.

`ServiceSettings` (cdktf-free) holds what a deployment decides; `Service` builds it as
Kubernetes manifests (``kubernetes_manifest``) and, when the service declares AWS
permissions, an EKS Pod Identity role:

- **Deployment**: rolling update with 25% surge and 25% unavailable, liveness on
  ``/health`` and readiness on ``/ready`` (paths, port and timing configurable), required
  requests and limits, topology spread over zones (strict) and nodes, a non-root,
  read-only, capability-free container that passes Pod Security Standards ``restricted``,
  and no ``replicas`` field (the HPA owns it).
- **Scaling and availability**: an autoscaling/v2 HorizontalPodAutoscaler (2-10 replicas
  at 80% CPU by default) and a policy/v1 PodDisruptionBudget (``maxUnavailable: 1``).
- **Reachability**: a ClusterIP Service and, optionally, an Ingress of class ``alb``:
  internet-facing, HTTPS with a TLS 1.3 policy (HTTP redirects), pods as targets, health
  checked on the readiness path; the environment's IngressClassParams restrict sources
  (Cloudflare in prod).
- **Workload identity**: ``rds-db:connect`` and ``elasticache:Connect`` for the declared
  database and cache users, plus declared statements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import INGRESS_CLASS as INGRESS_CLASS
    from .construct import SSL_POLICY as SSL_POLICY
    from .construct import Service as Service
    from .construct import ServiceProps as ServiceProps
    from .settings import AutoscalingSettings as AutoscalingSettings
    from .settings import DataAccessSettings as DataAccessSettings
    from .settings import IamStatementSettings as IamStatementSettings
    from .settings import ImageSettings as ImageSettings
    from .settings import IngressSettings as IngressSettings
    from .settings import ProbeSettings as ProbeSettings
    from .settings import ResourcesSettings as ResourcesSettings
    from .settings import RolloutSettings as RolloutSettings
    from .settings import SecretReference as SecretReference
    from .settings import ServiceName as ServiceName
    from .settings import ServiceSettings as ServiceSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
