"""JSON text that survives both synthesis outputs and keeps its value at plan time."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cdktf import App, TerraformOutput, TerraformStack, TerraformVariable
from cdktf import Testing as CdktfTesting

from platform_cdktf.modules.shared.json_text import json_text
from tests.support.terraform import terraform_binary


def _output(build: Any) -> str:
    """The synthesized value of an output whose value ``build(reference)`` returns."""
    stack = TerraformStack(App(), "unit")
    reference = TerraformVariable(stack, "id", type="string").string_value
    TerraformOutput(stack, "text", value=build(reference))
    value: str = json.loads(CdktfTesting.synth(stack))["output"]["text"]["value"]
    return value


def test_without_references_it_is_json_dumps() -> None:
    document = {"b": [1, "x"], "a": {"c": "100%"}}
    assert json_text(document) == json.dumps(document)
    assert json_text(document, sort_keys=True) == json.dumps(document, sort_keys=True)
    assert json_text(document, separators=(",", ":")) == json.dumps(document, separators=(",", ":"))


def test_with_references_it_is_a_format_expression_with_literal_percent_escaped() -> None:
    value = _output(lambda id_: json_text({"Rate": "100%", "Id": f"{id_}-x"}, sort_keys=True))
    assert value == '${format("{\\"Id\\": \\"%s-x\\", \\"Rate\\": \\"100%%\\"}", var.id)}'


@pytest.mark.terraform
def test_terraform_evaluates_it_to_the_text_json_dumps_writes(tmp_path: Path) -> None:
    """The plan-time value is the very string ``json.dumps`` gives with the reference's
    value in place (``terraform console`` evaluates the synthesized expression)."""
    value = _output(lambda id_: json_text({"Rate": "100%", "Id": f"{id_}-x"}, sort_keys=True))
    expression = value.removeprefix("${").removesuffix("}").replace("var.id", '"db-1"')
    completed = subprocess.run(
        [terraform_binary(), "console", "-no-color"],
        cwd=tmp_path,
        input=f"{expression}\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    evaluated = json.loads(completed.stdout.strip())
    assert evaluated == json.dumps({"Id": "db-1-x", "Rate": "100%"}, sort_keys=True)
