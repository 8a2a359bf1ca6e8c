"""Guardrails at synthesis: an error exits 2, writes nothing but the report, and names the
rule, the resource and the fix; warnings are printed; a consumer's stacks get the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cdktf import App, LocalBackend, TerraformStack

import platform_cdktf.environments.dev as dev_module
from platform_cdktf.environments import EnvironmentConfig, load_environment
from platform_cdktf.stacks import cli, synthesis
from platform_cdktf.stacks.guardrails import report_directory

Mutation = Callable[[dict[str, Any]], None]


def _dev_with(mutate: Mutation) -> Callable[[], EnvironmentConfig]:
    data = load_environment("dev").model_dump()
    mutate(data)
    return lambda: EnvironmentConfig.model_validate(data)


def _unreachable_alarm(data: dict[str, Any]) -> None:
    # db.t3.medium allows about 450 connections: an alarm above 500 can never fire.
    data["alarms"]["aurora"]["connections"] = 500


def _spot_nodes_at_start(data: dict[str, Any]) -> None:
    data["eks"]["spot_nodes"]["desired_size"] = 1


DEFECTS = [
    ("unreachable-alarm", _unreachable_alarm, "ALARM-01 dev-core aws_cloudwatch_metric_alarm."),
    ("tainted-nodes-at-start", _spot_nodes_at_start, "EKS-01 dev-core aws_eks_node_group."),
]


@pytest.mark.parametrize("case", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_a_guardrail_error_exits_2_and_keeps_the_previous_output(
    case: tuple[str, Mutation, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, mutate, line = case
    outdir = tmp_path / "cdktf.out"
    (outdir / "stacks").mkdir(parents=True)
    (outdir / "previous").write_text("kept")
    monkeypatch.setattr(dev_module, "build", _dev_with(mutate))
    monkeypatch.setenv("CDKTF_OUTDIR", str(outdir))
    monkeypatch.setenv("PLATFORM_ENVIRONMENTS", "dev")
    status = cli.main()
    stderr = capsys.readouterr().err
    assert status == 2
    assert f"error: {line}" in stderr
    assert "  fix: " in stderr
    assert "Nothing was synthesized" in stderr
    assert "Traceback" not in stderr
    # The previous output is untouched, no staging directory is left behind, and the
    # report (for the pull request's code scanning) is written.
    assert sorted(p.name for p in outdir.iterdir()) == ["previous", "stacks"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cdktf.out", "cdktf.out-guardrails"]
    report = json.loads((report_directory(outdir) / "guardrails.json").read_text())
    assert report["counts"]["error"] >= 1
    sarif = json.loads((report_directory(outdir) / "guardrails.sarif").read_text())
    assert any(result["level"] == "error" for result in sarif["runs"][0]["results"])


def test_a_consumers_stack_is_checked_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def compose(app: App) -> None:
        stack = TerraformStack(app, "orders")
        LocalBackend(stack, path="terraform.tfstate")  # no required_version: TF-01

    status = synthesis.run(compose, outdir=tmp_path / "cdktf.out")
    stderr = capsys.readouterr().err
    assert status == 2
    assert "error: TF-01 orders terraform: sets no required_version" in stderr
    assert not (tmp_path / "cdktf.out").exists()
    assert (tmp_path / "cdktf.out-guardrails" / "guardrails.sarif").is_file()
