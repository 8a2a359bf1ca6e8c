"""Environment variants in real stacks: the shipped configurations with one option
changed, synthesized as core and platform stacks and validated like the shipped ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cdktf import App

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.stacks.core import CoreStack
from platform_cdktf.stacks.platform import PlatformStack
from tests.support.terraform import assert_valid_without_warnings, cli_config, init_and_validate


def environment_stacks(configs: Sequence[EnvironmentConfig]) -> Callable[[App], None]:
    """A composition of each configuration's core and platform stacks (for
    ``stacks.synthesis.synthesize``)."""

    def compose(app: App) -> None:
        for config in configs:
            CoreStack(app, config=config)
            PlatformStack(app, config=config)

    return compose


def assert_stack_validates(outdir: Path, stack: str, workdir: Path) -> None:
    """``terraform init -backend=false`` and ``validate`` of one synthesized stack, in
    ``workdir``, without errors or warnings."""
    source = outdir / "stacks" / stack / "cdk.tf.json"
    (workdir / "cdk.tf.json").write_bytes(source.read_bytes())
    assert_valid_without_warnings(init_and_validate(workdir, cli_config(workdir)))
