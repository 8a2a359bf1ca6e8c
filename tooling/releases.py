"""``platform-cdktf release``: change a service's image tag as a one-line, machine-made edit.

A service's pipeline, after pushing an image, runs::

    platform-cdktf release set-tag --environment dev --service sample-service --tag 0.2.0

and commits ``environments/releases.toml``: exactly one line changes, the one under
``[dev]`` that names ``sample-service``. Comments, order and every other line stay as
they are, so the commit is reviewable at a glance and two services' releases never
conflict. Anything unexpected (an unknown environment or service, a malformed tag, a
line it cannot rewrite safely) is an error naming the problem; the file is then left
untouched.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

RELEASES_FILE = Path("environments/releases.toml")
"""Default file, relative to the checkout the pipeline runs in."""
EXIT_ERROR = 2
"""Exit status of a refused change (as the other commands' usage errors)."""

_TABLE = re.compile(r"\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?")
_ENTRY = r'(?P<lead>\s*"?{key}"?\s*=\s*)"(?P<tag>[^"\\]*)"(?P<trail>\s*(#.*)?)'


class ReleaseError(ValueError):
    """A tag change that was refused; the file is unchanged."""


@dataclass(frozen=True)
class TagChange:
    """What :func:`set_tag` did."""

    environment: str
    service: str
    old: str
    new: str
    line: int
    """1-based number of the changed line."""

    @property
    def changed(self) -> bool:
        """Whether the tag differs from the one already there."""
        return self.old != self.new


def set_tag(path: Path, *, environment: str, service: str, tag: str) -> TagChange:
    """Rewrite the tag of ``service`` under ``[environment]`` in ``path``: one line, in
    place. Raises :class:`ReleaseError` (file untouched) when the environment, service
    or tag is wrong or the line is not a plain ``service = "tag"``."""
    # Imported here: the CLI's other commands must not pay for the settings models.
    from platform_cdktf.modules.service.settings import check_image_tag  # noqa: PLC0415

    try:
        check_image_tag(tag)
    except ValueError as error:
        raise ReleaseError(f"tag {tag!r}: {error}") from None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ReleaseError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReleaseError(f"{path} is not valid TOML: {error}") from None
    environments = sorted(key for key, value in document.items() if isinstance(value, dict))
    if environment not in environments:
        raise ReleaseError(
            f"unknown environment {environment!r} in {path}; expected one of {environments}"
        )
    services = sorted(document[environment])
    if service not in services:
        raise ReleaseError(
            f"unknown service {service!r} in [{environment}] of {path}; expected one of "
            f"{services} (a new service gets its line by hand, with its configuration)"
        )
    lines = text.splitlines(keepends=True)
    entry = re.compile(_ENTRY.format(key=re.escape(service)))
    table: str | None = None
    found: list[tuple[int, re.Match[str]]] = []
    for number, line in enumerate(lines):
        header = _TABLE.fullmatch(line.rstrip("\r\n"))
        if header:
            table = header[1]
            continue
        match = entry.fullmatch(line.rstrip("\r\n"))
        if table == environment and match:
            found.append((number, match))
    if len(found) != 1:
        raise ReleaseError(
            f'expected one plain line {service} = "<tag>" under [{environment}] in {path}, '
            f"found {len(found)}; fix the file by hand"
        )
    number, match = found[0]
    old = match["tag"]
    change = TagChange(environment, service, old, tag, number + 1)
    if not change.changed:
        return change
    line = lines[number]
    ending = line[len(line.rstrip("\r\n")) :]
    lines[number] = f'{match["lead"]}"{tag}"{match["trail"]}{ending}'
    updated = "".join(lines)
    if tomllib.loads(updated)[environment][service] != tag:  # pragma: no cover - defensive
        raise ReleaseError("the rewritten file does not hold the new tag; nothing written")
    _write_atomically(path, updated)
    return change


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one rename, so that an interrupted run leaves the old file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


release_app = typer.Typer(
    name="release",
    help="Image tags of the services (environments/releases.toml).",
    no_args_is_help=True,
)


@release_app.command("set-tag")
def set_tag_command(
    *,
    environment: Annotated[
        str, typer.Option(help="Environment table, e.g. dev.", show_default=False)
    ],
    service: Annotated[
        str, typer.Option(help="Service name, e.g. sample-service.", show_default=False)
    ],
    tag: Annotated[str, typer.Option(help="The new image tag, e.g. 0.2.0.", show_default=False)],
    file: Annotated[Path, typer.Option(help="The releases file.", dir_okay=False)] = RELEASES_FILE,
) -> None:
    """Set one service's image tag in one environment: exactly one line changes."""
    try:
        change = set_tag(file, environment=environment, service=service, tag=tag)
    except ReleaseError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    if change.changed:
        typer.echo(f"{file}:{change.line}: [{environment}] {service} {change.old} -> {change.new}")
    else:
        typer.echo(f"{file}:{change.line}: [{environment}] {service} already at {change.new}")
