"""Where Terraform state lives: the S3 bucket and DynamoDB lock table (cdktf-free settings).

One model serves both sides: the bootstrap stack creates the bucket and table from it
(:class:`~platform_cdktf.modules.state_backend.StateBackend`) and every other stack
configures its S3 backend from it (:func:`~platform_cdktf.modules.providers.s3_backend`).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from ..shared.settings import Settings
from ..shared.validation import Region, Rule, matching

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")


def check_bucket_name(name: str) -> str:
    """An S3 general purpose bucket name (S3 "Bucket naming rules"): 3-63 lowercase
    letters, digits and hyphens, starting and ending with a letter or digit, not an IP
    address, without a reserved prefix (``xn--``, ``sthree-``, ``amzn-s3-demo-``) or
    suffix (``-s3alias``, ``--ol-s3``, ``--x-s3``, ``--table-s3``)."""
    if (
        not _BUCKET.match(name)
        or name.startswith(("xn--", "sthree-", "amzn-s3-demo-"))
        or name.endswith(("-s3alias", "--ol-s3", "--x-s3", "--table-s3"))
    ):
        raise ValueError(
            "expected an S3 bucket name of 3-63 lowercase letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
    return name


check_table_name = matching(
    r"[A-Za-z0-9_.-]{3,255}", "expected a DynamoDB table name of 3-255 characters [A-Za-z0-9_.-]"
)

BucketName = Annotated[
    str, AfterValidator(check_bucket_name), Rule("S3 bucket naming rules (3-63, a-z 0-9 -)")
]
TableName = Annotated[
    str, AfterValidator(check_table_name), Rule("DynamoDB table naming rules (3-255)")
]


class StateBackendSettings(Settings):
    """The state bucket and lock table. S3 bucket names are global: choose your own (for
    example suffixed with the account id) before the first deployment."""

    bucket: BucketName
    """S3 bucket for state objects."""
    lock_table: TableName
    """DynamoDB table used for state locking (hash key ``LockID``)."""
    region: Region
    """Region of the bucket and table."""
    use_lockfile: bool = False
    """Also take S3-native lock files (Terraform >= 1.10) beside DynamoDB locking, for a
    migration away from the table. Default: false (DynamoDB locking only)."""
    noncurrent_version_retention_days: Annotated[int, Field(ge=1, le=3650)] = 90
    """Days a superseded state version is kept before it expires. Default: 90."""

    def state_key(self, environment: str, stack: str) -> str:
        """S3 key of one stack's state, e.g. ``prod/core.tfstate``."""
        return f"{environment}/{stack}.tfstate"
