"""Service settings: the seed's defaults, and bad values named by field."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.service.settings import ServiceSettings, rollout_pods
from platform_cdktf.modules.shared.settings import SettingsError

GOOD: dict[str, Any] = {
    "name": "sample-service",
    "namespace": "apps",
    "image": {"repository": "sample-service", "tag": "0.1.0"},
    "resources": {
        "cpu_request": "100m",
        "memory_request": "128Mi",
        "cpu_limit": "500m",
        "memory_limit": "256Mi",
    },
}


def test_defaults_are_the_seeds_numbers() -> None:
    service = ServiceSettings(**GOOD)
    assert service.port == 8080
    assert service.liveness.path == "/health"
    assert service.readiness.path == "/ready"
    assert (service.rollout.max_surge, service.rollout.max_unavailable) == ("25%", "25%")
    scaling = service.autoscaling
    assert (scaling.min_replicas, scaling.max_replicas, scaling.cpu_utilization) == (2, 10, 80)
    assert service.ingress is None


def test_peak_pods_adds_the_rollout_surge_rounded_up() -> None:
    # 10 replicas + ceil(25% of 10) = 13 pods at the peak of a rollout.
    assert ServiceSettings(**GOOD).peak_pods == 13
    assert rollout_pods("25%", 10, round_up=False) == 2
    assert rollout_pods("3", 10, round_up=True) == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Sample_Service"}, "name = 'Sample_Service': expected a DNS-1035 label"),
        ({"image": {"repository": "sample-service", "tag": "latest"}}, "not 'latest'"),
        ({"image": {"repository": "Sample", "tag": "1"}}, "image.repository = 'Sample'"),
        ({"image": {"repository": "sample-service:1", "tag": "1"}}, "without tag"),
        (
            {"resources": {**GOOD["resources"], "cpu_request": "1"}},
            "resources.cpu_limit = '500m': expected at least cpu_request (1)",
        ),
        (
            {"resources": {**GOOD["resources"], "memory_limit": "64Mi"}},
            "resources.memory_limit = '64Mi': expected at least memory_request (128Mi)",
        ),
        ({"resources": {**GOOD["resources"], "cpu_limit": "half"}}, "Kubernetes quantity"),
        (
            {"autoscaling": {"min_replicas": 1}},
            "autoscaling.min_replicas = 1: Input should be greater than or equal to 2",
        ),
        (
            {"autoscaling": {"min_replicas": 6, "max_replicas": 4}},
            "autoscaling.max_replicas = 4: expected at least min_replicas (6)",
        ),
        (
            {"rollout": {"max_surge": "0", "max_unavailable": "0%"}},
            "expected max_surge or max_unavailable above zero",
        ),
        ({"rollout": {"max_surge": "25 %"}}, "rollout.max_surge"),
        ({"liveness": {"path": "health"}}, "liveness.path = 'health': expected an absolute"),
        ({"ingress": {"host": "https://sample.example.com"}}, "ingress.host"),
        (
            {"ingress": {"host": "sample.example.com", "certificate_arn": "arn:aws:iam::1:x"}},
            "ingress.certificate_arn",
        ),
        ({"env": {"1BAD": "x"}}, "env"),
        (
            {"env": {"TOKEN": "x"}, "secret_env": {"TOKEN": {"secret": "s", "key": "k"}}},
            "secret_env = ['TOKEN']: expected names not also in env",
        ),
        ({"port": 70000}, "port = 70000"),
        (
            {"run_as_user": 1000},
            "run_as_user = 1000: Input should be greater than or equal to 10000",
        ),
    ],
)
def test_invalid_services_name_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        ServiceSettings(**{**GOOD, **changes})
    assert message in str(raised.value)
