"""checkov over every synthesized stack: no failed check outside the reviewed allow-list.

The allow-list (``policy/checkov-allowlist.yaml``) is the single place where a finding
is accepted, each with its reason. Entries that no longer match anything fail too, so
the list never outlives the decisions it records.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from platform_cdktf.modules.guardrails import RULES
from tests.conftest import REPO_ROOT
from tests.support.checkov import (
    Acceptance,
    Finding,
    known_check_ids,
    load_allowlist,
    run_checkov,
    scan_as_is,
)

pytestmark = pytest.mark.policy

ALLOWLIST = REPO_ROOT / "policy" / "checkov-allowlist.yaml"


@pytest.fixture(scope="module")
def findings(
    synth_outdir: Path, delivery_outdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[Finding]:
    """Every stack as the repository configures it, plus the bootstrap with GitHub delivery
    configured (its identities exist only then; their entries must not look stale)."""
    delivery = tmp_path_factory.mktemp("delivery-bootstrap") / "stacks"
    shutil.copytree(delivery_outdir / "stacks" / "bootstrap", delivery / "bootstrap")
    return run_checkov(synth_outdir / "stacks") + run_checkov(delivery)


@pytest.fixture(scope="module")
def allowlist() -> list[Acceptance]:
    return load_allowlist(ALLOWLIST)


def test_checkov_scanned_every_stack(synth_outdir: Path, findings: list[Finding]) -> None:
    # An empty result could also mean checkov saw nothing: make sure it did look.
    scanned = {path.parent.name for path in (synth_outdir / "stacks").glob("*/cdk.tf.json")}
    assert {finding.stack for finding in findings} <= scanned
    assert {
        "bootstrap",
        "account-main",
        "dev-core",
        "prod-core",
        "dev-platform",
        "prod-platform",
    } <= scanned


def test_no_failed_check_outside_the_allowlist(
    findings: list[Finding], allowlist: list[Acceptance]
) -> None:
    unaccepted = [f for f in findings if not any(entry.covers(f) for entry in allowlist)]
    assert not unaccepted, "checkov findings not in policy/checkov-allowlist.yaml:\n" + "\n".join(
        f"  {finding}" for finding in unaccepted
    )


def test_every_allowlist_entry_is_still_needed(
    findings: list[Finding], allowlist: list[Acceptance]
) -> None:
    stale = [entry for entry in allowlist if not any(entry.covers(f) for f in findings)]
    assert not stale, "allow-list entries that match no finding (remove them):\n" + "\n".join(
        f"  {entry.check_id} {entry.resource}" for entry in stale
    )


def test_checkov_detects_a_known_violation(tmp_path: Path) -> None:
    """Guards against a silently broken scan: a public, unencrypted bucket must fail."""
    stack = tmp_path / "stacks" / "broken"
    stack.mkdir(parents=True)
    (stack / "cdk.tf.json").write_text(
        '{"resource": {"aws_security_group": {"open": {"name": "open", "ingress": [{'
        '"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"],'
        '"description": "ssh", "ipv6_cidr_blocks": [], "prefix_list_ids": [],'
        '"security_groups": [], "self": false}]}}}}'
    )
    checks = {finding.check_id for finding in run_checkov(tmp_path / "stacks")}
    assert "CKV_AWS_24" in checks  # SSH open to the world


def test_a_stack_checkov_cannot_parse_fails_the_scan(tmp_path: Path) -> None:
    """checkov 3.3 cannot parse a stack with ``terraform.required_version`` (and would then
    report nothing for it): the raw scan must fail loudly, the scan of the copy must work."""
    stack = tmp_path / "stacks" / "versioned"
    stack.mkdir(parents=True)
    (stack / "cdk.tf.json").write_text(
        '{"terraform": {"required_version": ">= 1.10"}, "resource": {"aws_s3_bucket": '
        '{"plain": {"bucket": "plain"}}}}'
    )
    with pytest.raises(AssertionError, match=r"could not parse|ran no check"):
        scan_as_is(tmp_path / "stacks")
    checks = {finding.check_id for finding in run_checkov(tmp_path / "stacks")}
    assert "CKV_AWS_145" in checks  # no KMS encryption on the bucket


def test_the_checkov_ids_the_guardrails_overlap_exist() -> None:
    """The guardrails name the checkov checks covering the same ground: each must exist."""
    named = {o for rule in RULES for o in rule.overlaps if o.startswith("CKV")}
    assert named
    assert named <= known_check_ids()
