"""The emulator answers the AWS provider's waiters as settled AWS resources do.

Moto runs in this process (``mock_aws``) with the emulator's extensions applied; each test
reads the value a waiter of terraform-provider-aws v5.100.0 compares (see
``tooling/emulator_rds.py`` and ``docs/local-emulator.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from moto import mock_aws

from platform_cdktf.tooling.emulator import apply_extensions
from platform_cdktf.tooling.emulator_rds import DEFAULT_CA_CERTIFICATE

REGION = "us-east-1"
CLUSTER = "platform-dev-aurora"


@pytest.fixture
def rds() -> Iterator[Any]:
    apply_extensions()
    with mock_aws():
        client = boto3.client("rds", region_name=REGION)
        client.create_db_cluster(
            DBClusterIdentifier=CLUSTER,
            Engine="aurora-postgresql",
            EngineVersion="16.11",
            MasterUsername="platform",
            MasterUserPassword="not-a-real-password",
        )
        yield client


def create_instance(rds: Any, identifier: str = "platform-dev-aurora-1", **extra: Any) -> Any:
    """What ``aws_rds_cluster_instance`` sends: no ``CACertificateIdentifier``."""
    return rds.create_db_instance(
        DBInstanceIdentifier=identifier,
        DBClusterIdentifier=CLUSTER,
        Engine="aurora-postgresql",
        DBInstanceClass="db.t3.medium",
        EnablePerformanceInsights=True,
        PerformanceInsightsKMSKeyId="arn:aws:kms:us-east-1:123456789012:key/aurora",
        PerformanceInsightsRetentionPeriod=7,
        **extra,
    )["DBInstance"]


def describe(rds: Any, identifier: str = "platform-dev-aurora-1") -> Any:
    return rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]


def test_a_new_instance_gets_the_certificate_authority_rds_gives_new_instances(rds: Any) -> None:
    created = create_instance(rds)

    # The provider compares the create response with the configured CA: a difference
    # costs a modify, a reboot and two waits of 80 s or more.
    assert created["CACertificateIdentifier"] == DEFAULT_CA_CERTIFICATE == "rds-ca-rsa2048-g1"
    assert describe(rds)["CACertificateIdentifier"] == DEFAULT_CA_CERTIFICATE


def test_a_certificate_authority_named_on_creation_is_kept(rds: Any) -> None:
    created = create_instance(rds, CACertificateIdentifier="rds-ca-ecc384-g1")

    assert created["CACertificateIdentifier"] == "rds-ca-ecc384-g1"
    assert describe(rds)["CACertificateIdentifier"] == "rds-ca-ecc384-g1"


def test_a_new_instance_and_its_cluster_are_available_at_once(rds: Any) -> None:
    created = create_instance(rds)

    # waitDBClusterInstanceAvailable's target, at its first poll.
    assert created["DBInstanceStatus"] == "available"
    assert describe(rds)["DBInstanceStatus"] == "available"
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"]
    assert cluster["Status"] == "available"
    assert [member["DBInstanceIdentifier"] for member in cluster["DBClusterMembers"]] == [
        "platform-dev-aurora-1"
    ]


def test_an_instance_remembers_its_performance_insights(rds: Any) -> None:
    create_instance(rds)

    instance = describe(rds)
    assert instance["PerformanceInsightsEnabled"] is True
    assert instance["PerformanceInsightsKMSKeyId"].endswith(":key/aurora")
    assert instance["PerformanceInsightsRetentionPeriod"] == 7


def test_a_provisioned_cluster_reports_no_serverless_scaling(rds: Any) -> None:
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=CLUSTER)["DBClusters"]

    assert "ScalingConfigurationInfo" not in cluster


def test_a_lifecycle_configuration_reads_back_as_written() -> None:
    """``waitLifecycleConfigEquals`` (s3/bucket_lifecycle_configuration.go) polls until ten
    consecutive reads equal the rules written; one read that differs would make it wait
    out its three minutes. The state bucket's rule, as the provider sends it."""
    rule = {
        "ID": "expire-superseded-state",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
        "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
    }
    apply_extensions()
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="enterprise-platform-terraform-state")
        s3.put_bucket_lifecycle_configuration(
            Bucket="enterprise-platform-terraform-state",
            LifecycleConfiguration={"Rules": [rule]},
        )
        reads = [
            s3.get_bucket_lifecycle_configuration(Bucket="enterprise-platform-terraform-state")
            for _read in range(10)
        ]

    assert all(read["Rules"] == [rule] for read in reads)
