"""Registry settings: repository names, lifecycle numbers, duplicates, the CI source, and
the repository of a service image."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.registry.settings import (
    RegistrySettings,
    RepositorySettings,
    ServiceSource,
    ecr_repository_name,
)
from platform_cdktf.modules.shared.settings import SettingsError

SOURCE = {"repository": "acme/sample-service", "repository_id": 7, "owner_id": 9}


def _lines(model: type[Any], **values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        model(**values)
    return caught.value.lines


def test_defaults() -> None:
    settings = RegistrySettings()
    assert settings.repositories == ()
    assert settings.keep_tagged_images == 30
    assert settings.untagged_expiry_days == 7
    assert settings.scan_type == "BASIC"
    source = ServiceSource(**SOURCE)
    assert source.release_ref == "refs/heads/main"
    assert source.github_environment == "release"


@pytest.mark.parametrize("name", ["sample-service", "team/app", "a.b_c-d/e2", "ab"])
def test_valid_repository_names(name: str) -> None:
    assert RepositorySettings(name=name).name == name


@pytest.mark.parametrize(
    "name",
    ["Sample", "a", "-app", "app-", "team//app", "app--x", "app:1", "app/", "x" * 257],
)
def test_bad_repository_names(name: str) -> None:
    (line,) = _lines(RepositorySettings, name=name)
    expected = "expected an ECR repository name: 2-256"
    assert line.startswith(f"RepositorySettings.name = {name!r}: {expected}")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("keep_tagged_images", 0, "greater than or equal to 1"),
        ("keep_tagged_images", 10001, "less than or equal to 10000"),
        ("untagged_expiry_days", 0, "greater than or equal to 1"),
        ("scan_type", "CONTINUOUS", "'BASIC' or 'ENHANCED'"),
    ],
)
def test_bad_lifecycle_and_scanning(field: str, value: Any, expected: str) -> None:
    (line,) = _lines(RegistrySettings, **{field: value})
    assert line.startswith(f"RegistrySettings.{field} = {value!r}: ")
    assert expected in line


def test_duplicate_repositories_are_refused() -> None:
    (line,) = _lines(
        RegistrySettings,
        repositories=[{"name": "app"}, {"name": "other"}, {"name": "app"}],
    )
    assert line == "RegistrySettings.repositories[2].name = 'app': expected a unique name"


def test_repositories_whose_addresses_collide_are_refused() -> None:
    (line,) = _lines(RegistrySettings, repositories=[{"name": "team/app"}, {"name": "team-app"}])
    assert line == (
        "RegistrySettings.repositories[1].name = 'team-app': expected a name distinct from "
        "'team/app' once '/', '.' and '-' read as '_' (its Terraform addresses and outputs)"
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("release_ref", "refs/heads/*", "expected a branch ref such as refs/heads/main"),
        ("release_ref", "refs/tags/v1", "expected a branch ref such as refs/heads/main"),
        ("repository_id", 0, "greater than or equal to 1"),
        ("repository", "acme/*", "expected owner/name"),
        ("github_environment", "rel*", "no wildcards"),
    ],
)
def test_bad_sources(field: str, value: Any, expected: str) -> None:
    (line,) = _lines(ServiceSource, **{**SOURCE, field: value})
    assert line.startswith(f"ServiceSource.{field} = {value!r}: ")
    assert expected in line


@pytest.mark.parametrize(
    ("image", "repository"),
    [
        ("sample-service", "sample-service"),
        ("team/app", "team/app"),
        ("registry.example.com/team/app", None),
        ("localhost/app", None),
        ("localhost:5000/app", None),
        ("public.ecr.aws/nginx", None),
    ],
)
def test_ecr_repository_of_an_image(image: str, repository: str | None) -> None:
    assert ecr_repository_name(image) == repository
