"""checkov's Kubernetes checks over every object of the platform stacks.

checkov cannot read a ``kubernetes_manifest`` inside Terraform JSON as a Kubernetes
object, so the objects (tests/support/kubernetes.py) are written out as YAML, one folder
per stack, and scanned with ``--framework kubernetes``. Findings are accepted only through
the entries marked ``framework: kubernetes`` in ``policy/checkov-allowlist.yaml``, each
with its reason; an entry that no longer matches a finding fails, as for the stacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT
from tests.support.checkov import (
    Acceptance,
    Finding,
    known_check_ids,
    load_allowlist,
    scan_as_is,
)
from tests.support.kubernetes import StackObject, kubernetes_objects
from tests.support.kubernetes_samples import sample
from tests.support.synth import StackJson

pytestmark = pytest.mark.policy

ALLOWLIST = REPO_ROOT / "policy" / "checkov-allowlist.yaml"
PLATFORM_STACKS = ["dev-platform", "prod-platform"]
FRAMEWORK = "kubernetes"


def write_manifests(directory: Path, objects: Iterable[StackObject]) -> list[Path]:
    """One YAML file per object, named after its Terraform address (so a finding's file
    leads back to the resource)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for item in objects:
        path = directory / f"{item.address}.yaml"
        path.write_text(yaml.safe_dump(item.manifest, sort_keys=False), encoding="utf-8")
        written.append(path)
    return written


def scan_manifests(root: Path) -> list[Finding]:
    """Failed Kubernetes checks over ``root/<stack>/*.yaml`` (the finding's stack is the
    folder). checkov runs offline; a parsing error or a scan without any check fails."""
    return scan_as_is(root, framework=FRAMEWORK)


@pytest.fixture(scope="module")
def findings(
    stacks: dict[str, StackJson], tmp_path_factory: pytest.TempPathFactory
) -> list[Finding]:
    root = tmp_path_factory.mktemp("kubernetes-manifests")
    for name in PLATFORM_STACKS:
        written = write_manifests(root / name, kubernetes_objects(stacks[name]))
        assert written, f"{name} has no Kubernetes object to scan"
    return scan_manifests(root)


@pytest.fixture(scope="module")
def allowlist() -> list[Acceptance]:
    return load_allowlist(ALLOWLIST, framework=FRAMEWORK)


def test_no_failed_kubernetes_check_outside_the_allowlist(
    findings: list[Finding], allowlist: list[Acceptance]
) -> None:
    unaccepted = [f for f in findings if not any(entry.covers(f) for entry in allowlist)]
    assert not unaccepted, (
        "checkov Kubernetes findings not in policy/checkov-allowlist.yaml "
        "(framework: kubernetes):\n" + "\n".join(f"  {finding}" for finding in unaccepted)
    )


def test_every_kubernetes_allowlist_entry_is_still_needed(
    findings: list[Finding], allowlist: list[Acceptance]
) -> None:
    stale = [entry for entry in allowlist if not any(entry.covers(f) for f in findings)]
    assert not stale, "allow-list entries that match no finding (remove them):\n" + "\n".join(
        f"  {entry.check_id} {entry.resource}" for entry in stale
    )


def test_the_allowlisted_kubernetes_checks_exist(allowlist: list[Acceptance]) -> None:
    assert {entry.check_id for entry in allowlist} <= known_check_ids(FRAMEWORK)


def test_the_scan_detects_a_known_violation(tmp_path: Path) -> None:
    """Guards against a silently broken scan: a privileged container must fail."""
    deployment = sample("Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["securityContext"] = {"privileged": True}
    write_manifests(
        tmp_path / "broken", [StackObject("kubernetes_manifest.privileged", deployment)]
    )
    checks = {finding.check_id for finding in scan_manifests(tmp_path)}
    assert "CKV_K8S_16" in checks  # privileged container
