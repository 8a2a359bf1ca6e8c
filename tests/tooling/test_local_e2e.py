"""End to end: ``dev`` applied into the local AWS emulator through the S3 backend.

One deployment per module (two to three minutes: the emulator, the bootstrap's state
backend, then the rest of the bootstrap, account-main and dev-core side by side; 22 + 77 +
149 resources), shared by the tests below, which run in file order: checks of what exists,
idempotency, locking, state versions, the cdktf CLI (``diff``, then a ``deploy`` of a small
change), and last a clean destroy. The faults that need no deployment are in
``test_local_faults.py``, which runs beside this module. The deployment is made, and the
cdktf CLI run, with an operator's AWS variables and ``PLATFORM_BOOTSTRAP_STATE_IN_S3=1``
exported: none of it may matter. Every process started here is stopped at the end,
whatever happens.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

from platform_cdktf.tooling.local import (
    EmulatorProcess,
    LocalDeployment,
)
from platform_cdktf.tooling.terraform import TerraformError, terraform_binary
from tests.conftest import REPO_ROOT
from tests.support import flow_log_retention_app
from tests.support.local import CLI, OPERATOR_ENVIRONMENT

pytestmark = [pytest.mark.e2e, pytest.mark.heavy]

CORE = "dev-core"
STATE_KEY = "dev/core.tfstate"
ACCOUNT = "account-main"
ACCOUNT_STATE_KEY = "accounts/main.tfstate"


@dataclass
class Deployed:
    """The shared deployment and what ``up`` reported."""

    local: LocalDeployment
    emulator: EmulatorProcess
    summary: dict[str, Any]

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.emulator.url,
            region_name="us-east-1",
            aws_access_key_id="emulator-access-key",
            aws_secret_access_key="emulator-secret-key",
        )

    @property
    def bucket(self) -> str:
        value: str = self.summary["stacks"]["bootstrap"]["outputs"]["state_bucket"]
        return value

    @property
    def lock_table(self) -> str:
        value: str = self.summary["stacks"]["bootstrap"]["outputs"]["lock_table"]
        return value

    def terraform(self, *arguments: str, stdin: str | None = None) -> str:
        result = self.local.terraform.run(
            list(arguments), cwd=self.local.stack_dir(CORE), stdin=stdin
        )
        return result.stdout


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    local = LocalDeployment(
        tmp_path_factory.mktemp("local"), project_root=REPO_ROOT, report=lambda _line: None
    )
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in OPERATOR_ENVIRONMENT.items():
                patch.setenv(name, value)
            summary = local.up()
        emulator = local.require_emulator()
        yield Deployed(local=local, emulator=emulator, summary=summary)
    finally:
        local.down()


# -- what exists ----------------------------------------------------------------------


def test_every_synthesized_resource_is_applied(deployed: Deployed) -> None:
    for stack, details in deployed.summary["stacks"].items():
        assert details["resources_in_state"] == details["resources_synthesized"], stack
        assert details["resources_in_state"] > 0, stack


def test_the_summary_lists_bootstrap_the_account_baseline_and_dev_core(
    deployed: Deployed,
) -> None:
    assert list(deployed.summary["stacks"]) == ["bootstrap", ACCOUNT, CORE]
    s3 = deployed.client("s3")
    state = json.loads(s3.get_object(Bucket=deployed.bucket, Key=ACCOUNT_STATE_KEY)["Body"].read())
    assert len(state["resources"]) > 50


def test_the_account_baseline_holds_the_trail_recorder_and_detector(deployed: Deployed) -> None:
    (trail,) = deployed.client("cloudtrail").describe_trails()["trailList"]
    assert trail["Name"] == "platform-main-trail"
    assert trail["IsMultiRegionTrail"] is True
    assert trail["LogFileValidationEnabled"] is True
    config = deployed.client("config")
    (recorder,) = config.describe_configuration_recorders()["ConfigurationRecorders"]
    assert recorder["recordingGroup"]["allSupported"] is True
    (status,) = config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"]
    assert status["recording"] is True
    assert len(config.describe_config_rules()["ConfigRules"]) == 18
    assert len(deployed.client("guardduty").list_detectors()["DetectorIds"]) == 1
    rules = deployed.client("events").list_rules(NamePrefix="platform-main-")["Rules"]
    assert {rule["Name"] for rule in rules} >= {
        "platform-main-config-non-compliant",
        "platform-main-guardduty-critical",
        "platform-main-guardduty-high",
        "platform-main-guardduty-medium",
        "platform-main-guardduty-low",
    }


def test_state_is_in_the_s3_backend_with_a_dynamodb_digest(deployed: Deployed) -> None:
    s3 = deployed.client("s3")
    state = json.loads(s3.get_object(Bucket=deployed.bucket, Key=STATE_KEY)["Body"].read())
    assert len(state["resources"]) > 100
    table = deployed.client("dynamodb").describe_table(TableName=deployed.lock_table)["Table"]
    assert table["KeySchema"] == [{"AttributeName": "LockID", "KeyType": "HASH"}]
    digest = deployed.client("dynamodb").get_item(
        TableName=deployed.lock_table, Key={"LockID": {"S": f"{deployed.bucket}/{STATE_KEY}-md5"}}
    )
    assert "Item" in digest, "the S3 backend records the state digest in the lock table"
    versioning = s3.get_bucket_versioning(Bucket=deployed.bucket)
    assert versioning["Status"] == "Enabled"


def test_vpc_spans_three_azs_with_a_single_nat_and_flow_logs(deployed: Deployed) -> None:
    ec2 = deployed.client("ec2")
    vpc_id = deployed.summary["stacks"][CORE]["outputs"]["vpc_id"]
    (vpc,) = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
    assert vpc["CidrBlock"] == "10.10.0.0/16"
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    assert len(subnets) == 9
    assert len({subnet["AvailabilityZone"] for subnet in subnets}) == 3
    nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])
    live = [nat for nat in nats["NatGateways"] if nat["State"] != "deleted"]
    assert len(live) == 1
    flow_logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])
    assert [log["TrafficType"] for log in flow_logs["FlowLogs"]] == ["ALL"]


def test_eks_cluster_and_node_groups(deployed: Deployed) -> None:
    eks = deployed.client("eks")
    cluster = eks.describe_cluster(name="platform-dev-eks")["cluster"]
    assert cluster["version"] == "1.35"
    assert cluster["encryptionConfig"][0]["resources"] == ["secrets"]
    assert cluster["resourcesVpcConfig"]["endpointPublicAccess"] is False
    groups = sorted(eks.list_nodegroups(clusterName="platform-dev-eks")["nodegroups"])
    assert groups == ["platform-dev-eks-general", "platform-dev-eks-spot"]
    general = eks.describe_nodegroup(
        clusterName="platform-dev-eks", nodegroupName="platform-dev-eks-general"
    )["nodegroup"]
    assert general["instanceTypes"] == ["t3.medium"]
    assert general["scalingConfig"] == {"minSize": 2, "maxSize": 6, "desiredSize": 3}
    assert len(general["subnets"]) == 3


def test_aurora_cluster_and_instances(deployed: Deployed) -> None:
    rds = deployed.client("rds")
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier="platform-dev-aurora")["DBClusters"]
    assert cluster["Engine"] == "aurora-postgresql"
    assert cluster["StorageEncrypted"] is True
    assert cluster["KmsKeyId"]
    assert cluster["IAMDatabaseAuthenticationEnabled"] is True
    assert cluster["BackupRetentionPeriod"] == 7
    instances = rds.describe_db_instances(
        Filters=[{"Name": "db-cluster-id", "Values": ["platform-dev-aurora"]}]
    )["DBInstances"]
    assert len(instances) == 2
    assert {instance["DBInstanceClass"] for instance in instances} == {"db.t3.medium"}
    assert len({instance["AvailabilityZone"] for instance in instances}) == 2


def test_customer_managed_keys_rotate(deployed: Deployed) -> None:
    kms = deployed.client("kms")
    # The platform's keys, found by their aliases (moto keeps keys of its own, too).
    ours = [
        alias["TargetKeyId"]
        for alias in kms.list_aliases()["Aliases"]
        if alias["AliasName"].startswith(("alias/platform-dev-", "alias/platform-terraform"))
    ]
    assert len(ours) >= 5
    for key in ours:
        metadata = kms.describe_key(KeyId=key)["KeyMetadata"]
        assert metadata["KeyManager"] == "CUSTOMER"
        assert kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is True, metadata


def test_delivery_roles_of_dev_with_the_boundary_on_apply(deployed: Deployed) -> None:
    """The stand-in repository (stacks/target.py LOCAL_GITHUB) gives the emulator the dev
    delivery identities the bootstrap creates on AWS."""
    iam = deployed.client("iam")
    plan = iam.get_role(RoleName="platform-github-dev-plan")["Role"]
    apply = iam.get_role(RoleName="platform-github-dev-apply")["Role"]
    assert "PermissionsBoundary" not in plan
    boundary = apply["PermissionsBoundary"]["PermissionsBoundaryArn"]
    assert boundary.endswith(":policy/platform-github-dev-boundary")
    assert iam.get_policy(PolicyArn=boundary)["Policy"]["PolicyName"] == (
        "platform-github-dev-boundary"
    )
    attached = iam.list_attached_role_policies(RoleName="platform-github-dev-plan")
    assert attached["AttachedPolicies"] == []  # no ReadOnlyAccess
    # Every role the dev stack created carries the dev boundary (stacks/boundary.py).
    cluster_role = iam.get_role(RoleName="platform-dev-eks-cluster")["Role"]
    assert cluster_role["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary


def test_the_dev_github_runner_exists(deployed: Deployed) -> None:
    (project,) = deployed.client("codebuild").batch_get_projects(
        names=["platform-dev-github-runner"]
    )["projects"]
    assert project["name"] == "platform-dev-github-runner"


# -- idempotency and locking -------------------------------------------------------------


def test_second_plan_shows_no_changes(deployed: Deployed) -> None:
    # -detailed-exitcode: 0 = no changes, 2 = changes (raised as TerraformError).
    output = deployed.terraform("plan", "-detailed-exitcode", "-input=false")
    assert "No changes" in output


def test_second_plan_of_the_account_baseline_shows_no_changes(deployed: Deployed) -> None:
    result = deployed.local.terraform.run(
        ["plan", "-detailed-exitcode", "-input=false"], cwd=deployed.local.stack_dir(ACCOUNT)
    )
    assert "No changes" in result.stdout


def _lock_item(deployed: Deployed) -> dict[str, Any] | None:
    item: dict[str, Any] | None = (
        deployed.client("dynamodb")
        .get_item(
            TableName=deployed.lock_table, Key={"LockID": {"S": f"{deployed.bucket}/{STATE_KEY}"}}
        )
        .get("Item")
    )
    return item


def test_a_held_lock_blocks_a_second_run_until_released(deployed: Deployed) -> None:
    directory = deployed.local.stack_dir(CORE)
    environment = deployed.local.terraform.environment()
    # An apply waiting for its "yes" holds the state lock, like a colleague's run would.
    holder = subprocess.Popen(
        [terraform_binary(), "apply", "-no-color", "-input=true"],
        cwd=directory,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while _lock_item(deployed) is None:
            assert time.monotonic() < deadline, "the holder never took the lock"
            assert holder.poll() is None, holder.stdout.read() if holder.stdout else ""
            time.sleep(0.5)

        with pytest.raises(TerraformError) as blocked:
            deployed.terraform("plan", "-input=false", "-lock-timeout=0s")
        assert "Error acquiring the state lock" in blocked.value.output

        waited: dict[str, Any] = {}

        def plan_with_timeout() -> None:
            try:
                # -refresh=false: what is tested is the lock, not drift (that is the second plan).
                waited["output"] = deployed.terraform(
                    "plan", "-input=false", "-refresh=false", "-lock-timeout=120s"
                )
            except TerraformError as error:  # pragma: no cover - reported below
                waited["error"] = error

        waiter = threading.Thread(target=plan_with_timeout)
        waiter.start()
        time.sleep(3)
        assert waiter.is_alive(), "the second plan should be waiting for the lock"
        assert holder.stdin is not None
        holder.stdin.write("no\n")
        holder.stdin.close()
        holder.wait(timeout=120)
        waiter.join(timeout=180)
        assert "error" not in waited, waited.get("error")
        assert "No changes" in waited["output"]
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert _lock_item(deployed) is None


def test_stale_lock_is_released_with_force_unlock(deployed: Deployed) -> None:
    lock_id = "5f1c0c62-0000-4000-8000-00000000dead"
    info = {
        "ID": lock_id,
        "Operation": "OperationTypeApply",
        "Who": "crashed@ci",
        "Version": "1.11.4",
        "Created": "2026-11-25T00:00:00Z",
        "Path": f"{deployed.bucket}/{STATE_KEY}",
    }
    deployed.client("dynamodb").put_item(
        TableName=deployed.lock_table,
        Item={"LockID": {"S": f"{deployed.bucket}/{STATE_KEY}"}, "Info": {"S": json.dumps(info)}},
    )
    with pytest.raises(TerraformError) as blocked:
        deployed.terraform("plan", "-input=false", "-lock-timeout=0s")
    assert lock_id in blocked.value.output
    deployed.terraform("force-unlock", "-force", lock_id)
    plan = deployed.terraform("plan", "-input=false", "-refresh=false", "-detailed-exitcode")
    assert "No changes" in plan


# -- versioned state ------------------------------------------------------------------


def _versions(deployed: Deployed) -> list[dict[str, Any]]:
    listing = deployed.client("s3").list_object_versions(Bucket=deployed.bucket, Prefix=STATE_KEY)
    versions = [v for v in listing.get("Versions", []) if v["Key"] == STATE_KEY]
    return sorted(versions, key=lambda version: version["LastModified"], reverse=True)


def _restore(deployed: Deployed, version_id: str) -> dict[str, Any]:
    """Copy a state version over the current one and fix the digest, as the README says."""
    s3 = deployed.client("s3")
    body = s3.get_object(Bucket=deployed.bucket, Key=STATE_KEY, VersionId=version_id)["Body"].read()
    s3.copy_object(
        Bucket=deployed.bucket,
        Key=STATE_KEY,
        CopySource={"Bucket": deployed.bucket, "Key": STATE_KEY, "VersionId": version_id},
    )
    deployed.client("dynamodb").put_item(
        TableName=deployed.lock_table,
        Item={
            "LockID": {"S": f"{deployed.bucket}/{STATE_KEY}-md5"},
            "Digest": {"S": hashlib.md5(body).hexdigest()},
        },
    )
    state: dict[str, Any] = json.loads(body)
    return state


def test_state_versions_are_kept_and_a_previous_one_restores(deployed: Deployed) -> None:
    versions = _versions(deployed)
    assert len(versions) >= 2, "the apply persisted state more than once"
    latest, previous = versions[0], versions[1]
    latest_state = json.loads(
        deployed.client("s3")
        .get_object(Bucket=deployed.bucket, Key=STATE_KEY, VersionId=latest["VersionId"])["Body"]
        .read()
    )

    restored = _restore(deployed, previous["VersionId"])
    pulled = json.loads(deployed.terraform("state", "pull"))
    assert pulled["serial"] == restored["serial"] < latest_state["serial"]

    _restore(deployed, latest["VersionId"])
    # Without a refresh: the restored state itself must match the configuration.
    plan = deployed.terraform("plan", "-input=false", "-refresh=false", "-detailed-exitcode")
    assert "No changes" in plan


def test_up_with_the_operators_variables_kept_the_bootstrap_state_in_the_workspace(
    deployed: Deployed,
) -> None:
    assert deployed.local.bootstrap_state.is_file()
    state = json.loads(deployed.local.bootstrap_state.read_text())
    assert any(item["type"] == "aws_s3_bucket" for item in state["resources"])
    assert deployed.bucket == "enterprise-platform-terraform-state"


# -- the cdktf CLI against the local target --------------------------------------------


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _cdktf(deployed: Deployed, *arguments: str) -> tuple[int, str]:
    """``platform-cdktf local -- <arguments>`` as a user runs it, from an operator's shell:
    its exit status and its output without terminal escapes."""
    completed = subprocess.run(
        [*CLI, "local", "--workspace", str(deployed.local.workspace), "--", *arguments],
        cwd=REPO_ROOT,
        env={**os.environ, **OPERATOR_ENVIRONMENT},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return completed.returncode, ANSI_ESCAPE.sub("", completed.stdout + completed.stderr)


CHANGED_APP = f"python {Path(flow_log_retention_app.__file__).relative_to(REPO_ROOT)}"


def _flow_log_retention(deployed: Deployed) -> int:
    name = deployed.summary["stacks"][CORE]["outputs"]["flow_log_group_name"]
    (group,) = deployed.client("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    days: int = group["retentionInDays"]
    return days


def test_cdktf_diff_after_up_shows_no_changes(deployed: Deployed) -> None:
    status, output = _cdktf(deployed, "diff", CORE)
    assert status == 0, output
    assert "No changes. Your infrastructure matches the configuration." in output


def test_cdktf_deploy_applies_a_small_change(deployed: Deployed) -> None:
    assert _flow_log_retention(deployed) == 365
    status, output = _cdktf(deployed, "diff", CORE, "--app", CHANGED_APP)
    assert status == 0, output
    assert "retention_in_days = 365 -> 731" in output
    assert "Plan: 0 to add, 1 to change, 0 to destroy." in output

    status, output = _cdktf(deployed, "deploy", CORE, "--auto-approve", "--app", CHANGED_APP)
    assert status == 0, output
    assert "Apply complete! Resources: 0 added, 1 changed, 0 destroyed." in output
    assert _flow_log_retention(deployed) == flow_log_retention_app.FLOW_LOG_RETENTION_DAYS

    status, output = _cdktf(deployed, "diff", CORE, "--app", CHANGED_APP)
    assert status == 0, output
    assert "No changes." in output


# -- teardown (last: it removes what the tests above use) --------------------------------


def test_destroy_is_clean_and_leaves_no_emulator_behind(deployed: Deployed) -> None:
    local, emulator = deployed.local, deployed.emulator
    local.destroy(CORE, emulator)
    assert json.loads(deployed.terraform("state", "pull"))["resources"] == []
    rds = deployed.client("rds")
    assert rds.describe_db_clusters()["DBClusters"] == []
    assert deployed.client("eks").list_clusters()["clusters"] == []
    # The baseline's state is in the bootstrap's bucket: it goes before the bootstrap.
    local.destroy(ACCOUNT, emulator)
    account_state = deployed.local.terraform.run(
        ["state", "pull"], cwd=deployed.local.stack_dir(ACCOUNT)
    ).stdout
    assert json.loads(account_state)["resources"] == []
    assert deployed.client("guardduty").list_detectors()["DetectorIds"] == []
    # Not the trail: moto's DeleteTrail ignores a trail ARN (the AWS provider deletes by
    # ARN), so the emulator keeps listing it; AWS deletes it.
    local.destroy("bootstrap", emulator)
    buckets = deployed.client("s3").list_buckets()["Buckets"]
    assert deployed.bucket not in [bucket["Name"] for bucket in buckets]
    local.down()
    assert not emulator.is_alive()
    assert not local.workspace.exists()
