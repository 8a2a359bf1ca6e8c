"""The platform's app with one small change: dev's VPC flow logs kept 731 days, not 365.

The end-to-end tests deploy it through the cdktf CLI (``platform-cdktf local -- deploy
dev-core --app "python tests/support/flow_log_retention_app.py"``), as a user would deploy
an edit of ``environments/dev.py``, without editing the tree.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from platform_cdktf.environments import EnvironmentConfig, load_environments
from platform_cdktf.stacks import cli

FLOW_LOG_RETENTION_DAYS = 731
"""The changed setting (a retention CloudWatch Logs accepts, as 365 is)."""


def _with_longer_flow_log_retention(
    names: Iterable[str] | None = None,
) -> tuple[EnvironmentConfig, ...]:
    return tuple(
        config.model_copy(
            update={
                "network": config.network.model_copy(
                    update={"flow_log_retention_days": FLOW_LOG_RETENTION_DAYS}
                )
            }
        )
        for config in load_environments(names)
    )


if __name__ == "__main__":
    # main() looks its loader up in its module: replace it there.
    setattr(cli, "load_environments", _with_longer_flow_log_retention)  # noqa: B010
    sys.exit(cli.main())
