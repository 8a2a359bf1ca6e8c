"""The GitHub Actions OIDC provider and the plan and apply roles, synthesized on their own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformOutput, TerraformStack
from cdktf import Testing as CdktfTesting
from pydantic import ValidationError

from platform_cdktf.environments import BootstrapConfig, load_bootstrap
from platform_cdktf.modules.github_oidc import GithubOidc, GithubOidcProps
from platform_cdktf.stacks.bootstrap import BootstrapStack
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import synth_stack

HOST = "token.actions.githubusercontent.com"
BUCKET = "arn:aws:s3:::unit-state"
TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/unit-locks"
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _props(**overrides: Any) -> GithubOidcProps:
    values: dict[str, Any] = {
        "repository": "example-org/platform-infrastructure",
        "state_bucket_arn": BUCKET,
        "lock_table_arn": TABLE,
        "state_key_arn": KEY,
    }
    return GithubOidcProps(**{**values, **overrides})


def _synth(props: GithubOidcProps) -> dict[str, Any]:
    stack_json, _ = synth_stack(lambda stack: GithubOidc(stack, "github_oidc", props=props))
    return stack_json


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    return _synth(_props(plan_branches=("main",)))


def _role(stack: dict[str, Any], role: str) -> dict[str, Any]:
    return by_path(resources(stack, "aws_iam_role"), f"github_oidc/{role}_role")


def _document(stack: dict[str, Any], reference: str) -> dict[str, Any]:
    """The policy document a ``${data.aws_iam_policy_document.<name>.json}`` points at."""
    documents = data_sources(stack, "aws_iam_policy_document")
    (name,) = [name for name in documents if f".{name}." in reference]
    return documents[name]


def _trust(stack: dict[str, Any], role: str) -> dict[str, Any]:
    (statement,) = _document(stack, _role(stack, role)["assume_role_policy"])["statement"]
    return dict(statement)


def _condition(statement: dict[str, Any], claim: str) -> dict[str, Any]:
    (condition,) = [c for c in statement["condition"] if c["variable"] == f"{HOST}:{claim}"]
    return dict(condition)


def _attached_policies(stack: dict[str, Any], role: str) -> list[str]:
    role_name = next(
        name
        for name in resources(stack, "aws_iam_role")
        if name.startswith(f"github_oidc_{role}_role")
    )
    return sorted(
        attachment["policy_arn"].rsplit("/", 1)[-1]
        for attachment in resources(stack, "aws_iam_role_policy_attachment").values()
        if f"aws_iam_role.{role_name}." in attachment["role"]
    )


def test_provider_trusts_github_for_sts_without_a_thumbprint(
    synthesized: dict[str, Any],
) -> None:
    provider = only(resources(synthesized, "aws_iam_openid_connect_provider"))
    assert provider["url"] == f"https://{HOST}"
    assert provider["client_id_list"] == ["sts.amazonaws.com"]
    assert "thumbprint_list" not in provider  # optional in aws 5.100; [] would drift


@pytest.mark.parametrize("role", ["plan", "apply"])
def test_roles_are_federated_to_the_provider_and_pin_the_audience(
    synthesized: dict[str, Any], role: str
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


def test_plan_role_is_assumable_from_pull_requests_and_the_plan_branch(
    synthesized: dict[str, Any],
) -> None:
    subject = _condition(_trust(synthesized, "plan"), "sub")
    assert subject["values"] == [
        "repo:example-org/platform-infrastructure:pull_request",
        "repo:example-org/platform-infrastructure:ref:refs/heads/main",
    ]


def test_plan_role_trusts_only_pull_requests_by_default() -> None:
    stack = _synth(_props())
    assert _condition(_trust(stack, "plan"), "sub")["values"] == [
        "repo:example-org/platform-infrastructure:pull_request"
    ]


def test_apply_role_is_assumable_only_from_the_github_environments(
    synthesized: dict[str, Any],
) -> None:
    values = _condition(_trust(synthesized, "apply"), "sub")["values"]
    assert values == [
        "repo:example-org/platform-infrastructure:environment:dev",
        "repo:example-org/platform-infrastructure:environment:prod",
    ]
    assert not any(":pull_request" in value or ":ref:" in value for value in values)


def test_apply_role_follows_the_configured_environments() -> None:
    stack = _synth(_props(environments=("staging",)))
    assert _condition(_trust(stack, "apply"), "sub")["values"] == [
        "repo:example-org/platform-infrastructure:environment:staging"
    ]


def test_plan_role_is_read_only_apart_from_locking(synthesized: dict[str, Any]) -> None:
    assert _attached_policies(synthesized, "plan") == ["ReadOnlyAccess"]
    inline = only(resources(synthesized, "aws_iam_role_policy"))
    assert inline["role"].startswith("${aws_iam_role.github_oidc_plan_role_")
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
    assert "*" not in granted.values()


def test_apply_role_is_administrator_and_accepts_a_permissions_boundary() -> None:
    boundary = "arn:aws:iam::111122223333:policy/platform-boundary"
    stack = _synth(_props(permissions_boundary_arn=boundary))
    assert _attached_policies(stack, "apply") == ["AdministratorAccess"]
    assert _role(stack, "apply")["permissions_boundary"] == boundary
    assert "permissions_boundary" not in _role(stack, "plan")


def test_role_names_and_session_duration_come_from_the_props() -> None:
    stack = _synth(_props(name_prefix="platform-github", max_session_duration_seconds=3600))
    assert _role(stack, "plan")["name"] == "platform-github-plan"
    assert _role(stack, "apply")["name"] == "platform-github-apply"
    assert _role(stack, "plan")["max_session_duration"] == 3600
    assert _role(stack, "apply")["max_session_duration"] == 3600


def test_an_existing_provider_is_reused_instead_of_created() -> None:
    existing = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    stack_json, github = synth_stack(
        lambda stack: GithubOidc(stack, "github_oidc", props=_props(existing_provider_arn=existing))
    )
    assert resources(stack_json, "aws_iam_openid_connect_provider") == {}
    assert github.provider_arn == existing
    for role in ("plan", "apply"):
        (principal,) = _trust(stack_json, role)["principals"]
        assert principal["identifiers"] == [existing]


def _with_outputs(stack: TerraformStack) -> None:
    github = GithubOidc(stack, "github_oidc", props=_props())
    TerraformOutput(stack, "provider", value=github.provider_arn)
    TerraformOutput(stack, "plan", value=github.plan_role_arn)
    TerraformOutput(stack, "apply", value=github.apply_role_arn)


def test_outputs_are_the_provider_and_role_arns() -> None:
    stack, _ = synth_stack(_with_outputs)
    provider = next(iter(resources(stack, "aws_iam_openid_connect_provider")))
    roles = resources(stack, "aws_iam_role")
    plan, apply = name_by_path(roles, "plan_role"), name_by_path(roles, "apply_role")
    assert {name: output["value"] for name, output in stack["output"].items()} == {
        "provider": f"${{aws_iam_openid_connect_provider.{provider}.arn}}",
        "plan": f"${{aws_iam_role.{plan}.arn}}",
        "apply": f"${{aws_iam_role.{apply}.arn}}",
    }


@pytest.mark.parametrize(
    "repository",
    [
        "platform-infrastructure",  # no owner
        "example-org/",  # no name
        "example-org/*",  # a wildcard would trust every repository of the owner
        "*/platform",
        "example-org/platform/extra",
        "-example/platform",  # owners cannot start with a hyphen
        "example--org/platform",
        "example-org/..",
        "repo:example-org/platform",
        "example-org/platform:pull_request",
    ],
)
def test_invalid_repository_is_rejected(repository: str) -> None:
    with pytest.raises(ValueError, match=r"repository = .*expected owner/name"):
        _props(repository=repository)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"environments": ()}, "expected at least one GitHub environment"),
        ({"environments": ("prod", "prod")}, "names must be distinct"),
        ({"environments": ("prod*",)}, "no wildcards"),
        ({"plan_branches": ("refs/heads/main",)}, "without refs/heads/"),
        ({"plan_branches": ("release/*",)}, "no wildcards"),
        ({"max_session_duration_seconds": 600}, "expected 3600 to 43200"),
        ({"name_prefix": "x" * 59}, "name_prefix"),
    ],
)
def test_invalid_props_are_rejected(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _props(**overrides)


# --- the bootstrap stack and its configuration ----------------------------------------


def _bootstrap(config: BootstrapConfig) -> dict[str, Any]:
    stack = BootstrapStack(CdktfTesting.app(), config=config)
    parsed: dict[str, Any] = json.loads(CdktfTesting.synth(stack))
    return parsed


def test_bootstrap_creates_the_roles_for_the_configured_repository() -> None:
    config = load_bootstrap()
    assert config.github_repository is not None
    stack = _bootstrap(config)
    plan, apply = _role(stack, "plan"), _role(stack, "apply")
    assert plan["name"] == f"{config.name_prefix}-github-plan"
    assert apply["name"] == f"{config.name_prefix}-github-apply"
    assert _condition(_trust(stack, "apply"), "sub")["values"] == [
        f"repo:{config.github_repository}:environment:{environment}"
        for environment in config.github_environments
    ]
    # The plan role's locking rights point at the lock table the same stack creates.
    inline = only(resources(stack, "aws_iam_role_policy"))
    statements = _document(stack, inline["policy"])["statement"]
    (lock_table,) = [s["resources"] for s in statements if s["sid"] == "LockTable"]
    table = next(iter(resources(stack, "aws_dynamodb_table")))
    assert lock_table == [f"${{aws_dynamodb_table.{table}.arn}}"]
    assert {"github_oidc_provider_arn", "github_plan_role_arn", "github_apply_role_arn"} <= set(
        stack["output"]
    )


def test_bootstrap_without_a_repository_creates_no_roles() -> None:
    stack = _bootstrap(load_bootstrap().model_copy(update={"github_repository": None}))
    assert resources(stack, "aws_iam_role") == {}
    assert resources(stack, "aws_iam_openid_connect_provider") == {}
    assert "github_apply_role_arn" not in stack["output"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("github_repository", "platform-infrastructure"),
        ("github_repository", "example-org/*"),
        ("github_environments", ()),
        ("github_environments", ("prod", "prod")),
        ("github_environments", ("prod*",)),
    ],
)
def test_bootstrap_config_rejects_invalid_github_settings(field: str, value: object) -> None:
    settings = load_bootstrap().model_dump()
    with pytest.raises(ValidationError, match=field):
        BootstrapConfig.model_validate({**settings, field: value})
