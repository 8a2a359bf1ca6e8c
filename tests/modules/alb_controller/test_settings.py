"""``AlbControllerSettings`` on its own: replicas and the CIDRs the load balancers admit.
No cdktf: settings are plain data."""

from __future__ import annotations

import ipaddress
import subprocess
import sys
from typing import Any

import pytest

from platform_cdktf.modules.alb_controller import CLOUDFLARE_IPV4_RANGES, AlbControllerSettings
from platform_cdktf.modules.shared.settings import SettingsError


def _lines(**values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        AlbControllerSettings(**values)
    return caught.value.lines


def test_importing_the_settings_never_imports_cdktf() -> None:
    code = (
        "import sys\n"
        "from platform_cdktf.modules.alb_controller import AlbControllerSettings, "
        "CLOUDFLARE_IPV4_RANGES\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in "
        "('cdktf', 'constructs', 'jsii') or n.startswith('cdktf_')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_defaults() -> None:
    settings = AlbControllerSettings()
    assert settings.replicas == 2
    assert settings.inbound_cidrs == ()


# -- replicas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replicas", "expected"),
    [
        (0, "Input should be greater than or equal to 1"),
        (11, "Input should be less than or equal to 10"),
        (2.5, "Input should be a valid integer, got a number with a fractional part"),
    ],
)
def test_one_to_ten_replicas(replicas: float, expected: str) -> None:
    line = f"AlbControllerSettings.replicas = {replicas}: {expected}"
    assert _lines(replicas=replicas) == (line,)


@pytest.mark.parametrize("replicas", [1, 10])
def test_replica_boundaries_are_accepted(replicas: int) -> None:
    assert AlbControllerSettings(replicas=replicas).replicas == replicas


# -- inbound CIDRs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cidr", "expected"),
    [
        ("0.0.0.0/0", "0.0.0.0/0 restricts nothing; leave inbound_cidrs empty instead"),
        ("::/0", "expected an IPv4 CIDR block such as 10.0.0.0/16 (Expected 4 octets in '::')"),
        (
            "198.51.100.1/24",
            "expected an IPv4 CIDR block such as 10.0.0.0/16 (198.51.100.1/24 has host bits set)",
        ),
    ],
)
def test_inbound_cidrs_restrict_something(cidr: str, expected: str) -> None:
    assert _lines(inbound_cidrs=["203.0.113.0/24", cidr]) == (
        f"AlbControllerSettings.inbound_cidrs[1] = {cidr!r}: {expected}",
    )


def test_every_open_world_cidr_is_reported() -> None:
    assert _lines(inbound_cidrs=["0.0.0.0/0", "10.0.0.0/8", "0.0.0.0/0"]) == (
        "AlbControllerSettings.inbound_cidrs[0] = '0.0.0.0/0': 0.0.0.0/0 restricts nothing; "
        "leave inbound_cidrs empty instead",
        "AlbControllerSettings.inbound_cidrs[2] = '0.0.0.0/0': 0.0.0.0/0 restricts nothing; "
        "leave inbound_cidrs empty instead",
    )


@pytest.mark.parametrize(
    "cidrs",
    [
        ["203.0.113.0/24", "198.51.100.0/24", "203.0.113.0/24"],
        ["10.0.0.0/8", " 10.0.0.0/8"],  # the same network once normalized
    ],
)
def test_inbound_cidrs_are_distinct(cidrs: list[str]) -> None:
    assert _lines(inbound_cidrs=cidrs) == (
        f"AlbControllerSettings.inbound_cidrs = {cidrs!r}: expected each CIDR once",
    )


@pytest.mark.parametrize("cidrs", [["203.0.113.7/32"], ["0.0.0.0/1", "128.0.0.0/1"]])
def test_narrower_cidrs_are_accepted(cidrs: list[str]) -> None:
    assert AlbControllerSettings(inbound_cidrs=cidrs).inbound_cidrs == tuple(cidrs)


def test_cloudflare_ranges_are_accepted() -> None:
    settings = AlbControllerSettings(inbound_cidrs=CLOUDFLARE_IPV4_RANGES)
    assert settings.inbound_cidrs == CLOUDFLARE_IPV4_RANGES


def test_cloudflare_ranges_are_distinct_public_networks() -> None:
    networks = [ipaddress.IPv4Network(cidr) for cidr in CLOUDFLARE_IPV4_RANGES]
    assert len(networks) == 15
    assert all(network.is_global for network in networks)
    assert [str(network) for network in networks] == list(CLOUDFLARE_IPV4_RANGES)
    for index, network in enumerate(networks):
        assert not any(network.overlaps(other) for other in networks[index + 1 :])
