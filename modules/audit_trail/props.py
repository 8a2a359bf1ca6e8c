"""Props of the audit trail module: its settings, its name and what it records."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.alerts import AlertTopics
from ..shared.settings import require
from ..shared.validation import check_slug
from .settings import AuditTrailSettings


@dataclass(frozen=True, kw_only=True)
class AuditTrailProps:
    """The account's multi-Region trail, its bucket, log group and key."""

    name: str
    """Prefix of the trail, bucket, log group, role and key alias names, e.g.
    ``platform-main``."""
    settings: AuditTrailSettings
    """Retention of the log group and archive."""
    state_bucket: str | None = None
    """Name of the Terraform state bucket whose object reads and writes are recorded as
    data events, or ``None`` to record management events only. Pass it only in the
    account that owns the bucket (the bootstrap's): data events are recorded in the
    bucket owner's account."""
    force_destroy: bool = False
    """Let ``terraform destroy`` delete the bucket with its log files. Default: false;
    only throw-away targets (the local emulator) turn it on."""
    alerts: AlertTopics | None = None
    """The account's alert topics, which the trail's alarms notify. Default: none (no
    alarms)."""
    bucket_policy: bool = True
    """Attach the bucket policy (TLS only, CloudTrail's delivery statements). Default:
    true; only a local emulator that cannot evaluate policy conditions turns it off."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_slug)
