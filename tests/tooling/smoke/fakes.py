"""A cluster made of recorded API responses, for the smoke check's tests.

``responses/`` holds output of ``kubectl ... -o json`` and ``aws eks describe-...
--output json`` in the shape those commands print (identifiers anonymised, long lists
trimmed). :func:`healthy_cluster` answers every command of a healthy dev environment;
a test replaces one answer to break one thing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platform_cdktf.tooling.smoke import (
    CommandFailedError,
    ProbeRequest,
    ProbeResponse,
    SmokeTargets,
)

RESPONSES = Path(__file__).parent / "responses"
LOAD_BALANCER = "k8s-apps-3f2a1b0c9d-1234567890.us-east-1.elb.amazonaws.com"


def recorded(name: str) -> Any:
    """A recorded response, fresh (a test may change it)."""
    return json.loads((RESPONSES / name).read_text(encoding="utf-8"))


Answer = Any
"""A parsed response, or an exception the runner raises."""


@dataclass
class FakeCluster:
    """A :class:`~platform_cdktf.tooling.smoke.Runner` answering from a table, keyed by the
    command's arguments after the tool name and before ``--output``/``--region``."""

    answers: dict[tuple[str, ...], Answer]
    calls: list[tuple[str, ...]] = field(default_factory=list)

    def __call__(self, command: Sequence[str]) -> Any:
        self.calls.append(tuple(command))
        key = _key(command)
        if key not in self.answers:
            raise CommandFailedError(command, f"unexpected command {' '.join(command)}")
        answer = self.answers[key]
        if isinstance(answer, Exception):
            raise answer
        return copy.deepcopy(answer)


def _key(command: Sequence[str]) -> tuple[str, ...]:
    kept: list[str] = []
    skip = False
    for argument in command:
        if skip:
            skip = False
            continue
        if argument in ("--output", "--region"):
            skip = True
            continue
        kept.append(argument)
    return tuple(kept)


def addon_key(cluster: str, addon: str) -> tuple[str, ...]:
    return ("aws", "eks", "describe-addon", "--cluster-name", cluster, "--addon-name", addon)


def deployment_key(name: str, namespace: str) -> tuple[str, ...]:
    return ("kubectl", "get", "deployment", name, "--namespace", namespace)


def ingress_key(name: str, namespace: str) -> tuple[str, ...]:
    return ("kubectl", "get", "ingress", name, "--namespace", namespace)


NODES_KEY = ("kubectl", "get", "nodes")


def healthy_cluster(targets: SmokeTargets) -> FakeCluster:
    """Every answer of a healthy cluster for ``targets``."""
    answers: dict[tuple[str, ...], Answer] = {
        ("aws", "eks", "describe-cluster", "--name", targets.cluster_name): recorded(
            "describe-cluster.json"
        ),
        ("kubectl", "config", "view", "--minify"): recorded("kubeconfig-view.json"),
        NODES_KEY: recorded("nodes-healthy.json"),
    }
    for addon in targets.addons:
        described = recorded("addon-active.json")
        described["addon"]["addonName"] = addon
        answers[addon_key(targets.cluster_name, addon)] = described
    for service in targets.services:
        answers[deployment_key(service.name, service.namespace)] = recorded(
            "deployment-complete.json"
        )
        ingress = recorded("ingress.json")
        ingress["spec"]["rules"][0]["host"] = service.host
        answers[ingress_key(service.name, service.namespace)] = ingress
    return FakeCluster(answers)


@dataclass
class FakeProbe:
    """A readiness endpoint answering ``status`` (or failing with ``error``)."""

    status: int | None = 200
    error: str | None = None
    requests: list[ProbeRequest] = field(default_factory=list)

    def __call__(self, request: ProbeRequest) -> ProbeResponse:
        self.requests.append(request)
        return ProbeResponse(status=None if self.error else self.status, error=self.error)
