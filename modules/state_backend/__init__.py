"""The Terraform state bucket and DynamoDB lock table, created by the bootstrap stack.

:class:`StateBackendSettings` (cdktf-free) names them; every other stack configures its
S3 backend from the same settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import StateBackend as StateBackend
    from .construct import StateBackendProps as StateBackendProps
    from .settings import StateBackendSettings as StateBackendSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
