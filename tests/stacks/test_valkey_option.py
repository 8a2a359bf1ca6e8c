"""The Valkey option in real stacks: dev and prod synthesized with ``redis.engine = "valkey"``
pass ``terraform validate`` and checkov, keep every address of the shipped (Redis OSS)
stacks, and differ from them only in the engine's arguments - which the pinned AWS provider
applies to the existing replication group in place (proved with ``terraform plan`` against
a state recorded from the Redis OSS stack)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.environments import EnvironmentConfig, load_environment
from platform_cdktf.modules.redis import VALKEY_PARAMETER_FAMILIES
from platform_cdktf.stacks.synthesis import synthesize
from tests.stacks.test_policy import ALLOWLIST
from tests.support.checkov import load_allowlist, run_checkov
from tests.support.synth import StackJson, changed_arguments, load_stacks, resources
from tests.support.terraform import (
    cli_config,
    run_terraform,
)
from tests.support.variants import assert_stack_validates, environment_stacks

pytestmark = pytest.mark.terraform

ENVIRONMENTS = ("dev", "prod")

ENGINE_ARGUMENTS = {
    ("aws_elasticache_replication_group", "engine"),
    ("aws_elasticache_replication_group", "engine_version"),
    ("aws_elasticache_replication_group", "description"),
    ("aws_elasticache_parameter_group", "family"),
    ("aws_elasticache_parameter_group", "name"),
    ("aws_elasticache_parameter_group", "description"),
    ("aws_elasticache_parameter_group", "lifecycle"),
}
"""Every (resource type, argument) that differs between the Redis OSS and the Valkey stack."""


def with_valkey(config: EnvironmentConfig) -> EnvironmentConfig:
    """``config`` with its cache on Valkey at the default Valkey version."""
    redis = config.redis.model_validate(
        {**config.redis.model_dump(exclude={"engine_version"}), "engine": "valkey"}
    )
    return config.model_copy(update={"redis": redis})


@pytest.fixture(scope="module")
def valkey_outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configs = [with_valkey(load_environment(name)) for name in ENVIRONMENTS]
    outdir: Path = synthesize(
        tmp_path_factory.mktemp("valkey") / "cdktf.out", environment_stacks(configs)
    )
    return outdir


@pytest.fixture(scope="module")
def valkey_stacks(valkey_outdir: Path) -> dict[str, StackJson]:
    return load_stacks(valkey_outdir)


def test_shipped_environments_run_redis_oss(stacks: dict[str, StackJson]) -> None:
    for environment in ENVIRONMENTS:
        group = _only_group(stacks[f"{environment}-core"])
        assert (group["engine"], group["engine_version"]) == ("redis", "7.1")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_core_stack_runs_valkey(valkey_stacks: dict[str, StackJson], environment: str) -> None:
    stack = valkey_stacks[f"{environment}-core"]
    group = _only_group(stack)
    assert (group["engine"], group["engine_version"]) == ("valkey", "8.1")
    (parameters,) = resources(stack, "aws_elasticache_parameter_group").values()
    assert parameters["family"] == "valkey8"
    assert parameters["name"] == f"platform-{environment}-redis-valkey8"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_core_stack_validates(
    valkey_outdir: Path, tmp_path_factory: pytest.TempPathFactory, environment: str
) -> None:
    workdir = tmp_path_factory.mktemp(f"valkey-{environment}-core")
    assert_stack_validates(valkey_outdir, f"{environment}-core", workdir)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("kind", ["core", "platform"])
def test_same_addresses_and_only_engine_arguments_change(
    stacks: dict[str, StackJson],
    valkey_stacks: dict[str, StackJson],
    environment: str,
    kind: str,
) -> None:
    # Same addresses: Terraform updates, it does not destroy and create. The platform
    # stack (service access with elasticache:Connect, outputs read from the core stack) is
    # identical; the core stack differs only in the engine's arguments.
    name = f"{environment}-{kind}"
    before, after = stacks[name]["resource"], valkey_stacks[name]["resource"]
    changed = changed_arguments(before, after)
    assert changed == (ENGINE_ARGUMENTS if kind == "core" else set())
    assert stacks[name].get("output") == valkey_stacks[name].get("output")


@pytest.mark.policy
def test_checkov_accepts_the_valkey_core_stacks(
    valkey_outdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    scanned = tmp_path_factory.mktemp("valkey-checkov") / "stacks"
    for environment in ENVIRONMENTS:
        name = f"{environment}-core"
        shutil.copytree(valkey_outdir / "stacks" / name, scanned / name)
    findings = run_checkov(scanned)
    assert {finding.stack for finding in findings} == {f"{e}-core" for e in ENVIRONMENTS}
    allowlist = load_allowlist(ALLOWLIST)
    unaccepted = [f for f in findings if not any(entry.covers(f) for entry in allowlist)]
    assert not unaccepted, "\n".join(str(finding) for finding in unaccepted)


# -- the upgrade plan, by the pinned provider itself -----------------------------------------

CACHE_TYPES = (
    "aws_elasticache_replication_group",
    "aws_elasticache_parameter_group",
    "aws_elasticache_user",
    "aws_elasticache_user_group",
)
"""What the engine switch may touch; everything else of the stack is the same JSON."""

_EMPTY: dict[str, Any] = {
    '"string"': "",
    '"bool"': False,
    '"number"': 0,
    '["set","string"]': [],
    '["list","string"]': [],
    '["map","string"]': {},
}
"""An empty value per attribute type (the JSON of the schema's type)."""

_REFERENCE = re.compile(r"\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}")
_PROVIDER = {
    "region": "eu-west-1",
    "access_key": "unit",
    "secret_key": "unit",
    "skip_credentials_validation": True,
    "skip_requesting_account_id": True,
    "skip_metadata_api_check": "true",
    "skip_region_validation": True,
}


def _cache_resources(stack: StackJson) -> dict[str, dict[str, Any]]:
    """The cache's resources as standalone configuration: references to one another become
    the referenced argument's value, references to the rest of the stack stable literals."""
    picked = {t: dict(resources(stack, t)) for t in CACHE_TYPES}

    def literal(match: re.Match[str]) -> str:
        resource_type, name, attribute = match.groups()
        value = picked.get(resource_type, {}).get(name, {}).get(attribute)
        return str(value) if value is not None else f"{resource_type}-{name}-{attribute}"

    def resolve(value: Any) -> Any:
        if isinstance(value, str):
            return _REFERENCE.sub(literal, value)
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items() if k not in ("//", "depends_on")}
        return value

    for _ in range(2):  # a resolved value may itself have been a reference
        picked = {t: resolve(items) for t, items in picked.items()}
    return picked


def _state_of(config: dict[str, dict[str, Any]], schema: dict[str, Any]) -> dict[str, Any]:
    """A Terraform state holding ``config`` as if applied: every attribute of the provider's
    schema, the configured ones with their values, ids and ARNs made up."""

    def attributes(resource_type: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
        block = schema[resource_type]["block"]
        # What AWS reports for what the configuration leaves out: a null would read as
        # "unknown until apply", which for a ForceNew attribute such as
        # security_group_names means a replacement that a real state would not show.
        state: dict[str, Any] = {
            key: _EMPTY.get(json.dumps(attribute["type"], separators=(",", ":")))
            if attribute.get("computed")
            else None
            for key, attribute in block["attributes"].items()
        }
        state.update(dict.fromkeys(block.get("block_types", {})))
        for key, value in values.items():
            if key == "lifecycle":
                continue
            nested = block.get("block_types", {}).get(key)
            if nested is not None:
                items = value if isinstance(value, list) else [value]
                state[key] = [
                    {**dict.fromkeys(nested["block"]["attributes"]), **item} for item in items
                ]
            else:
                state[key] = value
        identity = next(
            (
                values[k]
                for k in ("replication_group_id", "user_group_id", "user_id", "name")
                if k in values
            ),
            name,
        )
        state.update(id=identity, arn=f"arn:aws:elasticache:eu-west-1:111111111111:{identity}")
        state.update(tags={}, tags_all={})
        return state

    return {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": "valkey-option-test",
        "outputs": {},
        "resources": [
            {
                "mode": "managed",
                "type": resource_type,
                "name": name,
                "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                "instances": [
                    {
                        "schema_version": schema[resource_type]["version"],
                        "attributes": attributes(resource_type, name, values),
                        "sensitive_attributes": [],
                    }
                ],
            }
            for resource_type, items in config.items()
            for name, values in items.items()
        ],
    }


def _standalone(config: dict[str, dict[str, Any]], stack: StackJson) -> dict[str, Any]:
    return {
        "terraform": {"required_providers": stack["terraform"]["required_providers"]},
        "provider": {"aws": [_PROVIDER]},
        "resource": config,
    }


def _plan(applied: StackJson, configured: StackJson, workdir: Path) -> dict[str, Any]:
    """The pinned provider's plan (changes by address) from the cache of ``applied``, as
    if applied, to the cache of ``configured``; offline (no refresh, fake credentials)."""
    environment = cli_config(workdir)

    def terraform(*arguments: str) -> str:
        run = run_terraform(list(arguments), cwd=workdir, environment=environment)
        assert run.returncode == 0, run.describe()
        return run.stdout

    (workdir / "main.tf.json").write_text(
        json.dumps(_standalone(_cache_resources(configured), configured)), encoding="utf-8"
    )
    terraform("init", "-backend=false", "-input=false", "-no-color")
    schemas = json.loads(terraform("providers", "schema", "-json"))["provider_schemas"]
    schema = schemas["registry.terraform.io/hashicorp/aws"]["resource_schemas"]
    (workdir / "terraform.tfstate").write_text(
        json.dumps(_state_of(_cache_resources(applied), schema)), encoding="utf-8"
    )
    terraform("plan", "-refresh=false", "-input=false", "-no-color", "-out=switch.plan")
    plan = json.loads(terraform("show", "-json", "switch.plan"))
    return {change["address"]: change["change"] for change in plan["resource_changes"]}


def _address(changes: dict[str, Any], resource_type: str) -> str:
    return next(a for a in changes if a.startswith(f"{resource_type}."))


def test_provider_accepts_every_offered_valkey_version(
    valkey_stacks: dict[str, StackJson], tmp_path: Path
) -> None:
    # The settings offer exactly these versions; each must pass the provider's validation
    # with its parameter group family (one init, one validate per version).
    stack = valkey_stacks["dev-core"]
    cache = _cache_resources(stack)
    environment = cli_config(tmp_path)
    (tmp_path / "main.tf.json").write_text(json.dumps(_standalone(cache, stack)), "utf-8")
    init = run_terraform(
        ["init", "-backend=false", "-no-color"], cwd=tmp_path, environment=environment
    )
    assert init.returncode == 0, init.describe()
    for version, family in VALKEY_PARAMETER_FAMILIES.items():
        for group in cache["aws_elasticache_replication_group"].values():
            group["engine_version"] = version
        for parameters in cache["aws_elasticache_parameter_group"].values():
            parameters["family"] = family
        (tmp_path / "main.tf.json").write_text(json.dumps(_standalone(cache, stack)), "utf-8")
        validate = run_terraform(["validate", "-no-color"], cwd=tmp_path, environment=environment)
        assert validate.returncode == 0, f"Valkey {version}: {validate.describe()}"


def test_provider_plans_the_upgrade_in_place(
    stacks: dict[str, StackJson], valkey_stacks: dict[str, StackJson], tmp_path: Path
) -> None:
    changes = _plan(stacks["dev-core"], valkey_stacks["dev-core"], tmp_path)
    actions = {address: change["actions"] for address, change in changes.items()}
    group = _address(changes, "aws_elasticache_replication_group")
    parameters = _address(changes, "aws_elasticache_parameter_group")
    # The replication group is updated, not replaced; the parameter group of the new family
    # is created before the old one is deleted; nothing else is deleted.
    assert actions[group] == ["update"]
    assert actions[parameters] == ["create", "delete"]
    assert [a for a, done in actions.items() if "delete" in done] == [parameters]
    before, after = changes[group]["before"], changes[group]["after"]
    assert (before["engine"], before["engine_version"]) == ("redis", "7.1")
    assert (after["engine"], after["engine_version"]) == ("valkey", "8.1")
    assert after["parameter_group_name"] == "platform-dev-redis-valkey8"
    # Users and user group keep their engine (any in-place update left is the made-up
    # state's password fields, not the switch).
    for address, change in changes.items():
        if address.startswith(("aws_elasticache_user.", "aws_elasticache_user_group.")):
            assert change["before"]["engine"] == change["after"]["engine"] == "redis"


def test_provider_replaces_the_cache_going_back_to_redis_oss(
    stacks: dict[str, StackJson], valkey_stacks: dict[str, StackJson], tmp_path: Path
) -> None:
    # The way back is not an upgrade: docs/cache-engines.md warns about it.
    changes = _plan(valkey_stacks["dev-core"], stacks["dev-core"], tmp_path)
    group = _address(changes, "aws_elasticache_replication_group")
    assert changes[group]["actions"] == ["delete", "create"]
    assert ["engine"] in changes[group]["replace_paths"]


def _only_group(stack: StackJson) -> dict[str, Any]:
    (group,) = resources(stack, "aws_elasticache_replication_group").values()
    return group
