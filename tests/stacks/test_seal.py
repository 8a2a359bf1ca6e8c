"""The local target's seal check: each way a stack could reach real AWS is named."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.modules.providers.emulator import (
    EmulatorEndpoint,
)
from platform_cdktf.stacks.seal import output_problems, stack_problems
from tests.support.local import sealed_stack

URL = "http://127.0.0.1:4566"
EMULATOR = EmulatorEndpoint(url=URL)


def test_a_sealed_stack_has_no_problem() -> None:
    assert stack_problems("dev-core", sealed_stack(), EMULATOR) == []


def test_a_local_backend_is_sealed() -> None:
    stack = sealed_stack()
    stack["terraform"]["backend"] = {"local": {"path": "state.tfstate"}}
    assert stack_problems("bootstrap", stack, EMULATOR) == []


def _backend(stack: dict[str, Any]) -> dict[str, Any]:
    backend: dict[str, Any] = stack["terraform"]["backend"]["s3"]
    return backend


def _provider(stack: dict[str, Any]) -> dict[str, Any]:
    provider: dict[str, Any] = stack["provider"]["aws"][0]
    return provider


Breach = Callable[[dict[str, Any]], None]

BREACHES: dict[str, tuple[Breach, str]] = {
    "backend without endpoints": (
        lambda stack: _backend(stack).pop("endpoints"),
        "backend s3: no emulator endpoint for s3, dynamodb, iam, sts (it would call real AWS)",
    ),
    "backend sts at AWS": (
        lambda stack: _backend(stack)["endpoints"].update(sts="https://sts.amazonaws.com"),
        "backend s3: endpoint sts = 'https://sts.amazonaws.com'; expected the emulator's",
    ),
    "backend with a profile": (
        lambda stack: _backend(stack).update(profile="operator-prod"),
        "backend s3: profile is set; a sealed configuration takes its credentials",
    ),
    "backend with an assumed role": (
        lambda stack: _backend(stack).update(assume_role={"role_arn": "arn:aws:iam::1:role/x"}),
        "backend s3: assume_role is set",
    ),
    "backend without fake keys": (
        lambda stack: _backend(stack).pop("access_key"),
        "backend s3: access_key is not the emulator's fake key",
    ),
    "backend for another account": (
        lambda stack: _backend(stack).update(allowed_account_ids=["111111111111"]),
        "backend s3: allowed_account_ids = ['111111111111']; expected only the emulator's",
    ),
    "remote backend": (
        lambda stack: stack["terraform"].update(backend={"remote": {"organization": "x"}}),
        "backend remote: only the local and s3 backends can be sealed",
    ),
    "provider missing a service": (
        lambda stack: _provider(stack)["endpoints"][0].pop("sts"),
        "provider aws: no emulator endpoint for sts",
    ),
    "provider without endpoints": (
        lambda stack: _provider(stack).pop("endpoints"),
        "provider aws: no emulator endpoint for applicationautoscaling",
    ),
    "provider endpoint elsewhere": (
        lambda stack: _provider(stack)["endpoints"][0].update(sqs="https://sqs.example.com"),
        "provider aws: endpoint sqs = 'https://sqs.example.com'",
    ),
    "provider with shared credentials": (
        lambda stack: _provider(stack).update(shared_credentials_files=["~/.aws/credentials"]),
        "provider aws: shared_credentials_files is set",
    ),
    "provider with the caller's secret": (
        lambda stack: _provider(stack).update(secret_key="real"),
        "provider aws: secret_key is not the emulator's fake key",
    ),
    "aliased provider for any account": (
        lambda stack: stack["provider"]["aws"].append(
            {**copy.deepcopy(_provider(stack)), "alias": "dr", "allowed_account_ids": None}
        ),
        "provider aws (alias dr): allowed_account_ids = None",
    ),
    "kubernetes provider": (
        lambda stack: stack["provider"].update(kubernetes=[{"host": "https://k8s"}]),
        "provider kubernetes: only the aws provider can talk to the emulator",
    ),
    "remote state": (
        lambda stack: stack.setdefault("data", {}).update(
            terraform_remote_state={"core": {"backend": "s3"}}
        ),
        "data terraform_remote_state.core reads state from elsewhere",
    ),
}


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_each_breach_is_named(breach: str) -> None:
    change, expected = BREACHES[breach]
    stack = sealed_stack()
    change(stack)
    problems = stack_problems("dev-core", stack, EMULATOR)
    assert any(problem.startswith(f"dev-core: {expected}") for problem in problems), problems


def test_output_problems_reads_every_stack_and_refuses_an_empty_output(tmp_path: Path) -> None:
    stacks = tmp_path / "stacks"
    assert output_problems(stacks, EMULATOR) == [f"{stacks}: no synthesized stack to check"]
    for name in ("bootstrap", "dev-core"):
        (stacks / name).mkdir(parents=True)
        (stacks / name / "cdk.tf.json").write_text(json.dumps(sealed_stack()))
    assert output_problems(stacks, EMULATOR) == []
    (stacks / "bootstrap" / "cdk.tf.json").write_text("{ not json")
    (problem,) = output_problems(stacks, EMULATOR)
    assert problem.startswith(f"{stacks / 'bootstrap' / 'cdk.tf.json'}: cannot read it")
