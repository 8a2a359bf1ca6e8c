"""Applying a pinned chart's CRDs: offline, against fake ``helm`` and ``kubectl``
executables that record their arguments."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from platform_cdktf.tooling import crds
from platform_cdktf.tooling.cli import app

FAKE_HELM = """#!{python}
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps(["helm", *args]) + "\\n")
if os.environ.get("FAKE_HELM_FAIL"):
    sys.stderr.write("Error: chart not found\\n")
    sys.exit(1)
chart = Path(args[args.index("--untardir") + 1]) / args[1]
chart.mkdir(parents=True)
(chart / "Chart.yaml").write_text("name: " + args[1] + "\\n")
if not os.environ.get("FAKE_NO_CRDS"):
    (chart / "crds").mkdir()
    (chart / "crds" / "crds.yaml").write_text("kind: CustomResourceDefinition\\n")
    (chart / "crds" / "gateway-crds.yaml").write_text("kind: CustomResourceDefinition\\n")
    (chart / "crds" / "kustomization.yaml").write_text("kind: Kustomization\\n")
    (chart / "crds" / "README.md").write_text("not a manifest\\n")
"""

FAKE_KUBECTL = """#!{python}
import json, os, sys
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps(["kubectl", *sys.argv[1:]]) + "\\n")
if os.environ.get("FAKE_KUBECTL_FAIL"):
    sys.stderr.write("error: the server has asked for the client to provide credentials\\n")
    sys.exit(1)
print("customresourcedefinition.apiextensions.k8s.io/targetgroupbindings serverside-applied")
"""


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only fake helm and kubectl; returns the log they append to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, source in (("helm", FAKE_HELM), ("kubectl", FAKE_KUBECTL)):
        tool = bin_dir / name
        tool.write_text(source.replace("{python}", sys.executable))
        tool.chmod(0o755)
    log = tmp_path / "calls.jsonl"
    log.touch()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("FAKE_LOG", str(log))
    return log


def _calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


ALB = crds.pinned_charts()["alb-controller"]


def test_pulls_the_pinned_version_and_applies_its_crds_server_side(fake_bin: Path) -> None:
    lines: list[str] = []
    outcome = crds.apply_crds(ALB, report=lines.append)
    pull, apply = _calls(fake_bin)
    assert pull[:8] == [
        "helm",
        "pull",
        "aws-load-balancer-controller",
        "--repo",
        "https://aws.github.io/eks-charts",
        "--version",
        "3.5.0",
        "--untar",
    ]
    assert pull[8] == "--untardir"
    chart_dir = Path(pull[9]) / "aws-load-balancer-controller"
    assert apply == [
        "kubectl",
        "apply",
        "--server-side",
        "--force-conflicts",
        "--field-manager=platform-cdktf-crds",
        "-f",
        str(chart_dir / "crds" / "crds.yaml"),
        "-f",
        str(chart_dir / "crds" / "gateway-crds.yaml"),
    ]
    assert outcome.applied
    assert outcome.manifests == ("crds/crds.yaml", "crds/gateway-crds.yaml")
    assert any("serverside-applied" in line for line in lines)
    assert not Path(pull[9]).exists(), "the pulled chart is a temporary directory"


def test_context_is_passed_to_kubectl(fake_bin: Path) -> None:
    crds.apply_crds(ALB, context="prod-admin", report=lambda _: None)
    apply = _calls(fake_bin)[1]
    assert apply[:3] == ["kubectl", "--context", "prod-admin"]


def test_dry_run_pulls_and_prints_but_applies_nothing(fake_bin: Path) -> None:
    lines: list[str] = []
    outcome = crds.apply_crds(ALB, dry_run=True, report=lines.append)
    assert [call[0] for call in _calls(fake_bin)] == ["helm"]
    assert not outcome.applied
    assert outcome.command is not None
    assert outcome.command[:2] == ("kubectl", "apply")
    assert any(line.startswith("$ kubectl apply --server-side") for line in lines)
    assert "dry run" in lines[-1]


def test_a_chart_without_crds_applies_nothing(
    fake_bin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NO_CRDS", "1")
    lines: list[str] = []
    autoscaler = crds.pinned_charts()["cluster-autoscaler"]
    outcome = crds.apply_crds(autoscaler, report=lines.append)
    assert [call[0] for call in _calls(fake_bin)] == ["helm"]
    assert outcome == crds.Outcome(manifests=(), command=None, applied=False)
    assert "has no CRDs" in lines[-1]


@pytest.mark.parametrize("missing", ["helm", "kubectl"])
def test_a_missing_tool_is_a_clear_error(fake_bin: Path, tmp_path: Path, missing: str) -> None:
    (tmp_path / "bin" / missing).unlink()
    with pytest.raises(crds.CrdError, match=f"{missing} is not on PATH; install it"):
        crds.apply_crds(ALB, report=lambda _: None)
    assert _calls(fake_bin) == [], "nothing runs before both tools are found"


def test_dry_run_needs_no_kubectl(fake_bin: Path, tmp_path: Path) -> None:
    (tmp_path / "bin" / "kubectl").unlink()
    outcome = crds.apply_crds(ALB, dry_run=True, report=lambda _: None)
    assert not outcome.applied


@pytest.mark.parametrize(
    ("variable", "message"),
    [
        ("FAKE_HELM_FAIL", "helm exited with 1: Error: chart not found"),
        ("FAKE_KUBECTL_FAIL", "kubectl exited with 1: error: the server has asked"),
    ],
)
def test_a_failing_command_is_reported_with_its_error(
    fake_bin: Path, monkeypatch: pytest.MonkeyPatch, variable: str, message: str
) -> None:
    monkeypatch.setenv(variable, "1")
    with pytest.raises(crds.CrdError, match=message):
        crds.apply_crds(ALB, report=lambda _: None)


def test_unknown_chart_lists_the_pinned_ones() -> None:
    with pytest.raises(crds.CrdError, match=r"unknown chart 'karpenter'; expected one of"):
        crds.chart_named("karpenter", crds.pinned_charts())


def test_cli_applies_and_fails_cleanly(fake_bin: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["crds", "alb-controller", "--dry-run"], env=dict(os.environ))
    assert result.exit_code == 0, result.output
    assert "helm pull aws-load-balancer-controller" in result.output
    (tmp_path / "bin" / "helm").unlink()
    failed = runner.invoke(app, ["crds", "alb-controller"], env=dict(os.environ))
    assert failed.exit_code != 0
    assert "error: helm is not on PATH" in failed.output


def test_cli_rejects_an_unknown_chart() -> None:
    result = CliRunner().invoke(app, ["crds", "nginx"])
    assert result.exit_code != 0
    assert "unknown chart 'nginx'" in result.output
