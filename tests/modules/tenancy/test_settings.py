"""Namespace settings: quantities well-formed and ordered, fences consistent."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.tenancy.settings import NamespaceSettings


def test_defaults_are_restricted_with_a_quota_and_limits() -> None:
    namespace = NamespaceSettings(name="apps")
    assert namespace.pod_security == "restricted"
    assert namespace.quota.requests_cpu == "4"
    assert namespace.limits.max_memory == "4Gi"
    assert namespace.allow_https_egress


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Apps"}, "name = 'Apps': expected a DNS-1123 label"),
        ({"quota": {"requests_cpu": "4 cores"}}, "quota.requests_cpu = '4 cores': expected a"),
        ({"quota": {"limits_cpu": "2"}}, "quota.limits_cpu = '2': expected at least requests_cpu"),
        (
            {"quota": {"limits_memory": "4Gi"}},
            "quota.limits_memory = '4Gi': expected at least requests_memory (8Gi)",
        ),
        (
            {"limits": {"default_request_cpu": "1"}},
            "limits.default_limit_cpu = '500m': expected at least default_request_cpu (1)",
        ),
        (
            {"limits": {"default_limit_memory": "8Gi"}},
            "limits.max_memory = '4Gi': expected at least default_limit_memory (8Gi)",
        ),
        (
            {"limits": {"max_cpu": "16", "default_limit_cpu": "1"}},
            "limits.max_cpu = '16': expected at most quota.limits_cpu (8)",
        ),
        (
            {"allow_ingress_from_namespaces": ("apps",)},
            "expected other namespaces than 'apps' itself",
        ),
        (
            {"allow_ingress_from_namespaces": ("web", "web")},
            "expected each namespace once",
        ),
        (
            {"quota": {"requests_cpu": "4000m"}},
            "quota.requests_cpu = '4000m': expected the canonical form '4'",
        ),
        ({"pod_security": "strict"}, "pod_security"),
        ({"deployer_role_name": "not a role"}, "deployer_role_name"),
    ],
)
def test_invalid_namespaces_name_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        NamespaceSettings(**{"name": "apps", **changes})
    assert message in str(raised.value)


def test_equal_bounds_are_allowed() -> None:
    NamespaceSettings(
        name="apps",
        quota={"requests_cpu": "8", "limits_cpu": "8"},
        limits={"default_request_cpu": "2", "default_limit_cpu": "2", "max_cpu": "2"},
    )
