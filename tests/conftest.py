"""Session fixtures: the whole app is synthesized once, in this process, and shared.

Importing the provider packages costs seconds per process, so every test that needs
synthesized JSON reads it from the session's output instead of synthesizing again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from platform_cdktf.environments import (
    EnvironmentConfig,
    load_bootstrap,
    load_environment,
    load_environments,
)
from platform_cdktf.stacks import fast_imports

# Before platform_cdktf.stacks.app, the first import of a provider package in the session:
# the session then imports provider submodules on demand, as `python main.py` does
# (PLATFORM_FAST_IMPORTS=0 restores the stock, eager imports).
fast_imports.install()

from platform_cdktf.stacks.app import synthesize  # noqa: E402
from tests.support.synth import StackJson, load_stacks  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent


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
    return synthesize(outdir, environments=load_environments(), bootstrap=load_bootstrap())


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
