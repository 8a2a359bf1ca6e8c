"""Atomic synthesis for any cdktf app: the platform's and a consumer's alike.

:func:`run` is what an app's ``main.py`` calls. It composes the stacks into a staging
directory and swaps it into place only when synthesis succeeded, so a failure part-way
leaves the previous output untouched; invalid settings or props (:class:`SettingsError`)
and guardrail errors exit with status 2, one line per problem, and nothing written.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from cdktf import App

from platform_cdktf.modules.shared.settings import SettingsError

from . import guardrails

DEFAULT_OUTDIR = "cdktf.out"
"""Where synthesized stacks go unless the cdktf CLI passes ``CDKTF_OUTDIR``."""

EXIT_INVALID = 2
"""Exit status of an app whose settings or props are invalid."""


class LocalStateInOutputError(RuntimeError):
    """The output directory holds Terraform state that re-synthesis would delete."""


OutputCheck = Callable[[Path], Sequence[str]]
"""A check of the synthesized stacks (given the ``stacks`` directory): its problems."""


class OutputCheckError(Exception):
    """An output check found problems; nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def synthesize(
    outdir: Path, compose: Callable[[App], object], *, check: OutputCheck | None = None
) -> Path:
    """Compose stacks with ``compose(app)`` and synthesize them into ``outdir``, atomically.

    The app writes into a staging directory beside ``outdir``; the guardrails pack then
    checks every stack there (report in ``<outdir>-guardrails/``), and the staging
    directory replaces ``outdir`` only if no guardrail error remains. Any exception (an
    invalid prop or a guardrail error included) removes the staging directory and leaves
    ``outdir`` as it was. ``check`` (if given) then runs on the staged stacks, and any
    problem it returns is an :class:`OutputCheckError`, with the same effect.
    """
    outdir = outdir.resolve()
    if outdir.exists():
        _refuse_to_delete_state(outdir)  # before any work: nothing to undo
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.staging-", dir=outdir.parent))
    try:
        # Stack traces in the "//" metadata would embed this machine's paths in the output.
        app = App(outdir=str(staging), stack_traces=False)
        compose(app)
        app.synth()
        guardrails.check(staging, outdir)
        if check is not None and (problems := check(staging / "stacks")):
            raise OutputCheckError(problems)
        _replace_directory(staging, outdir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return outdir


def run(
    compose: Callable[[App], object],
    *,
    outdir: Path | None = None,
    check: OutputCheck | None = None,
) -> int:
    """Synthesize an app (see :func:`synthesize`) and return its exit status: 0, or 2 with
    the problems on stderr when a settings model or props object is invalid, a
    guardrail error remains or ``check`` finds a problem.

    ``outdir`` defaults to ``$CDKTF_OUTDIR`` (set by ``cdktf synth``), else ``cdktf.out``.
    Build settings inside ``compose`` so that their errors are reported here too.
    """
    target = outdir or Path(os.environ.get("CDKTF_OUTDIR", DEFAULT_OUTDIR))
    try:
        synthesize(target, compose, check=check)
    except SettingsError as error:
        report_invalid(error)
        return EXIT_INVALID
    except guardrails.GuardrailsError as error:
        guardrails.report_errors(error)
        return EXIT_INVALID
    except OutputCheckError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("Nothing was synthesized.", file=sys.stderr)
        return EXIT_INVALID
    return 0


def report_invalid(error: SettingsError) -> None:
    """Print an invalid-settings error as the apps do: one problem per line."""
    print(f"error: {error}", file=sys.stderr)
    print("Nothing was synthesized. Fix the values above and retry.", file=sys.stderr)


def _refuse_to_delete_state(target: Path) -> None:
    state_files = [
        path
        for path in target.rglob("*.tfstate*")
        if ".terraform" not in path.relative_to(target).parts
    ]
    if state_files:
        listed = ", ".join(str(path) for path in sorted(state_files))
        raise LocalStateInOutputError(
            f"{target} holds Terraform state ({listed}); re-synthesizing would delete it. "
            "Move it out (or migrate it into the S3 backend) and synthesize again."
        )


def _replace_directory(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    _refuse_to_delete_state(target)
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    new.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
