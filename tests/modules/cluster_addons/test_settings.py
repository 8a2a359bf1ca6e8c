"""Settings of the platform add-ons: defaults, per-Kubernetes-version pins, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.cluster_addons import PLATFORM_ADDONS, ClusterAddonsSettings
from platform_cdktf.modules.eks import SUPPORTED_KUBERNETES_VERSIONS
from platform_cdktf.modules.shared.settings import SettingsError


def test_every_addon_is_on_by_default_with_container_logs() -> None:
    settings = ClusterAddonsSettings()
    assert settings.metrics_server
    assert settings.pod_identity_agent
    assert settings.cloudwatch_observability
    assert settings.container_logs
    assert settings.addon_versions == {}


def test_the_platform_addons_are_the_three_of_the_issue() -> None:
    assert PLATFORM_ADDONS == (
        "metrics-server",
        "eks-pod-identity-agent",
        "amazon-cloudwatch-observability",
    )


@pytest.mark.parametrize("kubernetes_version", SUPPORTED_KUBERNETES_VERSIONS)
def test_pins_apply_only_to_their_kubernetes_version(kubernetes_version: str) -> None:
    settings = ClusterAddonsSettings(
        addon_versions={kubernetes_version: {"metrics-server": "v0.8.0-eksbuild.2"}}
    )
    assert settings.pinned_versions(kubernetes_version) == {"metrics-server": "v0.8.0-eksbuild.2"}
    for other in set(SUPPORTED_KUBERNETES_VERSIONS) - {kubernetes_version}:
        assert settings.pinned_versions(other) == {}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"addon_versions": {"1.35": {"coredns": "v1.12.4-eksbuild.1"}}},
            "addon_versions['1.35']: unknown add-ons ['coredns']",
        ),
        (
            {"addon_versions": {"1.35": {"metrics-server": "0.8.0"}}},
            "addon_versions['1.35']['metrics-server'] = '0.8.0': expected an EKS add-on version",
        ),
        (
            {"addon_versions": {"1.30": {}}},
            "addon_versions['1.30']['[key]'] = '1.30': expected one of ['1.34', '1.35', "
            "'1.36'] (the versions in EKS standard support when the calendar was reviewed, "
            "2026-11-27",
        ),
        (
            # Not in the support calendar at all.
            {"addon_versions": {"1.99": {}}},
            "addon_versions['1.99']['[key]'] = '1.99': expected one of ['1.34', '1.35', '1.36']",
        ),
        ({"container_logs": "sometimes"}, "container_logs = 'sometimes'"),
        ({"fluent_bit": True}, "fluent_bit = True: unknown setting"),
    ],
)
def test_bad_input_names_field_value_and_expectation(values: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError) as error:
        ClusterAddonsSettings(**values)
    assert message in str(error.value)


def test_pod_identity_agent_may_be_off_without_cloudwatch() -> None:
    settings = ClusterAddonsSettings(cloudwatch_observability=False, pod_identity_agent=False)
    assert not settings.pod_identity_agent
