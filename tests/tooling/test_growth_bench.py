"""The growth benchmark's generated environments stay valid, distinct configurations (the
benchmark itself, timings included, runs in ``make bench``)."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "growth_bench", REPO_ROOT / "bench/growth_bench.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_environments_are_distinct_copies_of_dev() -> None:
    environments = _bench().generated_environments(3)
    assert [env.name for env in environments] == ["g01", "g02", "g03"]
    assert [env.cluster_name for env in environments] == [
        "platform-g01-eks",
        "platform-g02-eks",
        "platform-g03-eks",
    ]
    assert len({env.state_key("core") for env in environments}) == 3
    # Names derived from the prefix follow it (the sample service's cache user).
    for env in environments:
        (service,) = env.services
        assert service.data_access.cache_users == env.redis_iam_users[:1]


def test_slope_is_seconds_per_added_environment() -> None:
    assert _bench().slope([(1, 8.0), (5, 10.0), (10, 12.5), (20, 17.5)]) == pytest.approx(
        0.5, abs=0.01
    )
