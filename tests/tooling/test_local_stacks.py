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
    Reporter,
    StackApplyError,
    apply_all,
    prefixed,
    stack_needs,
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


def test_every_stack_but_the_bootstrap_needs_only_the_bootstrap() -> None:
    assert stack_needs(deployed_stacks()) == {
        "bootstrap": (),
        "account-main": ("bootstrap",),
        "dev-core": ("bootstrap",),
    }


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


def test_the_stacks_after_the_bootstrap_run_at_the_same_time() -> None:
    needs = stack_needs(("bootstrap", "account-main", "dev-core"))
    started: list[str] = []
    both_running = threading.Barrier(2, timeout=30)

    def apply(stack: str) -> None:
        started.append(stack)
        if stack != BOOTSTRAP:
            # Each waits for the other: this only returns if both run at once.
            both_running.wait()

    results = apply_all(needs, apply, clock=fake_clock())

    assert started[0] == BOOTSTRAP
    assert sorted(started[1:]) == ["account-main", "dev-core"]
    assert list(results) == ["bootstrap", "account-main", "dev-core"]


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
        if stack == "account-main":
            # Still running when dev-core fails; it must be allowed to end.
            assert core_started.wait(timeout=30)
        finished.append(stack)

    with pytest.raises(StackApplyError) as raised:
        apply_all(needs, apply, clock=fake_clock())

    assert raised.value.stack == "dev-core"
    assert str(raised.value).startswith("dev-core: Error: creating RDS Cluster")
    assert finished == ["bootstrap", "account-main"]


def test_after_a_failed_bootstrap_nothing_else_starts() -> None:
    needs = stack_needs(("bootstrap", "account-main", "dev-core"))
    started: list[str] = []

    def apply(stack: str) -> None:
        started.append(stack)
        raise RuntimeError("the emulator is gone")

    with pytest.raises(StackApplyError, match=r"^bootstrap: the emulator is gone"):
        apply_all(needs, apply, clock=fake_clock())

    assert started == ["bootstrap"]


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
    """Stands in for a TerraformRunner: records commands, streams one progress line."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, ...]] = []

    def run(self, arguments: Sequence[str], *, cwd: Path, stream: Reporter | None = None) -> None:
        self.commands.append((cwd.name, *arguments[:1]))
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
