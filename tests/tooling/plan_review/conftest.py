"""Fixtures of the plan-review tests: the real terraform plans, built once per package."""

from __future__ import annotations

import pytest

from tests.tooling.plan_review.builders import Plans, build_plans


@pytest.fixture(scope="package")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Plans:
    """The scenarios of ``builders``, planned by the real terraform (needs the provider)."""
    return build_plans(tmp_path_factory.mktemp("plan_review"))
