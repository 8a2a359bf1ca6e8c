"""Session fixtures: the whole app is synthesized once, in this process, and shared.

Importing the provider packages costs seconds per process, so every test that needs
synthesized JSON reads it from the session's output instead of synthesizing again. The
tools `make test` provides (jsii's Node.js, the provider mirror, checkov) are discovered
here too, so that plain ``pytest`` behaves the same.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support import toolchain

REPO_ROOT = Path(__file__).resolve().parent.parent

# Before anything imports cdktf: jsii reads JSII_NODE when its runtime starts.
toolchain.configure(REPO_ROOT)
# No test depends on today's date: the Kubernetes support checks (settings validation and
# the K8S guardrails, here and in subprocesses) see the calendar's review day
# (platform_cdktf.modules.eks.calendar.CLOCK_VARIABLE).
os.environ["PLATFORM_SYNTHESIS_DATE"] = "2026-11-27"

import pytest  # noqa: E402

from platform_cdktf.environments import (  # noqa: E402
    EnvironmentConfig,
    load_accounts,
    load_bootstrap,
    load_environment,
    load_environments,
)
from platform_cdktf.modules.providers import install_fast_imports  # noqa: E402

# Before the first import of a provider package in the session: submodules then load on
# demand, as in `python main.py` (PLATFORM_FAST_IMPORTS=0 restores the stock imports).
install_fast_imports()

from platform_cdktf.stacks.app import PlatformApp, synthesize_platform  # noqa: E402
from tests.support.delivery_identities import (  # noqa: E402
    delivered_bootstrap,
    delivered_environments,
)
from tests.support.synth import StackJson, load_stacks  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules marked ``heavy`` first, the rest in file order.

    ``make unit`` hands whole modules to worker processes in collection order
    (``--dist loadfile --no-loadscope-reorder``): a module that spends minutes waiting on a
    deployment or an install then starts at once and overlaps everything else, instead of
    starting last and being the tail of the run.
    """
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


@pytest.fixture(scope="session")
def dev_config() -> EnvironmentConfig:
    return load_environment("dev")


@pytest.fixture(scope="session")
def prod_config() -> EnvironmentConfig:
    return load_environment("prod")


@pytest.fixture(scope="session")
def synth_outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every stack of every environment, synthesized exactly as ``main.py`` does."""
    outdir = tmp_path_factory.mktemp("synth") / "cdktf.out"
    environments = load_environments()
    platform = PlatformApp(
        environments=environments,
        bootstrap=load_bootstrap(),
        accounts=load_accounts(environments),
    )
    return synthesize_platform(outdir, platform)


@pytest.fixture(scope="session")
def delivery_outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every stack with GitHub delivery configured (tests/support/delivery_identities.py)."""
    outdir = tmp_path_factory.mktemp("synth-delivery") / "cdktf.out"
    platform = PlatformApp(environments=delivered_environments(), bootstrap=delivered_bootstrap())
    return synthesize_platform(outdir, platform)


@pytest.fixture(scope="session")
def delivery_stacks(delivery_outdir: Path) -> dict[str, StackJson]:
    """Parsed ``cdk.tf.json`` of every delivery-configured stack, by stack name."""
    return load_stacks(delivery_outdir)


@pytest.fixture(scope="session")
def stacks(synth_outdir: Path) -> dict[str, StackJson]:
    """Parsed ``cdk.tf.json`` of every stack, by stack name."""
    return load_stacks(synth_outdir)


@pytest.fixture(scope="session")
def bootstrap_stack(stacks: dict[str, StackJson]) -> StackJson:
    return stacks["bootstrap"]


@pytest.fixture(scope="session")
def dev_core(stacks: dict[str, StackJson]) -> StackJson:
    return stacks["dev-core"]


@pytest.fixture(scope="session")
def prod_core(stacks: dict[str, StackJson]) -> StackJson:
    return stacks["prod-core"]
