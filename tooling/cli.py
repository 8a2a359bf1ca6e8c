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
from platform_cdktf.tooling.releases import release_app

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
            metavar="STACK:ADDRESS",
            help=(
                "Accept the deletion, replacement or unprotecting update of this data-bearing "
                "resource in this stack (repeatable). A bare address is an error."
            ),
            show_default=False,
        ),
    ] = None,
    allowances: Annotated[
        Path | None,
        typer.Option(
            "--allowances",
            metavar="FILE",
            dir_okay=False,
            help=(
                "Allowance file: one STACK:ADDRESS a line, `#` comments (the committed "
                "deploy/allow-destroy.txt). Allowances of stacks not reviewed are ignored; "
                "those of a reviewed stack that match nothing are reported as stale."
            ),
            show_default=False,
        ),
    ] = None,
    from_review: Annotated[
        list[Path] | None,
        typer.Option(
            "--from-review",
            metavar="REVIEW_JSON",
            help=(
                "A masked review written by --review-json, reviewed as if it were its plans "
                "(repeatable; after any PLAN_JSON). No plan JSON needs to leave its job."
            ),
            show_default=False,
        ),
    ] = None,
    review_json: Annotated[
        Path | None,
        typer.Option(
            "--review-json",
            dir_okay=False,
            help="Also write the masked review as JSON (for --from-review; holds no secret).",
            show_default=False,
        ),
    ] = None,
    fingerprint: Annotated[
        Path | None,
        typer.Option(
            "--fingerprint",
            dir_okay=False,
            help=(
                "Also write a digest of the plans' masked changes: equal for two plans with "
                "the same reviewed changes, and revealing no sensitive value. PLAN_JSON only."
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
    be destroyed, replaced or unprotected without an allowance; 1 when a file is missing
    or is not a plan, an allowance is not STACK:ADDRESS, or a --missing-stack is given (the
    Markdown is still written for a missing stack).
    """
    files = plan_json or []
    names = stack or []
    if not files and not from_review and not missing_stack:
        raise _fail("give at least one PLAN_JSON file (or --from-review, --missing-stack)")
    if fingerprint is not None and (from_review or not files):
        raise _fail("--fingerprint needs the plans themselves: give PLAN_JSON, not --from-review")
    if names and len(names) != len(files):
        raise _fail(
            f"--stack was given {len(names)} time(s) for {len(files)} plan file(s); "
            "give it once per plan file, or not at all"
        )
    accepted = _allowances(allow_destroy or [], allowances)
    read = [
        _read_stack_plan(path, names[index] if names else None) for index, path in enumerate(files)
    ]
    stacks = [plan for _, plan in read]
    for path in from_review or []:
        stacks.extend(_read_review(path))
    seen = [plan.stack for plan in stacks]
    if duplicates := sorted({name for name in seen if seen.count(name) > 1}):
        raise _fail(f"stack(s) given more than once: {', '.join(duplicates)}")
    review = plan_review.Review(
        stacks=tuple(stacks),
        allowances=accepted,
        missing=tuple(missing_stack or []),
    )
    _write_handoff(read, review, fingerprint=fingerprint, review_json=review_json)
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
                f"{addresses}{more} (allow each with a STACK:ADDRESS line in the allowance file)"
            ),
            err=True,
        )
    if stale := review.unused_allowances:
        typer.echo(
            escape_invisible(
                "plan-review: stale allowances (they match no gated change): "
                + ", ".join(str(allowance) for allowance in stale[:20])
            ),
            err=True,
        )
    if review.missing:
        typer.echo(
            escape_invisible(f"plan-review: no plan for {', '.join(review.missing)}"), err=True
        )
    raise typer.Exit(review.exit_code)


def _write_handoff(
    read: list[tuple[dict[str, Any], plan_review.StackPlan]],
    review: plan_review.Review,
    *,
    fingerprint: Path | None,
    review_json: Path | None,
) -> None:
    """The files other jobs use: the fingerprint and the masked review (never plan JSON)."""
    if fingerprint is not None:
        try:
            digest = plan_review.plan_fingerprint(
                {plan.stack: (document, plan) for document, plan in read}
            )
        except plan_review.PlanError as error:
            raise _fail(f"cannot fingerprint the plan: {error}") from None
        _write(fingerprint, digest + "\n")
    if review_json is not None:
        _write(review_json, plan_review.review_json(review.stacks))


def _allowances(values: list[str], path: Path | None) -> tuple[plan_review.Allowance, ...]:
    try:
        parsed = [plan_review.Allowance.parse(text) for text in values]
    except plan_review.PlanError as error:
        raise _fail(f"--allow-destroy: {error}") from None
    if path is not None:
        try:
            parsed.extend(plan_review.Allowance.parse_file(_read_bytes(path).decode("utf-8")))
        except UnicodeDecodeError:
            raise _fail(f"{path}: not UTF-8 text") from None
        except plan_review.PlanError as error:
            raise _fail(f"{path}: {error}") from None
    return tuple(dict.fromkeys(parsed))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(f"{path}: no such file") from None
    except OSError as error:
        raise _fail(f"{path}: cannot read: {error.strerror or error}") from None


def _read_review(path: Path) -> tuple[plan_review.StackPlan, ...]:
    try:
        return plan_review.read_review_json(_read_bytes(path))
    except plan_review.PlanError as error:
        raise _fail(f"{path}: {error}") from None


def _read_stack_plan(path: Path, name: str | None) -> tuple[dict[str, Any], plan_review.StackPlan]:
    data = _read_bytes(path)
    stack = name or plan_review.stack_name_for(path.absolute())
    try:
        document = plan_review.load_plan(data)
        return document, plan_review.parse_stack_plan(document, stack=stack)
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


@app.command("crds")
def crds_command(
    chart: Annotated[
        str, typer.Argument(help="Pinned chart: `alb-controller` or `cluster-autoscaler`.")
    ],
    *,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Pull the chart and print, apply nothing.")
    ] = False,
    context: Annotated[
        str | None, typer.Option(help="kubectl context. Default: the current one.")
    ] = None,
) -> None:
    """Apply a pinned chart's CRDs (server-side) before upgrading its release: Helm
    installs `crds/` on first install only. See docs/crds.md."""
    from platform_cdktf.tooling import crds  # noqa: PLC0415

    try:
        crds.apply_crds(
            crds.chart_named(chart, crds.pinned_charts()),
            dry_run=dry_run,
            context=context,
            report=typer.echo,
        )
    except crds.CrdError as error:
        raise _fail(str(error)) from None


@app.command("smoke")
def smoke_command(
    environment: Annotated[
        str, typer.Option("--environment", "-e", help="Environment to check, e.g. `dev`.")
    ],
    wait: Annotated[
        float,
        typer.Option(
            min=0,
            help="Retry failing checks for up to this many seconds (a rollout continues "
            "after `terraform apply` returns); 0 checks once.",
        ),
    ] = 600,
    kubeconfig: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False,
            help="First write a kubeconfig for the environment's cluster to this file "
            "(`aws eks update-kubeconfig`) and use it. Default: kubectl's current context.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Verify a deployed environment after a platform apply: a Ready node in every zone,
    every EKS add-on ACTIVE, every service rolled out and answering its readiness path
    through its load balancer. Needs `kubectl` (pointed at the cluster by `aws eks
    update-kubeconfig`) and `aws`. Exit status: 0 healthy, 1 a check failed, 2 a usage
    error. See docs/smoke-check.md."""
    from platform_cdktf.tooling.smoke import smoke  # noqa: PLC0415

    raise typer.Exit(
        smoke(
            environment,
            wait_seconds=wait,
            kubeconfig=None if kubeconfig is None else str(kubeconfig),
            echo=typer.echo,
            echo_error=lambda message: typer.echo(message, err=True),
        )
    )


app.add_typer(release_app)


def main() -> None:
    """Entry point of the ``platform-cdktf`` console script."""
    app()


if __name__ == "__main__":
    main()
