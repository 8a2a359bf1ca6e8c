"""The PagerDuty forwarder's deployment package: a zip built byte for byte the same on
every synthesis (fixed timestamps, permissions and order), so that an unchanged handler
never shows up as a change in a plan."""

from __future__ import annotations

import base64
import hashlib
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

HANDLER_SOURCE = Path(__file__).parent / "forwarder" / "pagerduty.py"
"""The handler's source file; it is the package's only file."""
HANDLER_MODULE = "pagerduty"
HANDLER = f"{HANDLER_MODULE}.handler"
"""The function's ``handler`` setting (``<module>.<function>``)."""

_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest timestamp a zip entry can hold: no build time leaks into the archive."""


@dataclass(frozen=True)
class LambdaPackage:
    """A zip file on disk and the hashes Terraform and cdktf need."""

    path: Path
    """Where the zip is (a content-addressed file in the temporary directory)."""
    sha256_base64: str
    """Base64 SHA-256 of the zip, Lambda's ``source_code_hash``."""
    sha256_hex: str
    """Hex SHA-256 of the zip, the cdktf asset hash (names its folder in the output)."""


def package_bytes(source: Path = HANDLER_SOURCE) -> bytes:
    """The zip holding ``source`` as ``pagerduty.py``, deterministic."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        entry = zipfile.ZipInfo(f"{HANDLER_MODULE}.py", date_time=_EPOCH)
        entry.compress_type = zipfile.ZIP_STORED  # no dependence on the zlib version
        entry.external_attr = 0o644 << 16
        entry.create_system = 3  # Unix, whichever system builds it
        archive.writestr(entry, source.read_bytes())
    return buffer.getvalue()


def build_package(source: Path = HANDLER_SOURCE) -> LambdaPackage:
    """Write the zip of ``source`` (once per content) and describe it."""
    data = package_bytes(source)
    digest = hashlib.sha256(data)
    directory = Path(tempfile.gettempdir()) / "platform-cdktf-lambda"
    directory.mkdir(exist_ok=True)
    path = directory / f"{digest.hexdigest()}.zip"
    if not path.exists():
        path.write_bytes(data)
    return LambdaPackage(
        path=path,
        sha256_base64=base64.b64encode(digest.digest()).decode(),
        sha256_hex=digest.hexdigest(),
    )
