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


_DECIMAL_SUFFIXES = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T"}
_DECIMAL_SUFFIXES |= {15: "P", 18: "E"}
_BINARY_SUFFIXES = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")


def canonical_quantity(value: str) -> str:
    """The form the API server stores ``value`` in (``"0.5"`` -> ``"500m"``, ``"1000m"`` ->
    ``"1"``, ``"1024Mi"`` -> ``"1Gi"``), following apimachinery's ``Quantity``
    canonicalization: the format of the suffix is kept (binary, decimal or exponent); the
    number is an integer with the largest suffix that keeps it whole; a binary value below
    1024 or with a fraction is written in decimal."""
    match = _QUANTITY.fullmatch(value)
    if match is None:
        raise ValueError(EXPECTED_QUANTITY)
    amount = parse_quantity(value)
    if amount == 0:
        return "0"
    if match["binary"] and amount >= 1024 and amount == amount.to_integral_value():
        number, power = int(amount), 0
        while power < len(_BINARY_SUFFIXES) - 1 and number % 1024 == 0:
            number //= 1024
            power += 1
        return f"{number}{_BINARY_SUFFIXES[power]}"
    if amount < Decimal("1e-9"):
        raise ValueError("expected at least 1n (the API server rounds smaller amounts up)")
    exponent = 18
    while exponent > -9 and (amount / Decimal(10) ** exponent) % 1 != 0:
        exponent -= 3
    mantissa = amount / Decimal(10) ** exponent
    if mantissa % 1 != 0:
        raise ValueError("expected at most nano precision (the API server rounds it up)")
    suffix = f"e{exponent}" if match["exponent"] and exponent else _DECIMAL_SUFFIXES[exponent]
    return f"{int(mantissa)}{suffix}"


def check_quantity(value: str) -> str:
    """A well-formed, non-negative quantity in canonical form.

    The API server stores every quantity canonically, and ``kubernetes_manifest`` fails
    an apply whose object comes back different from the planned one ("Provider produced
    inconsistent result after apply": hashicorp/terraform-provider-kubernetes#2508 and
    #1572), so a non-canonical spelling is refused with the canonical one to use.
    """
    canonical = canonical_quantity(value)
    if canonical != value:
        raise ValueError(
            f"expected the canonical form {canonical!r}: the API server rewrites the value "
            "to it, and kubernetes_manifest then fails the apply"
        )
    return value


Quantity = Annotated[
    str,
    AfterValidator(check_quantity),
    Rule("a Kubernetes quantity in canonical form, such as 250m or 512Mi"),
]
"""A Kubernetes resource quantity (CPU in cores or millicores, memory in bytes with a
suffix)."""


def at_most(smaller: str, larger: str) -> bool:
    """Whether quantity ``smaller`` is not more than ``larger`` (both well-formed)."""
    return parse_quantity(smaller) <= parse_quantity(larger)
