"""The local target synthesizes sealed stacks, whatever the environment holds.

An operator keeps ``AWS_PROFILE``, ``AWS_ACCESS_KEY_ID`` and (as the bootstrap docs ask)
``PLATFORM_BOOTSTRAP_STATE_IN_S3=1`` exported; none of it may bring real AWS into the
local synthesis. The stacks are synthesized once here, in-process, with all of it set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cdktf import App, TerraformStack

from platform_cdktf.environments import load_accounts, load_bootstrap, load_environment
from platform_cdktf.modules.providers.emulator import (
    EMULATED_SERVICES,
    EMULATOR_ACCESS_KEY,
    EMULATOR_SECRET_KEY,
)
from platform_cdktf.stacks.app import PlatformApp, synthesize_platform
from platform_cdktf.stacks.base import EMULATOR_STATE_PATH, LOCAL_STATE_PATH
from platform_cdktf.stacks.synthesis import OutputCheckError, run, synthesize
from platform_cdktf.stacks.target import AWS_TARGET, LOCAL_GAPS, local_target
from tests.conftest import REPO_ROOT
from tests.support.synth import StackJson, load_stacks

URL = "http://127.0.0.1:45123"
HOSTILE_ENVIRONMENT = {
    "AWS_PROFILE": "operator-prod",
    "AWS_ACCESS_KEY_ID": "AKIAOPERATORREALKEY1",
    "AWS_SECRET_ACCESS_KEY": "operator-real-secret",
    "AWS_SESSION_TOKEN": "operator-real-token",
    "AWS_ENDPOINT_URL": "https://real-endpoint.example.com",
    "PLATFORM_BOOTSTRAP_STATE_IN_S3": "1",
}
"""What an operator's shell may export; the tests below set all of it."""


def local_platform() -> PlatformApp:
    environments = [load_environment("dev")]
    return PlatformApp(
        environments=environments,
        bootstrap=load_bootstrap(),
        accounts=load_accounts(environments),
        # What stacks/cli.py passes with PLATFORM_BOOTSTRAP_STATE_IN_S3=1 exported.
        bootstrap_state_in_s3=True,
        target=local_target(URL),
    )


@pytest.fixture(scope="module")
def local_stacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StackJson]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in HOSTILE_ENVIRONMENT.items():
            patch.setenv(name, value)
        outdir = tmp_path_factory.mktemp("local") / "cdktf.out"
        synthesize_platform(outdir, local_platform())
    return load_stacks(outdir)


def test_the_local_target_synthesizes_bootstrap_and_core_only(
    local_stacks: dict[str, StackJson],
) -> None:
    assert sorted(local_stacks) == ["account-main", "bootstrap", "dev-core"]


def assert_sealed(stacks: dict[str, StackJson]) -> None:
    """Every backend is local or S3 at the emulator, every provider is AWS at the
    emulator, all with the fake keys and the emulator's account only."""
    assert stacks
    for name, stack in stacks.items():
        for kind, backend in stack["terraform"]["backend"].items():
            assert kind in ("local", "s3"), (name, kind)
            if kind == "s3":
                assert backend["endpoints"] == dict.fromkeys(("s3", "dynamodb", "iam", "sts"), URL)
                assert backend["access_key"] == EMULATOR_ACCESS_KEY, name
                assert backend["secret_key"] == EMULATOR_SECRET_KEY, name
                assert backend["allowed_account_ids"] == ["123456789012"], name
        assert list(stack["provider"]) == ["aws"], name
        for provider in stack["provider"]["aws"]:
            (endpoints,) = provider["endpoints"]
            assert endpoints == dict.fromkeys(EMULATED_SERVICES, URL), name
            assert provider["access_key"] == EMULATOR_ACCESS_KEY, name
            assert provider["secret_key"] == EMULATOR_SECRET_KEY, name
            assert provider["allowed_account_ids"] == ["123456789012"], name


def test_every_s3_backend_and_provider_points_at_the_loopback_emulator(
    local_stacks: dict[str, StackJson],
) -> None:
    assert_sealed(local_stacks)


def test_main_synthesizes_sealed_stacks_with_an_operators_variables_exported(
    tmp_path: Path,
) -> None:
    # The app as `cdktf synth` and `make up` run it, in a shell that exports all of it.
    outdir = tmp_path / "cdktf.out"
    environment = {
        **os.environ,
        **HOSTILE_ENVIRONMENT,
        "PLATFORM_TARGET": "local",
        "PLATFORM_EMULATOR_ENDPOINT": URL,
        "CDKTF_OUTDIR": str(outdir),
    }
    environment.pop("PLATFORM_ENVIRONMENTS", None)
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py")],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    stacks = load_stacks(outdir)
    assert sorted(stacks) == ["account-main", "bootstrap", "dev-core"]
    assert_sealed(stacks)
    assert stacks["bootstrap"]["terraform"]["backend"] == {"local": {"path": EMULATOR_STATE_PATH}}


def test_the_core_state_is_in_the_emulators_bucket(local_stacks: dict[str, StackJson]) -> None:
    backend = local_stacks["dev-core"]["terraform"]["backend"]
    assert list(backend) == ["s3"]
    assert backend["s3"]["key"] == "dev/core.tfstate"


def test_bootstrap_state_stays_in_the_workspace_despite_state_in_s3(
    local_stacks: dict[str, StackJson],
) -> None:
    # The emulator's bucket exists only after this stack's apply: S3 cannot hold its state.
    backend = local_stacks["bootstrap"]["terraform"]["backend"]
    assert backend == {"local": {"path": EMULATOR_STATE_PATH}}
    # Never the real bootstrap's state file, even in the same output directory.
    assert Path(EMULATOR_STATE_PATH).name != Path(LOCAL_STATE_PATH).name
    assert AWS_TARGET.supports("bootstrap_state_in_s3")
    assert not local_target(URL).supports("bootstrap_state_in_s3")
    assert "bootstrap_state_in_s3" in LOCAL_GAPS


def test_nothing_from_the_callers_environment_reaches_the_json(
    local_stacks: dict[str, StackJson],
) -> None:
    text = json.dumps(local_stacks)
    for value in HOSTILE_ENVIRONMENT.values():
        if value != "1":
            assert value not in text
    for key in ("profile", "shared_credentials_files", "shared_config_files", "assume_role"):
        assert f'"{key}"' not in text


def test_the_seal_check_passes_on_the_local_synthesis(local_stacks: dict[str, StackJson]) -> None:
    from platform_cdktf.stacks.seal import stack_problems  # noqa: PLC0415

    target = local_target(URL)
    assert target.emulator is not None
    for name, stack in local_stacks.items():
        assert stack_problems(name, stack, target.emulator) == []


def _with_profile_override(app: App) -> None:
    local_platform().compose(app)
    core = next(
        child
        for child in app.node.children
        if isinstance(child, TerraformStack) and child.node.id == "dev-core"
    )
    core.add_override("terraform.backend.s3.profile", "operator-prod")


def test_an_unsealed_local_synthesis_writes_nothing_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outdir = tmp_path / "cdktf.out"
    target = local_target(URL)
    with pytest.raises(OutputCheckError) as raised:
        synthesize(outdir, _with_profile_override, check=target.output_problems)
    assert raised.value.problems == [
        "dev-core: backend s3: profile is set; a sealed configuration takes its "
        "credentials and endpoints from the emulator only"
    ]
    assert not outdir.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdktf.out-guardrails"]

    assert run(_with_profile_override, outdir=outdir, check=target.output_problems) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors[0].startswith("error: dev-core: backend s3: profile is set")
    assert errors[-1] == "Nothing was synthesized."
    assert not outdir.exists()


def test_the_aws_target_has_no_output_check() -> None:
    assert AWS_TARGET.output_problems(Path("/nonexistent")) == []


def test_bootstrap_keeps_its_s3_state_on_real_aws(bootstrap_stack: dict[str, Any]) -> None:
    # The session's aws synthesis has state_in_s3 off; this pins the local backend path.
    assert bootstrap_stack["terraform"]["backend"] == {"local": {"path": LOCAL_STATE_PATH}}
