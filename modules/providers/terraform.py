"""The ``terraform`` block's own settings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cdktf import TerraformStack

from .versions import TERRAFORM_MIN_VERSION

REQUIRED_VERSION = f">= {TERRAFORM_MIN_VERSION}"
"""The constraint every stack's ``terraform`` block carries."""


def require_terraform(stack: TerraformStack) -> None:
    """Set ``terraform.required_version`` to ``>= TERRAFORM_MIN_VERSION`` on ``stack``.

    cdktf 0.21 has no API for it, so it is an override of the synthesized block. The JSON
    output renders it as is; the HCL output (``cdktf synth --hcl``) needs
    :func:`with_terraform_settings` (see there why).
    """
    stack.add_override("terraform.required_version", REQUIRED_VERSION)


def with_terraform_settings(rendered: Mapping[str, Any]) -> dict[str, Any]:
    """``TerraformStack.toHclTerraform()``'s result with ``required_version`` written
    correctly into the HCL ``terraform`` block.

    cdktf 0.21's HCL renderer (``node_modules/cdktf/lib/hcl/render.js``, ``renderTerraform``)
    passes the *names* of the block's plain attributes to ``renderSimpleAttributes``, so
    ``required_version`` comes out as ``0 = "required_version"``, which Terraform rejects
    ("Argument or block definition required"). No other way to set it reaches the HCL
    ``terraform`` block (the renderer writes only ``required_providers``, ``backend`` and
    ``cloud`` correctly), so the rendered line is replaced with the right one. Fails loudly
    if the renderer's output changes shape, instead of writing a stack without the guard.
    """
    hcl = str(rendered["hcl"])
    broken = '  0 = "required_version"\n'
    fixed = f"  required_version = {json.dumps(REQUIRED_VERSION)}\n"
    if hcl.count(broken) == 1:
        hcl = hcl.replace(broken, fixed)
    elif fixed not in hcl:
        raise RuntimeError(
            "cdktf's HCL output has no recognisable required_version line in the terraform "
            "block; modules/providers/terraform.py with_terraform_settings needs updating"
        )
    return {**rendered, "hcl": hcl}
