"""The account baselines: one per AWS account and Region the environments run in.

``dev`` and ``prod`` share one account here (neither sets ``account_id``), so one
baseline, ``main``, holds the account's trail, recorder, detector, registry and security
alerts for both. With an account per environment, give each its own baseline (and its
``account_id``)::

    AccountConfig(name="dev", account_id="111111111111", environments=("dev",), ...)
    AccountConfig(name="prod", account_id="222222222222", environments=("prod",), ...)
"""

from __future__ import annotations

from platform_cdktf.modules.registry.settings import RegistrySettings, RepositorySettings

from .account_config import AccountConfig
from .common import PROJECT_TAGS, REGION, STATE_BACKEND


def build() -> tuple[AccountConfig, ...]:
    """Build and validate the account baselines."""
    return (
        AccountConfig(
            name="main",
            region=REGION,
            name_prefix="platform-main",
            tags=PROJECT_TAGS,
            state=STATE_BACKEND,
            environments=("dev", "prod"),
            # The repository of the sample service's images (environments/common.py
            # sample_service). Set its `source` to the service's GitHub repository to get
            # its CI push role (docs/service-delivery.md), for example:
            # RepositorySettings(name="sample-service", source=ServiceSource(
            #     repository="your-org/sample-service", repository_id=..., owner_id=...))
            registry=RegistrySettings(repositories=(RepositorySettings(name="sample-service"),)),
        ),
    )
