"""Part of the account baseline stack (stacks/account.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .account import AccountStack


def add_registry(stack: AccountStack) -> None:
    """The ECR repositories of the services of ``stack.environments`` and their CI push roles,
    as ``stack.config.registry`` asks."""
    # Placeholder (issue 15): replaced by the real services.
