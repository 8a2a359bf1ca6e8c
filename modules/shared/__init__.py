"""Building blocks shared by the platform modules: settings and their checks (cdktf-free),
the account context, KMS keys and service security groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_exports

if TYPE_CHECKING:
    from .account import AccountContext as AccountContext
    from .kms import EncryptionKey as EncryptionKey
    from .kms import EncryptionKeyProps as EncryptionKeyProps
    from .kms import ServiceGrant as ServiceGrant
    from .network import ServicePortSecurityGroup as ServicePortSecurityGroup
    from .settings import FieldError as FieldError
    from .settings import Problem as Problem
    from .settings import Settings as Settings
    from .settings import SettingsError as SettingsError
    from .validation import CLOUDWATCH_LOG_RETENTION_DAYS as CLOUDWATCH_LOG_RETENTION_DAYS

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
