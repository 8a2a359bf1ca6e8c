"""The account's GuardDuty detector and the routing of its findings to alert topics.

`ThreatDetectionSettings` (cdktf-free) holds the publishing frequency, the protection
plans (EKS audit logs, Runtime Monitoring with the EKS add-on, RDS logins, S3 data events)
and `FindingRoutes`, the alert severity of each GuardDuty finding level; `ThreatDetection`
builds the detector, its features and one EventBridge rule per routed level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import FEATURES as FEATURES
    from .construct import ThreatDetection as ThreatDetection
    from .construct import finding_pattern as finding_pattern
    from .props import ThreatDetectionProps as ThreatDetectionProps
    from .settings import LEVEL_RANGES as LEVEL_RANGES
    from .settings import FindingRoutes as FindingRoutes
    from .settings import ThreatDetectionSettings as ThreatDetectionSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
