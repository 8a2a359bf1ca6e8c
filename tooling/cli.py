"""The ``platform-cdktf`` command line.

Commands here must start fast: they import neither cdktf nor the provider packages (which
take seconds to load). A command that needs them imports them inside its own function.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from platform_cdktf.tooling import plan_review

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


@app.command("plan-review")
def plan_review_command(
    plan_json: Annotated[
        list[Path],
        typer.Argument(
            metavar="PLAN_JSON",
            help="Output of `terraform show -json PLANFILE`, one file per stack.",
            show_default=False,
        ),
    ],
    allow_destroy: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-destroy",
            metavar="[STACK:]ADDRESS",
            help=(
                "Accept the deletion or replacement of this stateful resource (repeatable). "
                "A bare address applies in every stack; prefix STACK: to limit it to one."
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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Write the Markdown to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Summarize Terraform plans as Markdown for a pull-request comment.

    Exit status: 0 when nothing dangerous is planned; 2 when a stateful resource would be
    destroyed or replaced without --allow-destroy; 1 when a file is missing or is not a
    plan.
    """
    names = stack or []
    if names and len(names) != len(plan_json):
        raise _fail(
            f"--stack was given {len(names)} time(s) for {len(plan_json)} plan file(s); "
            "give it once per plan file, or not at all"
        )
    stacks: list[plan_review.StackPlan] = []
    for index, path in enumerate(plan_json):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise _fail(f"{path}: no such file") from None
        except OSError as error:
            raise _fail(f"{path}: cannot read: {error.strerror or error}") from None
        name = names[index] if names else plan_review.stack_name_for(path.absolute())
        try:
            document = plan_review.load_plan(data)
            stacks.append(plan_review.parse_stack_plan(document, stack=name))
        except plan_review.PlanError as error:
            raise _fail(f"{path}: {error}") from None
    review = plan_review.Review(
        stacks=tuple(stacks),
        allowances=tuple(plan_review.Allowance.parse(text) for text in allow_destroy or []),
    )
    markdown = plan_review.render_markdown(review)
    if output is None:
        typer.echo(markdown, nl=False)
    else:
        try:
            output.write_text(markdown, encoding="utf-8")
        except OSError as error:
            raise _fail(f"{output}: cannot write: {error.strerror or error}") from None
    if blocking := review.blocking_changes:
        # A one-line verdict for the CI log, whether the Markdown went to stdout or a file.
        addresses = ", ".join(f"{item.stack}:{item.change.address}" for item in blocking)
        typer.echo(
            f"plan-review: stateful resources destroyed or replaced: {addresses} "
            "(allow each with --allow-destroy)",
            err=True,
        )
    raise typer.Exit(review.exit_code)


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
