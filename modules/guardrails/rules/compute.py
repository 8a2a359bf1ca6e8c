"""Compute rules: instance metadata, node groups, the EKS endpoint, Kubernetes support."""

from __future__ import annotations

from collections.abc import Iterator

from ...eks.calendar import load_calendar
from ..model import Rule
from ..view import StackView


def _imdsv2(view: StackView) -> Iterator[tuple[str, str]]:
    for address, template in view.resources("aws_launch_template"):
        options = template.get("metadata_options") or {}
        if options.get("http_tokens") != "required":
            yield address, "does not require IMDSv2 (metadata_options.http_tokens = required)"


def _tainted_groups_start_empty(view: StackView) -> Iterator[tuple[str, str]]:
    for address, group in view.resources("aws_eks_node_group"):
        blocking = [
            taint
            for taint in group.get("taint", []) or []
            if taint.get("effect") in ("NO_SCHEDULE", "NO_EXECUTE")
        ]
        desired = int((group.get("scaling_config") or {}).get("desired_size", 0))
        if blocking and desired > 0:
            keys = ", ".join(f"{t['key']}={t.get('value', '')}" for t in blocking)
            yield (
                address,
                f"starts {desired} node(s) tainted {keys}: they idle until a pod tolerates the "
                "taint; start at 0 and let the autoscaler add nodes",
            )


def _open_endpoint(view: StackView) -> Iterator[tuple[str, str]]:
    for address, cluster in view.resources("aws_eks_cluster"):
        network = cluster.get("vpc_config") or {}
        if not network.get("endpoint_public_access"):
            continue
        cidrs = network.get("public_access_cidrs") or ["0.0.0.0/0"]
        if "0.0.0.0/0" in cidrs:
            yield address, "exposes the Kubernetes API endpoint to the whole internet"
        elif view.production:
            yield address, f"has a public API endpoint ({', '.join(cidrs)}) in production"


def _standard_support(view: StackView) -> Iterator[tuple[str, str]]:
    calendar = load_calendar()
    for address, cluster in view.resources("aws_eks_cluster"):
        version = str(cluster.get("version", ""))
        try:
            calendar.check_standard_support(version, view.today)
        except ValueError as error:  # unknown, or out of standard support
            yield address, str(error)


def _support_ending(view: StackView) -> Iterator[tuple[str, str]]:
    calendar = load_calendar()
    for address, cluster in view.resources("aws_eks_cluster"):
        version = str(cluster.get("version", ""))
        if version not in calendar.releases:
            continue  # K8S-01 reports it
        release = calendar.release(version)
        if release.status(view.today) == "ending":
            days = (release.standard_support_ends - view.today).days
            yield (
                address,
                f"Kubernetes {version} leaves EKS standard support on "
                f"{release.standard_support_ends} (in {days} day(s)); synthesis fails from "
                "that day: upgrade (docs/kubernetes-versions.md)",
            )


RULES = (
    Rule(
        id="EC2-01",
        level="error",
        title="Instances require IMDSv2",
        why="IMDSv1 answers any request from the instance, so an SSRF in a pod can read the "
        "node role's credentials; IMDSv2 needs a session token (Amazon EC2, Use IMDSv2).",
        fix="Set metadata_options.http_tokens = required (and a hop limit of 1 for nodes).",
        check=_imdsv2,
        overlaps=("CKV_AWS_79", "CIS AWS 5.6"),
    ),
    Rule(
        id="EKS-01",
        level="error",
        title="Tainted node groups start empty",
        why="Nodes tainted NoSchedule or NoExecute run only pods that tolerate the taint; "
        "started before any such pod exists they are paid for and idle (Kubernetes, Taints "
        "and Tolerations). The cluster autoscaler scales a group up from zero on demand.",
        fix="Set the group's desired (and minimum) size to 0.",
        check=_tainted_groups_start_empty,
    ),
    Rule(
        id="EKS-02",
        level="error",
        title="The Kubernetes API endpoint is private (restricted outside production)",
        why="A public endpoint puts the Kubernetes API on the internet; CIS EKS benchmark 5.4.2 "
        "asks for a private endpoint with public access disabled.",
        fix="Leave public_access_cidrs empty, or restrict it to known ranges outside production.",
        check=_open_endpoint,
        overlaps=("CKV_AWS_38", "CKV_AWS_39", "CIS EKS 5.4.2"),
    ),
    Rule(
        id="K8S-01",
        level="error",
        title="Kubernetes version in EKS standard support on the day of synthesis",
        why="From the end-of-standard-support date EKS charges extended support (six times the "
        "hourly price) or upgrades the control plane itself (Amazon EKS Kubernetes release "
        "calendar; dates in modules/eks/kubernetes_calendar.toml).",
        fix="Upgrade kubernetes_version to a version in standard support.",
        check=_standard_support,
        overlaps=("CKV_AWS_339",),
    ),
    Rule(
        id="K8S-02",
        level="warning",
        title="Kubernetes version not within 60 days of the end of standard support",
        why="Upgrades take planning: add-ons, charts and node AMIs move with the version.",
        fix="Plan the upgrade to the next minor version.",
        check=_support_ending,
    ),
)
