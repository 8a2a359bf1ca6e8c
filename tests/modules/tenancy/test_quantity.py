"""Kubernetes quantities: parsed exactly, compared across suffixes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from platform_cdktf.modules.tenancy.quantity import (
    at_most,
    canonical_quantity,
    check_quantity,
    parse_quantity,
)


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


@pytest.mark.parametrize(
    ("quantity", "canonical"),
    [
        ("0.5", "500m"),
        ("1000m", "1"),
        ("2000m", "2"),
        ("1000", "1k"),
        ("1500m", "1500m"),
        ("1024Mi", "1Gi"),
        ("1.5Gi", "1536Mi"),
        ("0.5Ki", "512"),
        ("128Mi", "128Mi"),
        ("100m", "100m"),
        ("0", "0"),
    ],
)
def test_canonical_form_is_the_api_servers(quantity: str, canonical: str) -> None:
    # The forms apimachinery's Quantity serializes to (kubernetes#116135: "1000m" -> "1",
    # terraform-provider-kubernetes#2508: "1000" -> "1k").
    assert canonical_quantity(quantity) == canonical


def test_a_non_canonical_quantity_is_refused_naming_the_canonical_one() -> None:
    with pytest.raises(ValueError, match="expected the canonical form '500m'"):
        check_quantity("0.5")
    assert check_quantity("500m") == "500m"
