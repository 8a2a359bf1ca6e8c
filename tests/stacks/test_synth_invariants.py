"""Invariants of the synthesized app: every stack of every environment, as deployed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from platform_cdktf.environments import EnvironmentConfig, accounts, load_environment
from platform_cdktf.modules.providers import REQUIRED_TAG_KEYS
from tests.conftest import REPO_ROOT
from tests.support.synth import StackJson, only, resources

ENVIRONMENT_STACKS = ["dev-core", "prod-core"]
ALL_ENVIRONMENT_STACKS = ["dev-core", "dev-platform", "prod-core", "prod-platform"]
ACCOUNT_STACK = "account-main"


def test_expected_stacks_are_synthesized(stacks: dict[str, StackJson]) -> None:
    assert sorted(stacks) == ["account-main", "bootstrap", *ALL_ENVIRONMENT_STACKS]


@pytest.mark.parametrize("stack_name", ALL_ENVIRONMENT_STACKS)
def test_environment_state_is_remote_encrypted_and_locked(
    stacks: dict[str, StackJson], stack_name: str
) -> None:
    environment, kind = stack_name.split("-")
    config = load_environment(environment)
    backend = stacks[stack_name]["terraform"]["backend"]
    assert list(backend) == ["s3"]
    s3 = backend["s3"]
    assert s3["key"] == f"{environment}/{kind}.tfstate"
    assert s3["encrypt"] is True
    assert s3["dynamodb_table"] == config.state.lock_table
    assert s3["bucket"] == config.state.bucket


def test_the_account_baseline_state_is_remote_encrypted_and_locked(
    stacks: dict[str, StackJson],
) -> None:
    (main,) = accounts.build()
    s3 = stacks["account-main"]["terraform"]["backend"]["s3"]
    assert s3["key"] == "accounts/main.tfstate"
    assert s3["encrypt"] is True
    assert s3["dynamodb_table"] == main.state.lock_table
    assert s3["bucket"] == main.state.bucket


def test_every_remote_stack_has_its_own_state_key(stacks: dict[str, StackJson]) -> None:
    names = [*ALL_ENVIRONMENT_STACKS, ACCOUNT_STACK]
    keys = [stacks[name]["terraform"]["backend"]["s3"]["key"] for name in names]
    assert len(set(keys)) == len(keys)


def test_bootstrap_starts_with_local_state(bootstrap_stack: StackJson) -> None:
    assert list(bootstrap_stack["terraform"]["backend"]) == ["local"]


def test_bootstrap_creates_the_bucket_and_table_the_environments_use(
    bootstrap_stack: StackJson, stacks: dict[str, StackJson]
) -> None:
    bucket = only(resources(bootstrap_stack, "aws_s3_bucket"))["bucket"]
    table = only(resources(bootstrap_stack, "aws_dynamodb_table"))["name"]
    for name in ALL_ENVIRONMENT_STACKS:
        s3 = stacks[name]["terraform"]["backend"]["s3"]
        assert (s3["bucket"], s3["dynamodb_table"]) == (bucket, table)


@pytest.mark.parametrize("stack_name", ["bootstrap", ACCOUNT_STACK, *ALL_ENVIRONMENT_STACKS])
def test_every_resource_is_tagged_through_default_tags(
    stacks: dict[str, StackJson], stack_name: str
) -> None:
    providers = stacks[stack_name]["provider"]["aws"]
    for provider in providers:  # the default one, and the DR Region's where there is one
        (default_tags,) = provider["default_tags"]
        assert set(REQUIRED_TAG_KEYS) <= default_tags["tags"].keys()
        assert all(default_tags["tags"][key] for key in REQUIRED_TAG_KEYS)


@pytest.mark.parametrize("stack_name", ENVIRONMENT_STACKS)
def test_environment_tag_matches_the_stack(stacks: dict[str, StackJson], stack_name: str) -> None:
    for provider in stacks[stack_name]["provider"]["aws"]:
        environment = stack_name.split("-", maxsplit=1)[0]
        assert provider["default_tags"][0]["tags"]["Environment"] == environment


def _subnet_zones_by_tier(stack: StackJson) -> dict[str, list[str]]:
    zones: dict[str, list[str]] = {}
    for subnet in resources(stack, "aws_subnet").values():
        zones.setdefault(subnet["tags"]["Tier"], []).append(subnet["availability_zone"])
    return zones


@pytest.mark.parametrize("stack_name", ENVIRONMENT_STACKS)
def test_each_tier_spans_three_distinct_azs(stacks: dict[str, StackJson], stack_name: str) -> None:
    zones = _subnet_zones_by_tier(stacks[stack_name])
    assert sorted(zones) == ["database", "private", "public"]
    for tier, tier_zones in zones.items():
        assert len(tier_zones) == 3, tier
        assert len(set(tier_zones)) == 3, tier


def test_prod_copies_backups_to_its_dr_region(prod_core: StackJson) -> None:
    regions = sorted(p["region"] for p in prod_core["provider"]["aws"])
    assert regions == ["us-east-1", "us-west-2"]
    dr_vaults = [
        vault
        for vault in resources(prod_core, "aws_backup_vault").values()
        if vault.get("provider") == "aws.dr"
    ]
    assert len(dr_vaults) == 1


def test_prod_spreads_nat_gateways_over_three_azs(prod_core: StackJson) -> None:
    nats = resources(prod_core, "aws_nat_gateway")
    assert len(nats) == 3
    subnets = {
        f"${{aws_subnet.{name}.id}}": subnet["availability_zone"]
        for name, subnet in resources(prod_core, "aws_subnet").items()
    }
    assert len({subnets[nat["subnet_id"]] for nat in nats.values()}) == 3


def test_dev_has_a_single_nat_gateway(dev_core: StackJson) -> None:
    assert len(resources(dev_core, "aws_nat_gateway")) == 1


@pytest.mark.parametrize("stack_name", ENVIRONMENT_STACKS)
def test_flow_logs_and_locked_down_default_security_group(
    stacks: dict[str, StackJson], stack_name: str
) -> None:
    stack = stacks[stack_name]
    flow_log = only(resources(stack, "aws_flow_log"))
    assert flow_log["traffic_type"] == "ALL"
    group = only(resources(stack, "aws_default_security_group"))
    assert group["ingress"] == []
    assert group["egress"] == []


@pytest.mark.parametrize("stack_name", ENVIRONMENT_STACKS)
def test_vpc_cidr_and_subnets_follow_the_config(
    stacks: dict[str, StackJson], stack_name: str
) -> None:
    config: EnvironmentConfig = load_environment(stack_name.split("-", maxsplit=1)[0])
    stack = stacks[stack_name]
    assert only(resources(stack, "aws_vpc"))["cidr_block"] == config.network.vpc_cidr
    synthesized = sorted(s["cidr_block"] for s in resources(stack, "aws_subnet").values())
    planned = sorted(
        (
            *config.network.public_subnets,
            *config.network.private_subnets,
            *config.network.database_subnets,
        )
    )
    assert synthesized == planned


@pytest.mark.parametrize("stack_name", ENVIRONMENT_STACKS)
def test_subnets_carry_the_cluster_tag(stacks: dict[str, StackJson], stack_name: str) -> None:
    cluster = load_environment(stack_name.split("-", maxsplit=1)[0]).cluster_name
    for subnet in resources(stacks[stack_name], "aws_subnet").values():
        shared = subnet["tags"].get(f"kubernetes.io/cluster/{cluster}") == "shared"
        assert shared == (subnet["tags"]["Tier"] != "database")


@pytest.mark.parametrize("stack_name", ["bootstrap", ACCOUNT_STACK, *ENVIRONMENT_STACKS])
def test_every_kms_key_rotates(stacks: dict[str, StackJson], stack_name: str) -> None:
    keys = resources(stacks[stack_name], "aws_kms_key")
    assert keys
    assert all(key["enable_key_rotation"] is True for key in keys.values())


@pytest.mark.parametrize("stack_name", ["bootstrap", ACCOUNT_STACK, *ALL_ENVIRONMENT_STACKS])
def test_output_is_portable_and_free_of_credentials(
    stacks: dict[str, StackJson], stack_name: str, synth_outdir: Path
) -> None:
    text = json.dumps(stacks[stack_name])
    # Where this checkout, the user's home and the output directory happen to be.
    for machine_path in (REPO_ROOT, Path.home(), synth_outdir.parent):
        assert str(machine_path) not in text
    assert not re.search(r"AKIA[0-9A-Z]{16}", text)
    for provider in stacks[stack_name]["provider"]["aws"]:
        assert not {"access_key", "secret_key", "token"} & provider.keys()


@pytest.mark.parametrize("stack_name", ENVIRONMENT_STACKS)
def test_outputs_are_described(stacks: dict[str, StackJson], stack_name: str) -> None:
    outputs = stacks[stack_name]["output"]
    assert {"vpc_id", "private_subnet_ids", "database_subnet_ids"} <= outputs.keys()
    assert all(output.get("description") for output in outputs.values())
