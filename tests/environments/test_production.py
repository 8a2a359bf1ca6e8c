"""The production rules: each is listed once, prod satisfies all, each can fail alone."""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

import pytest

from platform_cdktf.environments import (
    PRODUCTION_RULES,
    ConfigError,
    EnvironmentConfig,
    build_config,
)
from platform_cdktf.environments.production import production_problems

# A value of the rule's field that breaks only that rule, by rule id.
BREAKING: dict[str, tuple[str, Any]] = {
    "PROD-01": ("eks.public_access_cidrs", ["203.0.113.0/24"]),
    "PROD-02": ("network.nat_gateways", "single"),
    "PROD-03": ("network", None),  # two AZs: set below
    "PROD-04": ("aurora.deletion_protection", False),
    "PROD-05": ("aurora.dr_backup", None),
    "PROD-06": ("aurora.instance_count", 1),
    "PROD-07": ("aurora.backup_retention_days", 3),
    "PROD-08": ("aurora.instance_class", "db.t3.medium"),
    "PROD-09": ("redis.node_type", "cache.t3.small"),
    "PROD-10": ("redis.multi_az", False),
    "PROD-11": ("dev_schedule", {"time_zone": "Europe/Berlin"}),
}


def _break(data: dict[str, Any], rule_id: str) -> None:
    path, value = BREAKING[rule_id]
    if rule_id == "PROD-03":
        network = data["network"]
        for key in ("availability_zones", "public_subnets", "private_subnets", "database_subnets"):
            network[key] = network[key][:2]
        return
    if rule_id == "PROD-06":
        data["aurora"]["max_readers"] = 0
    *parents, leaf = path.split(".")
    target = data
    for part in parents:
        target = target[part]
    target[leaf] = value


def test_rule_ids_are_unique_and_ordered() -> None:
    ids = [rule.id for rule in PRODUCTION_RULES]
    assert ids == sorted(set(ids))
    assert set(ids) == set(BREAKING)


def test_every_rule_explains_itself() -> None:
    for rule in PRODUCTION_RULES:
        assert len(rule.reason.split()) >= 10, rule.id
        assert rule.requirement


def test_prod_satisfies_every_rule(prod_config: EnvironmentConfig) -> None:
    assert production_problems(prod_config) == []
    assert all(rule.holds(prod_config) for rule in PRODUCTION_RULES)


def test_rule_fields_are_settings_of_the_environment(prod_config: EnvironmentConfig) -> None:
    for rule in PRODUCTION_RULES:
        rule.value(prod_config)  # raises AttributeError for a path that does not exist


@pytest.mark.parametrize("rule_id", sorted(BREAKING))
def test_each_rule_fails_alone_naming_its_field(
    prod_config: EnvironmentConfig, rule_id: str
) -> None:
    data = copy.deepcopy(prod_config.model_dump())
    _break(data, rule_id)
    with pytest.raises(ConfigError) as raised:
        build_config("prod", lambda: EnvironmentConfig.model_validate(data))
    rule = next(rule for rule in PRODUCTION_RULES if rule.id == rule_id)
    (line,) = raised.value.lines
    assert line.startswith(f"{rule.field} = ")
    assert line.endswith(f": [{rule_id}] production: {rule.requirement}")


def test_the_same_values_are_accepted_outside_production(
    prod_config: EnvironmentConfig,
) -> None:
    for rule_id in BREAKING:
        data = copy.deepcopy(prod_config.model_dump())
        _break(data, rule_id)
        data["production"] = False
        config = build_config("prod", partial(EnvironmentConfig.model_validate, data))
        assert not config.production
