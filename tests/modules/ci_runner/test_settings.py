"""What a runner may be: managed images, compute types and timeouts CodeBuild accepts, and
a connection named by a well-formed ARN."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.ci_runner import CiRunnerSettings
from platform_cdktf.modules.shared.settings import SettingsError

CONNECTION = (
    "arn:aws:codeconnections:us-east-1:111122223333:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
)


def _lines(**settings: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        CiRunnerSettings(**settings)
    return caught.value.lines


def test_defaults_are_a_small_amazon_linux_runner_with_a_created_connection() -> None:
    settings = CiRunnerSettings()
    assert settings.enabled is True
    assert settings.compute_type == "BUILD_GENERAL1_SMALL"
    assert settings.image == "aws/codebuild/amazonlinux-x86_64-standard:5.0"
    assert settings.environment_type == "LINUX_CONTAINER"
    assert settings.build_timeout_minutes == 120
    assert settings.log_retention_days == 365
    assert settings.connection_arn is None


@pytest.mark.parametrize("minutes", [5, 2160])
def test_build_timeout_bounds_are_codebuilds(minutes: int) -> None:
    assert CiRunnerSettings(build_timeout_minutes=minutes).build_timeout_minutes == minutes


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(4, "greater than or equal to 5"), (2161, "less than or equal to 2160")],
)
def test_build_timeout_outside_codebuilds_bounds_is_refused(minutes: int, expected: str) -> None:
    (line,) = _lines(build_timeout_minutes=minutes)
    assert line.startswith(f"CiRunnerSettings.build_timeout_minutes = {minutes}: ")
    assert expected in line


@pytest.mark.parametrize("compute_type", ["BUILD_GENERAL1_TINY", "BUILD_LAMBDA_1GB"])
def test_compute_types_codebuild_or_the_runner_cannot_use_are_refused(compute_type: str) -> None:
    (line,) = _lines(compute_type=compute_type)
    assert line.startswith(f"CiRunnerSettings.compute_type = {compute_type!r}: ")
    assert "BUILD_GENERAL1_SMALL" in line


def test_an_image_outside_the_managed_list_is_refused() -> None:
    (line,) = _lines(image="ubuntu:latest")
    assert line.startswith("CiRunnerSettings.image = 'ubuntu:latest': ")
    assert "aws/codebuild/amazonlinux-x86_64-standard:5.0" in line


@pytest.mark.parametrize(
    "arn",
    [
        CONNECTION,
        CONNECTION.replace("codeconnections", "codestar-connections"),
        CONNECTION.replace("arn:aws:", "arn:aws-us-gov:").replace("us-east-1", "us-gov-west-1"),
    ],
)
def test_connection_arns_of_either_service_name_are_accepted(arn: str) -> None:
    assert CiRunnerSettings(connection_arn=arn).connection_arn == arn


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:codeconnections:us-east-1:111122223333:connection/*",
        "arn:aws:codeconnections:us-east-1:111122223333:host/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        "arn:aws:iam::111122223333:role/github",
        "platform-dev-github",
    ],
)
def test_anything_but_a_connection_arn_is_refused(arn: str) -> None:
    (line,) = _lines(connection_arn=arn)
    assert line == (
        f"CiRunnerSettings.connection_arn = {arn!r}: expected the ARN of a CodeConnections "
        "connection, e.g. arn:aws:codeconnections:us-east-1:123456789012:connection/<uuid>"
    )
