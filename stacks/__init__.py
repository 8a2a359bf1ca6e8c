"""Stacks: the thin composition layer between configuration and construct modules."""

from __future__ import annotations

from .app import build_app, main, selected_environment_names, synthesize
from .bootstrap import BOOTSTRAP_STACK, BootstrapStack
from .core import CoreStack, core_stack_name

__all__ = [
    "BOOTSTRAP_STACK",
    "BootstrapStack",
    "CoreStack",
    "build_app",
    "core_stack_name",
    "main",
    "selected_environment_names",
    "synthesize",
]
