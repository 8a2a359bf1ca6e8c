"""Account baselines: which baseline holds which environment, and what a baseline must
agree on with its environments and the bootstrap."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf import environments
from platform_cdktf.environments import (
    ENVIRONMENT_NAMES,
    AccountConfig,
    ConfigError,
    EnvironmentConfig,
    accounts,
    load_accounts,
    load_bootstrap,
)
from platform_cdktf.environments.account_config import check_accounts
from platform_cdktf.environments.accounts import build


def baseline(**changes: Any) -> AccountConfig:
    """The shipped ``main`` baseline with ``changes``."""
    return build()[0].model_copy(update=changes)


def problems_of(accounts: list[AccountConfig], environments: list[EnvironmentConfig]) -> list[str]:
    found = check_accounts(accounts, load_bootstrap(), environments, ENVIRONMENT_NAMES)
    return [problem.line() for error in found for problem in error.problems]


def test_one_baseline_holds_dev_and_prod_in_their_shared_account() -> None:
    (main,) = build()
    assert main.environments == ("dev", "prod")
    assert main.stack_name == "account-main"
    assert main.state_key == "accounts/main.tfstate"
    assert main.default_tags()["Environment"] == "account-main"


@pytest.mark.parametrize("selected", [("dev",), ("prod",), ("dev", "prod")])
def test_a_baseline_carries_every_environment_it_holds_whatever_is_selected(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig, selected: tuple[str, ...]
) -> None:
    configs = {"dev": dev_config, "prod": prod_config}
    (main,) = load_accounts([configs[name] for name in selected])
    assert [environment.name for environment in main.environments] == ["dev", "prod"]
    assert main.environments == (dev_config, prod_config)


def test_only_a_baseline_in_the_bootstraps_account_holds_the_state_bucket(
    monkeypatch: pytest.MonkeyPatch, dev_config: EnvironmentConfig
) -> None:
    (main,) = load_accounts([dev_config])
    assert main.holds_state_bucket  # both in the unset (same) account
    elsewhere = load_bootstrap().model_copy(update={"account_id": "123456789012"})
    monkeypatch.setattr(environments, "load_bootstrap", lambda: elsewhere)
    (main,) = load_accounts([dev_config])
    assert not main.holds_state_bucket


def test_no_environment_selected_means_no_baseline() -> None:
    assert load_accounts([]) == ()


def test_the_shipped_layout_is_consistent(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    assert problems_of(list(build()), [dev_config, prod_config]) == []


def test_an_account_per_environment_is_one_baseline_per_account(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    dev = dev_config.model_copy(update={"account_id": "111111111111"})
    prod = prod_config.model_copy(update={"account_id": "222222222222"})
    accounts = [
        baseline(name="dev", account_id="111111111111", environments=("dev",)),
        baseline(name="prod", account_id="222222222222", environments=("prod",)),
    ]
    assert problems_of(accounts, [dev, prod]) == []


@pytest.mark.parametrize(
    ("accounts", "expected"),
    [
        pytest.param(
            [baseline(environments=("dev",))],
            [
                "prod = []: expected exactly one account baseline listing the environment "
                "(environments/accounts.py)"
            ],
            id="environment-held-by-none",
        ),
        pytest.param(
            [baseline(), baseline(name="other", region="eu-west-1", environments=("prod",))],
            [
                "prod = ['main', 'other']: expected exactly one account baseline listing the "
                "environment (environments/accounts.py)"
            ],
            id="environment-held-twice",
        ),
        pytest.param(
            [baseline(region="eu-west-1")],
            [
                "main.region = 'eu-west-1': expected 'us-east-1', the Region of dev",
                "main.region = 'eu-west-1': expected 'us-east-1', the Region of prod",
            ],
            id="region-of-the-environments",
        ),
        pytest.param(
            [baseline(account_id="123456789012")],
            [
                "main.account_id = '123456789012': expected None, the account_id of dev",
                "main.account_id = '123456789012': expected None, the account_id of prod",
            ],
            id="account-of-the-environments",
        ),
        pytest.param(
            [baseline(), baseline(name="second", environments=("staging",))],
            [
                "second.region = 'us-east-1': expected one baseline per account and Region; "
                "'main' already holds this one (the recorder and detector exist once there)",
                "second.environments[0] = 'staging': expected one of ['dev', 'prod']",
            ],
            id="two-baselines-in-one-account-and-region",
        ),
        pytest.param(
            [baseline(), baseline(environments=("dev",), region="eu-west-1")],
            [
                "main.name = 'main': expected a unique name",
                # prod is then looked up in the later of the two.
                "main.region = 'eu-west-1': expected 'us-east-1', the Region of prod",
                "dev = ['main', 'main']: expected exactly one account baseline listing the "
                "environment (environments/accounts.py)",
            ],
            id="duplicate-name",
        ),
    ],
)
def test_a_layout_that_does_not_fit_is_refused(
    dev_config: EnvironmentConfig,
    prod_config: EnvironmentConfig,
    accounts: list[AccountConfig],
    expected: list[str],
) -> None:
    assert sorted(problems_of(accounts, [dev_config, prod_config])) == sorted(expected)


def test_a_baseline_keeps_its_state_in_the_bootstrap_backend(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    (main,) = build()
    moved = main.model_copy(update={"state": main.state.model_copy(update={"bucket": "x-bucket"})})
    assert problems_of([moved], [dev_config, prod_config]) == [
        "main.state.bucket = 'x-bucket': expected the bootstrap's "
        "'enterprise-platform-terraform-state' (environments/bootstrap.py)"
    ]


def test_bad_baseline_fields_name_field_value_and_expectation() -> None:
    with pytest.raises(ValueError, match="invalid settings 'AccountConfig'") as raised:
        AccountConfig(**{**build()[0].model_dump(), "name": "Main_1", "environments": ()})
    message = str(raised.value)
    assert "AccountConfig.name = 'Main_1': expected lowercase letters, digits" in message
    assert "AccountConfig.environments = (): Tuple should have at least 1 item" in message


def test_load_accounts_reports_a_broken_layout(
    monkeypatch: pytest.MonkeyPatch, dev_config: EnvironmentConfig
) -> None:
    monkeypatch.setattr(accounts, "build", lambda: (baseline(environments=("prod",)),))
    with pytest.raises(ConfigError) as raised:
        load_accounts([dev_config])
    assert "dev = []: expected exactly one account baseline listing the environment" in str(
        raised.value
    )
