"""Guardrails: the platform's own rules over synthesized stacks, run at every synthesis.

checkov and ``terraform validate`` check structure; these rules check what decides whether
the platform works and stays safe on real AWS (NACL return ports, tags that reach EC2 nodes,
alarms that can fire, IAM documents in every form, production invariants). Each
:class:`Rule` is data: an id, a level, what it checks, why (with its source), how to fix it,
and the checkov/CIS ids it overlaps. :func:`run_pack` runs them over a cdktf output
directory; :func:`suppress` records a reviewed exception on a construct, with its reason;
:func:`write_reports` writes the report as JSON and as SARIF 2.1.0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .marks import mark_production as mark_production
    from .marks import suppress as suppress
    from .model import Finding as Finding
    from .model import Outcome as Outcome
    from .model import Report as Report
    from .model import Rule as Rule
    from .model import Suppression as Suppression
    from .pack import check_stack as check_stack
    from .pack import run_pack as run_pack
    from .report import write_reports as write_reports
    from .rules import RULES as RULES
    from .view import StackView as StackView

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
