"""Synthesizing one construct in a minimal stack, for unit tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cdktf import App, TerraformStack, Testing

from platform_cdktf.modules.providers import AwsProviderProps, aws_provider

TEST_TAGS = {
    "Project": "unit",
    "Environment": "test",
    "ManagedBy": "cdktf",
    "Owner": "tests",
    "CostCenter": "0",
}


def synth_stack(build: Callable[[TerraformStack], Any]) -> tuple[dict[str, Any], Any]:
    """Build constructs in a fresh stack with an AWS provider; return (JSON, build result)."""
    app: App = Testing.app()
    stack = TerraformStack(app, "unit")
    aws_provider(stack, "aws", props=AwsProviderProps(region="us-east-1", tags=TEST_TAGS))
    result = build(stack)
    return json.loads(Testing.synth(stack, run_validations=True)), result
