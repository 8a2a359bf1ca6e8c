"""Every stored snapshot belongs to a test that still exists.

syrupy fails a session that leaves a stored snapshot unused, but only when the session
runs in one process: spread over pytest-xdist workers (``make unit``) no worker sees every
test, and syrupy turns that detection off. This test does it for the whole tree: each
``# name:`` entry of a ``__snapshots__/<module>.ambr`` file must be a test that
``<module>.py`` collects, so a renamed test or a removed stack cannot leave a snapshot
behind that nothing compares any more.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

COLLECT = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
COLLECT += ["-p", "no:syrupy"]  # collecting alone leaves every snapshot "unused"
SNAPSHOT_FILES = sorted((REPO_ROOT / "tests").rglob("__snapshots__/*.ambr"))


def _entries(snapshot: Path) -> set[str]:
    prefix = "# name: "
    lines = snapshot.read_text(encoding="utf-8").splitlines()
    return {line.removeprefix(prefix) for line in lines if line.startswith(prefix)}


def _collected(module: Path) -> set[str]:
    result = subprocess.run(
        [*COLLECT, str(module)],
        cwd=REPO_ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line.split("::", 1)[1] for line in result.stdout.splitlines() if "::" in line}


def test_there_are_snapshots_to_check() -> None:
    assert len(SNAPSHOT_FILES) >= 3


@pytest.mark.parametrize(
    "snapshot", SNAPSHOT_FILES, ids=lambda path: str(path.relative_to(REPO_ROOT))
)
def test_every_snapshot_entry_has_its_test(snapshot: Path) -> None:
    module = snapshot.parent.parent / f"{snapshot.stem}.py"
    assert module.is_file(), f"{snapshot} has no test module {module.name}"
    entries = _entries(snapshot)
    assert entries, f"{snapshot} holds no snapshot"
    unused = sorted(entries - _collected(module))
    assert not unused, f"{snapshot}: no test for {unused}; run --snapshot-update without -n"
