"""The local stacks' dependency graph and the concurrent applies it allows.

The graph's facts are checked on the synthesized stacks (the session's synthesis of the
AWS target: the local target only leaves features out). The scheduler is driven with
events, never with sleeps or timings.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.tooling.local import (
    EmulatorProcess,
    LocalDeployment,
    LocalDeploymentError,
    deployed_stacks,
)
from platform_cdktf.tooling.local_stacks import (
    BOOTSTRAP,
    STATE_BACKEND,
    Reporter,
    StackApplyError,
    apply_all,
    prefixed,
    stack_needs,
    state_backend_targets,
)
from tests.conftest import REPO_ROOT
from tests.support.synth import StackJson

LOOKUPS_OF_THE_STACK_ITSELF = frozenset(
    {
        "aws_caller_identity",
        "aws_eks_addon_version",
        "aws_iam_policy_document",
        "aws_partition",
        "aws_region",
    }
)
"""Data sources that describe the account, the provider or a document built in place:
none of them finds a resource another stack creates."""
NAME_ARGUMENTS = ("name", "bucket", "name_prefix", "family", "repository", "identifier")


def counter() -> Iterator[float]:
    return (float(second) for second in itertools.count())


def fake_clock() -> Any:
    ticks = counter()
    lock = threading.Lock()

    def clock() -> float:
        with lock:
            return next(ticks)

    return clock


# -- the graph ---------------------------------------------------------------------------


def test_every_stack_needs_only_the_bootstraps_state_backend() -> None:
    assert stack_needs(deployed_stacks()) == {
        STATE_BACKEND: (),
        "bootstrap": (STATE_BACKEND,),
        "account-main": (STATE_BACKEND,),
        "dev-core": (STATE_BACKEND,),
    }


def test_the_state_backend_step_targets_the_bucket_and_lock_table_the_backends_name(
    stacks: dict[str, StackJson],
) -> None:
    bootstrap = stacks[BOOTSTRAP]
    targets = state_backend_targets(bootstrap)
    resources = bootstrap["resource"]
    targeted = {target.removeprefix("-target=") for target in targets}
    assert len(targeted) == len(targets)
    for stack in deployed_stacks()[1:]:
        backend = stacks[stack]["terraform"]["backend"]["s3"]
        (bucket,) = (
            f"aws_s3_bucket.{name}"
            for name, item in resources["aws_s3_bucket"].items()
            if item["bucket"] == backend["bucket"]
        )
        (table,) = (
            f"aws_dynamodb_table.{name}"
            for name, item in resources["aws_dynamodb_table"].items()
            if item["name"] == backend["dynamodb_table"]
        )
        assert {bucket, table} <= targeted, stack
    # The bucket as the backend relies on it from the first state write: versioned (every
    # state version kept), encrypted, private.
    for kind in (
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_public_access_block",
    ):
        assert {f"{kind}.{name}" for name in resources[kind]} <= targeted, kind
    # The lifecycle configuration (the provider's ~55 s settle wait) is left to the rest.
    assert not any(target.startswith("aws_s3_bucket_lifecycle") for target in targeted)
    assert len(targeted) < sum(len(items) for items in resources.values())


def test_a_bootstrap_without_a_state_backend_is_refused() -> None:
    with pytest.raises(LocalDeploymentError, match="no state bucket or lock table"):
        state_backend_targets({"resource": {"aws_kms_key": {"key": {}}}})


@pytest.mark.parametrize(
    "stacks",
    [(), ("dev-core", "bootstrap"), ("bootstrap", "dev-core", "dev-core")],
)
def test_a_graph_without_the_bootstrap_first_or_with_a_stack_twice_is_refused(
    stacks: tuple[str, ...],
) -> None:
    with pytest.raises(ValueError, match=r"bootstrap|twice"):
        stack_needs(stacks)


def test_the_stacks_applied_after_the_bootstrap_store_their_state_in_its_bucket(
    stacks: dict[str, StackJson],
) -> None:
    bootstrap = stacks[BOOTSTRAP]
    bucket = next(iter(bootstrap["resource"]["aws_s3_bucket"].values()))["bucket"]
    for stack in deployed_stacks()[1:]:
        backend = stacks[stack]["terraform"]["backend"]
        assert backend["s3"]["bucket"] == bucket, stack


def test_the_stacks_applied_side_by_side_read_nothing_of_each_other(
    stacks: dict[str, StackJson],
) -> None:
    side_by_side = deployed_stacks()[1:]
    for stack in side_by_side:
        data = stacks[stack].get("data", {})
        assert "terraform_remote_state" not in data, stack
        assert set(data) <= LOOKUPS_OF_THE_STACK_ITSELF, (stack, set(data))
    for stack, other in itertools.permutations(side_by_side, 2):
        text = json.dumps(stacks[stack]["resource"])
        for items in stacks[other]["resource"].values():
            for arguments in items.values():
                for argument in NAME_ARGUMENTS:
                    name = arguments.get(argument)
                    if isinstance(name, str) and "${" not in name and len(name) > 3:
                        assert name not in text, (stack, "names", other, name)


# -- the scheduler ---------------------------------------------------------------------


def test_the_stacks_after_the_state_backend_run_at_the_same_time() -> None:
    needs = stack_needs(("bootstrap", "account-main", "dev-core"))
    started: list[str] = []
    all_running = threading.Barrier(3, timeout=30)

    def apply(stack: str) -> None:
        started.append(stack)
        if stack != STATE_BACKEND:
            # Each waits for the others: this only returns if all three run at once.
            all_running.wait()

    results = apply_all(needs, apply, clock=fake_clock())

    assert started[0] == STATE_BACKEND
    assert sorted(started[1:]) == ["account-main", "bootstrap", "dev-core"]
    assert list(results) == [STATE_BACKEND, "bootstrap", "account-main", "dev-core"]


def test_nothing_starts_before_what_it_needs_has_finished() -> None:
    needs = {"bootstrap": (), "a": ("bootstrap",), "b": ("a",)}
    finished: list[str] = []

    def apply(stack: str) -> None:
        assert all(need in finished for need in needs[stack]), (stack, finished)
        finished.append(stack)

    apply_all(needs, apply, clock=fake_clock())

    assert finished == ["bootstrap", "a", "b"]


def test_a_failure_names_its_stack_and_lets_the_other_apply_finish() -> None:
    needs = stack_needs(("bootstrap", "account-main", "dev-core"))
    core_started = threading.Event()
    finished: list[str] = []

    def apply(stack: str) -> None:
        if stack == "dev-core":
            core_started.set()
            raise RuntimeError("Error: creating RDS Cluster")
        if stack in ("bootstrap", "account-main"):
            # Still running when dev-core fails; they must be allowed to end.
            assert core_started.wait(timeout=30)
        finished.append(stack)

    with pytest.raises(StackApplyError) as raised:
        apply_all(needs, apply, clock=fake_clock())

    assert raised.value.stack == "dev-core"
    assert str(raised.value).startswith("dev-core: Error: creating RDS Cluster")
    assert finished[0] == STATE_BACKEND
    assert sorted(finished[1:]) == ["account-main", "bootstrap"]


def test_after_a_failed_state_backend_nothing_else_starts() -> None:
    needs = stack_needs(("bootstrap", "account-main", "dev-core"))
    started: list[str] = []

    def apply(stack: str) -> None:
        started.append(stack)
        raise RuntimeError("the emulator is gone")

    with pytest.raises(StackApplyError, match=rf"^{STATE_BACKEND}: the emulator is gone"):
        apply_all(needs, apply, clock=fake_clock())

    assert started == [STATE_BACKEND]


def test_a_stack_needed_but_not_applied_is_refused() -> None:
    with pytest.raises(ValueError, match="account-main"):
        apply_all({"dev-core": ("account-main",)}, lambda _stack: None, clock=fake_clock())


def test_a_cycle_is_reported_not_waited_for() -> None:
    with pytest.raises(LocalDeploymentError, match="never became ready"):
        apply_all({"a": ("b",), "b": ("a",)}, lambda _stack: None, clock=fake_clock())


def test_the_seconds_of_each_stack_come_from_the_clock() -> None:
    results = apply_all({"bootstrap": ()}, lambda _stack: None, clock=fake_clock())

    assert results["bootstrap"].seconds == 1.0


def test_prefixed_lines_name_their_stack() -> None:
    lines: list[str] = []

    prefixed(lines.append, "dev-core")("aws_vpc.vpc: Creation complete after 1s")

    assert lines == ["[dev-core] aws_vpc.vpc: Creation complete after 1s"]


# -- the deployment's side of it -----------------------------------------------------------


class RecordingTerraform:
    """Stands in for a TerraformRunner: records each call's directory and arguments,
    streams one progress line."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    @property
    def commands(self) -> list[tuple[str, str]]:
        """(directory name, terraform command) of each call."""
        return [(directory, arguments[0]) for directory, arguments in self.calls]

    @property
    def arguments(self) -> list[tuple[str, ...]]:
        """The arguments of each call."""
        return [arguments for _directory, arguments in self.calls]

    def run(self, arguments: Sequence[str], *, cwd: Path, stream: Reporter | None = None) -> None:
        self.calls.append((cwd.name, tuple(arguments)))
        if stream is not None:
            stream("aws_vpc.vpc: Creation complete after 11s")


def test_each_stack_applied_side_by_side_has_its_own_terraform_configuration(
    tmp_path: Path,
) -> None:
    local = LocalDeployment(tmp_path, project_root=REPO_ROOT, report=lambda _line: None)
    local.terraform.fixed = {"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"}

    runners = {stack: local.stack_terraform(stack) for stack in deployed_stacks()}

    workdirs = {runner.workdir for runner in runners.values()}
    assert len(workdirs) == len(runners)
    assert all(workdir.is_relative_to(tmp_path.resolve()) for workdir in workdirs)
    assert all(runner.fixed == local.terraform.fixed for runner in runners.values())


def test_an_apply_through_a_stack_runner_tags_its_lines_with_the_stack(tmp_path: Path) -> None:
    lines: list[str] = []
    local = LocalDeployment(tmp_path, project_root=REPO_ROOT, report=lines.append)
    runner = RecordingTerraform()
    emulator = EmulatorProcess(pid=1, port=4566, started="", workspace=str(tmp_path))

    local.apply("dev-core", emulator, terraform=runner)  # type: ignore[arg-type]

    assert runner.commands == [("dev-core", "init"), ("dev-core", "apply")]
    assert lines == ["[dev-core] aws_vpc.vpc: Creation complete after 11s"]


def test_the_state_backend_step_applies_only_its_targets_under_its_own_label(
    tmp_path: Path,
) -> None:
    lines: list[str] = []
    local = LocalDeployment(tmp_path, project_root=REPO_ROOT, report=lines.append)
    runner = RecordingTerraform()
    emulator = EmulatorProcess(pid=1, port=4566, started="", workspace=str(tmp_path))
    targets = ["-target=aws_s3_bucket.state", "-target=aws_dynamodb_table.locks"]

    local.apply(
        BOOTSTRAP,
        emulator,
        terraform=runner,  # type: ignore[arg-type]
        targets=targets,
        label=STATE_BACKEND,
    )

    init, apply = runner.arguments
    assert "-target" not in " ".join(init)
    assert apply[0] == "apply"
    assert apply[-2:] == tuple(targets)
    assert lines == [f"[{STATE_BACKEND}] aws_vpc.vpc: Creation complete after 11s"]
