"""``platform-cdktf plan-review``: PR summaries of real ``terraform show -json`` plans.

The plans are produced by the real terraform and AWS provider (offline through
``TF_PROVIDER_MIRROR``) from a small JSON configuration and a hand-written state, once per
module: each plan loads the ~700 MB provider for a few seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.cli import app
from platform_cdktf.tooling.plan_review import (
    CONSTRUCT_ROOTS,
    STACK_ROOT_GROUP,
    STATEFUL_RESOURCE_TYPES,
    Action,
    Allowance,
    PlanError,
)
from tests.conftest import REPO_ROOT
from tests.support.terraform import cli_config, run_terraform

AURORA = "aws_rds_cluster.aurora_cluster_059EF40F"
REPORTING = "aws_rds_cluster.aurora_reporting_8D1C0F2E"
ARCHIVE = "aws_s3_bucket.alarms_archive_1B2C3D4E"
LEGACY_TOPIC = "aws_sns_topic.alarms_legacy_topic_0F0F0F0F"
LEGACY_TABLE = "module.legacy.aws_dynamodb_table.sessions"
LEGACY_KEY = "aws_kms_key.redis_key_5A5A5A5A"

# Master passwords before and after: they are in the plan JSON and must never be printed.
SECRETS = ("old-aurora-secret-1", "new-aurora-secret-2", "old-report-secret-3", "new-report-4")

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'

needs_terraform = pytest.mark.terraform


# ----------------------------------------------------------------- real plans


def _configuration(*, with_resources: bool) -> dict[str, Any]:
    configuration: dict[str, Any] = {
        "terraform": {
            "required_providers": {"aws": {"source": "hashicorp/aws", "version": "5.100.0"}}
        },
        "provider": {
            "aws": [
                {
                    "region": "us-east-1",
                    "access_key": "AKIAIOSFODNN7EXAMPLE",
                    "secret_key": "fake-secret-key-for-offline-plans",
                    "skip_credentials_validation": True,
                    "skip_requesting_account_id": True,
                    "skip_metadata_api_check": True,
                    "skip_region_validation": True,
                }
            ]
        },
    }
    if not with_resources:
        return configuration
    cluster = {"master_username": "app", "skip_final_snapshot": True}
    configuration["resource"] = {
        "aws_rds_cluster": {
            "aurora_cluster_059EF40F": {
                **cluster,
                "cluster_identifier": "prod-aurora",
                "engine": "aurora-postgresql",
                "master_password": SECRETS[1],
            },
            "aurora_reporting_8D1C0F2E": {
                **cluster,
                "cluster_identifier": "prod-reporting",
                "engine": "aurora-postgresql",
                "master_password": SECRETS[3],
            },
        },
        "aws_s3_bucket": {
            "alarms_archive_1B2C3D4E": {"bucket": "prod-alarm-archive", "tags": {"team": "new"}}
        },
        "aws_sns_topic": {"alarms_topic_DEADBEEF": {"name": "prod-alarms"}},
    }
    configuration["module"] = {"cache": {"source": "./cache"}}
    return configuration


def _state_resource(
    resource_type: str, name: str, attributes: dict[str, Any], *, module: str | None = None
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "mode": "managed",
        "type": resource_type,
        "name": name,
        "provider": PROVIDER,
        "instances": [{"schema_version": 0, "attributes": attributes, "sensitive_attributes": []}],
    }
    if module:
        resource["module"] = module
    return resource


def _cluster_state(name: str, identifier: str, engine: str, password: str) -> dict[str, Any]:
    return _state_resource(
        "aws_rds_cluster",
        name,
        {
            "id": identifier,
            "arn": f"arn:aws:rds:us-east-1:123456789012:cluster:{identifier}",
            "cluster_identifier": identifier,
            "engine": engine,
            # Computed, force-new attributes: null in the state would force a replacement.
            "engine_mode": "provisioned",
            "availability_zones": ["us-east-1a", "us-east-1b", "us-east-1c"],
            "master_username": "app",
            "master_password": password,
            "skip_final_snapshot": True,
        },
    )


def _state(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": "6f1c5d2e-0000-4000-8000-000000000001",
        "outputs": {},
        "resources": resources,
    }


def _replace_state() -> dict[str, Any]:
    """The Aurora cluster runs another engine (forces a replacement), the reporting cluster
    only has another password (updated in place), the bucket other tags, and one topic is
    no longer configured (a harmless delete)."""
    return _state(
        [
            _cluster_state("aurora_cluster_059EF40F", "prod-aurora", "aurora-mysql", SECRETS[0]),
            _cluster_state(
                "aurora_reporting_8D1C0F2E", "prod-reporting", "aurora-postgresql", SECRETS[2]
            ),
            _state_resource(
                "aws_s3_bucket",
                "alarms_archive_1B2C3D4E",
                {
                    "id": "prod-alarm-archive",
                    "bucket": "prod-alarm-archive",
                    "arn": "arn:aws:s3:::prod-alarm-archive",
                    "force_destroy": False,
                    "tags": {"team": "old"},
                    "tags_all": {"team": "old"},
                },
            ),
            _state_resource(
                "aws_sns_topic",
                "alarms_legacy_topic_0F0F0F0F",
                {"id": "arn:aws:sns:us-east-1:123456789012:old", "name": "old"},
            ),
        ]
    )


def _orphans_state() -> dict[str, Any]:
    """A lock table in a module that is gone, and a KMS key no longer configured."""
    return _state(
        [
            _state_resource(
                "aws_dynamodb_table",
                "sessions",
                {"id": "sessions", "name": "sessions", "hash_key": "LockID"},
                module="module.legacy",
            ),
            _state_resource(
                "aws_kms_key",
                "redis_key_5A5A5A5A",
                {"id": "1234abcd-12ab-34cd-56ef-1234567890ab", "key_id": "1234abcd"},
            ),
        ]
    )


@dataclass(frozen=True)
class Plans:
    """``terraform show -json`` files of the scenarios, named like ``cdktf.out`` stacks."""

    replace: Path
    additions: Path
    orphans: Path
    empty: Path

    def text(self, name: str) -> str:
        return Path(getattr(self, name)).read_text()


def _plan(
    directory: Path,
    configuration: Mapping[str, Any],
    state: Mapping[str, Any] | None,
    environment: dict[str, str],
) -> Path:
    directory.mkdir(parents=True)
    (directory / "main.tf.json").write_text(json.dumps(configuration))
    cache = directory / "cache"
    cache.mkdir()
    (cache / "main.tf.json").write_text(
        json.dumps({"resource": {"aws_sns_topic": {"events": {"name": "cache-events"}}}})
    )
    if state is not None:
        (directory / "terraform.tfstate").write_text(json.dumps(state))
    commands = [
        ["init", "-input=false", "-no-color"],
        ["plan", "-refresh=false", "-input=false", "-no-color", "-out=plan.bin"],
        ["show", "-json", "plan.bin"],
    ]
    for arguments in commands:
        run = run_terraform(arguments, cwd=directory, environment=environment)
        assert run.returncode == 0, run.describe()
    plan_json = directory / "plan.json"
    plan_json.write_text(run.stdout)
    return plan_json


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Plans:
    root = tmp_path_factory.mktemp("plan_review")
    environment = cli_config(root)
    stacks = root / "cdktf.out" / "stacks"
    scenarios: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
        "replace": (_configuration(with_resources=True), _replace_state()),
        "additions": (_configuration(with_resources=True), None),
        "orphans": (_configuration(with_resources=False), _orphans_state()),
        "empty": ({"terraform": {}}, None),
    }
    # Two at a time: each plan keeps a core busy loading the provider.
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            name: pool.submit(_plan, stacks / f"{name}-core", config, state, environment)
            for name, (config, state) in scenarios.items()
        }
        return Plans(**{name: future.result() for name, future in futures.items()})


def _review(*arguments: str | Path) -> Result:
    return CliRunner().invoke(app, ["plan-review", *(str(argument) for argument in arguments)])


# --------------------------------------------------------- replacing Aurora


@needs_terraform
def test_replacing_the_aurora_cluster_is_flagged_and_exits_2(plans: Plans) -> None:
    result = _review(plans.replace)

    assert result.exit_code == plan_review.EXIT_DESTRUCTIVE, result.output
    caution, _, rest = result.stdout.partition("| stack | create |")
    assert "[!CAUTION]" in caution
    assert f"| `replace-core` | **replace** | `{AURORA}` |" in caution
    assert STATEFUL_RESOURCE_TYPES["aws_rds_cluster"] in caution
    # Updates and deletes of anything else are listed, not flagged.
    assert REPORTING not in caution
    assert LEGACY_TOPIC not in caution
    assert f"- **replace** `{AURORA}` (**stateful: data loss**" in rest
    assert f"replace-core:{AURORA}" in result.stderr


@needs_terraform
def test_allowing_the_aurora_address_exits_0_and_still_shows_it(plans: Plans) -> None:
    result = _review(plans.replace, "--allow-destroy", AURORA)

    assert result.exit_code == plan_review.EXIT_OK, result.output
    assert "[!CAUTION]" not in result.stdout
    allowed, _, rest = result.stdout.partition("| stack | create |")
    assert "[!WARNING]" in allowed
    assert "explicitly allowed" in allowed
    assert f"| `replace-core` | **replace** | `{AURORA}` | allowed: " in allowed
    assert f"- **replace** `{AURORA}` (stateful, destroy allowed" in rest


@pytest.mark.parametrize(
    "allowance",
    [
        "aws_rds_cluster.aurora_cluster_00000000",  # a typo
        f"prod-core:{AURORA}",  # the right address in another stack
    ],
)
@needs_terraform
def test_an_allowance_for_another_resource_still_exits_2(plans: Plans, allowance: str) -> None:
    result = _review(plans.replace, "--allow-destroy", allowance)

    assert result.exit_code == plan_review.EXIT_DESTRUCTIVE, result.output
    assert "[!NOTE]" in result.stdout
    assert f"`--allow-destroy` matched no destructive change: `{allowance}`" in result.stdout


@needs_terraform
def test_an_allowance_qualified_with_the_stack_applies(plans: Plans) -> None:
    result = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}")

    assert result.exit_code == plan_review.EXIT_OK, result.output


@needs_terraform
def test_counts_exclude_no_op_and_read(plans: Plans) -> None:
    result = _review(plans.replace, "--allow-destroy", AURORA)

    # create: the new topic and the module's topic; update: reporting cluster and bucket.
    assert "| `replace-core` | 2 | 2 | 1 | 1 | 0 unchanged, 0 read |" in result.stdout


@needs_terraform
def test_changes_are_grouped_by_construct_root_and_module(plans: Plans) -> None:
    stdout = _review(plans.replace, "--allow-destroy", AURORA).stdout

    assert "#### `alarms` (1 delete, 1 update, 1 create)" in stdout
    assert "#### `aurora` (1 replace, 1 update)" in stdout
    assert "#### `module.cache` (1 create)" in stdout
    alarms = stdout.split("#### `alarms`")[1].split("####")[0]
    assert "- create `aws_sns_topic.alarms_topic_DEADBEEF`" in alarms
    assert f"- **delete** `{LEGACY_TOPIC}` (delete because no resource config)" in alarms


@needs_terraform
def test_updates_list_changed_attributes_before_and_after(plans: Plans) -> None:
    stdout = _review(plans.replace, "--allow-destroy", AURORA).stdout

    assert '| `tags.team` | `"old"` | `"new"` |' in stdout
    assert '| `tags_all.team` | `"old"` | `"new"` |' in stdout


@needs_terraform
def test_a_replacement_names_the_attribute_that_forces_it(plans: Plans) -> None:
    stdout = _review(plans.replace, "--allow-destroy", AURORA).stdout
    aurora = stdout.split(f"`{AURORA}`", 2)[2].split("\n- ")[0]

    assert '| `engine` (forces replacement) | `"aurora-mysql"` | `"aurora-postgresql"` |' in aurora
    assert "computed attributes known after apply" in aurora
    assert "| `arn` |" not in aurora


@needs_terraform
def test_sensitive_values_never_reach_the_markdown(plans: Plans, tmp_path: Path) -> None:
    # The plan JSON itself carries the passwords in clear text.
    assert all(secret in plans.text("replace") for secret in SECRETS)
    output = tmp_path / "review.md"

    result = _review(plans.replace, "--allow-destroy", AURORA, "--output", output)

    markdown = output.read_text()
    assert result.exit_code == plan_review.EXIT_OK, result.output
    assert not [secret for secret in SECRETS if secret in markdown + result.output]
    reporting = markdown.split(f"`{REPORTING}`")[1].split("\n- ")[0]
    assert "| `master_password` | (sensitive) | (sensitive) |" in reporting


@needs_terraform
def test_output_file_receives_the_markdown_instead_of_stdout(plans: Plans, tmp_path: Path) -> None:
    output = tmp_path / "review.md"

    result = _review(plans.additions, "--output", output)

    assert result.exit_code == plan_review.EXIT_OK, result.output
    assert result.stdout == ""
    assert output.read_text().startswith("## Terraform plan review\n")


# ------------------------------------------------------- other real plans


@needs_terraform
def test_a_plan_with_only_additions_exits_0(plans: Plans) -> None:
    result = _review(plans.additions)

    assert result.exit_code == plan_review.EXIT_OK, result.output
    assert "No stateful resource is destroyed or replaced." in result.stdout
    assert "| `additions-core` | 5 | 0 | 0 | 0 | 0 unchanged, 0 read |" in result.stdout
    assert f"- create `{AURORA}`" in result.stdout
    assert result.stderr == ""


@needs_terraform
def test_deletions_of_orphaned_stateful_resources_exit_2(plans: Plans) -> None:
    result = _review(plans.orphans, "--allow-destroy", LEGACY_KEY)

    assert result.exit_code == plan_review.EXIT_DESTRUCTIVE, result.output
    caution = result.stdout.split("[!WARNING]")[0]
    assert f"| `orphans-core` | **delete** | `{LEGACY_TABLE}` |" in caution
    assert LEGACY_KEY not in caution
    assert "#### `module.legacy` (1 delete)" in result.stdout
    assert "#### `redis` (1 delete)" in result.stdout


@needs_terraform
def test_an_empty_plan_has_no_changes_and_exits_0(plans: Plans) -> None:
    assert "resource_changes" not in json.loads(plans.text("empty"))

    result = _review(plans.empty)

    assert result.exit_code == plan_review.EXIT_OK, result.output
    assert "### Stack `empty-core`\n\nNo changes." in result.stdout


@needs_terraform
def test_several_plans_give_one_section_per_stack_and_the_worst_exit(plans: Plans) -> None:
    result = _review(plans.additions, plans.replace)

    assert result.exit_code == plan_review.EXIT_DESTRUCTIVE
    assert result.stdout.count("### Stack ") == 2
    assert result.stdout.index("### Stack `additions-core`") < result.stdout.index(
        "### Stack `replace-core`"
    )


@needs_terraform
def test_stack_option_names_each_plan(plans: Plans) -> None:
    result = _review(plans.additions, plans.empty, "--stack", "dev-core", "--stack", "dev-x")

    assert "### Stack `dev-core`" in result.stdout
    assert "### Stack `dev-x`" in result.stdout


@needs_terraform
def test_stack_option_must_be_given_once_per_plan(plans: Plans) -> None:
    result = _review(plans.additions, plans.empty, "--stack", "dev-core")

    assert result.exit_code == plan_review.EXIT_ERROR
    assert "--stack was given 1 time(s) for 2 plan file(s)" in result.stderr


# ------------------------------------------------------------- bad input


@needs_terraform
def test_truncated_plan_json_exits_1_with_one_line(plans: Plans, tmp_path: Path) -> None:
    truncated = tmp_path / "plan.json"
    text = plans.text("replace")
    truncated.write_text(text[: len(text) // 2])

    result = _review(truncated)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {truncated}: malformed or truncated JSON: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "malformed or truncated JSON"),
        (b"", "malformed or truncated JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
        (b'["format_version"]', "not a Terraform plan (no format_version)"),
        (b'{"resource_changes": []}', "not a Terraform plan (no format_version)"),
        (b'{"format_version": "1.0", "values": {}}', "not a Terraform plan (no resource_changes)"),
        (b"PK\x03\x04binary", "this is a binary plan file"),
        (
            b'{"format_version": "1.2", "resource_changes": [{"address": "a.b"}]}',
            "resource_changes[0] has no change.actions",
        ),
        (
            b'{"format_version": "1.2", "resource_changes": [], "errored": true}',
            "the plan errored and is incomplete",
        ),
    ],
)
def test_input_that_is_not_a_plan_exits_1(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)

    result = _review(path)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert result.stderr.startswith(f"error: {path}: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_a_missing_file_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "prod-core" / "plan.json"

    result = _review(missing)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert result.stderr == f"error: {missing}: no such file\n"


# ---------------------------------------------------------- real process


@needs_terraform
def test_the_command_line_exits_with_the_review_status(plans: Plans, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"format_version": ')
    command = [sys.executable, "-m", "platform_cdktf.tooling.cli", "plan-review"]

    def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *map(str, arguments)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    destructive, allowed, broken = (
        run(plans.replace),
        run(plans.replace, "--allow-destroy", AURORA),
        run(garbage),
    )
    assert destructive.returncode == 2, destructive.stderr
    assert destructive.stdout.startswith("## Terraform plan review\n")
    assert allowed.returncode == 0, allowed.stderr
    assert broken.returncode == 1
    assert "malformed or truncated JSON" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_the_console_script_is_installed() -> None:
    # The script pyproject.toml declares, installed beside this interpreter.
    script = Path(sys.executable).parent / "platform-cdktf"

    result = subprocess.run(
        [str(script), "plan-review", "--help"], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert "--allow-destroy" in result.stdout


def test_the_command_line_does_not_import_cdktf() -> None:
    probe = (
        "import sys, platform_cdktf.tooling.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'cdktf', 'constructs', 'jsii',"
        " 'cdktf_cdktf_provider_aws'}))"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------------ units


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["create"], Action.CREATE),
        (["update"], Action.UPDATE),
        (["delete"], Action.DELETE),
        (["delete", "create"], Action.REPLACE),
        (["create", "delete"], Action.REPLACE),  # create_before_destroy
        (["no-op"], Action.NO_OP),
        (["read"], Action.READ),
        (["forget"], Action.FORGET),
    ],
)
def test_actions_are_classified(actions: list[str], expected: Action) -> None:
    assert plan_review.classify_actions(actions) is expected


def test_an_unknown_action_is_an_error_rather_than_a_pass() -> None:
    with pytest.raises(PlanError, match=r"unsupported change actions \['create', 'forget'\]"):
        plan_review.classify_actions(["create", "forget"])


@pytest.mark.parametrize(
    ("name", "module_address", "group"),
    [
        ("vpc_subnet_public_us-east-1a_1A2B3C4D", None, "vpc"),
        ("vpc_6776A399", None, "vpc"),
        ("state_backend_bucket_AC6FB86A", None, "state_backend"),
        ("alb_controller_irsa_role_65A40C98", None, "alb_controller"),
        ("cluster_autoscaler_release_3DDA1E23", None, "cluster_autoscaler"),
        ("alarms_aurora_platform_dev_aurora_1_cpu_high_D5BEB664", None, "alarms"),
        ("eks_node_group_general_node_group_D69E8ACD", None, "eks"),
        ("newthing_part_0123ABCD", None, "newthing"),
        ("cluster", None, STACK_ROOT_GROUP),
        ("vpc_subnet_1a2b3c4d", None, STACK_ROOT_GROUP),  # lower-case hex is no cdktf hash
        ("sessions", "module.legacy", "module.legacy"),
        ("vpc_1A2B3C4D", "module.a.module.b", "module.a.module.b"),
    ],
)
def test_resources_group_by_construct_root(
    name: str, module_address: str | None, group: str
) -> None:
    assert plan_review.construct_group(name, module_address) == group


def test_every_synthesized_resource_groups_under_a_known_construct_root() -> None:
    snapshot = REPO_ROOT / "tests" / "__snapshots__" / "test_addresses.ambr"
    addresses = [
        line.strip().strip("',") for line in snapshot.read_text().splitlines() if "    '" in line
    ]
    assert addresses, "the address snapshot is empty"
    unknown = {
        address
        for address in addresses
        if plan_review.construct_group(address.split(".")[-1])
        not in {*CONSTRUCT_ROOTS, STACK_ROOT_GROUP}
    }
    assert not unknown, "add their top-level construct ids to CONSTRUCT_ROOTS"


@pytest.mark.parametrize(
    ("path", "stack"),
    [
        ("cdktf.out/stacks/prod-core/plan.json", "prod-core"),
        ("cdktf.out/stacks/dev-platform/tfplan.json", "dev-platform"),
        ("plans/prod-core.json", "prod-core"),
        ("plans/prod-core.plan.json", "prod-core"),
        ("plans/bootstrap.tfplan.json", "bootstrap"),
        ("/plan.json", "plan"),
    ],
)
def test_the_stack_name_comes_from_the_file_or_its_directory(path: str, stack: str) -> None:
    assert plan_review.stack_name_for(Path(path)) == stack


@pytest.mark.parametrize(
    ("text", "allowance"),
    [
        (AURORA, Allowance(address=AURORA)),
        (f"prod-core:{AURORA}", Allowance(address=AURORA, stack="prod-core")),
        ('aws_s3_bucket.b["a:b"]', Allowance(address='aws_s3_bucket.b["a:b"]')),
        ("module.x.aws_kms_key.k", Allowance(address="module.x.aws_kms_key.k")),
    ],
)
def test_allowances_parse_an_optional_stack(text: str, allowance: Allowance) -> None:
    assert Allowance.parse(text) == allowance
    assert str(allowance) == text


def _update(change: dict[str, Any]) -> plan_review.ResourceChange:
    document = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_x.y",
                "type": "aws_x",
                "name": "y",
                "mode": "managed",
                "change": {"actions": ["update"], **change},
            }
        ],
    }
    return plan_review.parse_stack_plan(document, stack="s").changes[0]


def test_a_value_sensitive_on_either_side_is_masked_on_both() -> None:
    change = _update(
        {
            "before": {"rules": [{"token": "visible-before", "port": 1}]},
            "after": {"rules": [{"token": "hidden-after", "port": 2}]},
            "before_sensitive": {},
            "after_sensitive": {"rules": [{"token": True}]},
        }
    )

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("rules[0].token", "(sensitive)", "(sensitive)"),
        ("rules[0].port", "`1`", "`2`"),
    ]


def test_a_whole_sensitive_map_hides_its_keys() -> None:
    change = _update(
        {
            "before": {"env": {"API_KEY": "a"}},
            "after": {"env": {"API_KEY": "b", "DB_PASSWORD": "c"}},
            "before_sensitive": {"env": True},
            "after_sensitive": {"env": True},
        }
    )

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("env", "(sensitive)", "(sensitive)")
    ]


def test_an_unchanged_sensitive_value_is_not_listed() -> None:
    change = _update(
        {
            "before": {"password": "same", "size": 1},
            "after": {"password": "same", "size": 2},
            "before_sensitive": {"password": True},
            "after_sensitive": {"password": True},
        }
    )

    assert [a.path for a in change.attributes] == ["size"]


def test_values_known_only_after_apply_are_marked() -> None:
    change = _update(
        {
            "before": {"tags_all": {"team": "old"}, "name": "x"},
            "after": {"name": "x"},
            "after_unknown": {"tags_all": True},
        }
    )

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("tags_all", '`{"team": "old"}`', "(known after apply)")
    ]


def test_values_are_safe_inside_a_markdown_table() -> None:
    change = _update(
        {
            "before": {"tags": {"a b": "x|y"}, "doc": "`tick`"},
            "after": {"tags": {"a b": "z"}, "doc": "x" * 300},
        }
    )
    cells = {a.path: (a.before, a.after) for a in change.attributes}

    assert cells['tags["a b"]'] == ('`"x\\|y"`', '`"z"`')
    before, after = cells["doc"]
    assert before == '``"`tick`"``'
    assert len(after) == plan_review.MAX_VALUE_LENGTH + 2
    assert after.endswith("…`")


def test_stateful_types_are_kept_in_one_documented_table() -> None:
    assert set(STATEFUL_RESOURCE_TYPES) == {
        "aws_s3_bucket",
        "aws_dynamodb_table",
        "aws_kms_key",
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_elasticache_replication_group",
        "aws_eks_cluster",
        "aws_eks_node_group",
    }
    assert all(reason for reason in STATEFUL_RESOURCE_TYPES.values())
