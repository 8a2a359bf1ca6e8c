"""An environment in an AWS account of its own: its identities are created there, and the
state bucket, key and lock table grant exactly its roles its prefix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.modules.github_oidc.settings import GithubOidcSettings
from platform_cdktf.stacks.app import PlatformApp, synthesize_platform
from tests.support.delivery_identities import delivered_bootstrap
from tests.support.synth import StackJson, by_path, data_sources, load_stacks, resources
from tests.support.terraform import cli_config, run_terraform

BOOTSTRAP_ACCOUNT = "111122223333"
PROD_ACCOUNT = "444455556666"


@pytest.fixture(scope="module")
def bootstrap(tmp_path_factory: pytest.TempPathFactory) -> StackJson:
    config = delivered_bootstrap().model_copy(
        update={
            "account_id": BOOTSTRAP_ACCOUNT,
            "delivery": GithubOidcSettings(
                environments=("dev", "prod"),
                # dev named with the bootstrap's own account: stays in it.
                accounts={"prod": PROD_ACCOUNT, "dev": BOOTSTRAP_ACCOUNT},
            ),
        }
    )
    outdir = tmp_path_factory.mktemp("accounts") / "cdktf.out"
    synthesize_platform(outdir, PlatformApp(environments=[], bootstrap=config))
    return load_stacks(outdir)["bootstrap"]


def _providers(stack: StackJson) -> list[dict[str, Any]]:
    aws: list[dict[str, Any]] = stack["provider"]["aws"]
    return aws


def test_prod_gets_a_provider_assuming_the_access_role_in_its_account(
    bootstrap: StackJson,
) -> None:
    (prod,) = [p for p in _providers(bootstrap) if p.get("alias") == "prod"]
    assert prod["allowed_account_ids"] == [PROD_ACCOUNT]
    assert prod["assume_role"] == [
        {
            "role_arn": f"arn:aws:iam::{PROD_ACCOUNT}:role/OrganizationAccountAccessRole",
            "session_name": "platform-bootstrap",
        }
    ]
    assert [p.get("alias") for p in _providers(bootstrap)] == [None, "prod"]


def test_prod_identities_live_in_prod_and_dev_stays_in_the_bootstrap_account(
    bootstrap: StackJson,
) -> None:
    roles = resources(bootstrap, "aws_iam_role")
    for suffix in ("prod/plan_role", "prod/apply_role"):
        assert by_path(roles, f"github_oidc/{suffix}")["provider"] == "aws.prod"
    for suffix in ("dev/plan_role", "dev/apply_role", "bootstrap/plan_role"):
        assert "provider" not in by_path(roles, f"github_oidc/{suffix}")
    assert by_path(resources(bootstrap, "aws_iam_policy"), "prod/boundary")["provider"] == (
        "aws.prod"
    )
    providers = resources(bootstrap, "aws_iam_openid_connect_provider")
    assert sorted(p.get("provider", "default") for p in providers.values()) == [
        "aws.prod",
        "default",
    ]
    # The prod boundary names prod's account, the prod trust prod's OIDC provider.
    boundary = by_path(data_sources(bootstrap, "aws_iam_policy_document"), "prod/boundary_document")
    escape = [s for s in boundary["statement"] if s["sid"] == "DenyPrincipalsWithoutThisBoundary"]
    assert (
        f":{PROD_ACCOUNT}:policy/platform-github-prod-boundary"
        in (escape[0]["condition"][0]["values"][0])
    )
    trust = by_path(data_sources(bootstrap, "aws_iam_policy_document"), "prod/apply_trust")
    (principal,) = trust["statement"][0]["principals"]
    assert principal["identifiers"][0].startswith(
        "${aws_iam_openid_connect_provider.github_oidc_prod"
    )


def test_state_resources_grant_prod_roles_their_prefix_only(bootstrap: StackJson) -> None:
    documents = data_sources(bootstrap, "aws_iam_policy_document")
    bucket = by_path(documents, "state_backend/tls_only")
    grants = {s["sid"]: s for s in bucket["statement"] if s["effect"] == "Allow"}
    assert sorted(grants) == ["ProdList", "ProdRead", "ProdWrite"]
    assert grants["ProdRead"]["resources"][0].endswith("/prod/*")
    assert grants["ProdWrite"]["resources"][0].endswith("/prod/*")
    (writer,) = grants["ProdWrite"]["principals"][0]["identifiers"]
    assert "prod_apply_role" in writer
    kms = resources(bootstrap, "aws_kms_grant")
    assert sorted(tuple(g["operations"]) for g in kms.values()) == [
        ("Decrypt", "DescribeKey"),
        ("Decrypt", "DescribeKey", "Encrypt", "GenerateDataKey"),
    ]
    (table_policy,) = resources(bootstrap, "aws_dynamodb_resource_policy").values()
    lock = by_path(documents, "state_backend/lock_table_access")
    assert table_policy["policy"].endswith(f"{lock['//']['metadata']['uniqueId']}.json}}")
    for statement in lock["statement"]:
        (condition,) = statement["condition"]
        assert condition["variable"] == "dynamodb:LeadingKeys"
        assert condition["values"] == [
            "${aws_s3_bucket.state_backend_bucket_AC6FB86A.bucket}/prod/*"
        ]


def test_prod_account_outside_served_environments_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"accounts\.qa"):
        GithubOidcSettings(environments=("dev",), accounts={"qa": PROD_ACCOUNT})


@pytest.mark.terraform
def test_the_bootstrap_with_a_separate_account_passes_terraform_validate(
    bootstrap: StackJson, tmp_path: Path
) -> None:
    (tmp_path / "cdk.tf.json").write_text(json.dumps(bootstrap))
    environment = cli_config(tmp_path)
    init = run_terraform(
        ["init", "-backend=false", "-input=false", "-no-color"],
        cwd=tmp_path,
        environment=environment,
    )
    assert init.returncode == 0, init.describe()
    validate = run_terraform(["validate", "-no-color"], cwd=tmp_path, environment=environment)
    assert validate.returncode == 0, validate.describe()
