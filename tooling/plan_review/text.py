"""Text from a plan made safe for Markdown: escaped invisible characters, code spans.

Every string the review prints comes from a plan that a pull request can shape (resource
names, map keys, values), so none reaches the Markdown as it is:

- control characters (C0, DEL, C1) would break a line or a table row, and the Unicode
  bidirectional controls (``U+202A``-``U+202E``, ``U+2066``-``U+2069``, the marks
  ``U+200E``/``U+200F``/``U+061C``) can make text read differently from what it is (the
  "Trojan Source" attack, CVE-2021-42574); line and paragraph separators and zero-width
  characters hide text. They are all written as visible ``\\uXXXX`` escapes;
- values are printed inside code spans, where Markdown, HTML and @mentions are inert.
"""

from __future__ import annotations

import re
from typing import Final

_INVISIBLE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def escape_invisible(text: str) -> str:
    """``text`` with control, bidirectional and invisible characters as ``\\uXXXX``."""
    return _INVISIBLE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def code_span(text: str) -> str:
    """``text`` as a Markdown code span that is also safe inside a table cell."""
    text = escape_invisible(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    # GitHub ends a table cell at a bare pipe even inside a code span.
    escaped = text.replace("|", r"\|")
    return f"{fence}{padding}{escaped}{padding}{fence}"


_WORD: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")


def words(identifier: str) -> str:
    """A snake_case hint from Terraform (``action_reason``) as words, or a code span.

    Terraform documents these hints as open-ended, so one that is not a plain identifier
    is printed as a code span rather than as Markdown.
    """
    if _WORD.fullmatch(identifier):
        return identifier.replace("_", " ")
    return code_span(identifier)
