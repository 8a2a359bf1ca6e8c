"""Terraform backend factories: S3 with DynamoDB locking for every environment stack."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import S3Backend, TerraformStack


@dataclass(frozen=True, kw_only=True)
class S3BackendProps:
    """Where a stack keeps its state."""

    bucket: str
    """State bucket (created by the bootstrap stack)."""
    key: str
    """Object key of this stack's state, ``<env>/<stack>.tfstate``."""
    region: str
    """Region of the bucket and lock table."""
    lock_table: str
    """DynamoDB table for state locking (hash key ``LockID``)."""
    use_lockfile: bool = False
    """Also take an S3-native lock file (Terraform >= 1.10), beside DynamoDB. Default: off."""


def s3_backend(stack: TerraformStack, *, props: S3BackendProps) -> S3Backend:
    """Configure an encrypted S3 backend with DynamoDB locking on ``stack``.

    Terraform 1.11 deprecates ``dynamodb_table`` in favour of ``use_lockfile``; DynamoDB
    stays the documented default and both can run side by side during a migration.
    cdktf 0.21's ``S3Backend`` has no ``use_lockfile`` field, so it is set as an override.
    """
    if not props.key.endswith(".tfstate") or props.key.startswith("/"):
        raise ValueError(f"state key {props.key!r}: expected a relative key ending in .tfstate")
    backend = S3Backend(
        stack,
        bucket=props.bucket,
        key=props.key,
        region=props.region,
        dynamodb_table=props.lock_table,
        encrypt=True,
    )
    if props.use_lockfile:
        stack.add_override("terraform.backend.s3.use_lockfile", True)
    return backend
