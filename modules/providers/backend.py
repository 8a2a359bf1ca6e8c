"""Terraform backend factory: S3 with DynamoDB locking, for every stack that uses S3."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import S3Backend, S3BackendEndpointConfig, TerraformStack

from ..shared.settings import require
from ..state_backend.settings import StateBackendSettings
from .emulator import EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY, EmulatorEndpoint


@dataclass(frozen=True, kw_only=True)
class S3BackendProps:
    """Where a stack keeps its state."""

    settings: StateBackendSettings
    """The state bucket and lock table (created by the bootstrap stack)."""
    key: str
    """Object key of this stack's state, e.g. ``prod/core.tfstate`` (see
    :meth:`StateBackendSettings.state_key`)."""
    emulator: EmulatorEndpoint | None = None
    """Keep the state in a local AWS emulator (the ``local`` target only). Default: AWS."""

    def __post_init__(self) -> None:
        require(self, "key", self.key, check_state_key)


def check_state_key(key: str) -> str:
    """A relative S3 key ending in ``.tfstate``."""
    if not key.endswith(".tfstate") or key.startswith("/"):
        raise ValueError("expected a relative key ending in .tfstate")
    return key


def s3_backend(stack: TerraformStack, *, props: S3BackendProps) -> S3Backend:
    """Configure an encrypted S3 backend with DynamoDB locking on ``stack``.

    Terraform 1.11 deprecates ``dynamodb_table`` in favour of ``use_lockfile``; DynamoDB
    stays the documented default and both can run side by side during a migration.
    cdktf 0.21's ``S3Backend`` has no ``use_lockfile`` field, so it is set as an override.
    """
    settings = props.settings
    emulator = props.emulator
    local = emulator is not None
    backend = S3Backend(
        stack,
        bucket=settings.bucket,
        key=props.key,
        region=settings.region,
        dynamodb_table=settings.lock_table,
        encrypt=True,
        # Everything below is set for a local emulator only (None is left out of the JSON).
        endpoints=_emulator_endpoints(emulator) if emulator is not None else None,
        access_key=EMULATOR_ACCESS_KEY if local else None,
        secret_key=EMULATOR_SECRET_KEY if local else None,
        allowed_account_ids=[emulator.account_id] if emulator is not None else None,
        use_path_style=True if local else None,
        skip_metadata_api_check=True if local else None,
        skip_region_validation=True if local else None,
    )
    if settings.use_lockfile:
        stack.add_override("terraform.backend.s3.use_lockfile", True)
    return backend


def _emulator_endpoints(emulator: EmulatorEndpoint) -> S3BackendEndpointConfig:
    url = emulator.base_url
    return S3BackendEndpointConfig(s3=url, dynamodb=url, iam=url, sts=url)
