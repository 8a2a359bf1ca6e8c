"""Namespaces and services of an environment: checked against each other and against the
rest of the configuration before any synthesis."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from platform_cdktf.environments import ConfigError, EnvironmentConfig, build_config
from platform_cdktf.environments.releases import parse_releases, release_tag
from platform_cdktf.modules.github_oidc.identity import GithubDelivery

Mutation = Callable[[dict[str, Any]], None]


def _with(config: EnvironmentConfig, mutate: Mutation) -> EnvironmentConfig:
    data = copy.deepcopy(config.model_dump())
    data["namespaces"] = list(data["namespaces"])
    data["services"] = list(data["services"])
    mutate(data)
    return build_config("test", lambda: EnvironmentConfig.model_validate(data))


def _service(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    service: dict[str, Any] = copy.deepcopy(data["services"][0])
    service.update(changes)
    return service


def _fails(config: EnvironmentConfig, mutate: Mutation, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        _with(config, mutate)
    assert message in str(raised.value), str(raised.value)


def test_both_environments_run_the_sample_service_in_a_restricted_apps_namespace(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    for config in (dev_config, prod_config):
        (namespace,) = config.namespaces
        assert namespace.name == "apps"
        assert namespace.pod_security == "restricted"
        assert namespace.deployer_role_name == "platform-apps-deployer"
        (service,) = config.services
        assert service.name == "sample-service"
        assert service.namespace == "apps"
        assert service.image.repository == "sample-service"
        assert service.image.tag == release_tag(config.name, "sample-service")
        assert service.ingress is not None
        assert service.ingress.host.endswith(".example.com")


def test_a_service_must_run_in_a_configured_namespace(dev_config: EnvironmentConfig) -> None:
    _fails(
        dev_config,
        lambda data: data["services"].__setitem__(0, _service(data, namespace="web")),
        "services[0].namespace = 'web': expected one of the environment's namespaces ['apps']",
    )


def test_namespace_and_service_names_are_unique(dev_config: EnvironmentConfig) -> None:
    _fails(
        dev_config,
        lambda data: data["namespaces"].append(copy.deepcopy(data["namespaces"][0])),
        "namespaces[1].name = 'apps': expected each namespace once",
    )

    def twice(data: dict[str, Any]) -> None:
        data["services"].append(_service(data, ingress=None))

    _fails(
        dev_config, twice, "services[1].name = 'sample-service': expected each service name once"
    )


def test_a_cluster_admin_cannot_be_a_namespace_deployer(dev_config: EnvironmentConfig) -> None:
    def admin_deploys(data: dict[str, Any]) -> None:
        data["namespaces"][0]["deployer_role_name"] = data["eks"]["admin_role_names"][0]

    _fails(
        dev_config,
        admin_deploys,
        "namespaces[0].deployer_role_name = 'platform-admin': expected a role other than "
        "eks.admin_role_names",
    )


def test_a_ci_role_cannot_be_a_namespace_deployer(dev_config: EnvironmentConfig) -> None:
    github = GithubDelivery(repository="org/platform", repository_id=1, owner_id=2)

    def ci_deploys(data: dict[str, Any]) -> None:
        data["github"] = github.model_dump()
        data["namespaces"][0]["deployer_role_name"] = github.apply_role_name("dev")

    _fails(dev_config, ci_deploys, "expected a role other than the GitHub apply role")


def test_two_ingresses_cannot_route_the_same_host_and_path(dev_config: EnvironmentConfig) -> None:
    def same_route(data: dict[str, Any]) -> None:
        data["services"].append(_service(data, name="other-service"))

    _fails(
        dev_config,
        same_route,
        "services[1].ingress.host = 'sample-service.dev.example.com': expected a host and "
        "path not already routed to services[0]",
    )


def test_one_host_cannot_be_served_from_two_namespaces(dev_config: EnvironmentConfig) -> None:
    def other_namespace(data: dict[str, Any]) -> None:
        data["namespaces"].append({**copy.deepcopy(data["namespaces"][0]), "name": "web"})
        other = _service(data, name="other-service", namespace="web")
        other["ingress"]["path"] = "/other"
        data["services"].append(other)

    _fails(
        dev_config,
        other_namespace,
        "services[1].ingress.host = 'sample-service.dev.example.com': expected a host not "
        "served by namespace 'apps' (services[0])",
    )

    def other_path(data: dict[str, Any]) -> None:
        other = _service(data, name="other-service")
        other["ingress"]["path"] = "/other"
        other["autoscaling"]["max_replicas"] = 2  # both fit the quota at their peak
        data["services"].append(other)

    assert len(_with(dev_config, other_path).services) == 2


def test_cache_users_must_be_users_of_the_environments_cache(
    dev_config: EnvironmentConfig,
) -> None:
    def unknown_user(data: dict[str, Any]) -> None:
        data["services"][0]["data_access"]["cache_users"] = ["someone"]

    _fails(
        dev_config,
        unknown_user,
        "services[0].data_access.cache_users = ['someone']: expected users of the "
        "environment's cache ['platform-dev-redis-app']",
    )

    def known_user(data: dict[str, Any]) -> None:
        data["services"][0]["data_access"]["cache_users"] = ["platform-dev-redis-app"]

    assert _with(dev_config, known_user).services[0].data_access.cache_users == (
        "platform-dev-redis-app",
    )


def test_a_service_limit_must_fit_the_namespace_limit_range(
    dev_config: EnvironmentConfig,
) -> None:
    def too_big(data: dict[str, Any]) -> None:
        data["services"][0]["resources"]["cpu_limit"] = "3"

    _fails(
        dev_config,
        too_big,
        "services[0].resources.cpu_limit = '3': expected at most the LimitRange maximum of "
        "namespace 'apps' (2)",
    )


def test_services_at_their_peak_must_fit_the_quota(dev_config: EnvironmentConfig) -> None:
    def tight(data: dict[str, Any]) -> None:
        data["namespaces"][0]["quota"]["pods"] = 12
        data["namespaces"][0]["quota"]["requests_cpu"] = "1"

    # 10 replicas + 3 surge = 13 pods, each requesting 100m.
    with pytest.raises(ConfigError) as raised:
        _with(dev_config, tight)
    message = str(raised.value)
    assert "namespaces[0].quota.pods = 12: expected at least 13" in message
    assert "namespaces[0].quota.requests_cpu = '1': expected at least 1300m" in message


def test_releases_file_errors_name_the_line_to_add() -> None:
    with pytest.raises(ConfigError, match='add the line orders = "<tag>" under \\[dev\\]'):
        release_tag("dev", "orders")
    with pytest.raises(ConfigError, match="expected a tag string"):
        parse_releases("[dev]\nsample-service = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_releases("[dev\n")


def test_data_store_names_match_the_core_stack(
    dev_config: EnvironmentConfig, stacks: dict[str, Any]
) -> None:
    """The platform stack finds the data stores by the names the core stack gives them."""
    core = stacks["dev-core"]["resource"]
    (cluster,) = core["aws_rds_cluster"].values()
    assert cluster["cluster_identifier"] == dev_config.aurora_cluster_identifier
    (group,) = core["aws_elasticache_replication_group"].values()
    assert group["replication_group_id"] == dev_config.redis_replication_group_id
    iam_users = [
        user["user_id"]
        for user in core["aws_elasticache_user"].values()
        if user["authentication_mode"]["type"] == "iam"
    ]
    assert iam_users == list(dev_config.redis_iam_users)
