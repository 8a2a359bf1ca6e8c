"""The Terraform state bucket and DynamoDB lock table, created by the bootstrap stack.

`StateBackendSettings` (cdktf-free) names them; every other stack configures its S3 backend
from the same settings. `StateBackend` creates the bucket (versioned, SSE-KMS with a
rotating key and bucket keys, public access blocked, ACLs disabled, a policy denying
requests without TLS 1.2+, superseded versions expiring, `prevent_destroy`) and the lock
table (`LockID`, on demand, point-in-time recovery, KMS, deletion protection).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import StateBackend as StateBackend
    from .construct import StateBackendProps as StateBackendProps
    from .settings import StateBackendSettings as StateBackendSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
