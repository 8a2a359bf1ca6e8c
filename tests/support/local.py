"""Stand-ins for the local target's tests: an emulator-like process and a sealed stack."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from platform_cdktf.modules.providers.emulator import (
    EMULATED_SERVICES,
    EMULATOR_ACCESS_KEY,
    EMULATOR_SECRET_KEY,
)
from platform_cdktf.tooling import processes
from platform_cdktf.tooling.local_emulator import (
    EMULATOR_MODULE,
    EmulatorProcess,
    free_loopback_port,
    workspace_marker,
)

URL = "http://127.0.0.1:4566"
CLI = [sys.executable, "-m", "platform_cdktf.tooling.cli"]
"""The platform CLI, as `make up` runs it."""
OPERATOR_ENVIRONMENT = {
    "AWS_PROFILE": "operator-prod",
    "AWS_ACCESS_KEY_ID": "AKIAOPERATORREALKEY1",
    "AWS_SECRET_ACCESS_KEY": "operator-real-secret",
    "AWS_ENDPOINT_URL": "http://192.0.2.1:9",
    "PLATFORM_BOOTSTRAP_STATE_IN_S3": "1",
    # If any of these reached terraform, every command would fail or go elsewhere.
    "TF_CLI_ARGS": "-no-such-flag",
    "TF_DATA_DIR": "/nonexistent/terraform-data",
}
"""An operator's shell: a profile that does not exist here (moto and terraform both fail
on one), real-looking keys, an unreachable endpoint (TEST-NET-1), the bootstrap's S3 state
switched on, and terraform arguments that would break every command."""
SLEEP = "import time; time.sleep(600)"
"""A ``python -c`` program that waits to be stopped."""


def described(child: subprocess.Popen[bytes], needle: str) -> processes.ProcessInfo:
    """The child once it runs its own command (after exec)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        info = processes.describe(child.pid)
        if info is not None and needle in info.command:
            return info
        time.sleep(0.02)
    raise AssertionError(f"pid {child.pid} never ran {needle!r}")


def stand_in_emulator(
    workspace: Path, started: list[subprocess.Popen[bytes]]
) -> tuple[subprocess.Popen[bytes], EmulatorProcess]:
    """A process whose command line is an emulator's of ``workspace``, and its record."""
    marker = workspace_marker(workspace).split(" ", 1)
    child = subprocess.Popen(
        [sys.executable, "-c", SLEEP, EMULATOR_MODULE, *marker],
        start_new_session=True,
    )
    started.append(child)
    info = described(child, EMULATOR_MODULE)
    emulator = EmulatorProcess(
        pid=child.pid, port=free_loopback_port(), started=info.started, workspace=str(workspace)
    )
    workspace.mkdir(parents=True, exist_ok=True)
    (workspace / "emulator.json").write_text(json.dumps(asdict(emulator)))
    return child, emulator


def sealed_stack(url: str = URL) -> dict[str, Any]:
    """A minimal stack as the local target synthesizes it."""
    return {
        "terraform": {
            "backend": {
                "s3": {
                    "bucket": "state",
                    "key": "dev/core.tfstate",
                    "region": "us-east-1",
                    "dynamodb_table": "locks",
                    "encrypt": True,
                    "endpoints": dict.fromkeys(("s3", "dynamodb", "iam", "sts"), url),
                    "access_key": EMULATOR_ACCESS_KEY,
                    "secret_key": EMULATOR_SECRET_KEY,
                    "allowed_account_ids": ["123456789012"],
                    "use_path_style": True,
                }
            }
        },
        "provider": {
            "aws": [
                {
                    "region": "us-east-1",
                    "endpoints": [dict.fromkeys(EMULATED_SERVICES, url)],
                    "access_key": EMULATOR_ACCESS_KEY,
                    "secret_key": EMULATOR_SECRET_KEY,
                    "allowed_account_ids": ["123456789012"],
                    "default_tags": [{"tags": {"Project": "p"}}],
                }
            ]
        },
    }
