"""The account's AWS Config recorder and the managed rules that check the platform.

`ComplianceSettings` (cdktf-free) says whether to record global resource types, how often
snapshots are delivered, the history bucket's lifecycle, which managed rules run
(`ComplianceRules`, identifiers in `MANAGED_RULES`) and the severity of non-compliance;
`Compliance` builds the recorder (every supported resource type), its role, a delivery
channel to an encrypted archive bucket of its own, the rules, and an EventBridge rule that
sends NON_COMPLIANT changes to the account's alert topic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import Compliance as Compliance
    from .construct import non_compliance_pattern as non_compliance_pattern
    from .construct import rule_name as rule_name
    from .props import ComplianceProps as ComplianceProps
    from .settings import MANAGED_RULES as MANAGED_RULES
    from .settings import ComplianceRules as ComplianceRules
    from .settings import ComplianceSettings as ComplianceSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
