"""``platform-cdktf smoke``: load the environment, check, report, exit."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable

from platform_cdktf.environments import ConfigError, load_environment

from .checks import CheckResult
from .http_probe import Probe, https_probe
from .report import EXIT_USAGE, exit_code, render
from .run import run_until_healthy
from .runner import (
    CommandFailedError,
    Runner,
    SubprocessRunner,
    ToolMissingError,
    require_tools,
    with_kubeconfig,
    write_kubeconfig,
)
from .targets import smoke_targets


def smoke(
    environment: str,
    *,
    wait_seconds: float,
    kubeconfig: str | None = None,
    interval_seconds: float = 15.0,
    echo: Callable[[str], None] = print,
    echo_error: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    runner: Runner | None = None,
    probe: Probe = https_probe,
    which: Callable[[str], str | None] = shutil.which,
    sleep: Callable[[float], None] = time.sleep,
    kubeconfig_writer: Callable[[str, str, str], None] = write_kubeconfig,
) -> int:
    """Check ``environment``'s cluster and services; print the report; the exit status
    (0 healthy, 1 a check failed, 2 a usage or configuration error).

    With ``kubeconfig``, a kubeconfig for the environment's cluster is first written to
    that file (``aws eks update-kubeconfig``) and ``kubectl`` uses it, so no kubeconfig
    context has to be chosen beforehand. The report goes to ``echo``, progress and usage
    errors to ``echo_error``.
    """
    try:
        targets = smoke_targets(load_environment(environment))
    except ConfigError as error:
        echo_error(f"error: {error}")
        return EXIT_USAGE
    try:
        require_tools(targets.cluster_name, targets.region, which=which)
    except ToolMissingError as error:
        echo_error(f"error: {error}")
        return EXIT_USAGE

    runner = runner or SubprocessRunner()
    if kubeconfig is not None:
        try:
            kubeconfig_writer(targets.cluster_name, targets.region, kubeconfig)
        except (CommandFailedError, ToolMissingError) as error:
            echo_error(f"error: cannot write a kubeconfig for {targets.cluster_name}: {error}")
            return EXIT_USAGE
        runner = with_kubeconfig(runner, kubeconfig)

    def progress(results: list[CheckResult]) -> None:
        failing = ", ".join(f"{r.check} {r.target}" for r in results if r.failed)
        echo_error(f"waiting: {failing}")

    try:
        results = run_until_healthy(
            targets,
            runner,
            probe,
            wait_seconds=wait_seconds,
            interval_seconds=interval_seconds,
            progress=progress,
            sleep=sleep,
        )
    except ToolMissingError as error:  # removed from PATH while running
        echo_error(f"error: {error}")
        return EXIT_USAGE
    echo(render(environment, results))
    return exit_code(results)
