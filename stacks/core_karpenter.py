"""Karpenter's AWS half, composed into the core stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core import CoreStack


def add_karpenter_infrastructure(stack: CoreStack) -> None:
    """Add Karpenter's node role, instance profile, interruption queue and rules
    (placeholder)."""
    raise NotImplementedError("Karpenter is being built")
