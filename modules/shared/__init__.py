"""Building blocks shared by the platform modules: account context, KMS keys, service
security groups and props checks."""

from __future__ import annotations

from .account import AccountContext
from .kms import EncryptionKey, EncryptionKeyProps, ServiceGrant
from .network import ServicePortSecurityGroup
from .validation import CLOUDWATCH_LOG_RETENTION_DAYS

__all__ = [
    "CLOUDWATCH_LOG_RETENTION_DAYS",
    "AccountContext",
    "EncryptionKey",
    "EncryptionKeyProps",
    "ServiceGrant",
    "ServicePortSecurityGroup",
]
