"""The image tag of each service in each environment, kept in ``releases.toml``.

Tags are data a service's pipeline changes, not configuration a platform engineer
reviews: they live in a file of their own, one ``service = "tag"`` line per service under
an ``[environment]`` table, so that a release is a one-line, machine-made commit
(``platform-cdktf release set-tag``) and a review of ``dev.py`` or ``prod.py`` never
mixes with releases.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ConfigError

RELEASES_FILE = "releases.toml"
"""Name of the releases file in this package."""

Releases = dict[str, dict[str, str]]
"""Environment -> service -> image tag."""


def releases_path() -> Path:
    """Where ``releases.toml`` lives (the source tree, or the installed package)."""
    return Path(str(resources.files(__package__).joinpath(RELEASES_FILE)))


def parse_releases(text: str, *, source: str = RELEASES_FILE) -> Releases:
    """The tags of ``text``, or :class:`ConfigError` naming what is malformed."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError.of(source, [f"not valid TOML: {error}"]) from None
    problems = []
    releases: Releases = {}
    for environment, services in document.items():
        if not isinstance(services, dict):
            problems.append(f'{environment}: expected a table [{environment}] of service = "tag"')
            continue
        releases[environment] = {}
        for service, tag in services.items():
            if not isinstance(tag, str):
                problems.append(f"{environment}.{service} = {tag!r}: expected a tag string")
                continue
            releases[environment][service] = tag
    if problems:
        raise ConfigError.of(source, problems)
    return releases


@cache
def load_releases() -> Releases:
    """Every environment's tags, read once per process."""
    return parse_releases(releases_path().read_text(encoding="utf-8"))


def release_tag(environment: str, service: str) -> str:
    """The image tag of ``service`` in ``environment``; a :class:`ConfigError` names the
    file and the missing line."""
    tag = load_releases().get(environment, {}).get(service)
    if tag is None:
        raise ConfigError.of(
            RELEASES_FILE,
            [
                f"no tag for service {service!r} in [{environment}]: add the line "
                f'{service} = "<tag>" under [{environment}]'
            ],
        )
    return tag
