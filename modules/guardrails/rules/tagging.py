"""Tagging and Terraform rules: cost tags everywhere, a required Terraform version."""

from __future__ import annotations

from collections.abc import Iterator

from ...providers.settings import REQUIRED_TAG_KEYS
from ..model import Rule
from ..view import StackView

TAGGED_AT_LAUNCH = ("instance", "volume")
"""Resources a launch template tags through ``tag_specifications``."""


def _provider_tags(view: StackView) -> Iterator[tuple[str, str]]:
    for index, provider in enumerate(view.document.get("provider", {}).get("aws", [])):
        tags: dict[str, str] = {}
        for block in provider.get("default_tags", []) or []:
            tags.update(block.get("tags", {}))
        missing = [key for key in REQUIRED_TAG_KEYS if not tags.get(key)]
        if missing:
            alias = provider.get("alias", "default")
            yield f"provider.aws[{index}]", f"provider {alias} lacks default tags {missing}"


def _launch_template_tags(view: StackView) -> Iterator[tuple[str, str]]:
    for address, template in view.resources("aws_launch_template"):
        specifications = {
            spec.get("resource_type"): spec.get("tags", {}) or {}
            for spec in template.get("tag_specifications", []) or []
        }
        for resource_type in TAGGED_AT_LAUNCH:
            missing = [
                key for key in REQUIRED_TAG_KEYS if key not in specifications.get(resource_type, {})
            ]
            if missing:
                yield address, f"tags {resource_type}s without {missing}"


def _required_version(view: StackView) -> Iterator[tuple[str, str]]:
    if not view.terraform.get("required_version"):
        yield "terraform", "sets no required_version"


RULES = (
    Rule(
        id="TAG-01",
        level="error",
        title="Every AWS provider tags its resources with the cost and ownership keys",
        why="Cost allocation and ownership queries rely on Project, Environment, ManagedBy, "
        "Owner and CostCenter on every resource; provider default_tags reach every resource "
        "the provider creates.",
        fix="Configure the provider through aws_provider() with the five tags.",
        check=_provider_tags,
    ),
    Rule(
        id="TAG-02",
        level="error",
        title="Launch templates tag instances and volumes with the cost tags",
        why="Provider default_tags do not reach launch-template tag_specifications (hashicorp/aws, "
        "default_tags), so EKS nodes and their volumes, most of the bill, would carry none.",
        fix="Put the default tags into the instance and volume tag_specifications.",
        check=_launch_template_tags,
    ),
    Rule(
        id="TF-01",
        level="error",
        title="The stack states the Terraform versions it supports",
        why="S3-native state locking needs Terraform 1.10; an older CLI would ignore use_lockfile "
        "and misread the configuration instead of failing early.",
        fix="Set terraform.required_version (the platform's stacks do: >= 1.10).",
        check=_required_version,
    ),
)
