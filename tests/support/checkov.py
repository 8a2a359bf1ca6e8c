"""Running checkov over synthesized stacks and matching findings to the allow-list."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CHECKOV_VARIABLE = "CHECKOV_BIN"
ALLOWLIST_FRAMEWORKS = frozenset({"terraform", "kubernetes"})
"""What an allow-list entry may apply to: the synthesized stacks or their Kubernetes
objects."""


@dataclass(frozen=True, order=True)
class Finding:
    """One failed checkov check on one resource of one stack."""

    check_id: str
    stack: str
    resource: str
    check_name: str = ""

    def __str__(self) -> str:
        return f"{self.check_id} {self.stack} {self.resource} ({self.check_name})"


@dataclass(frozen=True)
class Acceptance:
    """An allow-list entry: a reviewed decision to accept a finding."""

    check_id: str
    stacks: tuple[str, ...]
    resource: str
    reason: str

    def covers(self, finding: Finding) -> bool:
        return (
            finding.check_id == self.check_id
            and (self.stacks == ("*",) or finding.stack in self.stacks)
            and fnmatch.fnmatchcase(finding.resource, self.resource)
        )


def checkov_binary() -> str:
    """The checkov executable: ``$CHECKOV_BIN`` (set by the Makefile) or PATH."""
    configured = os.environ.get(CHECKOV_VARIABLE)
    if configured and Path(configured).is_file():
        return configured
    found = shutil.which("checkov")
    if found is None:
        raise AssertionError(
            "checkov not found: run the suite through `make test`, which installs it into "
            f".venv-checkov, or set {CHECKOV_VARIABLE} to a checkov executable"
        )
    return found


def scannable_copy(stacks_dir: Path, destination: Path) -> Path:
    """Copies of the stacks' ``cdk.tf.json`` without ``terraform.required_version``.

    checkov 3.3's ``terraform_json`` parser fails on a stack that has that key and then
    reports no check at all for it; nothing else about the stack changes.
    """
    for source in sorted(stacks_dir.glob("*/cdk.tf.json")):
        document = json.loads(source.read_text(encoding="utf-8"))
        document.get("terraform", {}).pop("required_version", None)
        target = destination / source.parent.name / "cdk.tf.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return destination


def run_checkov(stacks_dir: Path) -> list[Finding]:
    """Failed checks over every ``<stack>/cdk.tf.json`` below ``stacks_dir`` (scanned as
    :func:`scannable_copy` writes them)."""
    with tempfile.TemporaryDirectory(prefix="checkov-") as scratch:
        return scan_as_is(scannable_copy(stacks_dir, Path(scratch) / "stacks"))


def scan_as_is(stacks_dir: Path, *, framework: str = "terraform_json") -> list[Finding]:
    """Failed checks over the stacks exactly as they are (see :func:`run_checkov`).

    With ``framework="kubernetes"``, ``stacks_dir`` holds one folder of manifests (YAML)
    per stack instead (tests/stacks/platform/test_kubernetes_checkov.py).
    """
    environment = {
        **os.environ,
        # Offline: no guideline download, no platform upload, no version check.
        "BC_SKIP_MAPPING": "TRUE",
        "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
        "LOG_LEVEL": "WARNING",
    }
    completed = subprocess.run(
        [
            checkov_binary(),
            "--directory",
            str(stacks_dir),
            "--framework",
            framework,
            "--output",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )
    # checkov exits 1 when a check fails; anything else (or no JSON) is a crash.
    if completed.returncode not in (0, 1):
        raise AssertionError(f"checkov crashed (exit {completed.returncode}):\n{completed.stderr}")
    report: Any = json.loads(completed.stdout)
    reports = report if isinstance(report, list) else [report]
    findings = []
    for single in reports:
        summary = single["summary"]
        assert summary["parsing_errors"] == 0, f"checkov could not parse: {summary}"
        assert summary["passed"] + summary["failed"] > 0, f"checkov ran no check: {summary}"
        for failed in single["results"]["failed_checks"]:
            findings.append(
                Finding(
                    check_id=failed["check_id"],
                    stack=Path(failed["file_path"]).parent.name,
                    resource=failed["resource"].removeprefix("resource."),
                    check_name=failed["check_name"],
                )
            )
    return sorted(findings)


def load_allowlist(path: Path, *, framework: str = "terraform") -> list[Acceptance]:
    """Parse the reviewed allow-list; every entry needs a check, resource and reason.

    Only the entries of ``framework`` (an entry's optional ``framework`` key, by default
    ``terraform``; ``kubernetes`` for the platform's manifests) are returned.
    """
    entries = yaml.safe_load(path.read_text()) or []
    accepted = []
    for index, entry in enumerate(entries):
        # A misspelt framework would hide the entry from every scan: refuse it.
        assert entry.get("framework", "terraform") in ALLOWLIST_FRAMEWORKS, (
            f"{path} entry {index}: framework must be one of {sorted(ALLOWLIST_FRAMEWORKS)}"
        )
        if entry.get("framework", "terraform") != framework:
            continue
        missing = {"check", "stacks", "resource", "reason"} - entry.keys()
        assert not missing, f"{path} entry {index} lacks {sorted(missing)}"
        assert len(str(entry["reason"]).split()) >= 8, (
            f"{path} entry {index} ({entry['check']}): the reason must explain the decision"
        )
        accepted.append(
            Acceptance(
                check_id=entry["check"],
                stacks=tuple(entry["stacks"]),
                resource=entry["resource"],
                reason=entry["reason"],
            )
        )
    return accepted


def known_check_ids(framework: str = "terraform") -> set[str]:
    """Every check id the pinned checkov knows for ``framework`` (``checkov --list``)."""
    completed = subprocess.run(
        [checkov_binary(), "--list", "--framework", framework, "--skip-download"],
        capture_output=True,
        text=True,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "WARNING"},
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return set(re.findall(r"CKV2?_(?:AWS|K8S)_\d+", completed.stdout))
