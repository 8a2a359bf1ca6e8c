"""Where the account's CloudTrail trail logs to and what it records (cdktf-free settings)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from ..shared.alerts import Severity
from ..shared.settings import Settings, problem_if, raise_problems
from ..shared.validation import KeyDeletionWindowDays, LogRetentionDays

ArchiveStorageClass = Literal["STANDARD_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"]
"""S3 storage classes a lifecycle rule may move archived logs to (S3 User Guide,
"Transitioning objects using Amazon S3 Lifecycle")."""

MINIMUM_STORAGE_DAYS: dict[str, int] = {
    "STANDARD_IA": 30,
    "GLACIER_IR": 90,
    "GLACIER": 90,
    "DEEP_ARCHIVE": 180,
}
"""Minimum storage duration each class bills for (S3 User Guide, "Amazon S3 storage
classes"): expiring an object earlier is charged as if it had stayed that long."""


class ArchiveSettings(Settings):
    """How long an audit archive bucket (trail log files, Config history) keeps objects
    and when it moves them to a colder storage class."""

    transition_after_days: int = Field(default=90, ge=1)
    """Days after which log files move to ``storage_class``. Default: 90 (recent logs
    are read during investigations; older ones rarely)."""
    storage_class: ArchiveStorageClass = "GLACIER_IR"
    """Colder storage class of older log files. Default: ``GLACIER_IR`` (Glacier Instant
    Retrieval: millisecond reads for an investigation, at archive prices)."""
    retention_days: int = Field(default=2557, ge=1)
    """Days after which log files expire. Default: 2557 (seven years)."""
    noncurrent_version_retention_days: int = Field(default=30, ge=1)
    """Days a deleted or overwritten log file's old version is kept (the bucket is
    versioned, so a deletion can be undone this long). Default: 30."""

    @model_validator(mode="after")
    def _lifecycle(self) -> Self:
        minimum = MINIMUM_STORAGE_DAYS[self.storage_class]
        raise_problems(
            problem_if(
                self.storage_class == "STANDARD_IA" and self.transition_after_days < 30,
                "transition_after_days",
                self.transition_after_days,
                "expected at least 30 for STANDARD_IA (S3 moves objects there only after 30 days)",
            ),
            problem_if(
                self.retention_days < self.transition_after_days + minimum,
                "retention_days",
                self.retention_days,
                f"expected at least transition_after_days + {minimum} "
                f"({self.transition_after_days + minimum}): {self.storage_class} bills "
                f"{minimum} days of storage, and S3 expires only after the transition",
            ),
        )
        return self


class TrailAlarmSettings(Settings):
    """CIS-style alarms on the trail's log group (CIS AWS Foundations Benchmark, section
    "Monitoring"; AWS Security Hub controls CloudWatch.1, .2 and .5): the alert severity
    of each, ``None`` for no alarm."""

    root_account_usage: Severity | None = "critical"
    """The root user made a call (not on behalf of an AWS service). Default:
    ``critical``."""
    cloudtrail_changes: Severity | None = "critical"
    """A trail was created, updated or deleted, or its logging started or stopped.
    Default: ``critical``."""
    unauthorized_api_calls: Severity | None = "warning"
    """Calls refused with ``*UnauthorizedOperation`` or ``AccessDenied*``. Default:
    ``warning``."""
    unauthorized_api_calls_threshold: int = Field(default=10, ge=1)
    """Refused calls in five minutes that raise the alarm. Default: 10 (a single refused
    call is routine: a console page probing permissions, a tool's first attempt)."""


class AuditTrailSettings(Settings):
    """Where the account's CloudTrail trail logs to and what it records."""

    enabled: bool = True
    """Create the account's multi-Region trail in this baseline. Default: true. An account
    has one multi-Region trail: a second baseline of the same account (another Region)
    turns it off."""
    record_state_data_events: bool = True
    """Record reads and writes of the Terraform state bucket's objects as CloudTrail data
    events. Default: true. Only the baseline sharing the bootstrap's account (same
    ``account_id``, or both unset) records them, whatever this says: the state bucket is
    in the bootstrap's account, and data events are recorded in the bucket owner's."""
    log_retention_days: LogRetentionDays = 365
    """Days the trail's CloudWatch Logs group keeps events (searchable and alarmed on);
    the S3 archive keeps them longer. Default: 365."""
    archive: ArchiveSettings = Field(default_factory=ArchiveSettings)
    """Lifecycle of the trail's S3 bucket. Default: colder class after 90 days, expiry
    after seven years."""
    key_deletion_window_days: KeyDeletionWindowDays = 30
    """Waiting period of the trail key's scheduled deletion, 7 to 30 days. Default: 30."""
    alarms: TrailAlarmSettings = Field(default_factory=TrailAlarmSettings)
    """Alarms on the trail's events, to the account's alert topics. Default: root usage
    and trail changes critical, unauthorized calls a warning."""

    @model_validator(mode="after")
    def _data_events_need_trail(self) -> Self:
        raise_problems(
            problem_if(
                self.record_state_data_events and not self.enabled,
                "record_state_data_events",
                self.record_state_data_events,
                "expected false when enabled = false (data events are recorded by the trail)",
            ),
        )
        return self
