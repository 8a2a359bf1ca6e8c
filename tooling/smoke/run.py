"""Running every smoke check of an environment, and retrying until healthy or out of time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .checks import (
    CheckResult,
    Status,
    addon_check,
    cluster_check,
    fail,
    ingress_check,
    kubectl_server,
    load_balancer_hostname,
    node_checks,
    readiness_check,
    rollout_check,
)
from .http_probe import Probe, ProbeRequest
from .runner import CommandFailedError, Runner
from .targets import ServiceTarget, SmokeTargets


def kubectl_get(
    runner: Runner, kind: str, name: str | None = None, namespace: str | None = None
) -> Any:
    """``kubectl get <kind> [name] [-n namespace] -o json``."""
    command = ["kubectl", "get", kind, *([name] if name else [])]
    if namespace:
        command += ["--namespace", namespace]
    return runner([*command, "--output", "json"])


def run_checks(targets: SmokeTargets, runner: Runner, probe: Probe) -> list[CheckResult]:
    """One pass of every check of ``targets``; a failing command fails only its check."""
    region = ["--region", targets.region, "--output", "json"]
    results: list[CheckResult] = []
    try:
        described = runner(
            ["aws", "eks", "describe-cluster", "--name", targets.cluster_name, *region]
        )
        server = kubectl_server(
            runner(["kubectl", "config", "view", "--minify", "--output", "json"])
        )
        results.append(cluster_check(targets.cluster_name, described, server))
    except CommandFailedError as error:
        results.append(fail("cluster", targets.cluster_name, error.detail))
    if results[-1].failed:
        # Every other answer would come from the wrong cluster, or from none.
        return results
    try:
        results += node_checks(kubectl_get(runner, "nodes"), targets.zones)
    except CommandFailedError as error:
        results.append(fail("nodes", ",".join(targets.zones), error.detail))
    for addon in targets.addons:
        try:
            results.append(
                addon_check(
                    addon,
                    runner(
                        [
                            "aws",
                            "eks",
                            "describe-addon",
                            "--cluster-name",
                            targets.cluster_name,
                            "--addon-name",
                            addon,
                            *region,
                        ]
                    ),
                )
            )
        except CommandFailedError as error:
            detail = "not installed" if error.not_found else error.detail
            results.append(fail("addon", addon, detail))
    for service in targets.services:
        results += service_checks(targets, service, runner, probe)
    return results


def service_checks(
    targets: SmokeTargets, service: ServiceTarget, runner: Runner, probe: Probe
) -> list[CheckResult]:
    """Rollout, load balancer and readiness of one service."""
    target = f"{service.namespace}/{service.name}"
    results: list[CheckResult] = []
    try:
        deployment = kubectl_get(runner, "deployment", service.name, service.namespace)
        results.append(rollout_check(target, deployment))
    except CommandFailedError as error:
        results.append(
            fail("rollout", target, "Deployment not found" if error.not_found else error.detail)
        )
    if service.host is None:
        results.append(CheckResult("readiness", target, Status.SKIP, "no Ingress: in-cluster only"))
        return results
    try:
        ingress = kubectl_get(runner, "ingress", service.name, service.namespace)
    except CommandFailedError as error:
        results.append(
            fail("ingress", target, "Ingress not found" if error.not_found else error.detail)
        )
        return results
    results.append(ingress_check(target, ingress))
    hostname = load_balancer_hostname(ingress)
    if hostname is None:
        return results
    if not service.readiness_routed:
        # The load balancer would not route the request to the service; its health check
        # still probes the readiness path on each pod directly.
        results.append(
            CheckResult(
                "readiness",
                target,
                Status.SKIP,
                f"{service.readiness_path} is outside the Ingress path {service.ingress_path}",
            )
        )
        return results
    request = ProbeRequest(
        host=service.host,
        path=service.readiness_path,
        connect_to=hostname if targets.direct_to_load_balancer else service.host,
    )
    response = probe(request)
    results.append(readiness_check(target, request.url, response.status, response.error))
    return results


def run_until_healthy(
    targets: SmokeTargets,
    runner: Runner,
    probe: Probe,
    *,
    wait_seconds: float,
    interval_seconds: float = 15.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[list[CheckResult]], None] | None = None,
) -> list[CheckResult]:
    """Run the checks until none fails or ``wait_seconds`` have passed; the last pass's
    results. A rollout, a new node or a load balancer takes minutes after ``terraform
    apply`` returns; ``wait_seconds=0`` checks once."""
    deadline = clock() + wait_seconds
    while True:
        results = run_checks(targets, runner, probe)
        if not any(result.failed for result in results) or clock() + interval_seconds > deadline:
            return results
        if progress is not None:
            progress(results)
        sleep(interval_seconds)
