"""Part of the account baseline stack (stacks/account.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .account import AccountStack


def add_audit_services(stack: AccountStack) -> None:
    """CloudTrail, AWS Config and GuardDuty of the account, as ``stack.config`` asks;
    GuardDuty findings go to ``stack.alerts``."""
    # Placeholder (issue 15): replaced by the real services.
