"""Command line of the app: ``python main.py`` (which ``cdktf synth`` runs).

Configuration is loaded and validated before cdktf or any provider package is imported:
a bad configuration fails in about a second, with nothing written.
"""

from __future__ import annotations

import os
import sys

from platform_cdktf.environments import (
    ENVIRONMENT_NAMES,
    ConfigError,
    load_accounts,
    load_bootstrap,
    load_environments,
)

DEFAULT_OUTDIR = "cdktf.out"
"""Where synthesized stacks go unless the cdktf CLI passes ``CDKTF_OUTDIR``."""
EXIT_INVALID = 2
"""Exit status for invalid configuration (the same as :data:`.synthesis.EXIT_INVALID`)."""

ENVIRONMENT_VARIABLE = "PLATFORM_ENVIRONMENTS"
"""Comma-separated environment names to synthesize (default: all). ``bootstrap`` is
always synthesized."""
TARGET_VARIABLE = "PLATFORM_TARGET"
"""``aws`` (default) or ``local``: the local AWS emulator, see ``make up``."""
EMULATOR_VARIABLE = "PLATFORM_EMULATOR_ENDPOINT"
"""Loopback URL of the emulator, required by the ``local`` target."""
LOCAL_DEFAULT_ENVIRONMENTS = ("dev",)
"""What the local target deploys unless ``PLATFORM_ENVIRONMENTS`` says otherwise."""
BOOTSTRAP_IN_S3_VARIABLE = "PLATFORM_BOOTSTRAP_STATE_IN_S3"
"""Set to ``1`` after the first bootstrap apply to move its state into the bucket."""


def selected_environment_names(value: str | None) -> tuple[str, ...]:
    """Parse the ``PLATFORM_ENVIRONMENTS`` value; empty means every environment."""
    if not value or not value.strip():
        return ENVIRONMENT_NAMES
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in ENVIRONMENT_NAMES]
    if unknown:
        raise ConfigError.of(
            ENVIRONMENT_VARIABLE,
            [
                f"{ENVIRONMENT_VARIABLE} = {value!r}: unknown environment(s) {unknown}; "
                f"expected a comma-separated subset of {list(ENVIRONMENT_NAMES)}"
            ],
        )
    return names


def main() -> int:
    """Entry point of ``python main.py`` (and so of ``cdktf synth``)."""
    target_name = os.environ.get(TARGET_VARIABLE, "aws") or "aws"
    if target_name not in ("aws", "local"):
        print(
            f"error: {TARGET_VARIABLE} = {target_name!r}: expected 'aws' or 'local'",
            file=sys.stderr,
        )
        return 2
    try:
        selection = os.environ.get(ENVIRONMENT_VARIABLE)
        if target_name == "local" and not selection:
            selection = ",".join(LOCAL_DEFAULT_ENVIRONMENTS)
        names = selected_environment_names(selection)
        environments = load_environments(names)
        bootstrap = load_bootstrap()
        accounts = load_accounts(environments)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        print(
            "Nothing was synthesized. Fix the configuration in environments/ and retry.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    # The provider packages are imported below, after `platform_cdktf.modules` (imported
    # by the environments) switched on their fast import: they load their submodules on
    # demand instead of all 2,000+ of them (PLATFORM_FAST_IMPORTS=0 turns this off).
    # Imported here, after validation: the provider packages take seconds to import.
    from .app import PlatformApp  # noqa: PLC0415 (deliberately lazy)
    from .synthesis import run  # noqa: PLC0415
    from .target import AWS_TARGET, local_target  # noqa: PLC0415

    target = AWS_TARGET
    if target_name == "local":
        try:
            target = local_target(os.environ.get(EMULATOR_VARIABLE, ""))
        except ValueError as error:
            print(f"error: {EMULATOR_VARIABLE}: {error}", file=sys.stderr)
            print("Nothing was synthesized. Start the emulator with `make up`.", file=sys.stderr)
            return EXIT_INVALID

    platform = PlatformApp(
        environments=environments,
        bootstrap=bootstrap,
        accounts=accounts,
        bootstrap_state_in_s3=os.environ.get(BOOTSTRAP_IN_S3_VARIABLE) == "1",
        target=target,
    )
    status = run(platform.compose, check=target.output_problems)
    if status != 0:
        return status
    kinds = ("core", "platform") if target.supports("platform_stack") else ("core",)
    stacks = ["bootstrap", *(account.config.stack_name for account in accounts)] + [
        f"{environment.name}-{kind}" for environment in environments for kind in kinds
    ]
    outdir = os.environ.get("CDKTF_OUTDIR", DEFAULT_OUTDIR)
    print(f"synthesized {', '.join(stacks)} into {outdir}", file=sys.stderr)
    return 0
