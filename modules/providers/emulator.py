"""Pointing the AWS provider and the S3 backend at a local AWS emulator.

Used only by the ``local`` deployment target. Three guards make sure such a
configuration can never touch real AWS: every endpoint must be a loopback address,
the credentials are fixed fake values (never the caller's environment), and the
provider refuses any account but the emulator's.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

EMULATOR_ACCOUNT_ID = "123456789012"
"""The account moto reports for every request."""
EMULATOR_ACCESS_KEY = "emulator-access-key"
"""Fake credentials: set explicitly so that real ones in the environment are never used."""
EMULATOR_SECRET_KEY = "emulator-secret-key"

EMULATED_SERVICES = (
    "applicationautoscaling",
    "backup",
    "cloudtrail",
    "cloudwatch",
    "codebuild",
    "configservice",
    "dynamodb",
    "ec2",
    "ecr",
    "eks",
    "elasticache",
    "events",
    "guardduty",
    "iam",
    "kms",
    "lambda",
    "logs",
    "rds",
    "s3",
    "scheduler",
    "secretsmanager",
    "sns",
    "sqs",
    "sts",
)
"""Every AWS service the platform's resources and data sources call."""


@dataclass(frozen=True, kw_only=True)
class EmulatorEndpoint:
    """A local AWS emulator reachable on a loopback address."""

    url: str
    """Base URL, e.g. ``http://127.0.0.1:4566``."""
    account_id: str = EMULATOR_ACCOUNT_ID
    """Account the emulator reports; the provider refuses any other."""

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.port is None:
            raise ValueError(f"emulator url = {self.url!r}: expected http://127.0.0.1:<port>")
        if parts.path not in ("", "/") or parts.query:
            raise ValueError(f"emulator url = {self.url!r}: expected no path or query")
        if not _is_loopback(parts.hostname):
            raise ValueError(
                f"emulator url = {self.url!r}: the emulator must listen on a loopback address "
                "(127.0.0.0/8, ::1 or localhost) so that nothing can reach real AWS"
            )

    @property
    def base_url(self) -> str:
        """The URL without a trailing slash."""
        return self.url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
