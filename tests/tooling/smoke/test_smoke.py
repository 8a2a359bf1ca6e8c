"""The smoke check against recorded API responses: healthy, and one thing broken at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from platform_cdktf.environments import load_environment
from platform_cdktf.tooling.smoke import (
    CheckResult,
    CommandFailedError,
    SmokeTargets,
    Status,
    exit_code,
    render,
    run_checks,
    run_until_healthy,
    smoke,
    smoke_targets,
)
from tests.tooling.smoke.fakes import (
    LOAD_BALANCER,
    NODES_KEY,
    FakeCluster,
    FakeProbe,
    addon_key,
    deployment_key,
    healthy_cluster,
    ingress_key,
    recorded,
)


@pytest.fixture(scope="module")
def dev() -> SmokeTargets:
    return smoke_targets(load_environment("dev"))


@pytest.fixture(scope="module")
def prod() -> SmokeTargets:
    return smoke_targets(load_environment("prod"))


def _by_check(results: list[CheckResult], check: str) -> dict[str, CheckResult]:
    return {result.target: result for result in results if result.check == check}


def _failed(results: list[CheckResult]) -> list[tuple[str, str]]:
    return [(result.check, result.target) for result in results if result.failed]


# -- healthy ---------------------------------------------------------------------------


def test_a_healthy_environment_passes_every_check(dev: SmokeTargets) -> None:
    probe = FakeProbe(200)
    results = run_checks(dev, healthy_cluster(dev), probe)
    assert _failed(results) == []
    assert exit_code(results) == 0
    assert sorted(_by_check(results, "nodes")) == ["us-east-1a", "us-east-1b", "us-east-1c"]
    assert sorted(_by_check(results, "addon")) == sorted(
        [
            "vpc-cni",
            "kube-proxy",
            "coredns",
            "aws-ebs-csi-driver",
            "metrics-server",
            "eks-pod-identity-agent",
            "amazon-cloudwatch-observability",
        ]
    )
    for check in ("rollout", "ingress", "readiness"):
        assert _by_check(results, check)["apps/sample-service"].status is Status.OK
    assert _by_check(results, "ingress")["apps/sample-service"].detail == LOAD_BALANCER


def test_dev_probes_through_the_load_balancer_with_the_service_host(dev: SmokeTargets) -> None:
    probe = FakeProbe(200)
    run_checks(dev, healthy_cluster(dev), probe)
    (request,) = probe.requests
    assert request.connect_to == LOAD_BALANCER
    assert request.host == "sample-service.dev.example.com"
    assert request.path == "/ready"


def test_prod_probes_through_its_host_because_its_alb_admits_only_cloudflare(
    prod: SmokeTargets,
) -> None:
    assert not prod.direct_to_load_balancer
    probe = FakeProbe(200)
    results = run_checks(prod, healthy_cluster(prod), probe)
    assert _failed(results) == []
    (request,) = probe.requests
    assert request.connect_to == request.host == "sample-service.prod.example.com"


def test_the_report_has_a_line_per_check_and_a_verdict(dev: SmokeTargets) -> None:
    results = run_checks(dev, healthy_cluster(dev), FakeProbe(200))
    lines = render("dev", results).splitlines()
    assert lines[0].split() == ["CHECK", "TARGET", "STATUS", "DETAIL"]
    assert len(lines) == len(results) + 2
    assert any(
        line.startswith("nodes") and "us-east-1c" in line and " OK " in line for line in lines
    )
    assert lines[-1] == f"smoke dev: all {len(results)} checks passed"


# -- one thing broken ------------------------------------------------------------------


def test_a_zone_without_a_ready_node_fails(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    cluster.answers[NODES_KEY] = recorded("nodes-zone-c-not-ready.json")
    results = run_checks(dev, cluster, FakeProbe(200))
    assert _failed(results) == [("nodes", "us-east-1c")]
    assert _by_check(results, "nodes")["us-east-1c"].detail == (
        "no Ready node (0 Ready, 1 not Ready)"
    )
    assert exit_code(results) == 1


def test_a_zone_without_any_node_fails(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    nodes = recorded("nodes-healthy.json")
    nodes["items"] = [n for n in nodes["items"] if "us-east-1b" not in str(n)]
    cluster.answers[NODES_KEY] = nodes
    results = run_checks(dev, cluster, FakeProbe(200))
    assert _failed(results) == [("nodes", "us-east-1b")]


def test_a_degraded_addon_fails_with_its_health_issue(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    cluster.answers[addon_key(dev.cluster_name, "coredns")] = recorded(
        "addon-coredns-degraded.json"
    )
    results = run_checks(dev, cluster, FakeProbe(200))
    assert _failed(results) == [("addon", "coredns")]
    detail = _by_check(results, "addon")["coredns"].detail
    assert detail.startswith("DEGRADED, v1.0.0-eksbuild.1 (InsufficientNumberOfReplicas: ")


def test_a_missing_addon_fails_as_not_installed(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    key = addon_key(dev.cluster_name, "metrics-server")
    cluster.answers[key] = CommandFailedError(
        list(key),
        "An error occurred (ResourceNotFoundException) when calling the DescribeAddon "
        "operation: No addon: metrics-server found in cluster: platform-dev-eks",
    )
    results = run_checks(dev, cluster, FakeProbe(200))
    assert _failed(results) == [("addon", "metrics-server")]
    assert _by_check(results, "addon")["metrics-server"].detail == "not installed"


def test_a_stuck_rollout_fails_with_the_controller_s_reason(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    cluster.answers[deployment_key("sample-service", "apps")] = recorded("deployment-stuck.json")
    results = run_checks(dev, cluster, FakeProbe(200))
    assert _failed(results) == [("rollout", "apps/sample-service")]
    detail = _by_check(results, "rollout")["apps/sample-service"].detail
    assert "1 updated, 2 available of 2 (3 running)" in detail
    assert "ProgressDeadlineExceeded: ReplicaSet" in detail


def test_a_rollout_the_controller_has_not_seen_yet_fails(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    deployment = recorded("deployment-complete.json")
    deployment["metadata"]["generation"] = 4  # applied, not yet observed (status says 3)
    cluster.answers[deployment_key("sample-service", "apps")] = deployment
    results = run_checks(dev, cluster, FakeProbe(200))
    assert (
        "not yet seen the latest spec"
        in _by_check(results, "rollout")["apps/sample-service"].detail
    )


def test_a_readiness_path_answering_503_fails(dev: SmokeTargets) -> None:
    results = run_checks(dev, healthy_cluster(dev), FakeProbe(503))
    assert _failed(results) == [("readiness", "apps/sample-service")]
    assert _by_check(results, "readiness")["apps/sample-service"].detail == (
        f"https://sample-service.dev.example.com/ready via {LOAD_BALANCER}: HTTP 503, expected 200"
    )


def test_an_unreachable_load_balancer_fails_with_the_error(dev: SmokeTargets) -> None:
    results = run_checks(dev, healthy_cluster(dev), FakeProbe(error="TimeoutError: timed out"))
    assert (
        "TimeoutError: timed out" in _by_check(results, "readiness")["apps/sample-service"].detail
    )


def test_an_ingress_without_a_load_balancer_fails_and_is_not_probed(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    ingress = recorded("ingress.json")
    ingress["status"] = {"loadBalancer": {}}
    cluster.answers[ingress_key("sample-service", "apps")] = ingress
    probe = FakeProbe(200)
    results = run_checks(dev, cluster, probe)
    assert _failed(results) == [("ingress", "apps/sample-service")]
    assert probe.requests == []


def test_a_missing_deployment_fails_as_not_found(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    key = deployment_key("sample-service", "apps")
    cluster.answers[key] = CommandFailedError(
        list(key),
        'Error from server (NotFound): deployments.apps "sample-service" not found',
    )
    results = run_checks(dev, cluster, FakeProbe(200))
    assert _by_check(results, "rollout")["apps/sample-service"].detail == "Deployment not found"


def test_kubectl_pointing_at_another_cluster_stops_the_checks(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    view = recorded("kubeconfig-view.json")
    view["clusters"][0]["cluster"]["server"] = "https://ANOTHER.gr7.us-east-1.eks.amazonaws.com"
    cluster.answers["kubectl", "config", "view", "--minify"] = view
    results = run_checks(dev, cluster, FakeProbe(200))
    assert _failed(results) == [("cluster", "platform-dev-eks")]
    assert len(results) == 1
    assert "aws eks update-kubeconfig --name platform-dev-eks" in results[0].detail


def test_a_service_without_ingress_is_not_probed(dev: SmokeTargets) -> None:
    internal = replace(dev, services=tuple(replace(s, host=None) for s in dev.services))
    probe = FakeProbe(200)
    results = run_checks(internal, healthy_cluster(internal), probe)
    assert exit_code(results) == 0
    assert _by_check(results, "readiness")["apps/sample-service"].status is Status.SKIP
    assert probe.requests == []


# -- waiting, the command, exit statuses -----------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_failing_checks_are_retried_until_they_pass(dev: SmokeTargets) -> None:
    cluster = healthy_cluster(dev)
    key = deployment_key("sample-service", "apps")
    complete = cluster.answers[key]
    cluster.answers[key] = recorded("deployment-stuck.json")
    clock = _Clock()

    def progress(results: list[CheckResult]) -> None:
        cluster.answers[key] = complete  # the rollout finishes while we wait

    results = run_until_healthy(
        dev,
        cluster,
        FakeProbe(200),
        wait_seconds=60,
        interval_seconds=15,
        clock=clock,
        sleep=clock.sleep,
        progress=progress,
    )
    assert exit_code(results) == 0
    assert clock.sleeps == [15]


def test_waiting_stops_at_the_deadline_with_the_last_results(dev: SmokeTargets) -> None:
    clock = _Clock()
    results = run_until_healthy(
        dev,
        healthy_cluster(dev),
        FakeProbe(503),
        wait_seconds=40,
        interval_seconds=15,
        clock=clock,
        sleep=clock.sleep,
    )
    assert exit_code(results) == 1
    assert clock.sleeps == [15, 15]  # checks at 0, 15, 30; the next would pass 40


def _run(environment: str, **kwargs: object) -> tuple[int, list[str], list[str]]:
    out: list[str] = []
    err: list[str] = []
    status = smoke(
        environment,
        wait_seconds=0,
        echo=out.append,
        echo_error=err.append,
        **kwargs,  # type: ignore[arg-type]
    )
    return status, out, err


def test_the_command_exits_0_when_healthy(dev: SmokeTargets) -> None:
    status, out, err = _run(
        "dev", runner=healthy_cluster(dev), probe=FakeProbe(200), which=lambda tool: tool
    )
    assert status == 0
    assert out[-1].splitlines()[-1] == "smoke dev: all 14 checks passed"
    assert err == []


def test_the_command_exits_1_on_a_failed_check(dev: SmokeTargets) -> None:
    status, out, _ = _run(
        "dev", runner=healthy_cluster(dev), probe=FakeProbe(503), which=lambda tool: tool
    )
    assert status == 1
    assert out[-1].splitlines()[-1] == "smoke dev: 1 of 14 checks failed"


def test_a_missing_tool_exits_2_and_says_how_to_fix_it() -> None:
    runner = FakeCluster({})
    status, out, err = _run(
        "dev", runner=runner, which=lambda tool: None if tool == "kubectl" else tool
    )
    assert status == 2
    assert out == []
    (message,) = err
    assert message.startswith("error: kubectl not found on PATH: install kubectl")
    assert "aws eks update-kubeconfig --name platform-dev-eks --region us-east-1" in message
    assert runner.calls == []


def test_an_unknown_environment_exits_2() -> None:
    status, _, err = _run("staging", which=lambda tool: tool)
    assert status == 2
    assert "unknown environment 'staging'" in err[0]


def test_statuses_render_as_words() -> None:
    results = [CheckResult("nodes", "us-east-1a", Status.FAIL, "no Ready node")]
    assert render("dev", results).splitlines()[1].split()[:3] == ["nodes", "us-east-1a", "FAIL"]


def test_with_a_kubeconfig_it_is_written_first_and_kubectl_reads_it(dev: SmokeTargets) -> None:
    written: list[tuple[str, str, str]] = []
    cluster = healthy_cluster(dev)

    def runner(command: Sequence[str]) -> object:
        if command[0] == "kubectl":
            assert list(command[1:3]) == ["--kubeconfig", "/tmp/smoke/kubeconfig"]
            command = ["kubectl", *command[3:]]
        return cluster(command)

    status, _, _ = _run(
        "dev",
        runner=runner,
        probe=FakeProbe(200),
        which=lambda tool: tool,
        kubeconfig="/tmp/smoke/kubeconfig",
        kubeconfig_writer=lambda *arguments: written.append(arguments),
    )
    assert status == 0
    assert written == [("platform-dev-eks", "us-east-1", "/tmp/smoke/kubeconfig")]
    assert any(call[0] == "kubectl" for call in cluster.calls)


def test_a_kubeconfig_that_cannot_be_written_exits_2() -> None:
    def refuse(cluster: str, region: str, path: str) -> None:
        raise CommandFailedError(["aws"], "An error occurred (AccessDeniedException)")

    status, out, err = _run(
        "dev", which=lambda tool: tool, kubeconfig="/tmp/x", kubeconfig_writer=refuse
    )
    assert status == 2
    assert out == []
    assert err == [
        "error: cannot write a kubeconfig for platform-dev-eks: aws ...: "
        "An error occurred (AccessDeniedException)"
    ]


@pytest.mark.parametrize(
    ("ingress_path", "routed"),
    [("/", True), ("/api", False), ("/ready", True), ("/re", False), ("/ready/", True)],
)
def test_the_readiness_path_is_probed_only_where_the_ingress_routes_it(
    dev: SmokeTargets, ingress_path: str, routed: bool
) -> None:
    (service,) = dev.services
    moved = replace(service, ingress_path=ingress_path)
    assert moved.readiness_routed is routed
    targets = replace(dev, services=(moved,))
    probe = FakeProbe(200)
    results = run_checks(targets, healthy_cluster(targets), probe)
    readiness = _by_check(results, "readiness")["apps/sample-service"]
    assert readiness.status is (Status.OK if routed else Status.SKIP)
    assert len(probe.requests) == int(routed)
