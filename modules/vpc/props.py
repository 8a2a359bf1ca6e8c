"""Props of the VPC module: its settings plus what only the composing code knows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from ..shared.settings import require
from ..shared.validation import check_name
from .settings import VpcSettings

DATA_PORTS = (5432, 6379)
"""PostgreSQL and Redis: the ports the database tier admits unless told otherwise."""


@dataclass(frozen=True, kw_only=True)
class VpcProps:
    """A VPC with public, private (compute) and database subnets in every AZ."""

    name: str
    """Prefix of every ``Name`` tag and resource name, e.g. ``platform-prod``: lowercase
    letters, digits and single hyphens, at most 40 characters."""
    settings: VpcSettings
    """The network plan."""
    database_ports: Sequence[int] = DATA_PORTS
    """TCP ports the database tier's NACL admits from the private and database subnets:
    the ports of the data stores placed in it (they check that theirs is admitted).
    Default: PostgreSQL 5432 and Redis 6379."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, partial(check_name, longest=40))
        require(
            self, "database_ports", list(self.database_ports), self.settings.check_database_ports
        )
