"""Where the account's CloudTrail trail logs to and what it records (cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class AuditTrailSettings(Settings):
    """Where the account's CloudTrail trail logs to and what it records."""
