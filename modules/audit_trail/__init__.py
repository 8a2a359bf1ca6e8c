"""The account's CloudTrail trail: multi-Region, log file validation, KMS-encrypted.

`AuditTrailSettings` (cdktf-free) holds the retention of the trail's log group and of its
archive bucket and whether the Terraform state bucket's data events are recorded;
`AuditTrail` builds the trail, its customer-managed key (CloudTrail may use it for this
trail only), the archive bucket (`ArchiveBucket`: private, versioned, SSE-KMS, TLS only,
moved to a colder class and expired by lifecycle), the encrypted CloudWatch Logs group and
the role CloudTrail writes to it with, and (`TrailAlarms`) CIS-style alarms on the log
group: root user activity, trail changes and refused calls, to the alert topics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .alarms import TRAIL_ALARMS as TRAIL_ALARMS
    from .alarms import TrailAlarms as TrailAlarms
    from .archive import ArchiveBucket as ArchiveBucket
    from .archive import ArchiveBucketProps as ArchiveBucketProps
    from .construct import AuditTrail as AuditTrail
    from .props import AuditTrailProps as AuditTrailProps
    from .settings import ArchiveSettings as ArchiveSettings
    from .settings import AuditTrailSettings as AuditTrailSettings
    from .settings import TrailAlarmSettings as TrailAlarmSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
