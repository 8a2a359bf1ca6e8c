"""The smoke check's report and exit status."""

from __future__ import annotations

from collections.abc import Sequence

from .checks import CheckResult, Status

EXIT_HEALTHY = 0
EXIT_UNHEALTHY = 1
EXIT_USAGE = 2
"""An unknown environment, a configuration error, ``kubectl`` or ``aws`` missing."""


def exit_code(results: Sequence[CheckResult]) -> int:
    """0 when no check failed, else 1."""
    return EXIT_UNHEALTHY if any(result.failed for result in results) else EXIT_HEALTHY


def render(environment: str, results: Sequence[CheckResult]) -> str:
    """Plain aligned lines (readable in a CI log and in a job summary's code block):
    check, target, status, detail, then a one-line verdict."""
    rows = [("CHECK", "TARGET", "STATUS", "DETAIL")] + [
        (result.check, result.target, result.status.value, result.detail) for result in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    failed = sum(result.failed for result in results)
    skipped = sum(result.status is Status.SKIP for result in results)
    verdict = (
        f"smoke {environment}: {failed} of {len(results)} checks failed"
        if failed
        else f"smoke {environment}: all {len(results) - skipped} checks passed"
        + (f" ({skipped} not applicable)" if skipped else "")
    )
    return "\n".join([*(line.rstrip() for line in lines), verdict])
