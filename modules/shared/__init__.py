"""Building blocks shared by the platform modules: account context and KMS keys."""

from __future__ import annotations

from .account import AccountContext
from .kms import EncryptionKey, EncryptionKeyProps, ServiceGrant

__all__ = ["AccountContext", "EncryptionKey", "EncryptionKeyProps", "ServiceGrant"]
