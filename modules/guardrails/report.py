"""The guardrails report as JSON and as SARIF 2.1.0 (built with sarif-om).

The SARIF file follows what GitHub code scanning's ``upload-sarif`` accepts: version
2.1.0 with its ``$schema``, one run whose ``tool.driver`` names the tool and lists the
rules (id, descriptions, help, default level), and one result per finding with
``ruleId``, ``level``, ``message.text``, a physical location (the synthesized
``cdk.tf.json`` relative to the repository and the line of the resource) and
``partialFingerprints``; suppressed findings carry ``suppressions`` with their reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attr
import sarif_om as sarif

from .model import Outcome, Report, Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "platform-cdktf-guardrails"


def _plain(value: Any) -> Any:
    """sarif-om objects as JSON values, keyed by their SARIF property names, None left out."""
    if attr.has(type(value)):
        rendered = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if item is not None and item != field.default:
                rendered[field.metadata["schema_property_name"]] = _plain(item)
        return rendered
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _line_of(document_path: Path, address: str) -> int:
    """Line of ``"<name>":`` in the synthesized file (1 for stack-level findings)."""
    name = address.rsplit(".", 1)[-1]
    try:
        lines = document_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    needle = f'"{name}": {{'
    return next((number for number, line in enumerate(lines, 1) if needle in line), 1)


def _descriptor(rule: Rule) -> sarif.ReportingDescriptor:
    overlaps = f" Overlaps: {', '.join(rule.overlaps)}." if rule.overlaps else ""
    return sarif.ReportingDescriptor(
        id=rule.id,
        name=rule.id.replace("-", ""),
        short_description=sarif.MultiformatMessageString(text=rule.title),
        full_description=sarif.MultiformatMessageString(text=rule.why),
        help=sarif.MultiformatMessageString(
            text=f"{rule.fix}{overlaps}", markdown=f"**Fix:** {rule.fix}{overlaps}"
        ),
        default_configuration=sarif.ReportingConfiguration(level=rule.level),
        properties=sarif.PropertyBag(tags=["security", "iac", *rule.overlaps]),
    )


def _result(outcome: Outcome, source: Path, uri_base: str) -> sarif.Result:
    finding = outcome.finding
    relative = f"{uri_base}/stacks/{finding.stack}/cdk.tf.json"
    key = f"{finding.rule_id}|{finding.stack}|{finding.address}|{finding.message}"
    result = sarif.Result(
        rule_id=finding.rule_id,
        level=outcome.rule.level,
        message=sarif.Message(text=f"{finding.stack}: {finding.address} {finding.message}"),
        locations=[
            sarif.Location(
                physical_location=sarif.PhysicalLocation(
                    artifact_location=sarif.ArtifactLocation(uri=relative),
                    region=sarif.Region(
                        start_line=_line_of(
                            source / "stacks" / finding.stack / "cdk.tf.json", finding.address
                        )
                    ),
                ),
                logical_locations=[
                    sarif.LogicalLocation(
                        fully_qualified_name=f"{finding.stack}/{finding.address}", kind="resource"
                    )
                ],
            )
        ],
        partial_fingerprints={"guardrailsFinding/v1": hashlib.sha256(key.encode()).hexdigest()},
    )
    if outcome.suppression is not None:
        result.suppressions = [
            sarif.Suppression(kind="inSource", justification=outcome.suppression.reason)
        ]
    return result


def sarif_log(report: Report, source: Path, uri_base: str, version: str) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (a JSON-ready dict). ``source`` is the directory
    the stacks were synthesized into (for line numbers), ``uri_base`` the path of the
    output directory relative to the repository root (for locations, e.g. ``cdktf.out``)."""
    log = sarif.SarifLog(
        version=SARIF_VERSION,
        schema_uri=SARIF_SCHEMA,
        runs=[
            sarif.Run(
                tool=sarif.Tool(
                    driver=sarif.ToolComponent(
                        name=TOOL_NAME,
                        version=version,
                        rules=[_descriptor(rule) for rule in report.rules],
                    )
                ),
                results=[_result(outcome, source, uri_base) for outcome in report.outcomes],
            )
        ],
    )
    plain: dict[str, Any] = _plain(log)
    return plain


def json_report(report: Report) -> dict[str, Any]:
    """The report in the platform's own JSON shape (rules, findings, suppressions, counts)."""

    def entry(outcome: Outcome) -> Mapping[str, Any]:
        finding = outcome.finding
        item: dict[str, Any] = {
            "rule": finding.rule_id,
            "level": outcome.rule.level,
            "stack": finding.stack,
            "address": finding.address,
            "message": finding.message,
        }
        if outcome.suppression is not None:
            item["suppressed"] = outcome.suppression.reason
        return item

    return {
        "stacks": list(report.stacks),
        "counts": {level: len(report.active(level)) for level in ("error", "warning", "note")}
        | {"suppressed": len(report.suppressed)},
        "findings": [entry(outcome) for outcome in report.outcomes if outcome.active],
        "suppressed": [entry(outcome) for outcome in report.suppressed],
        "rules": [
            {"id": r.id, "level": r.level, "title": r.title, "overlaps": list(r.overlaps)}
            for r in report.rules
        ],
    }


def write_reports(
    report: Report, source: Path, uri_base: str, directory: Path, version: str
) -> tuple[Path, Path]:
    """Write ``guardrails.json`` and ``guardrails.sarif`` into ``directory``, each replacing
    the previous file in one step (never half-written)."""
    directory.mkdir(parents=True, exist_ok=True)
    documents = {
        directory / "guardrails.json": json_report(report),
        directory / "guardrails.sarif": sarif_log(report, source, uri_base, version),
    }
    for path, document in documents.items():
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        partial.replace(path)
    json_path, sarif_path = documents
    return json_path, sarif_path
