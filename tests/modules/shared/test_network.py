"""Security group sources (ids or references, never CIDRs) and the one-port service
security group whose rules are keyed by label."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.security_group import SecurityGroup

from platform_cdktf.modules.shared import ServicePortSecurityGroup
from platform_cdktf.modules.shared.network import check_source, require_sources
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, name_by_path, resources
from tests.support.units import JOBS_SG, NODES_SG, empty_stack, synth_stack

VPC_ID = "vpc-0123456789abcdef0"
SOURCE_EXPECTED = (
    "expected a security group id (sg-...) or a reference to one; data stores admit "
    "security groups, never CIDRs"
)
LABEL_EXPECTED = (
    "expected snake_case starting with a letter, at most 40 characters (the label becomes "
    "part of a Terraform address)"
)


class CacheProps:
    """Stands for the props of a data store that admits security groups."""


def _service(stack: TerraformStack, sources: dict[str, str]) -> ServicePortSecurityGroup:
    return ServicePortSecurityGroup(
        stack,
        "cache_sg",
        name="unit-cache",
        description="Unit cache",
        vpc_id=VPC_ID,
        port=6379,
        service="Redis",
        sources=sources,
    )


def _build(stack: TerraformStack) -> dict[str, Any]:
    jobs = SecurityGroup(stack, "jobs", name="unit-jobs", vpc_id=VPC_ID)
    service = _service(stack, {"eks_nodes": NODES_SG, "jobs": jobs.id})
    added = service.allow_from("batch", "sg-01234567")
    TerraformOutput(stack, "security_group_id", value=service.security_group_id)
    return {"service": service, "added": added, "checked_token": check_source(jobs.id)}


@pytest.fixture(scope="module")
def synthesized() -> tuple[dict[str, Any], dict[str, Any]]:
    return synth_stack(_build)


@pytest.fixture(scope="module")
def stack(synthesized: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    return synthesized[0]


# -- check_source and require_sources ------------------------------------------------------


@pytest.mark.parametrize("source", ["sg-01234567", "sg-0123456789abcdef0", NODES_SG, JOBS_SG])
def test_security_group_ids_of_8_and_17_hex_digits_are_accepted(source: str) -> None:
    assert check_source(source) == source


@pytest.mark.parametrize(
    "source",
    [
        "10.0.0.0/8",
        "0.0.0.0/0",
        "sg-xyz",
        "sg-0123456",  # 7 hex digits
        "sg-012345678",  # 9
        "sg-0123456789abcdef01",  # 18
        "sg-0123456789ABCDEF0",  # upper case
        "0123456789abcdef0",
        "sg-01234567\n",
        "",
    ],
)
def test_anything_but_a_security_group_is_rejected(source: str) -> None:
    with pytest.raises(ValueError, match="expected a security group id") as caught:
        check_source(source)
    assert str(caught.value) == SOURCE_EXPECTED


def test_a_reference_resolved_at_apply_is_accepted(
    synthesized: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    stack_json, built = synthesized
    jobs = name_by_path(resources(stack_json, "aws_security_group"), "jobs")
    rule = by_path(resources(stack_json, "aws_vpc_security_group_ingress_rule"), "from_jobs")
    assert rule["referenced_security_group_id"] == f"${{aws_security_group.{jobs}.id}}"
    assert built["checked_token"].startswith("${TfToken[")


def test_require_sources_accepts_labelled_security_groups() -> None:
    require_sources(CacheProps(), "allowed_security_groups", {"eks": NODES_SG, "jobs": JOBS_SG})
    require_sources(CacheProps(), "allowed_security_groups", {})


@pytest.mark.parametrize("source", ["10.0.0.0/8", "sg-xyz"])
def test_require_sources_names_the_labelled_field(source: str) -> None:
    with pytest.raises(SettingsError) as caught:
        require_sources(CacheProps(), "allowed_security_groups", {"ok": NODES_SG, "eks": source})
    assert caught.value.lines == (
        f"CacheProps.allowed_security_groups['eks'] = {source!r}: {SOURCE_EXPECTED}",
    )


def test_require_sources_rejects_a_label_unfit_for_an_address() -> None:
    with pytest.raises(SettingsError) as caught:
        require_sources(CacheProps(), "allowed_security_groups", {"EKS-nodes": NODES_SG})
    assert caught.value.lines == (
        f"CacheProps.allowed_security_groups['EKS-nodes'] = 'EKS-nodes': {LABEL_EXPECTED}",
    )


# -- ServicePortSecurityGroup ------------------------------------------------------------------


def _group(stack: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = name_by_path(resources(stack, "aws_security_group"), "cache_sg/group")
    return name, resources(stack, "aws_security_group")[name]


def test_group_carries_name_description_and_vpc_without_inline_rules(
    stack: dict[str, Any],
) -> None:
    _, group = _group(stack)
    assert group["name"] == "unit-cache"
    assert group["description"] == "Unit cache"
    assert group["vpc_id"] == VPC_ID
    assert group["tags"] == {"Name": "unit-cache"}
    # No egress: Terraform removes the allow-all rule AWS adds. No inline ingress either.
    assert "egress" not in group
    assert "ingress" not in group
    assert resources(stack, "aws_vpc_security_group_egress_rule") == {}


@pytest.mark.parametrize(
    ("label", "source"),
    [("eks_nodes", NODES_SG), ("batch", "sg-01234567")],
)
def test_one_rule_per_labelled_source_on_the_service_port(
    stack: dict[str, Any], label: str, source: str
) -> None:
    group, _ = _group(stack)
    rule = by_path(resources(stack, "aws_vpc_security_group_ingress_rule"), f"from_{label}")
    assert rule == {
        "security_group_id": f"${{aws_security_group.{group}.id}}",
        "referenced_security_group_id": source,
        "ip_protocol": "tcp",
        "from_port": 6379,
        "to_port": 6379,
        "description": f"Redis 6379/tcp from {label}",
    }


def test_rules_are_keyed_by_label_and_never_admit_a_cidr(
    synthesized: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    stack_json, built = synthesized
    service: ServicePortSecurityGroup = built["service"]
    assert list(service.rules) == ["eks_nodes", "jobs", "batch"]
    assert service.rules["batch"] is built["added"]
    rules = resources(stack_json, "aws_vpc_security_group_ingress_rule")
    assert len(rules) == 3
    for rule in rules.values():
        assert "cidr_ipv4" not in rule
        assert "cidr_ipv6" not in rule


def test_security_group_id_is_the_groups_id(stack: dict[str, Any]) -> None:
    group, _ = _group(stack)
    assert stack["output"]["security_group_id"]["value"] == f"${{aws_security_group.{group}.id}}"


def test_a_label_is_admitted_once() -> None:
    service = _service(empty_stack(), {"eks_nodes": NODES_SG})
    with pytest.raises(ValueError, match=r"^sources: label 'eks_nodes' is already admitted$"):
        service.allow_from("eks_nodes", JOBS_SG)
    assert list(service.rules) == ["eks_nodes"]


def test_a_cidr_source_is_rejected_with_its_label() -> None:
    with pytest.raises(SettingsError) as caught:
        _service(empty_stack(), {"eks": "10.0.0.0/8"})
    assert caught.value.lines == (
        f"ServicePortSecurityGroup.sources['eks'] = '10.0.0.0/8': {SOURCE_EXPECTED}",
    )


def test_allow_from_checks_label_and_source() -> None:
    service = _service(empty_stack(), {})
    with pytest.raises(SettingsError) as caught:
        service.allow_from("Batch", JOBS_SG)
    assert caught.value.lines == (
        f"ServicePortSecurityGroup.sources['Batch'] = 'Batch': {LABEL_EXPECTED}",
    )
    assert service.rules == {}


def test_only_the_service_group_and_the_source_group_exist(stack: dict[str, Any]) -> None:
    group, _ = _group(stack)
    jobs = name_by_path(resources(stack, "aws_security_group"), "jobs")
    assert sorted(resources(stack, "aws_security_group")) == sorted([group, jobs])
