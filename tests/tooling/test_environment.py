"""terraform (and every process of the local target) sees an allow-list of the caller's
environment plus fixed values: nothing of the operator's AWS setup leaks through."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from platform_cdktf.tooling.environment import (
    SEALED_AWS_VARIABLES,
    emulator_variables,
    passed_through,
    sealed_environment,
)
from platform_cdktf.tooling.terraform import MIRROR_VARIABLE, TerraformRunner

LEAKS = {
    "AWS_PROFILE": "operator-prod",
    "AWS_ACCESS_KEY_ID": "AKIAOPERATORREALKEY1",
    "AWS_SECRET_ACCESS_KEY": "operator-real-secret",
    "AWS_SESSION_TOKEN": "operator-real-token",
    "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/admin",
    "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token",
    "AWS_ENDPOINT_URL_S3": "https://s3.real.example.com",
    "AWS_CA_BUNDLE": "/etc/ssl/corp.pem",
    "TF_CLI_ARGS": "-no-such-flag",
    "TF_CLI_ARGS_init": "-backend-config=bucket=real-state",
    "TF_VAR_account": "111111111111",
    "TF_WORKSPACE": "prod",
    "TF_DATA_DIR": "/tmp/elsewhere",
    "TF_REATTACH_PROVIDERS": '{"registry.terraform.io/hashicorp/aws": {}}',
    "TF_TOKEN_app_terraform_io": "secret",
    "PLATFORM_BOOTSTRAP_STATE_IN_S3": "1",
    "KUBECONFIG": "/nonexistent/operator/.kube/prod",
}
"""Variables that must not reach terraform, each with a value that would do harm."""

KEPT = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/nonexistent/operator",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "HTTPS_PROXY": "http://proxy.corp:3128",
    "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
    "TF_CLI_CONFIG_FILE": "/nonexistent/operator/.terraformrc",
    "TF_PLUGIN_CACHE_DIR": "/nonexistent/operator/.terraform.d/plugin-cache",
    "TF_LOG": "INFO",
    "JSII_NODE": "/usr/bin/node",
}
"""Variables terraform, the cdktf CLI or the app need, passed unchanged."""


def test_only_allowed_variables_pass() -> None:
    assert passed_through({**LEAKS, **KEPT}) == KEPT


def test_fixed_values_win_over_the_callers() -> None:
    environment = sealed_environment(emulator_variables("http://127.0.0.1:4566"), {**LEAKS, **KEPT})
    assert environment["AWS_ACCESS_KEY_ID"] == SEALED_AWS_VARIABLES["AWS_ACCESS_KEY_ID"]
    assert environment["AWS_SECRET_ACCESS_KEY"] == SEALED_AWS_VARIABLES["AWS_SECRET_ACCESS_KEY"]
    assert environment["AWS_CONFIG_FILE"] == os.devnull
    assert environment["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
    assert environment["AWS_EC2_METADATA_DISABLED"] == "true"
    assert environment["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566"
    assert not {"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN"} & environment.keys()


def _fake_terraform(directory: Path, dump: Path) -> None:
    """A ``terraform`` that writes the environment it was given to ``dump``."""
    script = directory / "terraform"
    script.write_text(f'#!/bin/sh\nenv -0 > "{dump}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def _dumped(dump: Path) -> dict[str, str]:
    entries = [entry for entry in dump.read_bytes().decode().split("\0") if entry]
    return dict(entry.split("=", 1) for entry in entries)


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The leaks exported, a fake terraform first on PATH; returns where it dumps."""
    for name, value in LEAKS.items():
        monkeypatch.setenv(name, value)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    dump = tmp_path / "environment"
    _fake_terraform(bin_dir, dump)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return dump


def test_the_runner_passes_the_allow_list_and_its_fixed_values(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MIRROR_VARIABLE, raising=False)
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", "/nonexistent/operator/.terraformrc")
    runner = TerraformRunner(
        workdir=tmp_path / "work", fixed=emulator_variables("http://127.0.0.1:4566")
    )
    runner.run(["version"], cwd=tmp_path)
    seen = _dumped(hostile)
    assert not (LEAKS.keys() - SEALED_AWS_VARIABLES.keys()) & seen.keys()
    assert not [name for name in seen if name.startswith("TF_CLI_ARGS")]
    assert seen["AWS_ACCESS_KEY_ID"] == SEALED_AWS_VARIABLES["AWS_ACCESS_KEY_ID"]
    assert seen["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566"
    assert seen["PATH"] == os.environ["PATH"]
    # Without a mirror, the caller's own CLI configuration is used.
    assert seen["TF_CLI_CONFIG_FILE"] == "/nonexistent/operator/.terraformrc"
    assert seen["CHECKPOINT_DISABLE"] == "1"


def test_the_mirror_configuration_replaces_the_callers(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "registry.terraform.io" / "hashicorp" / "aws").mkdir(parents=True)
    monkeypatch.setenv(MIRROR_VARIABLE, str(mirror))
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", "/nonexistent/operator/.terraformrc")
    TerraformRunner(workdir=tmp_path / "work").run(["version"], cwd=tmp_path)
    configuration = Path(_dumped(hostile)["TF_CLI_CONFIG_FILE"])
    assert configuration == tmp_path / "work" / "terraform-cli.tfrc"
    assert f'path    = "{mirror}"' in configuration.read_text()
