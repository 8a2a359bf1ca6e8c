"""The AWS Config recorder, its delivery channel and the managed rules (cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class ComplianceSettings(Settings):
    """The AWS Config recorder, its delivery channel and the managed rules."""
