"""The delivery contract and the bootstrap's delivery settings: names, subjects, validation."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.environments import BootstrapConfig, load_bootstrap
from platform_cdktf.modules.github_oidc import GithubDelivery, GithubOidcSettings
from platform_cdktf.modules.shared.settings import SettingsError

REPOSITORY_EXPECTED = (
    "expected owner/name, e.g. octo-org/platform (owner: letters, digits and single "
    "hyphens; name: letters, digits, . _ -)"
)
DELIVERY = GithubDelivery(repository="octo-org/platform", repository_id=456, owner_id=123)


def _lines(model: type[Any], **values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        model(**values)
    return caught.value.lines


def test_defaults() -> None:
    settings = GithubOidcSettings()
    assert settings.environments == ("dev", "prod")
    assert settings.max_session_duration_seconds == 7200
    assert settings.existing_provider_arn is None


def test_names_and_subject_of_an_environment() -> None:
    assert DELIVERY.plan_role_name("dev") == "platform-github-dev-plan"
    assert DELIVERY.apply_role_name("prod") == "platform-github-prod-apply"
    assert DELIVERY.boundary_policy_name("dev") == "platform-github-dev-boundary"
    assert (
        DELIVERY.boundary_policy_arn("dev", partition="aws-cn", account_id="111122223333")
        == "arn:aws-cn:iam::111122223333:policy/platform-github-dev-boundary"
    )
    assert DELIVERY.subject("dev-plan", "refs/heads/main") == (
        "repository_owner_id:123:repository_id:456:environment:dev-plan:ref:refs/heads/main"
    )


@pytest.mark.parametrize(
    "repository",
    ["octo-org/", "octo-org/*", "-octo/platform", "octo-org/platform/extra", "octo-org/.."],
)
def test_invalid_repository_is_rejected(repository: str) -> None:
    lines = _lines(GithubDelivery, repository=repository, repository_id=1, owner_id=1)
    assert lines == (f"GithubDelivery.repository = {repository!r}: {REPOSITORY_EXPECTED}",)


@pytest.mark.parametrize("field", ["repository_id", "owner_id"])
def test_ids_must_be_positive(field: str) -> None:
    values: dict[str, Any] = {"repository": "octo-org/platform", "repository_id": 1, "owner_id": 1}
    lines = _lines(GithubDelivery, **{**values, field: 0})
    assert len(lines) == 1
    assert lines[0].startswith(f"GithubDelivery.{field} = 0:")


@pytest.mark.parametrize(
    ("environments", "expected"),
    [
        (("dev", "bootstrap"), "expected an environment name other than 'bootstrap'"),
        (("dev", "dev"), "expected each name once"),
        (("Dev",), "lowercase"),
        ((), "at least 1"),
    ],
)
def test_invalid_environments_are_rejected(environments: tuple[str, ...], expected: str) -> None:
    (line,) = _lines(GithubOidcSettings, environments=environments)
    assert line.startswith("GithubOidcSettings.environments")
    assert expected in line


@pytest.mark.parametrize(
    ("seconds", "ok"), [(3599, False), (3600, True), (43200, True), (43201, False)]
)
def test_session_duration_inside_iam_bounds(seconds: int, ok: bool) -> None:
    if ok:
        assert GithubOidcSettings(max_session_duration_seconds=seconds)
    else:
        assert _lines(GithubOidcSettings, max_session_duration_seconds=seconds)


def test_existing_provider_must_be_an_iam_arn() -> None:
    arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    assert GithubOidcSettings(existing_provider_arn=arn).existing_provider_arn == arn
    (line,) = _lines(GithubOidcSettings, existing_provider_arn="arn:aws:s3:::bucket")
    assert "expected an IAM ARN" in line


def test_bootstrap_config_names_the_field_path_of_invalid_delivery() -> None:
    values = load_bootstrap().model_dump()
    with pytest.raises(ValueError, match="invalid settings") as caught:
        BootstrapConfig.model_validate({**values, "delivery": {"environments": ["bootstrap"]}})
    assert (
        "BootstrapConfig.delivery.environments[0] = 'bootstrap': expected an environment name "
        "other than 'bootstrap'"
    ) in str(caught.value)
