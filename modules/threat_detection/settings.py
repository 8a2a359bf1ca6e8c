"""GuardDuty: the protection plans enabled and which findings alert whom (cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class ThreatDetectionSettings(Settings):
    """GuardDuty: the protection plans enabled and which findings alert whom."""
