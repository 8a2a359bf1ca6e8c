"""The guardrails pack at synthesis: run it, write its report, stop on an error.

Every app that synthesizes through :func:`~platform_cdktf.stacks.synthesis.synthesize`
(the platform's and a consumer's) gets the same rules. The report goes beside the
output directory (``cdktf.out-guardrails/guardrails.{json,sarif}``), so it exists even
when an error keeps the new output from replacing the old.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from platform_cdktf.modules.guardrails import Report, run_pack, write_reports
from platform_cdktf.modules.guardrails.model import Outcome

REPORT_SUFFIX = "-guardrails"
"""The report directory is the output directory's name with this suffix."""

DISTRIBUTION = "platform-cdktf-aws"


class GuardrailsError(Exception):
    """Synthesized stacks break at least one guardrail of level error."""

    def __init__(self, report: Report, directory: Path) -> None:
        self.report = report
        self.directory = directory
        errors = report.errors
        super().__init__(f"{len(errors)} guardrail error(s); report in {directory}")


def report_directory(outdir: Path) -> Path:
    """Where the report of a synthesis into ``outdir`` goes."""
    return outdir.with_name(f"{outdir.name}{REPORT_SUFFIX}")


def _version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def describe(outcome: Outcome) -> str:
    """One line for a finding: ``NET-01 dev-core aws_network_acl_rule.x: message``."""
    finding = outcome.finding
    return f"{finding.rule_id} {finding.stack} {finding.address}: {finding.message}"


def check(staging: Path, outdir: Path) -> Report:
    """Run the pack over the stacks synthesized into ``staging`` (about to become
    ``outdir``), write the report and print warnings; raise :class:`GuardrailsError`
    if an unsuppressed error remains."""
    report = run_pack(staging)
    directory = report_directory(outdir)
    write_reports(report, staging, outdir.name, directory, _version())
    for outcome in report.active("warning"):
        print(f"warning: {describe(outcome)}", file=sys.stderr)
    if report.errors:
        raise GuardrailsError(report, directory)
    return report


def report_errors(error: GuardrailsError) -> None:
    """Print the errors of a failed check, each with how to fix it."""
    for outcome in error.report.errors:
        print(f"error: {describe(outcome)}", file=sys.stderr)
        print(f"  fix: {outcome.rule.fix}", file=sys.stderr)
    print(
        f"Nothing was synthesized: {len(error.report.errors)} guardrail error(s) "
        f"(report: {error.directory}). Fix them, or suppress one on its construct with a "
        "reason (platform_cdktf.modules.guardrails.suppress).",
        file=sys.stderr,
    )
