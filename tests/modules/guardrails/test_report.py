"""The report files: the platform's JSON and SARIF 2.1.0 as GitHub code scanning takes it.

The SARIF checks follow GitHub's "SARIF support for code scanning" (the properties
``upload-sarif`` reads and its limits): version 2.1.0 with ``$schema``; ``runs[].tool.driver``
with ``name`` and ``rules`` (each with ``id``, ``shortDescription``, ``fullDescription``,
``help``, at most 20 tags); results with ``ruleId``, ``level``, ``message.text``, at least
one location whose ``artifactLocation.uri`` is relative to the repository root and whose
``region.startLine`` is at least 1, and ``partialFingerprints``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.modules.guardrails import Report, run_pack, write_reports
from platform_cdktf.modules.guardrails.report import SARIF_SCHEMA

from .cases import CASES, TODAY

SARIF_LEVELS = {"error", "warning", "note", "none"}
MAX_TAGS_PER_RULE = 20
MAX_LOCATIONS_PER_RESULT = 1000


def _stack(outdir: Path, name: str, document: dict[str, Any]) -> None:
    path = outdir / "stacks" / name / "cdk.tf.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document, indent=2))


@pytest.fixture
def synthesized(tmp_path: Path) -> Path:
    """An output directory with a failing stack (NET-01, TF-01) and a suppression."""
    outdir = tmp_path / "cdktf.out"
    failing = CASES["NET-01"].failing
    _stack(outdir, "net", failing)
    suppressed = json.loads(json.dumps(CASES["IAM-01"].failing))
    suppressed["resource"]["aws_iam_policy"]["p"]["//"] = {
        "guardrails": {
            "suppressions": {
                "IAM-01": {
                    "rule": "IAM-01",
                    "reason": "accepted for this test only",
                    "matching": "",
                }
            }
        }
    }
    suppressed["terraform"] = {"required_version": ">= 1.10"}
    _stack(outdir, "iam", suppressed)
    return outdir


@pytest.fixture
def report(synthesized: Path) -> Report:
    return run_pack(synthesized, today=TODAY)


@pytest.fixture
def sarif(report: Report, synthesized: Path, tmp_path: Path) -> dict[str, Any]:
    _, sarif_path = write_reports(report, synthesized, "cdktf.out", tmp_path / "out", "1.2.3")
    document: dict[str, Any] = json.loads(sarif_path.read_text())
    return document


def test_sarif_log_header(sarif: dict[str, Any]) -> None:
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"] == SARIF_SCHEMA
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "platform-cdktf-guardrails"
    assert driver["version"] == "1.2.3"


def test_sarif_rules_describe_every_rule(sarif: dict[str, Any], report: Report) -> None:
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in report.rules]
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"], (rule["id"], key)
        # SARIF's default level is "warning": sarif-om leaves defaults out.
        assert rule["defaultConfiguration"].get("level", "warning") in SARIF_LEVELS
        assert len(rule["properties"]["tags"]) <= MAX_TAGS_PER_RULE


def test_sarif_results_point_at_the_synthesized_resource(
    sarif: dict[str, Any], synthesized: Path
) -> None:
    results = sarif["runs"][0]["results"]
    rule_ids = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {result["ruleId"] for result in results} >= {"NET-01", "TF-01", "IAM-01"}
    for result in results:
        assert result["ruleId"] in rule_ids
        assert result.get("level", "warning") in SARIF_LEVELS
        assert result["message"]["text"]
        assert 1 <= len(result["locations"]) <= MAX_LOCATIONS_PER_RESULT
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri.startswith("cdktf.out/stacks/"), uri
        assert uri.endswith("/cdk.tf.json"), uri
        assert physical["region"]["startLine"] >= 1
        assert result["partialFingerprints"]
    (nacl,) = [r for r in results if r["ruleId"] == "NET-01"]
    assert nacl["level"] == "error"
    line = physical_line(nacl)
    text = (synthesized / "stacks" / "net" / "cdk.tf.json").read_text().splitlines()
    assert '"return_tcp"' in text[line - 1]


def physical_line(result: dict[str, Any]) -> int:
    line: int = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    return line


def test_suppressed_findings_carry_their_justification(sarif: dict[str, Any]) -> None:
    (iam,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "IAM-01"]
    assert iam["suppressions"] == [
        {"kind": "inSource", "justification": "accepted for this test only"}
    ]
    unsuppressed = [r for r in sarif["runs"][0]["results"] if r["ruleId"] != "IAM-01"]
    assert all("suppressions" not in r for r in unsuppressed)


def test_fingerprints_are_stable_and_distinct(
    report: Report, synthesized: Path, tmp_path: Path
) -> None:
    def fingerprints(directory: str) -> list[str]:
        _, path = write_reports(report, synthesized, "cdktf.out", tmp_path / directory, "1")
        results = json.loads(path.read_text())["runs"][0]["results"]
        return [next(iter(r["partialFingerprints"].values())) for r in results]

    first, second = fingerprints("a"), fingerprints("b")
    assert first == second
    assert len(set(first)) == len(first)


def test_json_report_counts_and_lists(report: Report, synthesized: Path, tmp_path: Path) -> None:
    json_path, _ = write_reports(report, synthesized, "cdktf.out", tmp_path / "out", "1")
    written = json.loads(json_path.read_text())
    assert written["stacks"] == ["iam", "net"]
    assert written["counts"] == {"error": 2, "warning": 0, "note": 0, "suppressed": 1}
    assert {(f["rule"], f["stack"]) for f in written["findings"]} == {
        ("NET-01", "net"),
        ("TF-01", "net"),
    }
    (suppressed,) = written["suppressed"]
    assert suppressed["suppressed"] == "accepted for this test only"
    assert not list((tmp_path / "out").glob(".*partial"))
