"""``required_version`` in the HCL output (``cdktf synth --hcl``)."""

from __future__ import annotations

import pytest

from platform_cdktf.modules.providers.terraform import REQUIRED_VERSION, with_terraform_settings

RENDERED = 'terraform {\nrequired_providers {\n}\n\n  0 = "required_version"\n}\n'
"""``renderTerraform``'s output for a block with ``required_version`` (cdktf 0.21)."""


def test_the_misrendered_line_becomes_the_constraint() -> None:
    fixed = with_terraform_settings({"hcl": RENDERED, "metadata": {"kept": True}})
    assert f'  required_version = "{REQUIRED_VERSION}"\n' in fixed["hcl"]
    assert '0 = "required_version"' not in fixed["hcl"]
    assert fixed["metadata"] == {"kept": True}


def test_a_renderer_that_gets_it_right_is_left_alone() -> None:
    correct = f'terraform {{\n  required_version = "{REQUIRED_VERSION}"\n}}\n'
    assert with_terraform_settings({"hcl": correct})["hcl"] == correct


def test_an_unknown_shape_fails_instead_of_dropping_the_constraint() -> None:
    with pytest.raises(RuntimeError, match="no recognisable required_version line"):
        with_terraform_settings({"hcl": "terraform {\n}\n"})
