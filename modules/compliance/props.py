"""Props of the compliance module: its settings, its name and where alerts go."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.alerts import AlertTopics
from ..shared.settings import require
from ..shared.validation import check_slug
from .settings import ComplianceSettings


@dataclass(frozen=True, kw_only=True)
class ComplianceProps:
    """The account's configuration recorder, delivery channel and managed rules."""

    name: str
    """Prefix of the recorder, bucket, role, rule and key alias names, e.g.
    ``platform-main``."""
    settings: ComplianceSettings
    """Recording, delivery, rules and the severity of non-compliance."""
    alerts: AlertTopics
    """The account's alert topics; non-compliance goes to the settings' severity."""
    force_destroy: bool = False
    """Let ``terraform destroy`` delete the bucket with its history. Default: false; only
    throw-away targets (the local emulator) turn it on."""
    bucket_policy: bool = True
    """Attach the bucket policy (TLS only, AWS Config's delivery statements). Default:
    true; only a local emulator that cannot evaluate policy conditions turns it off."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_slug)
