"""When a non-production environment is stopped and started again (cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class DevScheduleSettings(Settings):
    """When a non-production environment is stopped and started again."""
