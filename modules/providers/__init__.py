"""Provider versions (one source of truth), provider and backend factories, default tags."""

from __future__ import annotations

from .aws import AwsProviderProps, aws_provider
from .backend import S3BackendProps, s3_backend
from .emulator import EMULATOR_ACCOUNT_ID, EmulatorEndpoint
from .tags import REQUIRED_TAG_KEYS, default_tags
from .versions import PROVIDERS, TERRAFORM_MIN_VERSION, ProviderVersion

__all__ = [
    "EMULATOR_ACCOUNT_ID",
    "PROVIDERS",
    "REQUIRED_TAG_KEYS",
    "TERRAFORM_MIN_VERSION",
    "AwsProviderProps",
    "EmulatorEndpoint",
    "ProviderVersion",
    "S3BackendProps",
    "aws_provider",
    "default_tags",
    "s3_backend",
]
