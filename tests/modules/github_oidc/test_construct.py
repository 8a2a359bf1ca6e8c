"""The GitHub Actions OIDC provider and the plan and apply roles, synthesized on their own,
and as the bootstrap stack composes them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformOutput, TerraformStack
from cdktf import Testing as CdktfTesting

from platform_cdktf.environments import BootstrapConfig, load_bootstrap
from platform_cdktf.modules.github_oidc import (
    GITHUB_OIDC_AUDIENCE,
    GITHUB_OIDC_URL,
    GithubOidc,
    GithubOidcProps,
    GithubOidcSettings,
)
from platform_cdktf.stacks.bootstrap import BootstrapStack
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import synth_stack

HOST = "token.actions.githubusercontent.com"
REPOSITORY = "example-org/platform-infrastructure"
BUCKET = "arn:aws:s3:::unit-state"
TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/unit-locks"
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BOUNDARY = "arn:aws:iam::111122223333:policy/platform-boundary"
EXISTING = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"

StackJson = dict[str, Any]


def _props(name_prefix: str = "github-actions", **settings: Any) -> GithubOidcProps:
    return GithubOidcProps(
        settings=GithubOidcSettings(repository=REPOSITORY, **settings),
        state_bucket_arn=BUCKET,
        lock_table_arn=TABLE,
        state_key_arn=KEY,
        name_prefix=name_prefix,
    )


def _with_outputs(stack: TerraformStack) -> GithubOidc:
    github = GithubOidc(stack, "github_oidc", props=_props())
    TerraformOutput(stack, "provider", value=github.provider_arn)
    TerraformOutput(stack, "plan", value=github.plan_role_arn)
    TerraformOutput(stack, "apply", value=github.apply_role_arn)
    return github


@pytest.fixture(scope="module")
def synthesized() -> StackJson:
    """The default settings (pull requests and main may plan; dev and prod apply)."""
    stack_json, _ = synth_stack(_with_outputs)
    return stack_json


def _variants(stack: TerraformStack) -> GithubOidc:
    GithubOidc(
        stack,
        "custom",
        props=_props(
            name_prefix="platform-github",
            plan_branches=(),
            environments=("staging",),
            permissions_boundary_arn=BOUNDARY,
            max_session_duration_seconds=3600,
        ),
    )
    return GithubOidc(
        stack,
        "existing",
        props=_props(name_prefix="existing-github", existing_provider_arn=EXISTING),
    )


@pytest.fixture(scope="module")
def variants() -> tuple[StackJson, GithubOidc]:
    return synth_stack(_variants)


def _role(stack: StackJson, role: str, construct: str = "github_oidc") -> dict[str, Any]:
    return by_path(resources(stack, "aws_iam_role"), f"{construct}/{role}_role")


def _document(stack: StackJson, reference: str) -> dict[str, Any]:
    """The policy document a ``${data.aws_iam_policy_document.<name>.json}`` points at."""
    documents = data_sources(stack, "aws_iam_policy_document")
    (name,) = [name for name in documents if f".{name}." in reference]
    return documents[name]


def _trust(stack: StackJson, role: str, construct: str = "github_oidc") -> dict[str, Any]:
    (statement,) = _document(stack, _role(stack, role, construct)["assume_role_policy"])[
        "statement"
    ]
    return dict(statement)


def _condition(statement: dict[str, Any], claim: str) -> dict[str, Any]:
    (condition,) = [c for c in statement["condition"] if c["variable"] == f"{HOST}:{claim}"]
    return dict(condition)


def _subjects(stack: StackJson, role: str, construct: str = "github_oidc") -> list[str]:
    values: list[str] = _condition(_trust(stack, role, construct), "sub")["values"]
    return values


def _attached_policies(stack: StackJson, role: str, construct: str = "github_oidc") -> list[str]:
    role_name = name_by_path(resources(stack, "aws_iam_role"), f"{construct}/{role}_role")
    return sorted(
        attachment["policy_arn"]
        for attachment in resources(stack, "aws_iam_role_policy_attachment").values()
        if f"aws_iam_role.{role_name}." in attachment["role"]
    )


def _managed(stack: StackJson, policy: str) -> str:
    partition = next(iter(data_sources(stack, "aws_partition")))
    return f"arn:${{data.aws_partition.{partition}.partition}}:iam::aws:policy/{policy}"


def test_provider_trusts_github_for_sts_without_a_thumbprint(synthesized: StackJson) -> None:
    provider = only(resources(synthesized, "aws_iam_openid_connect_provider"))
    assert provider["url"] == f"https://{HOST}" == GITHUB_OIDC_URL
    assert provider["client_id_list"] == ["sts.amazonaws.com"] == [GITHUB_OIDC_AUDIENCE]
    assert "thumbprint_list" not in provider  # optional in aws 5.100; [] would drift


@pytest.mark.parametrize("role", ["plan", "apply"])
def test_roles_are_federated_to_the_provider_and_pin_the_audience(
    synthesized: StackJson, role: str
) -> None:
    statement = _trust(synthesized, role)
    assert statement["effect"] == "Allow"
    assert statement["actions"] == ["sts:AssumeRoleWithWebIdentity"]
    (principal,) = statement["principals"]
    assert principal["type"] == "Federated"
    provider = next(iter(resources(synthesized, "aws_iam_openid_connect_provider")))
    assert principal["identifiers"] == [f"${{aws_iam_openid_connect_provider.{provider}.arn}}"]
    assert _condition(statement, "aud") == {
        "test": "StringEquals",
        "variable": f"{HOST}:aud",
        "values": ["sts.amazonaws.com"],
    }
    subject = _condition(statement, "sub")
    assert subject["test"] == "StringEquals", "wildcards (StringLike) would widen the trust"
    assert all("*" not in value and "?" not in value for value in subject["values"])
    assert len(statement["condition"]) == 2


def test_plan_role_is_assumable_from_pull_requests_and_the_plan_branch(
    synthesized: StackJson,
) -> None:
    assert _subjects(synthesized, "plan") == [
        f"repo:{REPOSITORY}:pull_request",
        f"repo:{REPOSITORY}:ref:refs/heads/main",
    ]


def test_plan_role_trusts_only_pull_requests_without_plan_branches(
    variants: tuple[StackJson, GithubOidc],
) -> None:
    stack, _ = variants
    assert _subjects(stack, "plan", "custom") == [f"repo:{REPOSITORY}:pull_request"]


def test_apply_role_is_assumable_only_from_the_github_environments(
    synthesized: StackJson,
) -> None:
    values = _subjects(synthesized, "apply")
    assert values == [
        f"repo:{REPOSITORY}:environment:dev",
        f"repo:{REPOSITORY}:environment:prod",
    ]
    assert not any(":pull_request" in value or ":ref:" in value for value in values)


def test_apply_role_follows_the_configured_environments(
    variants: tuple[StackJson, GithubOidc],
) -> None:
    stack, _ = variants
    assert _subjects(stack, "apply", "custom") == [f"repo:{REPOSITORY}:environment:staging"]


def test_plan_role_is_read_only_apart_from_locking(synthesized: StackJson) -> None:
    assert _attached_policies(synthesized, "plan") == [_managed(synthesized, "ReadOnlyAccess")]
    inline = only(resources(synthesized, "aws_iam_role_policy"))
    plan_role = name_by_path(resources(synthesized, "aws_iam_role"), "github_oidc/plan_role")
    assert inline["role"] == f"${{aws_iam_role.{plan_role}.id}}"
    statements = _document(synthesized, inline["policy"])["statement"]
    granted = {
        action: resource
        for statement in statements
        for action in statement["actions"]
        for resource in statement["resources"]
        if statement["effect"] == "Allow"
    }
    reads = {"s3:GetObject", "s3:ListBucket", "kms:Decrypt"}
    writes = {action: resource for action, resource in granted.items() if action not in reads}
    assert writes == {
        "dynamodb:GetItem": TABLE,
        "dynamodb:PutItem": TABLE,
        "dynamodb:DeleteItem": TABLE,
        # A lock entry is encrypted with the state key; state objects themselves stay
        # read-only, only S3-native lock files (*.tflock) may be written.
        "kms:Encrypt": KEY,
        "kms:GenerateDataKey": KEY,
        "s3:PutObject": f"{BUCKET}/*.tflock",
        "s3:DeleteObject": f"{BUCKET}/*.tflock",
    }
    assert granted["s3:GetObject"] == f"{BUCKET}/*"
    assert granted["s3:ListBucket"] == BUCKET
    assert granted["kms:Decrypt"] == KEY
    assert "*" not in granted.values()
    assert all(statement["effect"] == "Allow" for statement in statements)


def test_apply_role_is_administrator_without_a_boundary_by_default(
    synthesized: StackJson,
) -> None:
    assert _attached_policies(synthesized, "apply") == [
        _managed(synthesized, "AdministratorAccess")
    ]
    assert "permissions_boundary" not in _role(synthesized, "apply")


def test_apply_role_accepts_a_permissions_boundary(
    variants: tuple[StackJson, GithubOidc],
) -> None:
    stack, _ = variants
    assert _attached_policies(stack, "apply", "custom") == [_managed(stack, "AdministratorAccess")]
    assert _role(stack, "apply", "custom")["permissions_boundary"] == BOUNDARY
    assert "permissions_boundary" not in _role(stack, "plan", "custom")


def test_role_names_and_session_duration_default(synthesized: StackJson) -> None:
    assert _role(synthesized, "plan")["name"] == "github-actions-plan"
    assert _role(synthesized, "apply")["name"] == "github-actions-apply"
    assert _role(synthesized, "plan")["max_session_duration"] == 7200
    assert _role(synthesized, "apply")["max_session_duration"] == 7200


def test_role_names_and_session_duration_come_from_the_props(
    variants: tuple[StackJson, GithubOidc],
) -> None:
    stack, _ = variants
    assert _role(stack, "plan", "custom")["name"] == "platform-github-plan"
    assert _role(stack, "apply", "custom")["name"] == "platform-github-apply"
    assert _role(stack, "plan", "custom")["max_session_duration"] == 3600
    assert _role(stack, "apply", "custom")["max_session_duration"] == 3600


def test_an_existing_provider_is_reused_instead_of_created(
    variants: tuple[StackJson, GithubOidc],
) -> None:
    stack, existing = variants
    providers = resources(stack, "aws_iam_openid_connect_provider")
    # Only the other construct of the stack ("custom") creates one.
    assert [name for name in providers if name.startswith("existing")] == []
    assert len(providers) == 1
    assert existing.provider is None
    assert existing.provider_arn == EXISTING
    for role in ("plan", "apply"):
        (principal,) = _trust(stack, role, "existing")["principals"]
        assert principal["identifiers"] == [EXISTING]


def test_outputs_are_the_provider_and_role_arns(synthesized: StackJson) -> None:
    provider = next(iter(resources(synthesized, "aws_iam_openid_connect_provider")))
    roles = resources(synthesized, "aws_iam_role")
    plan, apply = name_by_path(roles, "plan_role"), name_by_path(roles, "apply_role")
    assert {name: output["value"] for name, output in synthesized["output"].items()} == {
        "provider": f"${{aws_iam_openid_connect_provider.{provider}.arn}}",
        "plan": f"${{aws_iam_role.{plan}.arn}}",
        "apply": f"${{aws_iam_role.{apply}.arn}}",
    }


# --- the bootstrap stack and its configuration ----------------------------------------


def _bootstrap(config: BootstrapConfig) -> StackJson:
    stack = BootstrapStack(CdktfTesting.app(), config=config)
    parsed: StackJson = json.loads(CdktfTesting.synth(stack))
    return parsed


@pytest.fixture(scope="module")
def bootstrap_config() -> BootstrapConfig:
    return load_bootstrap()


@pytest.fixture(scope="module")
def bootstrap(bootstrap_config: BootstrapConfig) -> StackJson:
    return _bootstrap(bootstrap_config)


def test_bootstrap_creates_the_roles_for_the_configured_repository(
    bootstrap_config: BootstrapConfig, bootstrap: StackJson
) -> None:
    github = bootstrap_config.github
    assert github is not None
    plan, apply = _role(bootstrap, "plan"), _role(bootstrap, "apply")
    assert plan["name"] == f"{bootstrap_config.name_prefix}-github-plan"
    assert apply["name"] == f"{bootstrap_config.name_prefix}-github-apply"
    assert _subjects(bootstrap, "apply") == [
        f"repo:{github.repository}:environment:{environment}" for environment in github.environments
    ]
    # .github/workflows/main.yml plans on main before its approval gate.
    assert _subjects(bootstrap, "plan") == [
        f"repo:{github.repository}:pull_request",
        f"repo:{github.repository}:ref:refs/heads/main",
    ]


def test_bootstrap_plan_role_locks_in_the_backend_it_creates(bootstrap: StackJson) -> None:
    inline = only(resources(bootstrap, "aws_iam_role_policy"))
    statements = {s["sid"]: s for s in _document(bootstrap, inline["policy"])["statement"]}
    table = next(iter(resources(bootstrap, "aws_dynamodb_table")))
    bucket = next(iter(resources(bootstrap, "aws_s3_bucket")))
    key = next(iter(resources(bootstrap, "aws_kms_key")))
    assert statements["LockTable"]["resources"] == [f"${{aws_dynamodb_table.{table}.arn}}"]
    assert statements["ListStateBucket"]["resources"] == [f"${{aws_s3_bucket.{bucket}.arn}}"]
    assert statements["StateKey"]["resources"] == [f"${{aws_kms_key.{key}.arn}}"]


def test_bootstrap_outputs_the_provider_and_role_arns(bootstrap: StackJson) -> None:
    provider = next(iter(resources(bootstrap, "aws_iam_openid_connect_provider")))
    roles = resources(bootstrap, "aws_iam_role")
    outputs = {name: output["value"] for name, output in bootstrap["output"].items()}
    assert outputs["github_oidc_provider_arn"] == (
        f"${{aws_iam_openid_connect_provider.{provider}.arn}}"
    )
    plan, apply = name_by_path(roles, "plan_role"), name_by_path(roles, "apply_role")
    assert outputs["github_plan_role_arn"] == f"${{aws_iam_role.{plan}.arn}}"
    assert outputs["github_apply_role_arn"] == f"${{aws_iam_role.{apply}.arn}}"


def test_bootstrap_without_a_repository_creates_no_roles(
    bootstrap_config: BootstrapConfig,
) -> None:
    stack = _bootstrap(bootstrap_config.model_copy(update={"github": None}))
    assert resources(stack, "aws_iam_role") == {}
    assert resources(stack, "aws_iam_openid_connect_provider") == {}
    assert set(stack["output"]) == {"state_bucket", "lock_table", "state_kms_key_arn"}
