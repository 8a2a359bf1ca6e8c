"""The registry of the account baseline: the shipped repositories, the environments' nodes
as pullers, the CI role of a sourced repository, the local stand-in, and the check that
every service image has its repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cdktf
import pytest

from platform_cdktf.environments import (
    ENVIRONMENT_NAMES,
    AccountConfig,
    EnvironmentConfig,
    load_bootstrap,
)
from platform_cdktf.environments.account_config import check_accounts
from platform_cdktf.environments.accounts import build
from platform_cdktf.modules.registry.settings import (
    RegistrySettings,
    RepositorySettings,
    ServiceSource,
)
from platform_cdktf.stacks.account import AccountStack
from platform_cdktf.stacks.target import AWS_TARGET, DeploymentTarget, local_target
from tests.support.synth import StackJson, by_path, data_sources, only, resources

SOURCE = ServiceSource(repository="acme/sample-service", repository_id=31, owner_id=41)


def _baseline(**changes: Any) -> AccountConfig:
    return build()[0].model_copy(update=changes)


def _synth(
    config: AccountConfig, environments: list[EnvironmentConfig], target: DeploymentTarget
) -> StackJson:
    app = cdktf.App(outdir=str(Path(cdktf.Testing.app().outdir)))
    stack = AccountStack(
        app, config=config, environments=environments, holds_state_bucket=True, target=target
    )
    synthesized: StackJson = json.loads(cdktf.Testing.synth(stack))
    return synthesized


def _pull_condition(stack: StackJson) -> list[str]:
    documents = data_sources(stack, "aws_iam_policy_document")
    _, pull = by_path(documents, "registry/sample_service/policy_document")["statement"]
    (condition,) = pull["condition"]
    assert (condition["test"], condition["variable"]) == ("ArnEquals", "aws:PrincipalArn")
    values: list[str] = condition["values"]
    return values


def test_the_shipped_baseline_holds_the_sample_service_repository(
    stacks: dict[str, StackJson],
) -> None:
    stack = stacks["account-main"]
    repository = only(resources(stack, "aws_ecr_repository"))
    assert repository["name"] == "sample-service"
    assert repository["image_tag_mutability"] == "IMMUTABLE"
    assert [value.rsplit(":role/", 1)[1] for value in _pull_condition(stack)] == [
        "platform-dev-eks-node",
        "platform-prod-eks-node",
    ]
    # No source configured: no CI role, and the Deny has no exception.
    assert not [name for name in resources(stack, "aws_iam_role") if "registry" in name]
    assert set(stack["output"]) >= {"sample_service_repository_url"}
    assert "sample_service_ci_role_arn" not in stack["output"]


def test_a_sourced_repository_gets_its_ci_role_and_output(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    registry = RegistrySettings(
        repositories=(RepositorySettings(name="sample-service", source=SOURCE),)
    )
    stack = _synth(_baseline(registry=registry), [dev_config, prod_config], AWS_TARGET)
    role = by_path(resources(stack, "aws_iam_role"), "registry/sample_service/ci_role")
    assert role["name"] == "platform-main-sample-service-ci"
    (trust,) = by_path(
        data_sources(stack, "aws_iam_policy_document"), "registry/sample_service/ci_trust"
    )["statement"]
    (provider,) = trust["principals"][0]["identifiers"]
    # The bootstrap's provider, referenced by its ARN, never a second one.
    assert provider.endswith(":oidc-provider/token.actions.githubusercontent.com")
    assert "aws_iam_openid_connect_provider" not in stack["resource"]
    assert trust["condition"][1]["values"] == [
        "repository_owner_id:41:repository_id:31:environment:release:ref:refs/heads/main"
    ]
    assert set(stack["output"]) >= {
        "sample_service_repository_url",
        "sample_service_ci_role_arn",
    }


def test_the_local_target_gives_an_unsourced_repository_the_stand_in(
    dev_config: EnvironmentConfig,
) -> None:
    target = local_target("http://127.0.0.1:45123")
    stack = _synth(_baseline(environments=("dev",)), [target.adapt(dev_config)], target)
    role = by_path(resources(stack, "aws_iam_role"), "registry/sample_service/ci_role")
    assert role["name"] == "platform-main-sample-service-ci"
    (trust,) = by_path(
        data_sources(stack, "aws_iam_policy_document"), "registry/sample_service/ci_trust"
    )["statement"]
    assert trust["condition"][1]["values"] == [
        "repository_owner_id:1:repository_id:1:environment:release:ref:refs/heads/main"
    ]


def test_a_service_image_without_its_repository_is_refused(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    account = _baseline(registry=RegistrySettings(repositories=(RepositorySettings(name="other"),)))
    found = check_accounts(
        [account], load_bootstrap(), [dev_config, prod_config], ENVIRONMENT_NAMES
    )
    lines = [problem.line() for error in found for problem in error.problems]
    assert lines == [
        f"main.registry.repositories = ['other']: expected a repository 'sample-service', "
        f"the image of service 'sample-service' of {name} (environments/accounts.py)"
        for name in ("dev", "prod")
    ]


def test_an_image_of_another_registry_needs_no_repository(
    dev_config: EnvironmentConfig,
) -> None:
    data = dev_config.model_dump()
    data["services"][0]["image"]["repository"] = "registry.example.com/team/sample"
    elsewhere = EnvironmentConfig.model_validate(data)
    account = _baseline(registry=RegistrySettings(), environments=("dev",))
    assert check_accounts([account], load_bootstrap(), [elsewhere], ENVIRONMENT_NAMES) == []


@pytest.mark.parametrize("keep", [1, 100])
def test_lifecycle_settings_reach_the_policy(dev_config: EnvironmentConfig, keep: int) -> None:
    registry = RegistrySettings(
        repositories=(RepositorySettings(name="sample-service"),), keep_tagged_images=keep
    )
    stack = _synth(_baseline(registry=registry, environments=("dev",)), [dev_config], AWS_TARGET)
    policy = json.loads(only(resources(stack, "aws_ecr_lifecycle_policy"))["policy"])
    assert policy["rules"][1]["selection"]["countNumber"] == keep
