"""``platform-cdktf plan-review`` end to end: real plans through the command line.

The plans come from the real terraform and AWS provider (see ``builders``); the tests
that need them are marked ``terraform``. Bad input and the installed command need none.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.cli import app
from platform_cdktf.tooling.plan_review import STATEFUL_RESOURCE_TYPES
from tests.tooling.plan_review.builders import (
    AURORA,
    LEGACY_KEY,
    LEGACY_TABLE,
    LEGACY_TOPIC,
    REPORTING,
    SECRETS,
    Plans,
)
from tests.tooling.plan_review.large_plan import gated_addresses, large_plan

needs_terraform = pytest.mark.terraform


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
    assert f"- **replace** `{AURORA}` (**gated: data loss**" in rest
    assert f"replace-core:{AURORA}" in result.stderr


@needs_terraform
def test_allowing_the_aurora_address_exits_0_and_still_shows_it(plans: Plans) -> None:
    result = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}")

    assert result.exit_code == plan_review.EXIT_OK, result.output
    assert "[!CAUTION]" not in result.stdout
    allowed, _, rest = result.stdout.partition("| stack | create |")
    assert "[!WARNING]" in allowed
    assert "explicitly allowed" in allowed
    assert f"| `replace-core` | **replace** | `{AURORA}` | allowed: " in allowed
    assert f"- **replace** `{AURORA}` (gated, allowed: data loss" in rest


@pytest.mark.parametrize(
    "allowance",
    [
        "replace-core:aws_rds_cluster.aurora_cluster_00000000",  # a typo
        f"prod-core:{AURORA}",  # the right address in another stack
    ],
)
@needs_terraform
def test_an_allowance_for_another_resource_still_exits_2(plans: Plans, allowance: str) -> None:
    result = _review(plans.replace, "--allow-destroy", allowance)

    assert result.exit_code == plan_review.EXIT_DESTRUCTIVE, result.output
    # Only an allowance of the reviewed stack can be stale; another stack's is not judged.
    stale = allowance.startswith("replace-core:")
    assert ("Stale allowances" in result.stdout) is stale
    assert (f"`{allowance}`" in result.stdout) is stale


@needs_terraform
def test_an_allowance_qualified_with_the_stack_applies(plans: Plans) -> None:
    result = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}")

    assert result.exit_code == plan_review.EXIT_OK, result.output


@needs_terraform
def test_counts_exclude_no_op_and_read(plans: Plans) -> None:
    result = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}")

    # create: the new topic and the module's topic; update: reporting cluster and bucket.
    assert "| `replace-core` | 2 | 2 | 1 | 1 | 0 unchanged, 0 read |" in result.stdout


@needs_terraform
def test_changes_are_grouped_by_construct_root_and_module(plans: Plans) -> None:
    stdout = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}").stdout

    assert "#### `alarms` (1 delete, 1 update, 1 create)" in stdout
    assert "#### `aurora` (1 replace, 1 update)" in stdout
    assert "#### `module.cache` (1 create)" in stdout
    alarms = stdout.split("#### `alarms`")[1].split("####")[0]
    assert "- create `aws_sns_topic.alarms_topic_DEADBEEF`" in alarms
    assert f"- **delete** `{LEGACY_TOPIC}` (delete because no resource config)" in alarms


@needs_terraform
def test_updates_list_changed_attributes_before_and_after(plans: Plans) -> None:
    stdout = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}").stdout

    assert '| `tags.team` | `"old"` | `"new"` |' in stdout
    assert '| `tags_all.team` | `"old"` | `"new"` |' in stdout


@needs_terraform
def test_a_replacement_names_the_attribute_that_forces_it(plans: Plans) -> None:
    stdout = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}").stdout
    aurora = stdout.split(f"`{AURORA}`", 2)[2].split("\n- ")[0]

    assert '| `engine` (forces replacement) | `"aurora-mysql"` | `"aurora-postgresql"` |' in aurora
    assert "computed attributes known after apply" in aurora
    assert "| `arn` |" not in aurora


@needs_terraform
def test_sensitive_values_never_reach_the_markdown(plans: Plans, tmp_path: Path) -> None:
    # The plan JSON itself carries the passwords in clear text.
    assert all(secret in plans.text("replace") for secret in SECRETS)
    output = tmp_path / "review.md"

    result = _review(plans.replace, "--allow-destroy", f"replace-core:{AURORA}", "--output", output)

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
    assert "No data-bearing resource is destroyed, replaced or unprotected." in result.stdout
    assert "| `additions-core` | 5 | 0 | 0 | 0 | 0 unchanged, 0 read |" in result.stdout
    assert f"- create `{AURORA}`" in result.stdout
    assert result.stderr == ""


@needs_terraform
def test_deletions_of_orphaned_stateful_resources_exit_2(plans: Plans) -> None:
    result = _review(plans.orphans, "--allow-destroy", f"orphans-core:{LEGACY_KEY}")

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
        run(plans.replace, "--allow-destroy", f"replace-core:{AURORA}"),
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


# -------------------------------------------------- comment budget and missing plans


def _write_plan(path: Path, entries: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format_version": "1.2", "resource_changes": entries}))
    return path


def test_comment_is_the_review_cut_to_its_budget(tmp_path: Path) -> None:
    plan = tmp_path / "prod-core.json"
    plan.write_text(json.dumps(large_plan(3_000)))
    output, comment = tmp_path / "review.md", tmp_path / "comment.md"

    result = _review(
        plan,
        "--output",
        output,
        "--comment",
        comment,
        "--comment-budget",
        "10000",
        "--full-review-at",
        "the `plan-prod-core` artifact",
    )

    assert result.exit_code == plan_review.EXIT_DESTRUCTIVE, result.output
    assert len(output.read_text()) > 100_000
    text = comment.read_text()
    assert len(text) <= 10_000
    assert "The full review: the `plan-prod-core` artifact." in text
    assert all(f"`{address}`" in text for address in gated_addresses(3_000))


def test_the_comment_budget_has_a_floor(tmp_path: Path) -> None:
    plan = _write_plan(tmp_path / "dev-core.json", [])

    result = _review(plan, "--comment", tmp_path / "c.md", "--comment-budget", "100")

    assert result.exit_code == 2  # click's usage error
    assert "--comment-budget" in result.stderr


def test_a_missing_stack_is_reported_and_exits_1(tmp_path: Path) -> None:
    plan = _write_plan(tmp_path / "dev-core.json", [])
    comment = tmp_path / "comment.md"

    result = _review(plan, "--missing-stack", "prod-core", "--comment", comment)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert "**No plan for `prod-core`**" in comment.read_text()
    assert "plan-review: no plan for prod-core" in result.stderr


def test_only_missing_stacks_still_give_a_review(tmp_path: Path) -> None:
    result = _review("--missing-stack", "dev-core", "--missing-stack", "prod-core")

    assert result.exit_code == plan_review.EXIT_ERROR
    assert "**No plan for `dev-core`, `prod-core`**" in result.stdout


def test_no_plan_and_no_missing_stack_is_an_error() -> None:
    result = _review()

    assert result.exit_code == plan_review.EXIT_ERROR
    assert result.stderr == (
        "error: give at least one PLAN_JSON file (or --from-review, --missing-stack)\n"
    )


@pytest.mark.parametrize(
    ("actions", "exit_code"),
    [
        (["create", "forget"], plan_review.EXIT_DESTRUCTIVE),
        (["forget"], plan_review.EXIT_OK),
        (["delete", "create"], plan_review.EXIT_DESTRUCTIVE),
    ],
)
def test_forget_actions_are_read_and_gated_by_the_command(
    tmp_path: Path, actions: list[str], exit_code: int
) -> None:
    plan = _write_plan(
        tmp_path / "prod-core.json",
        [
            {
                "address": "aws_db_instance.main",
                "type": "aws_db_instance",
                "name": "main",
                "change": {"actions": actions, "before": {"identifier": "db"}, "after": None},
            }
        ],
    )

    result = _review(plan)

    assert result.exit_code == exit_code, result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format_version": "2.0", "resource_changes": []}', "unsupported format_version"),
        (
            b'{"format_version": "1.2", "resource_changes": ' + b"[" * 5000 + b"]" * 5000 + b"}",
            "nested too deeply",
        ),
        (b'{"format_version": "1.2", "resource_changes": [], "n": ' + b"1" * 5000 + b"}", "JSON"),
    ],
)
def test_odd_plans_exit_1_with_one_line_and_no_traceback(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)

    result = _review(path)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert result.stderr.startswith(f"error: {path}: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_an_unexpected_failure_is_one_line_that_quotes_nothing_of_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _write_plan(tmp_path / "dev-core.json", [])

    def broken(document: object, *, stack: str) -> object:
        raise KeyError("secret-value-from-the-plan")

    monkeypatch.setattr(plan_review, "parse_stack_plan", broken)
    result = _review(plan)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert result.stderr == f"error: {plan}: cannot review this plan (KeyError)\n"
