"""The exit path off CDKTF, proven: ``cdktf synth --hcl`` writes every AWS stack as plain
Terraform (HCL) that ``terraform validate`` accepts and that is the same configuration as
the JSON the platform deploys (docs/exit-paths.md).

One real ``cdktf synth --hcl`` (the npm CLI the project installs) for all stacks; each AWS
stack (the platform stacks need the kubernetes and helm providers, which the offline mirror
does not hold: design.md) is then initialised against the provider mirror and validated, in
parallel. The HCL is also parsed back to JSON with cdktf's own ``@cdktf/hcl2json`` and
compared, value by value, with the session's JSON synthesis.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.modules.providers.terraform import REQUIRED_VERSION
from tests.conftest import REPO_ROOT
from tests.support.synth import StackJson
from tests.support.terraform import TerraformRun, cli_config, init_and_validate

AWS_STACKS = ["bootstrap", "account-main", "dev-core", "prod-core"]

EXPLAINED_WARNING = "Quoted references are deprecated"
"""cdktf's HCL renderer writes the ``provider`` meta-argument and the ``depends_on`` and
``lifecycle.ignore_changes`` entries as strings, as the JSON syntax requires them
(``"aws.dr"``, ``"aws_kms_key.x"``); in HCL the bare reference is the current form and the
quoted one still works with this warning. A project that leaves CDKTF unquotes them once
(docs/exit-paths.md)."""

QUOTABLE_LISTS = ("depends_on", "ignore_changes")

HCL2JSON = """
const { parse } = require(process.argv[1]);
const fs = require("fs");
(async () => {
  const parsed = {};
  for (const file of process.argv.slice(2)) {
    parsed[file] = await parse("cdk.tf", fs.readFileSync(file, "utf8"));
  }
  process.stdout.write(JSON.stringify(parsed));
})().catch((error) => { console.error(error); process.exit(1); });
"""
"""Parses HCL files to Terraform's JSON form with the parser cdktf ships (Go's hcl, as wasm)."""


def _cdktf_cli() -> str:
    found = shutil.which("cdktf") or str(REPO_ROOT / "node_modules" / ".bin" / "cdktf")
    assert Path(found).exists(), "no cdktf CLI: run `make setup` (npm ci installs it)"
    return found


@pytest.fixture(scope="module")
def hcl_outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every stack, synthesized as HCL by the real ``cdktf synth --hcl``."""
    outdir = tmp_path_factory.mktemp("hcl") / "cdktf.out"
    completed = subprocess.run(
        [_cdktf_cli(), "synth", "--hcl", "--output", str(outdir)],
        cwd=REPO_ROOT,
        env={
            # every stack, as the session's JSON synthesis has them
            **{key: value for key, value in os.environ.items() if key != "PLATFORM_ENVIRONMENTS"},
            "CHECKPOINT_DISABLE": "1",
            "DISABLE_VERSION_CHECK": "1",
            "CDKTF_DISABLE_PLUGIN_CACHE_ENV": "1",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, f"{completed.stdout}\n{completed.stderr}"
    return outdir


@pytest.fixture(scope="module")
def hcl_validations(
    hcl_outdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[TerraformRun]]:
    workdir = tmp_path_factory.mktemp("hcl-terraform")
    environment = cli_config(workdir)
    stack_dirs = {}
    for name in AWS_STACKS:
        stack_dirs[name] = workdir / name
        shutil.copytree(hcl_outdir / "stacks" / name, stack_dirs[name])
    with ThreadPoolExecutor(max_workers=len(AWS_STACKS)) as pool:
        futures = {
            name: pool.submit(init_and_validate, path, environment)
            for name, path in stack_dirs.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def hcl_as_json(hcl_outdir: Path) -> dict[str, dict[str, Any]]:
    """Each AWS stack's ``cdk.tf``, parsed back to Terraform's JSON form."""
    node = os.environ.get("JSII_NODE") or shutil.which("node")
    assert node, "no Node.js: set JSII_NODE (tests/support/toolchain.py finds one)"
    files = [str(hcl_outdir / "stacks" / name / "cdk.tf") for name in AWS_STACKS]
    completed = subprocess.run(
        [node, "-e", HCL2JSON, str(REPO_ROOT / "node_modules" / "@cdktf" / "hcl2json"), *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    parsed: dict[str, dict[str, Any]] = json.loads(completed.stdout)
    return {name: parsed[file] for name, file in zip(AWS_STACKS, files, strict=True)}


Leaf = tuple[tuple[str, ...], str]


def _leaves(value: Any, path: tuple[str, ...], found: Counter[Leaf]) -> Counter[Leaf]:
    """Every scalar with the object keys above it. Lists do not add to the path: the JSON
    synthesis writes a single block as an object where HCL's parser writes a list."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "//":  # cdktf's metadata, not configuration
                _leaves(item, (*path, key), found)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, path, found)
    else:
        found[(path, value if isinstance(value, str) else json.dumps(value))] += 1
    return found


def _resource_count(stack: StackJson) -> int:
    return sum(len(named) for named in stack.get("resource", {}).values())


@pytest.mark.terraform
def test_every_aws_stack_is_written_as_hcl_with_all_its_resources(
    hcl_outdir: Path, stacks: dict[str, StackJson]
) -> None:
    for name in AWS_STACKS:
        stack_dir = hcl_outdir / "stacks" / name
        assert not (stack_dir / "cdk.tf.json").exists(), name
        hcl = (stack_dir / "cdk.tf").read_text()
        blocks = len(re.findall(r'^resource "', hcl, flags=re.MULTILINE))
        assert blocks == _resource_count(stacks[name]) > 0, name


@pytest.mark.terraform
@pytest.mark.parametrize("stack_name", AWS_STACKS)
def test_hcl_is_the_same_configuration_as_the_json(
    hcl_as_json: dict[str, dict[str, Any]], stacks: dict[str, StackJson], stack_name: str
) -> None:
    """Every value, under the same keys, as many times: no string mangled by the renderer
    (quotes, escapes, references), no block lost or added."""
    from_hcl = _leaves(hcl_as_json[stack_name], (), Counter())
    from_json = _leaves(stacks[stack_name], (), Counter())
    assert sum(from_json.values()) > 0
    only_json = list((from_json - from_hcl).elements())[:5]
    only_hcl = list((from_hcl - from_json).elements())[:5]
    assert from_hcl == from_json, f"only in the JSON: {only_json}\nonly in the HCL: {only_hcl}"


@pytest.mark.terraform
def test_hcl_keeps_the_required_terraform_version(hcl_outdir: Path) -> None:
    for name in AWS_STACKS:
        hcl = (hcl_outdir / "stacks" / name / "cdk.tf").read_text()
        assert f"required_version = {json.dumps(REQUIRED_VERSION)}" in hcl, name
        assert '0 = "required_version"' not in hcl, name


@pytest.mark.terraform
@pytest.mark.parametrize("stack_name", AWS_STACKS)
def test_hcl_initialises_and_validates(
    hcl_validations: dict[str, list[TerraformRun]], hcl_outdir: Path, stack_name: str
) -> None:
    runs = hcl_validations[stack_name]
    assert len(runs) == 2, runs[0].describe()
    assert "hashicorp/aws v5.100.0" in runs[0].stdout, runs[0].describe()
    report = json.loads(runs[1].stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert not errors, runs[1].describe()
    assert report["valid"] is True, runs[1].describe()
    lines = (hcl_outdir / "stacks" / stack_name / "cdk.tf").read_text().splitlines()
    for warning in (d for d in report["diagnostics"] if d["severity"] == "warning"):
        assert warning["summary"] == EXPLAINED_WARNING, warning
        assert _quoted_reference(lines, warning["range"]["start"]["line"]), warning


def _quoted_reference(lines: list[str], line_number: int) -> bool:
    """Whether line ``line_number`` (1-based) is a ``provider`` meta-argument or an entry of
    a ``depends_on`` or ``ignore_changes`` list."""
    if lines[line_number - 1].strip().startswith("provider "):
        return True
    for line in reversed(lines[: line_number - 1]):
        stripped = line.strip()
        if stripped.endswith("= ["):
            return stripped.split(" ")[0] in QUOTABLE_LISTS
        if not stripped.startswith('"'):
            return False
    return False


@pytest.mark.terraform
def test_validate_rejects_a_reference_inside_unescaped_quotes(tmp_path: Path) -> None:
    """What this file guards against, so that the validations above are not vacuous: the
    renderer's output for ``json.dumps`` over a reference (it was dev-core's schedules)."""
    (tmp_path / "cdk.tf").write_text(
        'variable "id" {\n  type = string\n}\n'
        'output "input" {\n  value = "{"Id": "${var.id}"}"\n}\n'
    )
    runs = init_and_validate(tmp_path, cli_config(tmp_path))
    assert runs[-1].returncode != 0, runs[-1].describe()


def _outside_references(text: str) -> str:
    """The literal parts of a Terraform template string, without its ``${...}``
    interpolations (whose own string literals may hold escaped quotes)."""
    literal, index, depth, in_string = [], 0, 0, False
    while index < len(text):
        char = text[index]
        if depth == 0:
            if text.startswith("${", index):
                depth, index = 1, index + 2
                continue
            literal.append(char)
        elif in_string:
            if char == "\\":
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        index += 1
    return "".join(literal)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for key, item in value.items() if key != "//" for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


def _renders_unchanged(text: str) -> bool:
    """Whether cdktf's HCL renderer writes ``text`` so that HCL reads the same string back.

    It escapes no backslash and writes a string holding a reference verbatim between quotes
    (``renderString`` / ``renderFuzzyJsonExpression`` in ``node_modules/cdktf/lib/hcl/render.js``),
    and HCL reads ``%{`` as a template directive."""
    literal = _outside_references(text)
    if "\\" in literal or "%{" in literal:
        return False
    return "${" not in text or not re.search(r'["\n]', literal)


@pytest.mark.parametrize("stack_name", AWS_STACKS)
def test_every_string_survives_the_hcl_renderer(
    stacks: dict[str, StackJson], stack_name: str
) -> None:
    """Fast guard, no terraform: no string the HCL output would change. Build JSON text that
    holds references with ``modules/shared/json_text``."""
    broken = [text for text in _strings(stacks[stack_name]) if not _renders_unchanged(text)]
    assert not broken, broken[:3]


def test_every_string_of_the_delivery_configured_stacks_survives_the_hcl_renderer(
    delivery_stacks: dict[str, StackJson],
) -> None:
    """The same with GitHub delivery configured (its identities, boundary and runners; that
    synthesis has no account stack)."""
    checked = [name for name in AWS_STACKS if name in delivery_stacks]
    assert checked == ["bootstrap", "dev-core", "prod-core"]
    broken = {
        name: [text for text in _strings(delivery_stacks[name]) if not _renders_unchanged(text)]
        for name in checked
    }
    assert not any(broken.values()), {name: texts[:3] for name, texts in broken.items() if texts}


def test_the_guard_sees_quotes_around_a_reference_but_not_inside_one() -> None:
    assert not _renders_unchanged('{"Id": "${aws_x.y.id}"}')
    assert _renders_unchanged('${format("{\\"Id\\": \\"%s\\"}", aws_x.y.id)}')
    assert _renders_unchanged('{"Id": "literal"}')
    assert not _renders_unchanged("C:\\path")
    assert not _renders_unchanged("%{ if x }")
    assert _outside_references('{"Id": "${aws_x.y.id}"}') == '{"Id": ""}'
    assert _outside_references('${format("{\\"Id\\": \\"%s\\"}", aws_x.y.id)}') == ""
    assert _outside_references("arn:${data.p.partition}:s3:::b/*") == "arn::s3:::b/*"
