"""``terraform init -backend=false`` + ``terraform validate`` with the real AWS provider.

Uses the terraform on PATH and, offline, the filesystem mirror named by
``TF_PROVIDER_MIRROR`` (the Makefile discovers it). The stacks are validated in
parallel: each validation loads the ~700 MB provider for a few seconds.
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from platform_cdktf.modules.providers import TERRAFORM_MIN_VERSION
from tests.support.terraform import (
    TerraformRun,
    assert_valid_without_warnings,
    cli_config,
    init_and_validate,
    run_terraform,
)

pytestmark = pytest.mark.terraform

STACKS = ["bootstrap", "account-main", "dev-core", "prod-core"]


def test_terraform_is_recent_enough(tmp_path: Path) -> None:
    run = run_terraform(["version", "-json"], cwd=tmp_path, environment={})
    assert run.returncode == 0, run.describe()
    version = json.loads(run.stdout)["terraform_version"]
    found = tuple(int(part) for part in version.split(".")[:2])
    required = tuple(int(part) for part in TERRAFORM_MIN_VERSION.split("."))
    assert found >= required, f"terraform {version} is older than {TERRAFORM_MIN_VERSION}"


@pytest.fixture(scope="module")
def validations(
    synth_outdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[TerraformRun]]:
    workdir = tmp_path_factory.mktemp("terraform")
    environment = cli_config(workdir)
    stack_dirs = {}
    for name in STACKS:
        stack_dirs[name] = workdir / name
        stack_dirs[name].mkdir()
        shutil.copy(synth_outdir / "stacks" / name / "cdk.tf.json", stack_dirs[name])
    with ThreadPoolExecutor(max_workers=len(STACKS)) as pool:
        futures = {
            name: pool.submit(init_and_validate, path, environment)
            for name, path in stack_dirs.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("stack_name", STACKS)
def test_terraform_init_installs_the_pinned_provider(
    validations: dict[str, list[TerraformRun]], stack_name: str
) -> None:
    init = validations[stack_name][0]
    hint = (
        ""
        if init.returncode == 0
        else ("\nOffline? Set TF_PROVIDER_MIRROR to a filesystem mirror holding hashicorp/aws.")
    )
    assert init.returncode == 0, init.describe() + hint
    assert "hashicorp/aws v5.100.0" in init.stdout, init.describe()


@pytest.mark.parametrize("stack_name", STACKS)
def test_terraform_validate_passes(
    validations: dict[str, list[TerraformRun]], stack_name: str
) -> None:
    assert_valid_without_warnings(validations[stack_name])
