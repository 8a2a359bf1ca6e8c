"""Kubernetes quantities: parsed exactly, compared across suffixes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from platform_cdktf.modules.tenancy.quantity import at_most, parse_quantity


@pytest.mark.parametrize(
    ("quantity", "amount"),
    [
        ("250m", Decimal("0.25")),
        ("2", Decimal(2)),
        ("1.5", Decimal("1.5")),
        ("512Mi", Decimal(512 * 2**20)),
        ("1Gi", Decimal(2**30)),
        ("1G", Decimal(10**9)),
        ("1k", Decimal(1000)),
        ("1e3", Decimal(1000)),
        ("1E", Decimal(10**18)),
        ("100n", Decimal("1e-7")),
        (".5", Decimal("0.5")),
    ],
)
def test_parse_quantity(quantity: str, amount: Decimal) -> None:
    assert parse_quantity(quantity) == amount


@pytest.mark.parametrize("bad", ["", "-1", "1.5.0", "12 Mi", "1mi", "1KB", "Mi", "1Gi "])
def test_malformed_quantities_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="Kubernetes quantity"):
        parse_quantity(bad)


def test_comparison_crosses_units() -> None:
    assert at_most("500m", "1")
    assert at_most("1000m", "1")
    assert not at_most("1025Mi", "1Gi")
    assert at_most("1G", "1Gi")
