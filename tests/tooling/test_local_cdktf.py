"""``platform-cdktf local``: how the cdktf CLI is run against the emulator, with a stand-in
``cdktf`` that records its arguments and environment (the real CLI runs in
tests/tooling/test_local_e2e.py)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from platform_cdktf.tooling.local import LocalDeployment, LocalDeploymentError
from platform_cdktf.tooling.local_cdktf import app_arguments, cdktf_environment, run_cdktf
from platform_cdktf.tooling.local_emulator import EmulatorProcess
from tests.support.local import sealed_stack, stand_in_emulator

OPERATOR = {
    "AWS_PROFILE": "operator-prod",
    "AWS_ACCESS_KEY_ID": "AKIAOPERATORREALKEY1",
    "PLATFORM_BOOTSTRAP_STATE_IN_S3": "1",
    "PLATFORM_ENVIRONMENTS": "prod",
    "TF_CLI_ARGS": "-no-such-flag",
}

FAKE_CDKTF = """#!/bin/sh
# Records each call; `synth` writes the stack prepared beside it into --output. Any
# other command exits 3, which the wrapper must pass on.
printf '%s\\n' "$*" >> "{log}"
env -0 > "{environment}"
if [ "$1" = synth ]; then
  mkdir -p "$3/stacks/dev-core" && cp "{stack}" "$3/stacks/dev-core/cdk.tf.json" && exit 0
fi
exit 3
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root whose ``node_modules/.bin/cdktf`` is the stand-in."""
    root = tmp_path / "project"
    binary = root / "node_modules" / ".bin" / "cdktf"
    binary.parent.mkdir(parents=True)
    binary.write_text(
        FAKE_CDKTF.format(
            log=tmp_path / "calls", environment=tmp_path / "env", stack=tmp_path / "stack.json"
        )
    )
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    return root


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[tuple[LocalDeployment, EmulatorProcess]]:
    started: list[subprocess.Popen[bytes]] = []
    workspace = (tmp_path / "ws").resolve()
    try:
        _child, record = stand_in_emulator(workspace, started)
        yield LocalDeployment(workspace, project_root=tmp_path / "project"), record
    finally:
        for child in started:
            child.kill()
            child.wait()


def _calls(tmp_path: Path) -> list[str]:
    return (tmp_path / "calls").read_text().splitlines()


def _prepare_stack(tmp_path: Path, url: str, *, sealed: bool = True) -> None:
    stack = sealed_stack(url)
    if not sealed:
        stack["provider"]["aws"][0]["profile"] = "operator-prod"
    (tmp_path / "stack.json").write_text(json.dumps(stack))


def test_diff_is_synthesized_checked_then_run_without_the_provider_lock(
    tmp_path: Path,
    project: Path,
    emulator: tuple[LocalDeployment, EmulatorProcess],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local, record = emulator
    _prepare_stack(tmp_path, record.url)
    for name, value in OPERATOR.items():
        monkeypatch.setenv(name, value)
    assert run_cdktf(local, ["diff", "dev-core", "--app", "python other.py"]) == 3
    output = f"--output {local.outdir}"
    assert _calls(tmp_path) == [
        f"synth {output} --app python other.py",
        f"diff dev-core --app python other.py --skip-synth --skip-provider-lock {output}",
    ]


def test_unsealed_output_is_refused_before_the_command_runs(
    tmp_path: Path, project: Path, emulator: tuple[LocalDeployment, EmulatorProcess]
) -> None:
    local, record = emulator
    _prepare_stack(tmp_path, record.url, sealed=False)
    with pytest.raises(LocalDeploymentError, match="not sealed against real AWS") as refused:
        run_cdktf(local, ["deploy", "dev-core", "--auto-approve"])
    assert "dev-core: provider aws: profile is set" in str(refused.value)
    assert [call.split()[0] for call in _calls(tmp_path)] == ["synth"]


def test_other_commands_run_as_given_on_the_workspace_output(
    tmp_path: Path, project: Path, emulator: tuple[LocalDeployment, EmulatorProcess]
) -> None:
    local, _record = emulator
    assert run_cdktf(local, ["output", "dev-core"]) == 3
    assert _calls(tmp_path) == [f"output dev-core --output {local.outdir}"]


def test_the_cli_sees_the_local_target_and_none_of_the_operators_variables(
    tmp_path: Path,
    project: Path,
    emulator: tuple[LocalDeployment, EmulatorProcess],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local, record = emulator
    mirror = tmp_path / "mirror"
    (mirror / "registry.terraform.io" / "hashicorp" / "aws").mkdir(parents=True)
    monkeypatch.setenv("TF_PROVIDER_MIRROR", str(mirror))
    for name, value in OPERATOR.items():
        monkeypatch.setenv(name, value)
    environment = cdktf_environment(local, record)
    assert environment["PLATFORM_TARGET"] == "local"
    assert environment["PLATFORM_EMULATOR_ENDPOINT"] == record.url
    assert environment["PLATFORM_ENVIRONMENTS"] == "dev"
    assert environment["AWS_ACCESS_KEY_ID"] == "emulator-access-key"
    assert environment["AWS_ENDPOINT_URL"] == record.url
    assert environment["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert environment["TF_CLI_CONFIG_FILE"] == str(local.workspace / "terraform-cli.tfrc")
    leaked = {"AWS_PROFILE", "PLATFORM_BOOTSTRAP_STATE_IN_S3", "TF_CLI_ARGS"}
    assert not leaked & environment.keys()


def test_a_missing_cli_says_how_to_install_it(tmp_path: Path) -> None:
    local = LocalDeployment(tmp_path / "ws", project_root=tmp_path)
    with pytest.raises(LocalDeploymentError, match=r"cdktf CLI is not installed .*make setup"):
        run_cdktf(local, ["diff"])


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["diff", "dev-core"], []),
        (["deploy", "--app", "python a.py", "--auto-approve"], ["--app", "python a.py"]),
        (["deploy", "-a", "python a.py"], ["-a", "python a.py"]),
        (["deploy", "--app=python a.py"], ["--app=python a.py"]),
        (["deploy", "--app"], []),
    ],
)
def test_the_app_option_is_passed_on_to_synth(arguments: list[str], expected: list[str]) -> None:
    assert app_arguments(arguments) == expected
