"""The AWS Load Balancer Controller: IAM policy (as data), IRSA role, Helm release.

`AlbControllerSettings` (cdktf-free) holds what a deployment decides; `AlbController`
deploys it (needs the `kubernetes` extra): the controller's IAM policy for the pinned
release as published by the project (`iam_policy.json`), an IRSA role trusted only by
`kube-system/aws-load-balancer-controller`, the service account (created here, annotated
with the role) and the pinned Helm chart, with the cluster name, Region and VPC given
explicitly (pods cannot reach IMDS). `inbound_cidrs` restricts the security group of the
load balancers of the default `alb` IngressClass, for example to Cloudflare's published
ranges (`CLOUDFLARE_IPV4_RANGES`).

The controller's admission webhooks fail closed (no replica answering: no new
LoadBalancer Service, Ingress or TargetGroupBinding), so the release adds a
PodDisruptionBudget (`maxUnavailable: 1`) and spreads the replicas over the AZs
(`topology.kubernetes.io/zone`, `maxSkew: 1`, `ScheduleAnyway`). Helm installs the
chart's CRDs (TargetGroupBinding, IngressClassParams, ...) on first install only: before
a chart upgrade apply them with `platform-cdktf crds alb-controller` (docs/crds.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .cloudflare import CLOUDFLARE_IPV4_RANGES as CLOUDFLARE_IPV4_RANGES
    from .construct import ALB_CONTROLLER_CHART as ALB_CONTROLLER_CHART
    from .construct import AlbController as AlbController
    from .construct import AlbControllerProps as AlbControllerProps
    from .policy import CONTROLLER_VERSION as CONTROLLER_VERSION
    from .policy import controller_policy as controller_policy
    from .policy import controller_policy_json as controller_policy_json
    from .policy import policy_actions as policy_actions
    from .settings import AlbControllerSettings as AlbControllerSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
