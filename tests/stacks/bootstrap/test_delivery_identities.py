"""The delivery identities of a delivery-configured bootstrap, read from the synthesized JSON:
one environment per trust, plan roles that read configuration only, apply roles capped by
their environment's boundary, the boundary on every role of the environment's stacks."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from platform_cdktf.environments import load_bootstrap, load_environments
from platform_cdktf.modules.github_oidc.identity import SUB_CLAIM_KEYS
from platform_cdktf.modules.github_oidc.read_actions import ACCOUNT_WIDE_READS, DATA_READ_ACTIONS
from platform_cdktf.stacks.app import DELIVERY_NOT_CONFIGURED, PlatformApp
from platform_cdktf.stacks.target import local_target
from tests.stacks.test_addresses import _addresses
from tests.support.delivery_identities import IDENTITIES_DELIVERY as DELIVERY
from tests.support.delivery_identities import delivered_bootstrap
from tests.support.synth import StackJson, resources
from tests.support.terraform import cli_config, run_terraform

ENVIRONMENTS = ("dev", "prod")
HOST = "token.actions.githubusercontent.com"
SUB = re.compile(
    r"^repository_owner_id:(?P<owner>\d+):repository_id:(?P<repo>\d+)"
    r":environment:(?P<environment>[^:*]+):ref:(?P<ref>[^:]+)$"
)
READ_EVERYTHING = re.compile(r"(ReadOnlyAccess|ViewOnlyAccess|FullAccess|AdministratorAccess)")
READ_VERBS = ("Describe", "List", "Get", "BatchGet")


# --- helpers: resolve roles to their documents -----------------------------------------


def _document(stack: StackJson, reference: str) -> list[dict[str, Any]]:
    """The statements of the ``aws_iam_policy_document`` a ``${data....json}`` names."""
    match = re.fullmatch(r"\$\{data\.aws_iam_policy_document\.(\w+)\.json\}", reference)
    assert match, f"expected a policy-document reference, got {reference!r}"
    statements: list[dict[str, Any]] = stack["data"]["aws_iam_policy_document"][match[1]][
        "statement"
    ]
    return statements


def _role(stack: StackJson, name: str) -> tuple[str, dict[str, Any]]:
    found = [(k, v) for k, v in resources(stack, "aws_iam_role").items() if v["name"] == name]
    assert len(found) == 1, f"expected one role named {name}, got {[k for k, _ in found]}"
    return found[0]


def _inline_statements(stack: StackJson, logical: str) -> list[dict[str, Any]]:
    return [
        statement
        for policy in resources(stack, "aws_iam_role_policy").values()
        if policy["role"] == f"${{aws_iam_role.{logical}.id}}"
        for statement in _document(stack, policy["policy"])
    ]


def _managed_policies(stack: StackJson, logical: str) -> list[str]:
    return [
        attachment["policy_arn"]
        for attachment in resources(stack, "aws_iam_role_policy_attachment").values()
        if attachment["role"] == f"${{aws_iam_role.{logical}.name}}"
    ]


def _subjects(statement: dict[str, Any]) -> tuple[str, list[str]]:
    (condition,) = [c for c in statement["condition"] if c["variable"] == f"{HOST}:sub"]
    return condition["test"], condition["values"]


def _covers(pattern: str, action: str) -> bool:
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def plan_problems(
    statements: list[dict[str, Any]], managed: list[str], *, identity: str, bucket: str
) -> list[str]:
    """Why a plan role's documents read data, read everything or write (empty: none)."""
    problems = [arn for arn in managed if READ_EVERYTHING.search(arn)]
    allowed_exceptions: dict[str, Callable[[list[str]], bool]] = {
        "s3:getobject": lambda resources: resources == [f"{bucket}/{identity}/*"],
        "dynamodb:getitem": lambda resources: all("dynamodb" in r for r in resources),
        "kms:decrypt": lambda resources: all("kms_key" in r for r in resources),
    }
    for statement in statements:
        if statement.get("effect", "Allow") != "Allow":
            continue
        resources_ = statement.get("resources", [])
        for action in statement["actions"]:
            verb = action.split(":", 1)[-1]
            writes = action == "*" or not verb.startswith(READ_VERBS)
            if writes and action.lower() != "kms:decrypt":
                problems.append(f"{statement.get('sid')}: {action} writes")
            for data_read in DATA_READ_ACTIONS:
                if not _covers(action, data_read):
                    continue
                exception = allowed_exceptions.get(action.lower())
                if exception is None or not exception(resources_):
                    problems.append(f"{statement.get('sid')}: {action} reads data ({data_read})")
    return problems


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bootstrap(delivery_stacks: dict[str, StackJson]) -> StackJson:
    return delivery_stacks["bootstrap"]


@pytest.fixture(scope="module")
def bucket_ref(bootstrap: StackJson) -> str:
    (name,) = resources(bootstrap, "aws_s3_bucket")
    return f"${{aws_s3_bucket.{name}.arn}}"


# --- trust -----------------------------------------------------------------------------------


def test_every_trust_admits_exactly_one_environment_of_the_repository_ids(
    bootstrap: StackJson,
) -> None:
    roles = resources(bootstrap, "aws_iam_role")
    assert len(roles) == 1 + 2 * len(ENVIRONMENTS)
    for logical, role in roles.items():
        (statement,) = _document(bootstrap, role["assume_role_policy"])
        assert statement["actions"] == ["sts:AssumeRoleWithWebIdentity"]
        conditions = {c["variable"]: c for c in statement["condition"]}
        assert conditions[f"{HOST}:aud"] == {
            "test": "StringEquals",
            "variable": f"{HOST}:aud",
            "values": ["sts.amazonaws.com"],
        }
        _, subjects = _subjects(statement)
        parsed = [SUB.match(subject) for subject in subjects]
        assert all(parsed), f"{logical}: {subjects}"
        assert {(m["owner"], m["repo"]) for m in parsed if m} == {
            (str(DELIVERY.owner_id), str(DELIVERY.repository_id))
        }
        assert len({m["environment"] for m in parsed if m}) == 1, f"{logical}: {subjects}"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_apply_role_trusts_only_main_in_its_environment_exactly(
    bootstrap: StackJson, environment: str
) -> None:
    _, role = _role(bootstrap, f"platform-github-{environment}-apply")
    (statement,) = _document(bootstrap, role["assume_role_policy"])
    assert _subjects(statement) == (
        "StringEquals",
        [DELIVERY.subject(environment, "refs/heads/main")],
    )


@pytest.mark.parametrize("identity", [*ENVIRONMENTS, "bootstrap"])
def test_plan_role_trusts_main_and_pull_requests_of_its_plan_environment(
    bootstrap: StackJson, identity: str
) -> None:
    _, role = _role(bootstrap, f"platform-github-{identity}-plan")
    (statement,) = _document(bootstrap, role["assume_role_policy"])
    test, subjects = _subjects(statement)
    assert test == "StringLike"
    assert subjects == [
        DELIVERY.subject(f"{identity}-plan", "refs/heads/main"),
        DELIVERY.subject(f"{identity}-plan", "refs/pull/*/merge"),
    ]
    # The only wildcard is the pull request number: nothing before the ref varies.
    for subject in subjects:
        assert "*" not in subject.split(":ref:")[0]


# --- plan roles read configuration, not data ----------------------------------------------


@pytest.mark.parametrize("identity", [*ENVIRONMENTS, "bootstrap"])
def test_plan_role_reads_configuration_and_its_own_state_only(
    bootstrap: StackJson, bucket_ref: str, identity: str
) -> None:
    logical, _ = _role(bootstrap, f"platform-github-{identity}-plan")
    statements = _inline_statements(bootstrap, logical)
    assert statements, "the plan role has no policy"
    managed = _managed_policies(bootstrap, logical)
    assert managed == []
    assert plan_problems(statements, managed, identity=identity, bucket=bucket_ref) == []
    by_sid = {statement["sid"]: statement for statement in statements}
    assert by_sid["ReadOwnState"]["resources"] == [f"{bucket_ref}/{identity}/*"]
    (leading,) = by_sid["ReadOwnStateDigest"]["condition"]
    assert leading["variable"] == "dynamodb:LeadingKeys"
    assert leading["values"] == [f"{load_bootstrap().state.bucket}/{identity}/*"]


# Terraform type prefix -> IAM service prefix, longest prefix first. A type of a new
# family fails the test below until it is mapped here and its service's configuration
# reads are in read_actions.py: otherwise the plan roles could not refresh it.
TYPE_SERVICES = {
    "aws_cloudwatch_log_": "logs",
    "aws_cloudwatch_metric_alarm": "cloudwatch",
    "aws_cloudwatch_event_": "events",
    "aws_scheduler_": "scheduler",
    "aws_lambda_": "lambda",
    "aws_secretsmanager_": "secretsmanager",
    "aws_sqs_": "sqs",
    "aws_lb": "elasticloadbalancing",
    "aws_chatbot_": "chatbot",
    "aws_vpc_security_group_": "ec2",
    "aws_appautoscaling_": "application-autoscaling",
    "aws_codeconnections_": "codeconnections",
    "aws_elasticache_": "elasticache",
    "aws_internet_gateway": "ec2",
    "aws_launch_template": "ec2",
    "aws_security_group": "ec2",
    "aws_network_acl": "ec2",
    "aws_nat_gateway": "ec2",
    "aws_codebuild_": "codebuild",
    "aws_availability_zones": "ec2",
    "aws_caller_identity": "sts",
    "aws_partition": "sts",
    "aws_region": "ec2",
    "aws_flow_log": "ec2",
    "aws_default_": "ec2",
    "aws_dynamodb_": "dynamodb",
    "aws_backup_": "backup",
    "aws_subnet": "ec2",
    "aws_route": "ec2",
    "aws_eks_": "eks",
    "aws_iam_": "iam",
    "aws_kms_": "kms",
    "aws_sns_": "sns",
    "aws_rds_": "rds",
    "aws_db_": "rds",
    "aws_vpc": "ec2",
    "aws_eip": "ec2",
    "aws_s3_": "s3",
}
# Refreshed through statements scoped to the state bucket and lock table, not account-wide.
BACKEND_SERVICES = {"s3", "dynamodb"}


def _service_of(resource_type: str) -> str | None:
    for prefix in sorted(TYPE_SERVICES, key=len, reverse=True):
        if resource_type.startswith(prefix):
            return TYPE_SERVICES[prefix]
    return None


def test_plan_roles_can_read_every_aws_type_the_delivered_stacks_manage(
    delivery_stacks: dict[str, StackJson],
) -> None:
    types = {
        resource_type
        for stack in delivery_stacks.values()
        for block in ("resource", "data")
        for resource_type in stack.get(block, {})
        if resource_type.startswith("aws_") and resource_type != "aws_iam_policy_document"
    }
    unmapped = sorted(t for t in types if _service_of(t) is None)
    assert unmapped == [], f"map these types in TYPE_SERVICES: {unmapped}"
    services = {service for t in types if (service := _service_of(t))} - BACKEND_SERVICES
    assert sorted(s for s in services if s not in ACCOUNT_WIDE_READS) == []


@pytest.mark.parametrize(
    ("statement", "managed", "expected"),
    [
        ({"sid": "S", "actions": ["s3:Get*"], "resources": ["*"]}, [], "reads data"),
        ({"sid": "S", "actions": ["dynamodb:*"], "resources": ["*"]}, [], "writes"),
        ({"sid": "S", "actions": ["ssm:GetParameter"], "resources": ["*"]}, [], "reads data"),
        ({"sid": "S", "actions": ["logs:Get*"], "resources": ["*"]}, [], "reads data"),
        ({"sid": "S", "actions": ["s3:GetObject"], "resources": ["B/*"]}, [], "reads data"),
        ({"sid": "S", "actions": ["dynamodb:PutItem"], "resources": ["t"]}, [], "writes"),
        (
            {"sid": "S", "actions": ["ec2:Describe*"], "resources": ["*"]},
            ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            "ReadOnlyAccess",
        ),
    ],
)
def test_the_plan_check_catches_data_reads_writes_and_read_everything(
    statement: dict[str, Any], managed: list[str], expected: str
) -> None:
    problems = plan_problems([statement], managed, identity="dev", bucket="B")
    assert any(expected in problem for problem in problems), problems


# --- apply roles and their boundary ---------------------------------------------------------


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_apply_role_is_administrator_capped_by_its_environment_boundary(
    bootstrap: StackJson, environment: str
) -> None:
    logical, role = _role(bootstrap, f"platform-github-{environment}-apply")
    policies = resources(bootstrap, "aws_iam_policy")
    (boundary_name,) = [
        name
        for name, p in policies.items()
        if p["name"] == f"platform-github-{environment}-boundary"
    ]
    assert role["permissions_boundary"] == f"${{aws_iam_policy.{boundary_name}.arn}}"
    assert [arn.rsplit("/", 1)[-1] for arn in _managed_policies(bootstrap, logical)] == [
        "AdministratorAccess"
    ]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_boundary_denies_other_environments_the_backend_bootstrap_and_escape(
    bootstrap: StackJson, bucket_ref: str, environment: str
) -> None:
    (policy,) = [
        p
        for p in resources(bootstrap, "aws_iam_policy").values()
        if p["name"] == f"platform-github-{environment}-boundary"
    ]
    statements = {s["sid"]: s for s in _document(bootstrap, policy["policy"])}
    other = statements["DenyOtherEnvironmentsResources"]
    assert other["effect"] == "Deny"
    assert {(c["test"], c["variable"], tuple(c["values"])) for c in other["condition"]} == {
        ("Null", "aws:ResourceTag/Environment", ("false",)),
        ("StringNotEquals", "aws:ResourceTag/Environment", (environment,)),
    }
    tagging = statements["DenyTaggingForOtherEnvironments"]
    assert ("StringNotEquals", "aws:RequestTag/Environment", [environment]) in [
        (c["test"], c["variable"], c["values"]) for c in tagging["condition"]
    ]
    assert statements["OwnStateObjects"]["resources"] == [f"{bucket_ref}/{environment}/*"]
    assert "s3:PutBucketPolicy" in statements["DenyStateBucketProtections"]["actions"]
    assert statements["DenyStateBucketProtections"]["resources"] == [bucket_ref]
    assert "dynamodb:DeleteTable" in statements["DenyLockTableSettings"]["actions"]
    assert "kms:ScheduleKeyDeletion" in statements["DenyStateKeyAdministration"]["actions"]
    bootstrap_arns = statements["DenyBootstrapIdentities"]["resources"]
    assert any(arn.endswith(":role/platform-github-*") for arn in bootstrap_arns)
    assert any(arn.endswith(":policy/platform-github-*") for arn in bootstrap_arns)
    assert any("aws_iam_openid_connect_provider" in arn for arn in bootstrap_arns)
    escape = statements["DenyPrincipalsWithoutThisBoundary"]
    assert {"iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:CreateUser"} <= set(
        escape["actions"]
    )
    (condition,) = escape["condition"]
    assert condition["test"] == "ArnNotEquals"
    assert condition["variable"] == "iam:PermissionsBoundary"
    assert condition["values"][0].endswith(f":policy/platform-github-{environment}-boundary")
    # No Allow reaches another environment's state objects.
    allowed = [s for s in statements.values() if s["effect"] == "Allow" and "resources" in s]
    assert not [r for s in allowed for r in s["resources"] if "/prod/" in r or "/dev/" in r][1:], (
        "more than the environment's own state prefix is allowed"
    )


def test_outputs_name_every_role_and_the_sub_claim_customization(bootstrap: StackJson) -> None:
    outputs = bootstrap["output"]
    for environment in ENVIRONMENTS:
        assert f"github_{environment}_plan_role_arn" in outputs
        assert f"github_{environment}_apply_role_arn" in outputs
    assert "github_bootstrap_plan_role_arn" in outputs
    assert json.loads(outputs["github_oidc_sub_claim_keys"]["value"]) == {
        "use_default": False,
        "include_claim_keys": list(SUB_CLAIM_KEYS),
    }


# --- the Aspect: every role of a delivered environment carries the boundary ----------------


@pytest.mark.parametrize("stack_name", ["dev-core", "dev-platform", "prod-core", "prod-platform"])
def test_every_role_of_a_delivered_environment_carries_its_boundary(
    delivery_stacks: dict[str, StackJson], stack_name: str
) -> None:
    environment = stack_name.split("-", maxsplit=1)[0]
    roles = resources(delivery_stacks[stack_name], "aws_iam_role")
    assert roles
    for logical, role in roles.items():
        boundary = role.get("permissions_boundary", "")
        assert boundary.endswith(f":policy/platform-github-{environment}-boundary"), logical
        assert boundary.startswith("arn:${data.aws_partition."), logical


@pytest.mark.parametrize("stack_name", ["dev-core", "dev-platform"])
def test_no_boundary_without_delivery(stacks: dict[str, StackJson], stack_name: str) -> None:
    roles = resources(stacks[stack_name], "aws_iam_role")
    assert roles
    assert all("permissions_boundary" not in role for role in roles.values())


# --- one line when delivery is not configured -------------------------------------------------


def test_synthesis_says_once_that_delivery_is_not_configured() -> None:
    unconfigured = PlatformApp(environments=load_environments(), bootstrap=load_bootstrap())
    assert unconfigured.delivery_notice() == DELIVERY_NOT_CONFIGURED
    assert "\n" not in DELIVERY_NOT_CONFIGURED
    assert "environments/common.py" in DELIVERY_NOT_CONFIGURED
    configured = PlatformApp(environments=load_environments(), bootstrap=delivered_bootstrap())
    assert configured.delivery_notice() is None
    local = PlatformApp(
        environments=load_environments(),
        bootstrap=load_bootstrap(),
        target=local_target("http://127.0.0.1:5000"),
    )
    assert local.delivery_notice() is None


def test_unconfigured_bootstrap_has_no_identity(stacks: dict[str, StackJson]) -> None:
    assert resources(stacks["bootstrap"], "aws_iam_role") == {}


# --- addresses, terraform validate, guardrails --------------------------------------------------


def test_delivery_bootstrap_addresses_are_stable(
    bootstrap: StackJson, snapshot: SnapshotAssertion
) -> None:
    assert _addresses(bootstrap) == snapshot


@pytest.mark.terraform
def test_delivery_bootstrap_passes_terraform_validate(
    delivery_outdir: Path, tmp_path: Path
) -> None:
    shutil.copy(delivery_outdir / "stacks" / "bootstrap" / "cdk.tf.json", tmp_path)
    environment = cli_config(tmp_path)
    init = run_terraform(
        ["init", "-backend=false", "-input=false", "-no-color"],
        cwd=tmp_path,
        environment=environment,
    )
    assert init.returncode == 0, init.describe()
    validate = run_terraform(
        ["validate", "-json", "-no-color"], cwd=tmp_path, environment=environment
    )
    assert validate.returncode == 0, validate.describe()
    assert json.loads(validate.stdout)["valid"] is True


def test_delivery_bootstrap_has_no_guardrail_error(delivery_outdir: Path) -> None:
    report = json.loads(
        (
            delivery_outdir.parent / f"{delivery_outdir.name}-guardrails" / "guardrails.json"
        ).read_text()
    )
    assert "bootstrap" in report["stacks"]
    errors = [f for f in report["findings"] if f["level"] == "error"]
    assert errors == []
    suppressed = [f for f in report["suppressed"] if f["stack"] == "bootstrap"]
    # Exactly the three plan roles' pull-request wildcard, each with its reason.
    assert sorted(f["rule"] for f in suppressed) == ["IAM-03"] * 3
