"""Kubernetes resource quantities (``250m``, ``1.5``, ``512Mi``, ``1e3``), parsed and compared
without cdktf.

A quantity is a decimal number with an optional binary suffix (``Ki`` ... ``Ei``), decimal
suffix (``n``, ``u``, ``m``, ``k``, ``M``, ``G``, ``T``, ``P``, ``E``) or decimal exponent
(``e3``, ``E-2``) (Kubernetes API reference, "Quantity": ``<quantity> ::= <signedNumber>
<suffix>``). The platform's settings accept only non-negative quantities, since a request,
limit or quota is never negative, and compare them exactly with :class:`~decimal.Decimal`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator

from ..shared.validation import Rule

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "": Decimal(1),
    "k": Decimal("1e3"),
    "M": Decimal("1e6"),
    "G": Decimal("1e9"),
    "T": Decimal("1e12"),
    "P": Decimal("1e15"),
    "E": Decimal("1e18"),
}
_QUANTITY = re.compile(
    r"(?P<number>\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
    r"(?:(?P<binary>Ki|Mi|Gi|Ti|Pi|Ei)|(?P<exponent>[eE][+-]?[0-9]+)|(?P<decimal>[numkMGTPE]?))",
    re.ASCII,
)
EXPECTED_QUANTITY = (
    "expected a non-negative Kubernetes quantity such as 250m, 2, 512Mi or 1Gi (suffixes "
    "n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or an exponent such as 1e3)"
)


def parse_quantity(value: str) -> Decimal:
    """The exact amount ``value`` stands for (``"250m"`` -> ``0.25``, ``"1Ki"`` -> ``1024``),
    or ``ValueError`` naming the expected form."""
    match = _QUANTITY.fullmatch(value)
    if match is None:
        raise ValueError(EXPECTED_QUANTITY)
    number = Decimal(match["number"])
    if match["binary"]:
        return number * _BINARY[match["binary"]]
    if match["exponent"]:
        return number * Decimal(10) ** int(match["exponent"][1:])
    return number * _DECIMAL[match["decimal"] or ""]


def check_quantity(value: str) -> str:
    """A well-formed, non-negative quantity (returned unchanged: the API server normalizes
    it, and the manifest keeps what the configuration says)."""
    parse_quantity(value)
    return value


Quantity = Annotated[
    str, AfterValidator(check_quantity), Rule("a Kubernetes quantity such as 250m or 512Mi")
]
"""A Kubernetes resource quantity (CPU in cores or millicores, memory in bytes with a
suffix)."""


def at_most(smaller: str, larger: str) -> bool:
    """Whether quantity ``smaller`` is not more than ``larger`` (both well-formed)."""
    return parse_quantity(smaller) <= parse_quantity(larger)
