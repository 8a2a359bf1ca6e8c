"""The service delivery loop: the reusable workflow services call
(.github/workflows/service-release.yml) and the sample service's caller
(examples/sample-service/.github/workflows/release.yml).

Linted like the delivery workflows (actionlint, zizmor offline); its invariants checked
on the YAML (who holds which token, where the AWS role is assumed, what is pinned); and
its two scripts that decide something run here: the image tag it accepts, and the tag
bump it commits (the real ``platform-cdktf release set-tag`` on a copy of
``environments/releases.toml``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.workflows.test_workflows import (
    _PINNED_USES,
    CONFIGURE_AWS,
    SERVICE_RELEASE,
    _actionlint,
    _load,
    _steps_using,
    _zizmor,
)

SAMPLE = REPO_ROOT / "examples" / "sample-service"
CALLER = SAMPLE / ".github" / "workflows" / "release.yml"
APP_TOKEN = "actions/create-github-app-token"
RELEASES = REPO_ROOT / "environments" / "releases.toml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return _load(SERVICE_RELEASE)


def _step(job: dict[str, Any], name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = [step for step in job["steps"] if step.get("name") == name]
    (step,) = steps
    return step


# --- linters ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SERVICE_RELEASE, CALLER], ids=["reusable", "caller"])
def test_actionlint_passes(path: Path) -> None:
    result = _actionlint(path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", [SERVICE_RELEASE, CALLER], ids=["reusable", "caller"])
def test_zizmor_passes_offline(path: Path) -> None:
    result = _zizmor(path)
    assert result.returncode == 0, result.stdout + result.stderr


# --- structure ------------------------------------------------------------------------


def test_it_is_only_callable(workflow: dict[str, Any]) -> None:
    assert list(workflow["on"]) == ["workflow_call"]
    assert "pull_request_target" not in SERVICE_RELEASE.read_text()
    assert list(workflow["on"]["workflow_call"]["secrets"]) == ["app-private-key"]


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    lines = [
        line
        for line in SERVICE_RELEASE.read_text().splitlines()
        if re.match(r"^\s*-?\s*uses:", line)
    ]
    assert len(lines) == 6  # checkout (3), AWS credentials, App token, Python
    assert all(_PINNED_USES.match(line) for line in lines), lines


def test_each_job_holds_only_what_it_needs(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert list(jobs) == ["test", "image", "bump"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["image"]["permissions"] == {"contents": "read", "id-token": "write"}
    assert jobs["bump"]["permissions"] == {}
    assert jobs["image"]["needs"] == "test"
    assert jobs["bump"]["needs"] == ["test", "image"]


def test_only_the_image_job_assumes_the_ci_role_in_its_environment(
    workflow: dict[str, Any],
) -> None:
    jobs = workflow["jobs"]
    assert [job_id for job_id, job in jobs.items() if _steps_using(job, CONFIGURE_AWS)] == ["image"]
    image = jobs["image"]
    # The CI role's trust names this GitHub environment (modules/registry, ServiceSource).
    assert image["environment"] == "release"
    (step,) = _steps_using(image, CONFIGURE_AWS)
    assert step["with"]["role-to-assume"] == "${{ inputs.role-arn }}"
    assert "aws-access-key-id" not in step["with"]
    push = _step(image, "build, log in and push")["run"]
    assert "docker buildx build" in push
    assert "--push" in push
    assert "latest" not in push
    assert "aws ecr get-login-password" in push


def test_the_pull_request_token_is_an_app_token_for_the_infrastructure_repository(
    workflow: dict[str, Any],
) -> None:
    bump = workflow["jobs"]["bump"]
    (app,) = _steps_using(bump, APP_TOKEN)
    assert app["with"]["private-key"] == "${{ secrets.app-private-key }}"
    assert app["with"]["repositories"] == "${{ inputs.infrastructure-repository }}"
    permissions = {key: value for key, value in app["with"].items() if key.startswith("permission")}
    assert permissions == {"permission-contents": "write", "permission-pull-requests": "write"}
    # No personal access token anywhere, and the token never lands in .git/config.
    text = SERVICE_RELEASE.read_text()
    assert re.findall(r"secrets\.[\w-]+", text) == ["secrets.app-private-key"]
    (checkout,) = _steps_using(bump, "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False
    assert "set-url" not in text


def test_every_input_reaches_a_script_through_the_environment(workflow: dict[str, Any]) -> None:
    for job_id, job in workflow["jobs"].items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"{job_id}: {step.get('name')}"


# --- the image tag ---------------------------------------------------------------------


def _tag(requested: str, sha: str = "0123456789abcdef0123") -> tuple[int, str]:
    """Run the ``image tag`` step; its exit status and what it wrote (output, stdout)."""
    script = _step(_load(SERVICE_RELEASE)["jobs"]["test"], "image tag")["run"]
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "github-output"
        output.write_text("")
        environment = {
            "PATH": os.environ["PATH"],
            "REQUESTED": requested,
            "GITHUB_SHA": sha,
            "GITHUB_OUTPUT": str(output),
        }
        result = subprocess.run(
            ["bash", "-e", "-c", script],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        return result.returncode, output.read_text() + result.stdout


def test_the_default_tag_names_the_commit() -> None:
    assert _tag("") == (0, "tag=sha-0123456789ab\n")


def test_a_requested_release_tag_is_kept() -> None:
    assert _tag("1.4.0") == (0, "tag=1.4.0\n")


@pytest.mark.parametrize("requested", ["latest", "-x", "a b", "v1;rm -rf /", "x" * 129])
def test_a_tag_that_is_no_release_is_refused(requested: str) -> None:
    status, output = _tag(requested)
    assert status == 1
    assert "::error::image tag" in output
    assert "tag=" not in output.split("::error::")[0]


# --- the tag bump ----------------------------------------------------------------------


@pytest.fixture
def infrastructure(tmp_path: Path) -> Path:
    """A checkout as the bump job sees it: the releases file and the installed CLI."""
    (tmp_path / "environments").mkdir()
    shutil.copy(RELEASES, tmp_path / "environments" / "releases.toml")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    cli = Path(sys.executable).parent / "platform-cdktf"
    assert cli.exists(), cli
    (tmp_path / ".venv" / "bin" / "platform-cdktf").symlink_to(cli)
    return tmp_path


def _bump(checkout: Path, **values: str) -> subprocess.CompletedProcess[str]:
    step = _step(_load(SERVICE_RELEASE)["jobs"]["bump"], "set the tag in each environment")
    assert step["working-directory"] == "infrastructure"
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=checkout,
        env={"PATH": os.environ["PATH"], **values},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_bump_changes_the_service_line_of_each_environment(infrastructure: Path) -> None:
    before = RELEASES.read_text().splitlines()
    result = _bump(infrastructure, SERVICE="sample-service", TAG="2.0.1", ENVIRONMENTS="dev prod")
    assert result.returncode == 0, result.stderr
    after = (infrastructure / "environments" / "releases.toml").read_text().splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 2
    assert all(new == 'sample-service = "2.0.1"' for _, new in changed)
    assert "[dev] sample-service" in result.stdout
    assert "[prod] sample-service" in result.stdout


def test_the_bump_can_stop_at_dev(infrastructure: Path) -> None:
    result = _bump(infrastructure, SERVICE="sample-service", TAG="2.0.2", ENVIRONMENTS="dev")
    assert result.returncode == 0, result.stderr
    text = (infrastructure / "environments" / "releases.toml").read_text()
    assert text.count('sample-service = "2.0.2"') == 1
    assert text.index('"2.0.2"') < text.index("[prod]")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SERVICE": "unknown-service", "TAG": "1.0.0"}, "unknown-service"),
        ({"SERVICE": "sample-service", "TAG": "latest"}, "latest"),
        ({"SERVICE": "sample-service", "TAG": "1.0.0", "ENVIRONMENTS": "dev staging"}, "staging"),
    ],
)
def test_a_refused_bump_fails_the_job(
    infrastructure: Path, values: dict[str, str], message: str
) -> None:
    result = _bump(infrastructure, **{"ENVIRONMENTS": "dev prod", **values})
    assert result.returncode != 0
    assert message in result.stderr


# --- the sample service's caller -------------------------------------------------------


def test_the_sample_service_calls_the_pinned_reusable_workflow() -> None:
    caller = _load(CALLER)
    assert caller["permissions"] == {}
    assert set(caller["on"]) == {"push", "workflow_dispatch"}
    assert caller["on"]["push"] == {"branches": ["main"]}
    (job,) = caller["jobs"].values()
    assert re.fullmatch(
        r"[\w.-]+/[\w.-]+/\.github/workflows/service-release\.yml@[0-9a-f]{40}", job["uses"]
    )
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    assert job["with"]["service"] == "sample-service"
    assert job["with"]["test-command"] == "make test"
    assert job["secrets"] == {"app-private-key": "${{ secrets.RELEASE_APP_PRIVATE_KEY }}"}
    assert "secrets: inherit" not in CALLER.read_text()
    # Every required input of the reusable workflow is passed.
    inputs = _load(SERVICE_RELEASE)["on"]["workflow_call"]["inputs"]
    required = {name for name, spec in inputs.items() if spec.get("required")}
    assert required <= set(job["with"])
    assert set(job["with"]) <= set(inputs)
