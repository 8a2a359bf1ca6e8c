"""Real ``terraform show -json`` plans for the plan-review tests, and their addresses.

The plans are produced by the real terraform and AWS provider (offline through
``TF_PROVIDER_MIRROR``) from a small JSON configuration and a hand-written state; each plan
loads the ~700 MB provider for a few seconds, so ``conftest.py`` builds them once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.terraform import cli_config, run_terraform

AURORA = "aws_rds_cluster.aurora_cluster_059EF40F"
REPORTING = "aws_rds_cluster.aurora_reporting_8D1C0F2E"
ARCHIVE = "aws_s3_bucket.alarms_archive_1B2C3D4E"
LEGACY_TOPIC = "aws_sns_topic.alarms_legacy_topic_0F0F0F0F"
LEGACY_TABLE = "module.legacy.aws_dynamodb_table.sessions"
LEGACY_KEY = "aws_kms_key.redis_key_5A5A5A5A"

# Master passwords before and after: they are in the plan JSON and must never be printed.
SECRETS = ("old-aurora-secret-1", "new-aurora-secret-2", "old-report-secret-3", "new-report-4")

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'


# ----------------------------------------------------------------- real plans


def _configuration(*, with_resources: bool) -> dict[str, Any]:
    configuration: dict[str, Any] = {
        "terraform": {
            "required_providers": {"aws": {"source": "hashicorp/aws", "version": "5.100.0"}}
        },
        "provider": {
            "aws": [
                {
                    "region": "us-east-1",
                    "access_key": "AKIAIOSFODNN7EXAMPLE",
                    "secret_key": "fake-secret-key-for-offline-plans",
                    "skip_credentials_validation": True,
                    "skip_requesting_account_id": True,
                    "skip_metadata_api_check": True,
                    "skip_region_validation": True,
                }
            ]
        },
    }
    if not with_resources:
        return configuration
    cluster = {"master_username": "app", "skip_final_snapshot": True}
    configuration["resource"] = {
        "aws_rds_cluster": {
            "aurora_cluster_059EF40F": {
                **cluster,
                "cluster_identifier": "prod-aurora",
                "engine": "aurora-postgresql",
                "master_password": SECRETS[1],
            },
            "aurora_reporting_8D1C0F2E": {
                **cluster,
                "cluster_identifier": "prod-reporting",
                "engine": "aurora-postgresql",
                "master_password": SECRETS[3],
            },
        },
        "aws_s3_bucket": {
            "alarms_archive_1B2C3D4E": {"bucket": "prod-alarm-archive", "tags": {"team": "new"}}
        },
        "aws_sns_topic": {"alarms_topic_DEADBEEF": {"name": "prod-alarms"}},
    }
    configuration["module"] = {"cache": {"source": "./cache"}}
    return configuration


def _state_resource(
    resource_type: str, name: str, attributes: dict[str, Any], *, module: str | None = None
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "mode": "managed",
        "type": resource_type,
        "name": name,
        "provider": PROVIDER,
        "instances": [{"schema_version": 0, "attributes": attributes, "sensitive_attributes": []}],
    }
    if module:
        resource["module"] = module
    return resource


def _cluster_state(name: str, identifier: str, engine: str, password: str) -> dict[str, Any]:
    return _state_resource(
        "aws_rds_cluster",
        name,
        {
            "id": identifier,
            "arn": f"arn:aws:rds:us-east-1:123456789012:cluster:{identifier}",
            "cluster_identifier": identifier,
            "engine": engine,
            # Computed, force-new attributes: null in the state would force a replacement.
            "engine_mode": "provisioned",
            "availability_zones": ["us-east-1a", "us-east-1b", "us-east-1c"],
            "master_username": "app",
            "master_password": password,
            "skip_final_snapshot": True,
        },
    )


def _state(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": "6f1c5d2e-0000-4000-8000-000000000001",
        "outputs": {},
        "resources": resources,
    }


def _replace_state() -> dict[str, Any]:
    """The Aurora cluster runs another engine (forces a replacement), the reporting cluster
    only has another password (updated in place), the bucket other tags, and one topic is
    no longer configured (a harmless delete)."""
    return _state(
        [
            _cluster_state("aurora_cluster_059EF40F", "prod-aurora", "aurora-mysql", SECRETS[0]),
            _cluster_state(
                "aurora_reporting_8D1C0F2E", "prod-reporting", "aurora-postgresql", SECRETS[2]
            ),
            _state_resource(
                "aws_s3_bucket",
                "alarms_archive_1B2C3D4E",
                {
                    "id": "prod-alarm-archive",
                    "bucket": "prod-alarm-archive",
                    "arn": "arn:aws:s3:::prod-alarm-archive",
                    "force_destroy": False,
                    "tags": {"team": "old"},
                    "tags_all": {"team": "old"},
                },
            ),
            _state_resource(
                "aws_sns_topic",
                "alarms_legacy_topic_0F0F0F0F",
                {"id": "arn:aws:sns:us-east-1:123456789012:old", "name": "old"},
            ),
        ]
    )


def _orphans_state() -> dict[str, Any]:
    """A lock table in a module that is gone, and a KMS key no longer configured."""
    return _state(
        [
            _state_resource(
                "aws_dynamodb_table",
                "sessions",
                {"id": "sessions", "name": "sessions", "hash_key": "LockID"},
                module="module.legacy",
            ),
            _state_resource(
                "aws_kms_key",
                "redis_key_5A5A5A5A",
                {"id": "1234abcd-12ab-34cd-56ef-1234567890ab", "key_id": "1234abcd"},
            ),
        ]
    )


@dataclass(frozen=True)
class Plans:
    """``terraform show -json`` files of the scenarios, named like ``cdktf.out`` stacks."""

    replace: Path
    additions: Path
    orphans: Path
    empty: Path

    def text(self, name: str) -> str:
        return Path(getattr(self, name)).read_text()


def _plan(
    directory: Path,
    configuration: Mapping[str, Any],
    state: Mapping[str, Any] | None,
    environment: dict[str, str],
) -> Path:
    directory.mkdir(parents=True)
    (directory / "main.tf.json").write_text(json.dumps(configuration))
    cache = directory / "cache"
    cache.mkdir()
    (cache / "main.tf.json").write_text(
        json.dumps({"resource": {"aws_sns_topic": {"events": {"name": "cache-events"}}}})
    )
    if state is not None:
        (directory / "terraform.tfstate").write_text(json.dumps(state))
    commands = [
        ["init", "-input=false", "-no-color"],
        ["plan", "-refresh=false", "-input=false", "-no-color", "-out=plan.bin"],
        ["show", "-json", "plan.bin"],
    ]
    for arguments in commands:
        run = run_terraform(arguments, cwd=directory, environment=environment)
        assert run.returncode == 0, run.describe()
    plan_json = directory / "plan.json"
    plan_json.write_text(run.stdout)
    return plan_json


def build_plans(root: Path) -> Plans:
    """Plan every scenario under ``root/cdktf.out/stacks/<scenario>-core``."""
    environment = cli_config(root)
    stacks = root / "cdktf.out" / "stacks"
    scenarios: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
        "replace": (_configuration(with_resources=True), _replace_state()),
        "additions": (_configuration(with_resources=True), None),
        "orphans": (_configuration(with_resources=False), _orphans_state()),
        "empty": ({"terraform": {}}, None),
    }
    # Two at a time: each plan keeps a core busy loading the provider.
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            name: pool.submit(_plan, stacks / f"{name}-core", config, state, environment)
            for name, (config, state) in scenarios.items()
        }
        return Plans(**{name: future.result() for name, future in futures.items()})
