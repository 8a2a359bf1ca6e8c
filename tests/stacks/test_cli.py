"""The app entry point: narrowing, bad input, and never a half-written output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import platform_cdktf.environments.dev as dev_module
from platform_cdktf.environments import (
    EnvironmentConfig,
    load_bootstrap,
    load_environment,
    load_environments,
)
from platform_cdktf.stacks import app, cli, synthesis
from platform_cdktf.stacks.app import PlatformApp, synthesize_platform
from tests.conftest import REPO_ROOT
from tests.support.synth import StackJson


def _bad_dev(**network_changes: Any) -> Callable[[], EnvironmentConfig]:
    good = load_environment("dev").model_dump()

    def build() -> EnvironmentConfig:
        data = {**good}
        if "region" in network_changes:
            data["region"] = network_changes.pop("region")
        data["network"] = {**good["network"], **network_changes}
        return EnvironmentConfig.model_validate(data)

    return build


BAD_CONFIGS = {
    "overlapping-subnets": (
        _bad_dev(public_subnets=["10.10.0.0/24", "10.10.193.0/24", "10.10.194.0/24"]),
        "network.private_subnets[0] = '10.10.0.0/18': overlaps public_subnets[0]",
    ),
    "one-az": (
        _bad_dev(availability_zones=["us-east-1a"]),
        "network.availability_zones = ['us-east-1a']",
    ),
    "malformed-cidr": (_bad_dev(vpc_cidr="10.10.0.0/16x"), "network.vpc_cidr = '10.10.0.0/16x'"),
    "unknown-region": (_bad_dev(region="mars-north-1"), "region = 'mars-north-1'"),
}


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=list(BAD_CONFIGS))
def test_bad_config_fails_before_synthesis_and_writes_nothing(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build, expected = BAD_CONFIGS[case]
    outdir = tmp_path / "cdktf.out"
    monkeypatch.setattr(dev_module, "build", build)
    monkeypatch.setenv("CDKTF_OUTDIR", str(outdir))
    monkeypatch.delenv("PLATFORM_ENVIRONMENTS", raising=False)

    assert cli.main() == 2

    stderr = capsys.readouterr().err
    assert "invalid configuration 'dev'" in stderr
    assert expected in stderr
    assert "Nothing was synthesized" in stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_environment_exits_non_zero_without_output(tmp_path: Path) -> None:
    """The real entry point, as ``cdktf synth`` runs it (fast: fails before cdktf loads)."""
    outdir = tmp_path / "cdktf.out"
    result = subprocess.run(
        [sys.executable, "main.py"],
        cwd=REPO_ROOT,
        env={**os.environ, "PLATFORM_ENVIRONMENTS": "dev,staging", "CDKTF_OUTDIR": str(outdir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown environment(s) ['staging']" in result.stderr
    assert not outdir.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ("dev", "prod")),
        ("", ("dev", "prod")),
        ("prod", ("prod",)),
        (" dev , prod,dev ", ("dev", "prod")),
    ],
)
def test_environment_selection(value: str | None, expected: tuple[str, ...]) -> None:
    assert cli.selected_environment_names(value) == expected


def test_narrowed_synthesis_holds_bootstrap_and_one_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stacks: dict[str, StackJson]
) -> None:
    outdir = tmp_path / "cdktf.out"
    monkeypatch.setenv("CDKTF_OUTDIR", str(outdir))
    monkeypatch.setenv("PLATFORM_ENVIRONMENTS", "dev")

    assert cli.main() == 0

    produced = sorted(path.name for path in (outdir / "stacks").iterdir())
    # account-main holds dev (and prod): it comes along, whole.
    assert produced == ["account-main", "bootstrap", "dev-core", "dev-platform"]
    for name in ("dev-core", "account-main"):
        narrowed = json.loads((outdir / "stacks" / name / "cdk.tf.json").read_text())
        assert narrowed == stacks[name], f"narrowing must not change what {name} contains"


def test_failed_synthesis_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    outdir = tmp_path / "cdktf.out"
    outdir.mkdir()
    (outdir / "previous.txt").write_text("last good synthesis")

    def explode(*_: Any, **__: Any) -> None:
        raise RuntimeError("construct failed half-way")

    monkeypatch.setattr(app, "CoreStack", explode)
    with pytest.raises(RuntimeError, match="half-way"):
        synthesize_platform(
            outdir, PlatformApp(environments=load_environments(), bootstrap=load_bootstrap())
        )

    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdktf.out"]
    assert (outdir / "previous.txt").read_text() == "last good synthesis"


def test_resynthesis_refuses_to_delete_local_state(tmp_path: Path) -> None:
    outdir = tmp_path / "cdktf.out"
    stack_dir = outdir / "stacks" / "bootstrap"
    stack_dir.mkdir(parents=True)
    (stack_dir / "terraform.tfstate").write_text("{}")

    with pytest.raises(synthesis.LocalStateInOutputError, match="holds Terraform state"):
        synthesize_platform(outdir, PlatformApp(environments=[], bootstrap=load_bootstrap()))

    assert (stack_dir / "terraform.tfstate").read_text() == "{}"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdktf.out"]


def test_bootstrap_local_state_lives_outside_the_output(stacks: dict[str, StackJson]) -> None:
    path = stacks["bootstrap"]["terraform"]["backend"]["local"]["path"]
    # relative to cdktf.out/stacks/bootstrap: the project root, never inside the output
    assert path == "../../../terraform.bootstrap.tfstate"


def test_bootstrap_can_be_synthesized_with_state_in_s3(tmp_path: Path) -> None:

    outdir = synthesize_platform(
        tmp_path / "out",
        PlatformApp(environments=[], bootstrap=load_bootstrap(), bootstrap_state_in_s3=True),
    )
    stack = json.loads((outdir / "stacks" / "bootstrap" / "cdk.tf.json").read_text())
    backend = stack["terraform"]["backend"]["s3"]
    assert backend["key"] == "bootstrap/terraform.tfstate"
    assert backend["encrypt"] is True
    assert backend["dynamodb_table"] == load_bootstrap().state.lock_table


def test_main_py_synthesizes_the_same_json_in_a_fresh_process(
    tmp_path: Path, stacks: dict[str, StackJson]
) -> None:
    """``python main.py`` is what ``cdktf synth`` runs; its output must match the
    in-process synthesis the rest of the suite checks (this is the one test that pays
    the provider import in a subprocess, because the entry point is what it tests)."""
    outdir = tmp_path / "cdktf.out"
    result = subprocess.run(
        [sys.executable, "main.py"],
        cwd=REPO_ROOT,
        env={**os.environ, "CDKTF_OUTDIR": str(outdir), "PLATFORM_ENVIRONMENTS": ""},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name, expected in stacks.items():
        produced = json.loads((outdir / "stacks" / name / "cdk.tf.json").read_text())
        assert produced == expected, name
