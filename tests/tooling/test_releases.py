"""``platform-cdktf release set-tag``: one line changes, or nothing does."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.environments.releases import parse_releases, releases_path
from platform_cdktf.tooling.cli import app
from platform_cdktf.tooling.releases import EXIT_ERROR, ReleaseError, set_tag

RELEASES = """\
# Image tags, one line per service per environment.

[dev]
sample-service = "0.1.0"
billing = "1.4.2"  # pinned while the migration runs

[prod]
sample-service = "0.1.0"
billing = "1.4.1"
"""


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    path = tmp_path / "releases.toml"
    path.write_text(RELEASES)
    return path


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_set_tag_changes_exactly_one_line(releases: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "release",
            "set-tag",
            "--environment",
            "dev",
            "--service",
            "sample-service",
            "--tag",
            "0.2.0",
            "--file",
            str(releases),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "0.1.0 -> 0.2.0" in result.output
    assert _changed_lines(RELEASES, releases.read_text()) == [
        '-sample-service = "0.1.0"',
        '+sample-service = "0.2.0"',
    ]
    # The same service in prod is another line, untouched.
    assert parse_releases(releases.read_text())["prod"]["sample-service"] == "0.1.0"


def test_set_tag_keeps_a_trailing_comment(releases: Path) -> None:
    set_tag(releases, environment="dev", service="billing", tag="1.5.0")
    assert _changed_lines(RELEASES, releases.read_text()) == [
        '-billing = "1.4.2"  # pinned while the migration runs',
        '+billing = "1.5.0"  # pinned while the migration runs',
    ]


def test_the_same_tag_again_writes_nothing(releases: Path) -> None:
    before = releases.stat().st_mtime_ns
    change = set_tag(releases, environment="prod", service="billing", tag="1.4.1")
    assert not change.changed
    assert releases.read_text() == RELEASES
    assert releases.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--environment", "qa", "--service", "sample-service", "--tag", "1.0.0"],
            "unknown environment 'qa'",
        ),
        (
            ["--environment", "dev", "--service", "orders", "--tag", "1.0.0"],
            "unknown service 'orders'",
        ),
        (
            ["--environment", "dev", "--service", "sample-service", "--tag", "latest"],
            "not 'latest'",
        ),
        (
            ["--environment", "dev", "--service", "sample-service", "--tag", "-bad"],
            "expected an image tag",
        ),
    ],
)
def test_refused_changes_exit_non_zero_and_leave_the_file(
    releases: Path, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["release", "set-tag", *arguments, "--file", str(releases)])
    assert result.exit_code == EXIT_ERROR
    assert message in result.output
    assert releases.read_text() == RELEASES


def test_a_line_it_cannot_rewrite_safely_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "releases.toml"
    text = '[dev]\nsample-service = """0.1.0"""\n'
    path.write_text(text)
    with pytest.raises(ReleaseError, match="expected one plain line"):
        set_tag(path, environment="dev", service="sample-service", tag="0.2.0")
    assert path.read_text() == text


def test_the_committed_releases_file_names_every_configured_service(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    releases = parse_releases(releases_path().read_text())
    for config in (dev_config, prod_config):
        names = {service.name for service in config.services}
        assert names <= set(releases[config.name]), config.name


def test_the_environments_take_their_image_tags_from_the_releases_file(
    dev_config: EnvironmentConfig,
) -> None:
    releases = parse_releases(releases_path().read_text())
    (service,) = dev_config.services
    assert service.image.tag == releases["dev"]["sample-service"]
