"""The ``platform-cdktf`` command line.

Commands here must start fast: they import neither cdktf nor the provider packages (which
take seconds to load). A command that needs them imports them inside its own function.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.plan_review.text import escape_invisible

app = typer.Typer(
    name="platform-cdktf",
    help="Operator tooling for the platform's Terraform stacks.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    # Tracebacks with local variables could print plan contents, secrets included.
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _commands() -> None:
    """Operator tooling for the platform's Terraform stacks."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(plan_review.EXIT_ERROR)


MIN_COMMENT_BUDGET = 2_000
"""Smallest --comment-budget: room for the title, the counts and a short list of findings."""


@app.command("plan-review")
def plan_review_command(
    plan_json: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PLAN_JSON",
            help="Output of `terraform show -json PLANFILE`, one file per stack.",
            show_default=False,
        ),
    ] = None,
    *,
    allow_destroy: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-destroy",
            metavar="[STACK:]ADDRESS",
            help=(
                "Accept the deletion, replacement or unprotecting update of this data-bearing "
                "resource (repeatable). A bare address applies in every stack; prefix STACK: "
                "to limit it to one."
            ),
            show_default=False,
        ),
    ] = None,
    stack: Annotated[
        list[str] | None,
        typer.Option(
            "--stack",
            help=(
                "Stack name, once per plan file in the same order "
                "(default: from the file name, else its directory: stacks/prod-core/plan.json)."
            ),
            show_default=False,
        ),
    ] = None,
    missing_stack: Annotated[
        list[str] | None,
        typer.Option(
            "--missing-stack",
            metavar="STACK",
            help=(
                "A stack whose plan is missing (its plan job failed): the review says so "
                "and exits 1 (repeatable)."
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Write the whole review to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
    comment: Annotated[
        Path | None,
        typer.Option(
            "--comment",
            dir_okay=False,
            help=(
                "Also write the review cut to --comment-budget characters (findings first "
                "and never cut, then a truncation notice) for a PR comment or job summary."
            ),
            show_default=False,
        ),
    ] = None,
    comment_budget: Annotated[
        int,
        typer.Option(
            "--comment-budget",
            min=MIN_COMMENT_BUDGET,
            help=(
                "Characters --comment may take. The default leaves room under GitHub's "
                "65,536-character comment limit; a job summary can take "
                f"{plan_review.STEP_SUMMARY_BUDGET}."
            ),
        ),
    ] = plan_review.DEFAULT_COMMENT_BUDGET,
    full_review_at: Annotated[
        str,
        typer.Option(
            "--full-review-at",
            metavar="TEXT",
            help="Where a reader of a truncated --comment finds the whole review.",
        ),
    ] = "the file written by `--output`",
) -> None:
    """Summarize Terraform plans as Markdown for a pull-request comment.

    Exit status: 0 when nothing dangerous is planned; 2 when a data-bearing resource would
    be destroyed, replaced or unprotected without --allow-destroy; 1 when a file is
    missing or is not a plan, or a --missing-stack is given (the Markdown is still
    written for a missing stack).
    """
    files = plan_json or []
    names = stack or []
    if not files and not missing_stack:
        raise _fail("give at least one PLAN_JSON file (or --missing-stack)")
    if names and len(names) != len(files):
        raise _fail(
            f"--stack was given {len(names)} time(s) for {len(files)} plan file(s); "
            "give it once per plan file, or not at all"
        )
    stacks = [
        _read_stack_plan(path, names[index] if names else None) for index, path in enumerate(files)
    ]
    review = plan_review.Review(
        stacks=tuple(stacks),
        allowances=tuple(plan_review.Allowance.parse(text) for text in allow_destroy or []),
        missing=tuple(missing_stack or []),
    )
    markdown = plan_review.render_markdown(review)
    if output is None:
        typer.echo(markdown, nl=False)
    else:
        _write(output, markdown)
    if comment is not None:
        _write(
            comment,
            plan_review.render_comment(
                review, budget=comment_budget, full_review_at=full_review_at
            ),
        )
    if blocking := review.blocking_changes:
        # A one-line verdict for the CI log, whether the Markdown went to stdout or a file.
        addresses = ", ".join(f"{item.stack}:{item.change.address}" for item in blocking[:20])
        more = f" and {len(blocking) - 20} more" if len(blocking) > 20 else ""
        typer.echo(
            escape_invisible(
                f"plan-review: data-bearing resources destroyed, replaced or unprotected: "
                f"{addresses}{more} (allow each with --allow-destroy)"
            ),
            err=True,
        )
    if review.missing:
        typer.echo(
            escape_invisible(f"plan-review: no plan for {', '.join(review.missing)}"), err=True
        )
    raise typer.Exit(review.exit_code)


def _read_stack_plan(path: Path, name: str | None) -> plan_review.StackPlan:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(f"{path}: no such file") from None
    except OSError as error:
        raise _fail(f"{path}: cannot read: {error.strerror or error}") from None
    stack = name or plan_review.stack_name_for(path.absolute())
    try:
        return plan_review.parse_stack_plan(plan_review.load_plan(data), stack=stack)
    except plan_review.PlanError as error:
        raise _fail(f"{path}: {error}") from None
    except Exception as error:
        # One line, never a traceback; and only the type: the message of an unexpected
        # error could quote a plan value.
        raise _fail(f"{path}: cannot review this plan ({type(error).__name__})") from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"{path}: cannot write: {error.strerror or error}") from None


LOCAL_WORKSPACE = Path(".local")
"""Default workspace of the local emulator deployment (git ignores it)."""


def _local(workspace: Path) -> Any:
    # Imported on use: the other commands must not pay for it.
    from platform_cdktf.tooling.local import LocalDeployment  # noqa: PLC0415

    return LocalDeployment(workspace, project_root=Path.cwd(), report=typer.echo)


@app.command("up")
def up_command(
    port: Annotated[
        int | None,
        typer.Option(help="Loopback port for the emulator. Default: a free one."),
    ] = None,
    workspace: Annotated[
        Path, typer.Option(help="Where the emulator's state and the local stacks live.")
    ] = LOCAL_WORKSPACE,
) -> None:
    """Start the local AWS emulator and deploy `bootstrap` and `dev-core` into it."""
    from platform_cdktf.tooling.local import (  # noqa: PLC0415
        LocalDeploymentError,
        print_summary,
    )
    from platform_cdktf.tooling.terraform import terraform_binary  # noqa: PLC0415

    try:
        terraform_binary()
        summary = _local(workspace).up(port)
    except (LocalDeploymentError, FileNotFoundError) as error:
        raise _fail(str(error)) from None
    print_summary(summary, typer.echo)


@app.command("down")
def down_command(
    workspace: Annotated[Path, typer.Option(help="The workspace `up` used.")] = LOCAL_WORKSPACE,
) -> None:
    """Stop the local emulator and delete its workspace (all emulated resources go too)."""
    from platform_cdktf.tooling.local import LocalDeploymentError  # noqa: PLC0415

    try:
        stopped = _local(workspace).down()
    except LocalDeploymentError as error:
        raise _fail(str(error)) from None
    typer.echo("emulator stopped; workspace removed" if stopped else "no emulator was running")


@app.command(
    "local",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def local_command(
    context: typer.Context,
    workspace: Annotated[Path, typer.Option(help="The workspace `up` used.")] = LOCAL_WORKSPACE,
) -> None:
    """Run the cdktf CLI against the emulator of `up`: `platform-cdktf local -- diff dev-core`.

    The CLI gets the local target's sealed environment and the workspace as its output;
    `diff`, `deploy` and `destroy` are synthesized and checked first, then run with
    `--skip-synth --skip-provider-lock`. Exit status: the CLI's.
    """
    from platform_cdktf.tooling.local import LocalDeploymentError  # noqa: PLC0415

    try:
        status = _local(workspace).cdktf(context.args)
    except LocalDeploymentError as error:
        raise _fail(str(error)) from None
    raise typer.Exit(status)


def main() -> None:
    """Entry point of the ``platform-cdktf`` console script."""
    app()


if __name__ == "__main__":
    main()
