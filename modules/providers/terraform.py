"""The ``terraform`` block's own settings."""

from __future__ import annotations

from cdktf import TerraformStack

from .versions import TERRAFORM_MIN_VERSION


def require_terraform(stack: TerraformStack) -> None:
    """Set ``terraform.required_version`` to ``>= TERRAFORM_MIN_VERSION`` on ``stack``.

    cdktf 0.21 has no API for it, so it is an override of the synthesized block.
    """
    stack.add_override("terraform.required_version", f">= {TERRAFORM_MIN_VERSION}")
