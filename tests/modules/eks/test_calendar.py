"""The Kubernetes support calendar: its data, the clock, and everything that reads it.

Every date here is fixed: the checks run against :func:`fixed_clock` days (or the suite's
``PLATFORM_SYNTHESIS_DATE``, 2026-11-27), never against today.
"""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.eks.autoscaler import (
    CLUSTER_AUTOSCALER_CHART,
    ClusterAutoscalerProps,
    cluster_autoscaler_chart,
)
from platform_cdktf.modules.eks.calendar import (
    CLOCK_VARIABLE,
    SUPPORT_WARNING,
    CalendarDataError,
    NoClusterAutoscalerChartError,
    fixed_clock,
    load_calendar,
    parse_calendar,
    synthesis_date,
)
from platform_cdktf.modules.eks.identity import ClusterIdentity
from platform_cdktf.modules.eks.settings import (
    STANDARD_SUPPORT_ENDS,
    SUPPORTED_KUBERNETES_VERSIONS,
    EksSettings,
)
from platform_cdktf.modules.guardrails import RULES, StackView, check_stack
from platform_cdktf.modules.karpenter.settings import KarpenterSettings
from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.stacks import guardrails
from tests.modules.guardrails.cases import TAGS, cluster, provider, required_version

RULES_BY_ID = {rule.id: rule for rule in RULES}
END_1_34 = date(2026, 12, 2)
"""First day of Kubernetes 1.34 outside standard support (Amazon EKS release calendar)."""
WARN_1_34 = END_1_34 - SUPPORT_WARNING
NODES = {"instance_types": ("m5.large",)}


def _raw() -> dict[str, Any]:
    text = resources.files("platform_cdktf.modules.eks").joinpath("kubernetes_calendar.toml")
    return tomllib.loads(text.read_text(encoding="utf-8"))


# --- the data --------------------------------------------------------------------------


def test_calendar_cites_its_source_and_review_day() -> None:
    calendar = load_calendar()
    assert calendar.source.startswith("https://docs.aws.amazon.com/eks/")
    assert "kubernetes/autoscaler" in calendar.autoscaler_chart_source
    assert calendar.reviewed == date(2026, 11, 27)


def test_every_version_has_ordered_dates_oldest_first() -> None:
    calendar = load_calendar()
    assert calendar.versions == tuple(sorted(calendar.versions, key=lambda v: int(v[2:])))
    for release in calendar.releases.values():
        assert release.eks_release < release.standard_support_ends
        assert release.standard_support_ends < release.extended_support_ends
    ends = [r.standard_support_ends for r in calendar.releases.values()]
    assert ends == sorted(ends)


def test_known_dates_of_the_aws_calendar() -> None:
    # Amazon EKS User Guide, "Amazon EKS Kubernetes release calendar".
    calendar = load_calendar()
    assert calendar.release("1.33").standard_support_ends == date(2026, 7, 29)
    assert calendar.release("1.34").standard_support_ends == END_1_34
    assert calendar.release("1.34").extended_support_ends == date(2027, 12, 2)
    assert calendar.release("1.35").standard_support_ends == date(2027, 3, 27)
    assert calendar.release("1.35").extended_support_ends == date(2028, 3, 27)


def test_settings_constants_come_from_the_calendar() -> None:
    calendar = load_calendar()
    assert SUPPORTED_KUBERNETES_VERSIONS == ("1.34", "1.35", "1.36")
    assert dict(STANDARD_SUPPORT_ENDS) == {
        v: r.standard_support_ends for v, r in calendar.releases.items()
    }


def test_the_data_file_ships_in_the_wheel() -> None:
    pyproject = tomllib.loads(
        (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text(encoding="utf-8")
    )
    package_data = pyproject["tool"]["setuptools"]["package-data"]
    assert "kubernetes_calendar.toml" in package_data["platform_cdktf.modules.eks"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("source"), "calendar: missing keys ['source']"),
        (lambda d: d.update(source="docs.aws.amazon.com"), "calendar.source"),
        (
            lambda d: d["versions"]["1.35"].update(standard_support_ends=date(2028, 4, 1)),
            "versions.'1.35': expected eks_release < standard_support_ends < extended",
        ),
        (
            lambda d: d["versions"]["1.35"].update(extended=date(2028, 4, 1)),
            "unknown keys ['extended']",
        ),
        (
            lambda d: d["versions"]["1.35"]["cluster_autoscaler"].update(app="1.34.2"),
            "cluster_autoscaler.app = '1.34.2': the autoscaler's minor must be the cluster's",
        ),
        (
            lambda d: d.update(versions=dict(reversed(list(d["versions"].items())))),
            "expected versions oldest first",
        ),
    ],
)
def test_malformed_data_is_refused(mutate: Any, message: str) -> None:
    data = copy.deepcopy(_raw())
    mutate(data)
    with pytest.raises(CalendarDataError) as raised:
        parse_calendar(data)
    assert message in str(raised.value)


# --- the clock -------------------------------------------------------------------------


def test_the_suite_runs_on_a_fixed_day() -> None:
    assert synthesis_date() == date(2026, 11, 27)


def test_fixed_clock_wins_over_the_environment_and_is_restored() -> None:
    with fixed_clock(date(2030, 1, 1)):
        assert synthesis_date() == date(2030, 1, 1)
    assert synthesis_date() == date(2026, 11, 27)


def test_a_malformed_clock_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CLOCK_VARIABLE, "27.11.2026")
    with pytest.raises(ValueError, match=r"PLATFORM_SYNTHESIS_DATE = '27\.11\.2026': expected"):
        synthesis_date()


# --- refuse / warn / quiet -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (WARN_1_34 - timedelta(days=1), "standard"),
        (WARN_1_34, "ending"),
        (END_1_34 - timedelta(days=1), "ending"),
        (END_1_34, "extended"),
        (date(2027, 12, 1), "extended"),
        (date(2027, 12, 2), "unsupported"),
    ],
)
def test_status_at_the_day_boundaries(day: date, status: str) -> None:
    assert date(2026, 10, 3) == WARN_1_34
    assert load_calendar().release("1.34").status(day) == status


def test_settings_accept_a_version_on_its_last_day_of_standard_support() -> None:
    with fixed_clock(END_1_34 - timedelta(days=1)):
        assert EksSettings(kubernetes_version="1.34", nodes=NODES).kubernetes_version == "1.34"


def test_settings_refuse_a_version_from_its_end_of_standard_support() -> None:
    with fixed_clock(END_1_34), pytest.raises(SettingsError) as raised:
        EksSettings(kubernetes_version="1.34", nodes=NODES)
    assert raised.value.lines == (
        "EksSettings.kubernetes_version = '1.34': Kubernetes 1.34 left EKS standard support on "
        "2026-12-02 (today is 2026-12-02; extended support, billed extra, ends 2027-12-02); "
        "versions in standard support: ['1.35', '1.36']",
    )


def _eks_stack(version: str) -> dict[str, Any]:
    return {"resource": {"aws_eks_cluster": {"main": {"version": version}}}}


def _findings(rule_id: str, version: str, day: date) -> list[str]:
    view = StackView("dev-core", _eks_stack(version), day)
    return [o.finding.message for o in check_stack(view, [RULES_BY_ID[rule_id]])]


@pytest.mark.parametrize(
    ("day", "errors", "warnings"),
    [
        (WARN_1_34 - timedelta(days=1), 0, 0),  # quiet
        (WARN_1_34, 0, 1),  # warns from 60 days before the end
        (END_1_34 - timedelta(days=1), 0, 1),
        (END_1_34, 1, 0),  # refused on the end day itself: extended support is billed
    ],
)
def test_guardrails_read_the_calendar(day: date, errors: int, warnings: int) -> None:
    assert len(_findings("K8S-01", "1.34", day)) == errors
    assert len(_findings("K8S-02", "1.34", day)) == warnings


def test_guardrail_messages_name_version_and_dates() -> None:
    assert _findings("K8S-02", "1.34", date(2026, 11, 27)) == [
        "Kubernetes 1.34 leaves EKS standard support on 2026-12-02 (in 5 day(s)); synthesis "
        "fails from that day: upgrade (docs/kubernetes-versions.md)"
    ]
    assert _findings("K8S-01", "1.29", date(2026, 11, 27)) == [
        "Kubernetes 1.29 left EKS standard support on 2025-03-23 (today is 2026-11-27; "
        "extended support, billed extra, ends 2026-03-23); versions in standard support: "
        "['1.34', '1.35', '1.36']"
    ]
    assert "1.99 is not in the EKS support calendar" in _findings("K8S-01", "1.99", END_1_34)[0]
    assert _findings("K8S-02", "1.99", END_1_34) == []  # K8S-01 reports it once


def _staged(tmp_path: Path, version: str) -> tuple[Path, Path]:
    """Two stacks as a synthesis stages them, one with a cluster otherwise compliant."""
    staging = tmp_path / "staging"
    base = {**required_version(">= 1.10"), **provider(TAGS)}
    for stack, document in (
        ("dev-core", {**base, **cluster(version=version)}),
        ("dev-platform", base),
    ):
        (staging / "stacks" / stack).mkdir(parents=True)
        (staging / "stacks" / stack / "cdk.tf.json").write_text(json.dumps(document))
    return staging, tmp_path / "cdktf.out"


def test_synthesis_warns_once_and_succeeds_within_60_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    staging, outdir = _staged(tmp_path, "1.34")
    with fixed_clock(date(2026, 11, 27)):
        guardrails.check(staging, outdir)
    lines = [line for line in capsys.readouterr().err.splitlines() if "K8S" in line]
    assert lines == [
        "warning: K8S-02 dev-core aws_eks_cluster.main: Kubernetes 1.34 leaves EKS standard "
        "support on 2026-12-02 (in 5 day(s)); synthesis fails from that day: upgrade "
        "(docs/kubernetes-versions.md)"
    ]


def test_synthesis_fails_from_the_end_of_standard_support(tmp_path: Path) -> None:
    staging, outdir = _staged(tmp_path, "1.34")
    with fixed_clock(END_1_34), pytest.raises(guardrails.GuardrailsError) as raised:
        guardrails.check(staging, outdir)
    assert [e.finding.rule_id for e in raised.value.report.errors] == ["K8S-01"]


# --- pins per Kubernetes version -------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "chart", "app"),
    [("1.33", "9.51.0", "1.33.0"), ("1.34", "9.53.0", "1.34.2"), ("1.35", "9.59.0", "1.35.0")],
)
def test_cluster_autoscaler_chart_per_minor(version: str, chart: str, app: str) -> None:
    # kubernetes/autoscaler tags cluster-autoscaler-chart-<chart>, Chart.yaml appVersion.
    pinned = cluster_autoscaler_chart(version)
    assert (pinned.chart, pinned.version, pinned.app_version) == ("cluster-autoscaler", chart, app)


def test_default_chart_is_the_1_35_chart() -> None:
    assert cluster_autoscaler_chart("1.35") == CLUSTER_AUTOSCALER_CHART
    assert CLUSTER_AUTOSCALER_CHART.version == "9.59.0"


def test_a_minor_without_a_released_chart_is_refused() -> None:
    with pytest.raises(NoClusterAutoscalerChartError) as raised:
        cluster_autoscaler_chart("1.36")
    assert str(raised.value) == (
        "no released cluster-autoscaler chart ships Kubernetes 1.36 (the autoscaler's minor "
        "must match the cluster's); charts are pinned for ['1.33', '1.34', '1.35']. Use "
        "Karpenter, or another version"
    )


def test_autoscaler_props_refuse_a_chart_of_another_minor() -> None:
    identity = ClusterIdentity(cluster_name="unit-eks", mode="pod_identity")
    with pytest.raises(SettingsError) as raised:
        ClusterAutoscalerProps(
            cluster_name="unit-eks",
            region="eu-west-1",
            identity=identity,
            chart=cluster_autoscaler_chart("1.35"),
            kubernetes_version="1.34",
        )
    assert "a chart of cluster-autoscaler 1.34.x" in str(raised.value)
    assert "cluster-autoscaler 9.59.0 (app 1.35.0)" in str(raised.value)
    props = ClusterAutoscalerProps(
        cluster_name="unit-eks",
        region="eu-west-1",
        identity=identity,
        chart=cluster_autoscaler_chart("1.34"),
        kubernetes_version="1.34",
    )
    assert props.chart.app_version == "1.34.2"


def test_configuration_refuses_the_cluster_autoscaler_on_a_minor_without_chart(
    dev_config: EnvironmentConfig,
) -> None:
    data = copy.deepcopy(dev_config.model_dump())
    data["eks"]["kubernetes_version"] = "1.36"
    with pytest.raises(ValueError, match="no released cluster-autoscaler chart") as raised:
        EnvironmentConfig.model_validate(data)
    assert (
        "EnvironmentConfig.eks.kubernetes_version = '1.36': no released cluster-autoscaler "
        "chart ships Kubernetes 1.36 (the autoscaler's minor must match the cluster's); charts "
        "are pinned for ['1.33', '1.34', '1.35']. Use Karpenter, or another version"
    ) in str(raised.value)


def test_configuration_accepts_each_minor_with_a_chart(dev_config: EnvironmentConfig) -> None:
    for version in ("1.34", "1.35"):
        data = copy.deepcopy(dev_config.model_dump())
        data["eks"]["kubernetes_version"] = version
        assert EnvironmentConfig.model_validate(data).eks.kubernetes_version == version


def test_karpenter_needs_no_cluster_autoscaler_chart(dev_config: EnvironmentConfig) -> None:
    # Karpenter replaces the cluster autoscaler: 1.36 (no released autoscaler chart) loads.
    data = copy.deepcopy(dev_config.model_dump())
    data["eks"]["kubernetes_version"] = "1.36"
    data["karpenter"] = KarpenterSettings(ami_version="v20240807").model_dump()
    data["eks"]["spot_nodes"] = None  # refused with Karpenter
    data["dev_schedule"] = None  # refused with Karpenter
    assert EnvironmentConfig.model_validate(data).eks.kubernetes_version == "1.36"
