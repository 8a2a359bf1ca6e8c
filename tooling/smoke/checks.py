"""The smoke check's verdicts, each computed from one API response (pure functions).

Every function takes the parsed JSON that ``kubectl get ... -o json`` or ``aws eks
describe-...`` prints and returns :class:`CheckResult` lines; none runs a command.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

ZONE_LABEL = "topology.kubernetes.io/zone"
"""The node label holding its Availability Zone (Kubernetes, "Well-Known Labels,
Annotations and Taints")."""


class Status(Enum):
    """Outcome of one check."""

    OK = "OK"
    FAIL = "FAIL"
    SKIP = "SKIP"
    """Not applicable (a service without an Ingress has no load balancer to ask)."""


@dataclass(frozen=True)
class CheckResult:
    """One line of the report."""

    check: str
    """What is checked: ``cluster``, ``nodes``, ``addon``, ``rollout``, ``ingress``,
    ``readiness``."""
    target: str
    """What it is checked on: a zone, an add-on name, ``namespace/service``."""
    status: Status
    detail: str

    @property
    def failed(self) -> bool:
        return self.status is Status.FAIL


def ok(check: str, target: str, detail: str) -> CheckResult:
    return CheckResult(check, target, Status.OK, detail)


def fail(check: str, target: str, detail: str) -> CheckResult:
    return CheckResult(check, target, Status.FAIL, detail)


def _condition(conditions: Iterable[Mapping[str, Any]], kind: str) -> Mapping[str, Any]:
    return next((c for c in conditions if c.get("type") == kind), {})


# -- cluster ---------------------------------------------------------------------------


def cluster_check(
    cluster_name: str, described: Mapping[str, Any], kubectl_server: str | None
) -> CheckResult:
    """The cluster is ``ACTIVE`` and ``kubectl`` talks to its endpoint, so the other
    checks look at the environment's cluster and not at another kubeconfig context."""
    cluster = described.get("cluster", {})
    status = cluster.get("status", "unknown")
    endpoint = str(cluster.get("endpoint", "")).rstrip("/")
    if status != "ACTIVE":
        return fail("cluster", cluster_name, f"status {status}, expected ACTIVE")
    if kubectl_server is None or kubectl_server.rstrip("/") != endpoint:
        return fail(
            "cluster",
            cluster_name,
            f"kubectl points at {kubectl_server or 'no cluster'}, not at {endpoint}: run "
            f"aws eks update-kubeconfig --name {cluster_name}",
        )
    return ok("cluster", cluster_name, f"ACTIVE, version {cluster.get('version', '?')}")


def kubectl_server(config_view: Mapping[str, Any]) -> str | None:
    """API server of kubectl's current context (``kubectl config view --minify -o json``)."""
    clusters = config_view.get("clusters") or []
    if not clusters:
        return None
    server = clusters[0].get("cluster", {}).get("server")
    return str(server) if server else None


# -- nodes -----------------------------------------------------------------------------


def node_is_ready(node: Mapping[str, Any]) -> bool:
    """The node's ``Ready`` condition is ``True`` (Kubernetes, "Nodes": node status)."""
    conditions = node.get("status", {}).get("conditions", [])
    return _condition(conditions, "Ready").get("status") == "True"


def node_checks(nodes: Mapping[str, Any], zones: Sequence[str]) -> list[CheckResult]:
    """One line per configured zone: OK when at least one node there is Ready."""
    ready: Counter[str] = Counter()
    not_ready: Counter[str] = Counter()
    for node in nodes.get("items", []):
        zone = node.get("metadata", {}).get("labels", {}).get(ZONE_LABEL, "(no zone label)")
        (ready if node_is_ready(node) else not_ready)[zone] += 1
    results = []
    for zone in zones:
        counts = f"{ready[zone]} Ready, {not_ready[zone]} not Ready"
        if ready[zone]:
            results.append(ok("nodes", zone, counts))
        else:
            results.append(fail("nodes", zone, f"no Ready node ({counts})"))
    return results


# -- add-ons ---------------------------------------------------------------------------


def addon_check(name: str, described: Mapping[str, Any]) -> CheckResult:
    """The add-on is ``ACTIVE``. Its other states (``CREATING``, ``UPDATING``,
    ``DEGRADED``, ``*_FAILED``, ``DELETING``) fail, with the health issues EKS reports
    (Amazon EKS API Reference, ``Addon``: status; ``AddonIssue``)."""
    addon = described.get("addon", {})
    status = addon.get("status", "unknown")
    version = addon.get("addonVersion", "?")
    if status == "ACTIVE":
        return ok("addon", name, f"ACTIVE, {version}")
    issues = addon.get("health", {}).get("issues", [])
    reasons = "; ".join(
        f"{issue.get('code', '?')}: {issue.get('message', '')}".strip() for issue in issues
    )
    return fail("addon", name, f"{status}, {version}" + (f" ({reasons})" if reasons else ""))


# -- services --------------------------------------------------------------------------


def rollout_check(target: str, deployment: Mapping[str, Any]) -> CheckResult:
    """The Deployment's rollout is complete: the controller has seen the latest spec
    (``observedGeneration >= generation``), every desired replica runs the new template
    and is available, no old replica is left, and the ``Progressing`` condition says
    ``NewReplicaSetAvailable`` (Kubernetes, "Deployments": Complete Deployment; the same
    tests as ``kubectl rollout status``)."""
    generation = deployment.get("metadata", {}).get("generation", 0)
    spec = deployment.get("spec", {})
    status = deployment.get("status", {})
    desired = spec.get("replicas", 1)
    # The API leaves zero counts out of the status.
    updated = status.get("updatedReplicas", 0)
    current = status.get("replicas", 0)
    available = status.get("availableReplicas", 0)
    progressing = _condition(status.get("conditions", []), "Progressing")
    counts = f"{updated} updated, {available} available of {desired} ({current} running)"
    problems = []
    if status.get("observedGeneration", 0) < generation:
        problems.append("the controller has not yet seen the latest spec")
    if not updated == current == available == desired:
        problems.append(counts)
    if progressing.get("reason") != "NewReplicaSetAvailable":
        reason = progressing.get("reason", "no Progressing condition")
        message = progressing.get("message", "")
        problems.append(f"{reason}: {message}" if message else str(reason))
    if problems:
        return fail("rollout", target, "; ".join(problems))
    return ok("rollout", target, counts)


def load_balancer_hostname(ingress: Mapping[str, Any]) -> str | None:
    """DNS name of the Ingress's load balancer (``status.loadBalancer.ingress[0]``),
    ``None`` until the controller has provisioned it."""
    entries = ingress.get("status", {}).get("loadBalancer", {}).get("ingress") or []
    hostname = entries[0].get("hostname") if entries else None
    return str(hostname) if hostname else None


def ingress_check(target: str, ingress: Mapping[str, Any]) -> CheckResult:
    """The Ingress has a load balancer."""
    hostname = load_balancer_hostname(ingress)
    if hostname is None:
        return fail("ingress", target, "no load balancer address in the Ingress status yet")
    return ok("ingress", target, hostname)


def readiness_check(target: str, url: str, status: int | None, error: str | None) -> CheckResult:
    """The readiness path answered 200 (the status the load balancer's health check also
    requires, modules/service ``success-codes``)."""
    if error is not None:
        return fail("readiness", target, f"{url}: {error}")
    if status != 200:
        return fail("readiness", target, f"{url}: HTTP {status}, expected 200")
    return ok("readiness", target, f"{url}: HTTP 200")
