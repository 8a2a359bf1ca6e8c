"""Which local stack needs which, and applying them concurrently where nothing forbids it.

``make up`` applies ``bootstrap`` (the state bucket and the lock table every other stack's
S3 backend uses), the account baseline and the environment's core stack. The last two do
not need each other (checked, see :func:`stack_needs`), and neither needs all of the
bootstrap: only its state backend (:data:`STATE_BACKEND_TYPES`). So the bootstrap's state
backend is applied first, on its own (``terraform apply -target``), and then the rest of
the bootstrap, the account baseline and the core stack run side by side. The rest is
mostly the state bucket's lifecycle configuration, which the AWS provider holds for about
55 s whatever the emulator answers (ten consecutive equal reads five seconds apart,
``internal/service/s3/bucket_lifecycle_configuration.go`` in terraform-provider-aws
v5.100.0): no other stack needs it to be there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from platform_cdktf.tooling.local_errors import LocalDeploymentError

BOOTSTRAP = "bootstrap"
STATE_BACKEND = "bootstrap/state-backend"
"""The first step of ``make up``: the bootstrap's resources in :data:`STATE_BACKEND_TYPES`
(and what they depend on, the key), applied with ``-target``."""
STATE_BACKEND_TYPES = frozenset(
    {
        "aws_s3_bucket",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
        "aws_dynamodb_table",
    }
)
"""What another stack's S3 backend relies on from its first state write: the bucket,
private, encrypted and versioned (every state version is kept from the start), and the lock
table. The lifecycle configuration only expires old versions; it is not among them."""

Reporter = Callable[[str], None]


def stack_needs(stacks: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The steps of ``make up``: :data:`STATE_BACKEND`, then each of ``stacks``
    (``bootstrap`` first), with the steps each must wait for.

    Every stack but the bootstrap keeps its state in the bootstrap's S3 bucket and locks it
    in the bootstrap's DynamoDB table, so it needs the bootstrap's state backend; the rest
    of the bootstrap needs it too (it is the same configuration). Nothing else: neither the
    account baseline nor an environment's core stack reads another stack's state
    (``terraform_remote_state`` is refused by :mod:`platform_cdktf.stacks.seal` anyway),
    looks another stack's resources up (their only data sources are the caller identity,
    partition, region, policy documents and EKS add-on versions) or names another stack's
    resources. ``tests/tooling/test_local_stacks.py`` checks these facts on the synthesized
    stacks, so a stack that starts to depend on another fails that test instead of racing.
    """
    if not stacks or stacks[0] != BOOTSTRAP:
        raise ValueError(f"the first stack to apply must be {BOOTSTRAP!r}, got {list(stacks)}")
    if len(set(stacks)) != len(stacks):
        raise ValueError(f"a stack is listed twice: {list(stacks)}")
    return {STATE_BACKEND: (), **dict.fromkeys(stacks, (STATE_BACKEND,))}


def state_backend_targets(bootstrap: Mapping[str, Any]) -> list[str]:
    """``-target`` arguments of the :data:`STATE_BACKEND` step: every resource of the
    synthesized bootstrap (``cdk.tf.json``) whose type is in :data:`STATE_BACKEND_TYPES`."""
    resources: Mapping[str, Mapping[str, Any]] = bootstrap.get("resource", {})
    targets = [
        f"-target={kind}.{name}"
        for kind, items in sorted(resources.items())
        if kind in STATE_BACKEND_TYPES
        for name in sorted(items)
    ]
    if not targets:
        raise LocalDeploymentError("the synthesized bootstrap holds no state bucket or lock table")
    return targets


class StackApplyError(LocalDeploymentError):
    """A stack's apply failed; ``stack`` names it."""

    def __init__(self, stack: str, error: BaseException) -> None:
        self.stack = stack
        self.error = error
        super().__init__(f"{stack}: {error}")


@dataclass(frozen=True)
class StackResult:
    """How long a stack's apply took (seconds)."""

    stack: str
    seconds: float


def prefixed(report: Reporter, stack: str) -> Reporter:
    """A reporter that tags each line with the stack it comes from, so that the output of
    applies running side by side stays readable."""
    return lambda line: report(f"[{stack}] {line}")


def apply_all(
    needs: Mapping[str, Sequence[str]],
    apply: Callable[[str], None],
    *,
    clock: Callable[[], float],
) -> dict[str, StackResult]:
    """Apply every stack of ``needs`` once all the stacks it needs are applied, each in a
    thread of its own, as many at once as the graph allows.

    After the first failure nothing new starts; the applies already running finish (a
    terraform apply stopped half-way would leave its state locked), then
    :class:`StackApplyError` names the stack that failed first. Returns the time each
    stack took, in the order of ``needs``.
    """
    unknown = {need for wanted in needs.values() for need in wanted} - set(needs)
    if unknown:
        raise ValueError(f"stacks needed but not applied: {sorted(unknown)}")
    done: dict[str, StackResult] = {}
    failures: list[StackApplyError] = []
    running: dict[str, threading.Thread] = {}
    changed = threading.Condition()

    def run(stack: str) -> None:
        started = clock()
        try:
            apply(stack)
        # Anything at all, so that no stack is left "running" for the loop below to wait on.
        except BaseException as error:
            with changed:
                failures.append(StackApplyError(stack, error))
                del running[stack]
                changed.notify_all()
            return
        with changed:
            done[stack] = StackResult(stack, round(clock() - started, 1))
            del running[stack]
            changed.notify_all()

    with changed:
        while True:
            if not failures:
                for stack, wanted in needs.items():
                    ready = all(need in done for need in wanted)
                    if stack not in done and stack not in running and ready:
                        thread = threading.Thread(target=run, args=(stack,), name=stack)
                        running[stack] = thread
                        thread.start()
            if not running:
                break
            changed.wait()
    if failures:
        raise failures[0]
    blocked = [stack for stack in needs if stack not in done]
    if blocked:  # only a cycle blocks, and stack_needs makes none
        raise LocalDeploymentError(f"stacks never became ready (a dependency cycle?): {blocked}")
    return {stack: done[stack] for stack in needs}
