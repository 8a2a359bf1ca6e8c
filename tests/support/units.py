"""Synthesizing constructs in a minimal stack, for unit tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from cdktf import App, TerraformStack, Testing
from constructs import Construct

from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from platform_cdktf.modules.vpc import Vpc, VpcProps, VpcSettings, standard_subnet_plan

TEST_TAGS = {
    "Project": "unit",
    "Environment": "test",
    "ManagedBy": "cdktf",
    "Owner": "tests",
    "CostCenter": "0",
}
UNIT_REGION = "us-east-1"
UNIT_ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
UNIT_VPC_CIDR = "10.0.0.0/16"
NODES_SG = "sg-0123456789abcdef0"
"""A well-formed security group id for props that admit a group."""
JOBS_SG = "sg-0fedcba9876543210"


def unit_vpc_settings(**overrides: Any) -> VpcSettings:
    """The standard three-AZ plan of a /16 in us-east-1, with ``overrides``."""
    values: dict[str, Any] = {
        "vpc_cidr": UNIT_VPC_CIDR,
        "availability_zones": UNIT_ZONES,
        **standard_subnet_plan(UNIT_VPC_CIDR),
    }
    values.update(overrides)
    return VpcSettings(**values)


def unit_vpc(
    scope: Construct, *, database_ports: Sequence[int] = (5432, 6379), **overrides: Any
) -> Vpc:
    """A VPC to place the construct under test in (id ``vpc``, name ``unit``)."""
    return Vpc(
        scope,
        "vpc",
        props=VpcProps(
            name="unit", settings=unit_vpc_settings(**overrides), database_ports=database_ports
        ),
    )


def synth_stack(build: Callable[[TerraformStack], Any]) -> tuple[dict[str, Any], Any]:
    """Build constructs in a fresh stack with an AWS provider (us-east-1); return the
    synthesized JSON and what ``build`` returned."""
    app: App = Testing.app()
    stack = TerraformStack(app, "unit")
    aws_provider(stack, "aws", props=AwsProviderProps(region=UNIT_REGION, tags=TEST_TAGS))
    result = build(stack)
    return json.loads(Testing.synth(stack, run_validations=True)), result


def empty_stack() -> TerraformStack:
    """A fresh stack with an AWS provider (us-east-1), for tests that expect an error."""
    stack = TerraformStack(Testing.app(), "unit")
    aws_provider(stack, "aws", props=AwsProviderProps(region=UNIT_REGION, tags=TEST_TAGS))
    return stack
