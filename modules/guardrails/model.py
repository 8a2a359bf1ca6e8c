"""The data of the guardrails: rules, findings, suppressions and the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .view import StackView

Level = Literal["error", "warning", "note"]
"""How bad a finding is: an error stops synthesis, a warning is printed, a note informs."""


@dataclass(frozen=True)
class Finding:
    """One place where a rule does not hold."""

    rule_id: str
    """The rule that failed."""
    stack: str
    """Stack name, e.g. ``prod-core``."""
    address: str
    """Terraform address, e.g. ``aws_network_acl_rule.vpc_nacl_private_ingress_110``; the
    stack itself for stack-level findings (``terraform``)."""
    message: str
    """What is wrong there, in one sentence."""


@dataclass(frozen=True)
class Rule:
    """One guardrail: what it checks, why, how to fix it, and the check itself."""

    id: str
    """Stable identifier, e.g. ``NET-01``."""
    level: Level
    """Level of its findings."""
    title: str
    """What must hold, in a few words."""
    why: str
    """Why it matters, with the source of the fact."""
    fix: str
    """How to make it hold."""
    check: Callable[[StackView], Iterable[tuple[str, str]]] = field(repr=False, compare=False)
    """Finds the places where the rule does not hold in one stack: (address, message)."""
    overlaps: Sequence[str] = ()
    """checkov and CIS benchmark ids covering the same ground (partly or wholly)."""
    production_only: bool = False
    """Applies only to stacks marked as production."""


@dataclass(frozen=True)
class Suppression:
    """A reviewed decision not to act on a rule for one resource."""

    rule_id: str
    """The rule suppressed."""
    reason: str
    """Why: the decision, for the reviewer (required, at least a few words)."""
    matching: str = ""
    """Only findings whose message contains this text (e.g. one IAM statement); empty for
    every finding of the rule on the resource."""

    def covers(self, finding: Finding) -> bool:
        """Whether this suppression applies to ``finding`` (same resource assumed)."""
        return finding.rule_id == self.rule_id and self.matching in finding.message


@dataclass(frozen=True)
class Outcome:
    """A finding with the suppression that silenced it, if any."""

    finding: Finding
    rule: Rule
    suppression: Suppression | None = None

    @property
    def active(self) -> bool:
        """Whether the finding counts (it is not suppressed)."""
        return self.suppression is None


@dataclass(frozen=True)
class Report:
    """Every rule's outcome over a set of synthesized stacks."""

    rules: tuple[Rule, ...]
    """The rules that ran."""
    stacks: tuple[str, ...]
    """The stacks they ran on."""
    outcomes: tuple[Outcome, ...]
    """Every finding, suppressed or not."""

    def active(self, level: Level) -> list[Outcome]:
        """Unsuppressed findings of ``level``."""
        return [o for o in self.outcomes if o.active and o.rule.level == level]

    @property
    def suppressed(self) -> list[Outcome]:
        """Findings silenced by a suppression, with its reason."""
        return [o for o in self.outcomes if not o.active]

    @property
    def errors(self) -> list[Outcome]:
        """Unsuppressed errors: synthesis stops if there is one."""
        return self.active("error")
