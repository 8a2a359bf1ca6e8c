"""The Terraform state bucket and DynamoDB lock table, created by the bootstrap stack."""

from __future__ import annotations

from .construct import StateBackend, StateBackendProps

__all__ = ["StateBackend", "StateBackendProps"]
