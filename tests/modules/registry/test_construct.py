"""The Registry construct: repositories, lifecycle, repository policy, scanning and the CI
roles (one synthesis of a registry with a sourced and an unsourced repository)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from platform_cdktf.modules.registry import (
    PULL_ACTIONS,
    PUSH_ACTIONS,
    WRITE_ACTIONS,
    Registry,
    RegistryProps,
    RegistrySettings,
    RepositorySettings,
    ServiceSource,
    lifecycle_policy,
)
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import synth_stack

PROVIDER = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
NODES = (
    "arn:aws:iam::111122223333:role/platform-dev-eks-node",
    "arn:aws:iam::111122223333:role/platform-prod-eks-node",
)
SOURCE = ServiceSource(repository="acme/orders", repository_id=456, owner_id=123)


def _props(**settings: Any) -> RegistryProps:
    return RegistryProps(
        name_prefix="platform-main",
        settings=RegistrySettings(
            repositories=(
                RepositorySettings(name="team/orders", source=SOURCE),
                RepositorySettings(name="billing"),
            ),
            **settings,
        ),
        puller_role_arns=NODES,
        github_provider_arn=PROVIDER,
    )


@pytest.fixture(scope="module")
def synth() -> dict[str, Any]:
    synthesized, _ = synth_stack(
        lambda stack: Registry(stack, "registry", props=_props(keep_tagged_images=12))
    )
    return synthesized


def _document(synth: dict[str, Any], path: str) -> dict[str, Any]:
    return by_path(data_sources(synth, "aws_iam_policy_document"), path)


def test_repositories_are_immutable_encrypted_and_scanned(synth: dict[str, Any]) -> None:
    repositories = resources(synth, "aws_ecr_repository")
    assert len(repositories) == 2
    key = only(resources(synth, "aws_kms_key"))
    assert key["enable_key_rotation"] is True
    for path, name in (("team_orders", "team/orders"), ("billing", "billing")):
        repository = by_path(repositories, f"{path}/repository")
        assert repository["name"] == name
        assert repository["image_tag_mutability"] == "IMMUTABLE"
        assert repository["image_scanning_configuration"] == {"scan_on_push": True}
        (encryption,) = repository["encryption_configuration"]
        assert encryption["encryption_type"] == "KMS"
        assert encryption["kms_key"].startswith("${aws_kms_key.registry_key_")


def test_registry_scans_every_repository_on_push(synth: dict[str, Any]) -> None:
    scanning = only(resources(synth, "aws_ecr_registry_scanning_configuration"))
    assert scanning["scan_type"] == "BASIC"
    (rule,) = scanning["rule"]
    assert rule["scan_frequency"] == "SCAN_ON_PUSH"
    assert rule["repository_filter"] == [{"filter": "*", "filter_type": "WILDCARD"}]


def test_lifecycle_policy_document(synth: dict[str, Any]) -> None:
    policy = by_path(resources(synth, "aws_ecr_lifecycle_policy"), "team_orders/lifecycle")
    rules = json.loads(policy["policy"])["rules"]
    assert rules == [
        {
            "rulePriority": 1,
            "description": "Expire untagged images after 7 days",
            "selection": {
                "tagStatus": "untagged",
                "countType": "sinceImagePushed",
                "countUnit": "days",
                "countNumber": 7,
            },
            "action": {"type": "expire"},
        },
        {
            "rulePriority": 2,
            "description": "Keep the newest 12 tagged images",
            "selection": {
                "tagStatus": "tagged",
                "tagPatternList": ["*"],
                "countType": "imageCountMoreThan",
                "countNumber": 12,
            },
            "action": {"type": "expire"},
        },
    ]


def test_lifecycle_rules_follow_the_grammar() -> None:
    rules = json.loads(lifecycle_policy(keep_tagged_images=3, untagged_expiry_days=2))["rules"]
    priorities = [rule["rulePriority"] for rule in rules]
    assert len(set(priorities)) == len(priorities)
    for rule in rules:
        selection = rule["selection"]
        assert selection["tagStatus"] in {"tagged", "untagged"}
        has_list = "tagPatternList" in selection or "tagPrefixList" in selection
        assert has_list is (selection["tagStatus"] == "tagged")
        assert ("countUnit" in selection) is (selection["countType"] == "sinceImagePushed")
        for pattern in selection.get("tagPatternList", []):
            assert pattern.count("*") <= 4


def test_repository_policy_lets_only_the_ci_role_push(synth: dict[str, Any]) -> None:
    deny, pull = _document(synth, "team_orders/policy_document")["statement"]
    role = by_path(resources(synth, "aws_iam_role"), "team_orders/ci_role")
    assert role["name"] == "platform-main-team-orders-ci"
    assert deny["effect"] == "Deny"
    assert deny["principals"] == [{"type": "*", "identifiers": ["*"]}]
    assert sorted(deny["actions"]) == sorted(WRITE_ACTIONS)
    assert set(PUSH_ACTIONS) - {"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage"} <= set(
        deny["actions"]
    )
    (condition,) = deny["condition"]
    assert condition["test"] == "ArnNotEquals"
    assert condition["variable"] == "aws:PrincipalArn"
    role_name = name_by_path(resources(synth, "aws_iam_role"), "team_orders/ci_role")
    assert condition["values"] == [f"${{aws_iam_role.{role_name}.arn}}"]
    assert pull["effect"] == "Allow"
    assert sorted(pull["actions"]) == sorted(PULL_ACTIONS)
    assert pull["condition"] == [
        {"test": "ArnEquals", "variable": "aws:PrincipalArn", "values": list(NODES)}
    ]


def test_unsourced_repository_denies_every_push(synth: dict[str, Any]) -> None:
    deny, _ = _document(synth, "billing/policy_document")["statement"]
    assert deny["effect"] == "Deny"
    assert "condition" not in deny
    assert sorted(deny["actions"]) == sorted(WRITE_ACTIONS)
    assert not [name for name in resources(synth, "aws_iam_role") if "billing" in name]


def test_ci_role_trusts_one_repository_branch_and_environment(synth: dict[str, Any]) -> None:
    role = by_path(resources(synth, "aws_iam_role"), "team_orders/ci_role")
    assert role["max_session_duration"] == 3600
    (statement,) = _document(synth, "team_orders/ci_trust")["statement"]
    assert statement["actions"] == ["sts:AssumeRoleWithWebIdentity"]
    assert statement["principals"] == [{"type": "Federated", "identifiers": [PROVIDER]}]
    assert statement["condition"] == [
        {
            "test": "StringEquals",
            "variable": "token.actions.githubusercontent.com:aud",
            "values": ["sts.amazonaws.com"],
        },
        {
            "test": "StringEquals",
            "variable": "token.actions.githubusercontent.com:sub",
            "values": [
                "repository_owner_id:123:repository_id:456:environment:release:ref:refs/heads/main"
            ],
        },
    ]


def test_ci_role_may_log_in_and_push_to_its_repository_only(synth: dict[str, Any]) -> None:
    policy = by_path(resources(synth, "aws_iam_role_policy"), "team_orders/ci_policy")
    assert policy["role"].startswith("${aws_iam_role.registry_team_orders_ci_role_")
    login, push = _document(synth, "team_orders/ci_access")["statement"]
    assert login["actions"] == ["ecr:GetAuthorizationToken"]
    assert login["resources"] == ["*"]
    assert sorted(push["actions"]) == [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:CompleteLayerUpload",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
    ]
    repository = name_by_path(resources(synth, "aws_ecr_repository"), "team_orders/repository")
    assert push["resources"] == [f"${{aws_ecr_repository.{repository}.arn}}"]


def test_no_repository_no_resources() -> None:
    synthesized, _ = synth_stack(
        lambda stack: Registry(
            stack, "registry", props=RegistryProps(name_prefix="p", settings=RegistrySettings())
        )
    )
    assert "aws_ecr_repository" not in synthesized.get("resource", {})
    assert "aws_kms_key" not in synthesized.get("resource", {})


def test_too_long_ci_role_name_is_refused() -> None:
    name = "a" * 50
    with pytest.raises(SettingsError) as caught:
        RegistryProps(
            name_prefix="platform-main",
            settings=RegistrySettings(repositories=(RepositorySettings(name=name, source=SOURCE),)),
            github_provider_arn=PROVIDER,
        )
    (line,) = caught.value.lines
    assert line.startswith(f"RegistryProps.settings.repositories[0].name = {name!r}: expected")
    assert "at most 64 characters (IAM), it has 67" in line


def test_source_without_provider_is_refused() -> None:
    with pytest.raises(SettingsError) as caught:
        RegistryProps(
            name_prefix="platform-main",
            settings=RegistrySettings(repositories=(RepositorySettings(name="x1", source=SOURCE),)),
        )
    assert caught.value.lines == (
        "RegistryProps.github_provider_arn = None: expected the GitHub OIDC provider's ARN: "
        "repository 'x1' has a source",
    )
