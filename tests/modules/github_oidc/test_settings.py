"""Which repository may plan and apply: repository, environments, branches, ARNs, session
duration and the ``sub`` claims they give."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.environments import BootstrapConfig, load_bootstrap
from platform_cdktf.modules.github_oidc import GithubOidcSettings
from platform_cdktf.modules.shared.settings import SettingsError

REPOSITORY = "example-org/platform-infrastructure"
REPOSITORY_EXPECTED = (
    "expected owner/name, e.g. example-org/platform (owner: letters, digits and single "
    "hyphens; name: letters, digits, . _ -)"
)
ENVIRONMENT_EXPECTED = "expected letters, digits, '.', '_' or '-' (no wildcards)"
BRANCH_EXPECTED = "expected a branch name such as main (without refs/heads/)"
ARN_EXPECTED = "expected an IAM ARN such as arn:aws:iam::123456789012:policy/name"


def _settings(**overrides: Any) -> GithubOidcSettings:
    return GithubOidcSettings(**{"repository": REPOSITORY, **overrides})


def _lines(**overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _settings(**overrides)
    return caught.value.lines


def test_defaults() -> None:
    settings = _settings()
    assert settings.environments == ("dev", "prod")
    assert settings.plan_branches == ("main",)
    assert settings.max_session_duration_seconds == 7200
    assert settings.existing_provider_arn is None
    assert settings.permissions_boundary_arn is None


def test_repository_is_required() -> None:
    with pytest.raises(SettingsError) as caught:
        GithubOidcSettings()  # type: ignore[call-arg]
    assert caught.value.lines == ("GithubOidcSettings.repository: required setting is missing",)


def test_subjects_of_the_plan_and_apply_roles() -> None:
    settings = _settings(plan_branches=("main", "release/1.x"), environments=("staging",))
    assert settings.plan_subjects == (
        f"repo:{REPOSITORY}:pull_request",
        f"repo:{REPOSITORY}:ref:refs/heads/main",
        f"repo:{REPOSITORY}:ref:refs/heads/release/1.x",
    )
    assert settings.apply_subjects == (f"repo:{REPOSITORY}:environment:staging",)


def test_without_plan_branches_only_pull_requests_may_plan() -> None:
    assert _settings(plan_branches=()).plan_subjects == (f"repo:{REPOSITORY}:pull_request",)


@pytest.mark.parametrize(
    "repository",
    [
        "a/b",
        "Example-Org/Platform.Infra_1",
        "example-org/.github",
        f"{'o' * 39}/platform",
        f"example-org/{'n' * 100}",
        "1org/2repo",
    ],
)
def test_good_repositories_are_accepted(repository: str) -> None:
    assert _settings(repository=repository).repository == repository


@pytest.mark.parametrize(
    "repository",
    [
        "platform-infrastructure",  # no owner
        "example-org/",  # no name
        "example-org/*",  # a wildcard would trust every repository of the owner
        "*/platform",
        "example-org/platform/extra",
        "-example/platform",  # owners cannot start with a hyphen
        "example-/platform",  # nor end with one
        "example--org/platform",
        "example-org/..",
        "example-org/.",
        "repo:example-org/platform",
        "example-org/platform:pull_request",
        f"{'o' * 40}/platform",
        f"example-org/{'n' * 101}",
        "example org/platform",
    ],
)
def test_invalid_repository_is_rejected(repository: str) -> None:
    assert _lines(repository=repository) == (
        f"GithubOidcSettings.repository = {repository!r}: {REPOSITORY_EXPECTED}",
    )


@pytest.mark.parametrize(
    "environments", [("prod",), ("dev", "staging", "prod"), ("prod.eu-1", "qa_2"), ("e" * 255,)]
)
def test_good_environments_are_accepted(environments: tuple[str, ...]) -> None:
    assert _settings(environments=environments).environments == environments


@pytest.mark.parametrize(
    ("environments", "line"),
    [
        (
            (),
            "environments = (): Tuple should have at least 1 item after validation, not 0",
        ),
        (("prod", "prod"), "environments = ('prod', 'prod'): expected each name once"),
        (("prod*",), f"environments[0] = 'prod*': {ENVIRONMENT_EXPECTED}"),
        (("dev", "pr?d"), f"environments[1] = 'pr?d': {ENVIRONMENT_EXPECTED}"),
        (("prod env",), f"environments[0] = 'prod env': {ENVIRONMENT_EXPECTED}"),
        (("e" * 256,), f"environments[0] = {'e' * 256!r}: {ENVIRONMENT_EXPECTED}"),
    ],
)
def test_invalid_environments_are_rejected(environments: tuple[str, ...], line: str) -> None:
    assert _lines(environments=environments) == (f"GithubOidcSettings.{line}",)


@pytest.mark.parametrize(
    "branches", [(), ("main",), ("release/1.2", "feature/x_y-z"), ("b" * 255,)]
)
def test_good_plan_branches_are_accepted(branches: tuple[str, ...]) -> None:
    assert _settings(plan_branches=branches).plan_branches == branches


@pytest.mark.parametrize(
    ("branches", "line"),
    [
        (("refs/heads/main",), f"plan_branches[0] = 'refs/heads/main': {BRANCH_EXPECTED}"),
        (("release/*",), f"plan_branches[0] = 'release/*': {BRANCH_EXPECTED}"),
        (("main", "/main"), f"plan_branches[1] = '/main': {BRANCH_EXPECTED}"),
        (("main branch",), f"plan_branches[0] = 'main branch': {BRANCH_EXPECTED}"),
        (("main", "main"), "plan_branches = ('main', 'main'): expected each name once"),
    ],
)
def test_invalid_plan_branches_are_rejected(branches: tuple[str, ...], line: str) -> None:
    assert _lines(plan_branches=branches) == (f"GithubOidcSettings.{line}",)


@pytest.mark.parametrize("seconds", [3600, 7200, 43200])
def test_session_duration_inside_iam_bounds_is_accepted(seconds: int) -> None:
    assert _settings(max_session_duration_seconds=seconds).max_session_duration_seconds == seconds


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (600, "Input should be greater than or equal to 3600"),
        (3599, "Input should be greater than or equal to 3600"),
        (43201, "Input should be less than or equal to 43200"),
    ],
)
def test_session_duration_outside_iam_bounds_is_rejected(seconds: int, expected: str) -> None:
    assert _lines(max_session_duration_seconds=seconds) == (
        f"GithubOidcSettings.max_session_duration_seconds = {seconds}: {expected}",
    )


@pytest.mark.parametrize("field", ["existing_provider_arn", "permissions_boundary_arn"])
@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        "arn:aws:iam::111122223333:policy/platform-boundary",
        "arn:aws-us-gov:iam::111122223333:policy/path/boundary",
    ],
)
def test_iam_arns_are_accepted(field: str, arn: str) -> None:
    assert getattr(_settings(**{field: arn}), field) == arn


@pytest.mark.parametrize("field", ["existing_provider_arn", "permissions_boundary_arn"])
@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:s3:::bucket",
        "arn:aws:iam::1111:policy/boundary",
        "arn:aws:iam::111122223333:policy/",
        "arn:aws:iam::111122223333:Policy/boundary",
        "policy/boundary",
        "platform-boundary",
        "arn:aws:iam::\u0661\u0661\u0661\u0661\u0662\u0662\u0662\u0662\u0663\u0663\u0663\u0663:policy/x",
    ],
)
def test_other_arns_are_rejected(field: str, arn: str) -> None:
    assert _lines(**{field: arn}) == (f"GithubOidcSettings.{field} = {arn!r}: {ARN_EXPECTED}",)


def test_a_misspelt_setting_is_rejected() -> None:
    assert _lines(enviroments=("prod",)) == (
        "GithubOidcSettings.enviroments = ('prod',): unknown setting (a typo?)",
    )


# -- the settings inside the bootstrap configuration ---------------------------------------


@pytest.mark.parametrize(
    ("github", "line"),
    [
        (
            {"repository": "platform-infrastructure"},
            f"github.repository = 'platform-infrastructure': {REPOSITORY_EXPECTED}",
        ),
        (
            {"repository": "example-org/*"},
            f"github.repository = 'example-org/*': {REPOSITORY_EXPECTED}",
        ),
        (
            {"environments": ()},
            "github.environments = (): Tuple should have at least 1 item after validation, not 0",
        ),
        (
            {"environments": ("prod", "prod")},
            "github.environments = ('prod', 'prod'): expected each name once",
        ),
        (
            {"environments": ("prod*",)},
            f"github.environments[0] = 'prod*': {ENVIRONMENT_EXPECTED}",
        ),
    ],
)
def test_bootstrap_config_rejects_invalid_github_settings(
    github: dict[str, Any], line: str
) -> None:
    settings = load_bootstrap().model_dump()
    with pytest.raises(SettingsError) as caught:
        BootstrapConfig(**{**settings, "github": {**settings["github"], **github}})
    assert caught.value.lines == (f"BootstrapConfig.{line}",)
