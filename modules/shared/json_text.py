"""JSON text for an attribute that takes a JSON string, safe in both synthesis outputs."""

from __future__ import annotations

import json
import re
from typing import Any, cast

from cdktf import Fn

STRING_TOKEN = re.compile(r"\$\{TfToken\[[^\]]*\]\}")
"""How cdktf encodes a reference (a token) in a Python string
(``node_modules/cdktf/lib/tokens/private/encoding.js``, ``BEGIN_STRING_TOKEN_MARKER``)."""


def json_text(
    document: Any, *, sort_keys: bool = False, separators: tuple[str, str] | None = None
) -> str:
    """``json.dumps(document, sort_keys=..., separators=...)``, also when ``document`` holds
    references.

    Without references this is exactly ``json.dumps``. With them, ``json.dumps`` would put
    the references inside a string literal full of quotes, which cdktf's HCL renderer
    (``cdktf synth --hcl``; ``renderFuzzyJsonExpression`` in
    ``node_modules/cdktf/lib/hcl/render.js``) writes without escaping the quotes: the HCL
    does not parse. So the text becomes ``format("<the JSON, %s for each reference>",
    <references>)``: the quotes sit in a string literal that cdktf escapes in both outputs,
    and Terraform's ``format`` (``%%`` for a literal ``%``) yields the very string
    ``json.dumps`` would have, so the value at plan time is unchanged (unlike
    ``jsonencode``, which drops the spaces after ``:`` and ``,``).
    """
    text = json.dumps(document, sort_keys=sort_keys, separators=separators)
    references = STRING_TOKEN.findall(text)
    if not references:
        return text
    spec = "%s".join(part.replace("%", "%%") for part in STRING_TOKEN.split(text))
    return cast(str, Fn.format(Fn.raw_string(spec), references))
