"""The Aurora PostgreSQL module on its own: props validation and synthesized resources."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.aurora_postgres import (
    AURORA_POSTGRESQL_FAMILY,
    AURORA_POSTGRESQL_VERSION,
    AuroraPostgres,
    AuroraPostgresProps,
    DrBackupProps,
    ReadReplicaAutoscaling,
)
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import TEST_TAGS, synth_stack

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
SUBNETS = ("subnet-a", "subnet-b", "subnet-c")
NODES_SG = "sg-0nodes"
JOBS_SG = "sg-0jobs"


def _props(**overrides: Any) -> AuroraPostgresProps:
    values: dict[str, Any] = {
        "name": "unit-db",
        "vpc_id": "vpc-0unit",
        "subnet_ids": SUBNETS,
        "availability_zones": ZONES,
        "instance_class": "db.r5.large",
        "instance_count": 3,
        "allowed_security_groups": {"eks_nodes": NODES_SG},
    }
    values.update(overrides)
    return AuroraPostgresProps(**values)


def _build_prod(stack: TerraformStack) -> AuroraPostgres:
    dr = aws_provider(
        stack, "aws_dr", props=AwsProviderProps(region="us-west-2", tags=TEST_TAGS, alias="dr")
    )
    return AuroraPostgres(
        stack,
        "aurora",
        props=_props(
            backup_retention_days=35,
            autoscaling=ReadReplicaAutoscaling(min_readers=2, max_readers=5),
            dr_backup=DrBackupProps(provider=dr, dr_retention_days=14),
        ),
    )


def _build_dev(stack: TerraformStack) -> AuroraPostgres:
    cluster = AuroraPostgres(
        stack,
        "aurora",
        props=_props(
            instance_class="db.t3.medium",
            instance_count=2,
            deletion_protection=False,
            skip_final_snapshot=True,
            monitoring_interval=0,
            allowed_security_groups={},
        ),
    )
    cluster.allow_connections_from("batch_jobs", JOBS_SG)
    return cluster


@pytest.fixture(scope="module")
def prod_synth() -> tuple[dict[str, Any], AuroraPostgres]:
    return synth_stack(_build_prod)


@pytest.fixture(scope="module")
def prod(prod_synth: tuple[dict[str, Any], AuroraPostgres]) -> dict[str, Any]:
    return prod_synth[0]


@pytest.fixture(scope="module")
def dev() -> dict[str, Any]:
    return synth_stack(_build_dev)[0]


def _cluster(stack: dict[str, Any]) -> dict[str, Any]:
    return only(resources(stack, "aws_rds_cluster"))


def _key_ref(stack: dict[str, Any]) -> str:
    return f"${{aws_kms_key.{name_by_path(resources(stack, 'aws_kms_key'), 'aurora_key')}.arn}}"


# -- props -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"instance_count": 0}, r"instance_count = 0: expected 1 to 16"),
        ({"instance_count": 17}, r"instance_count = 17: expected 1 to 16"),
        ({"backup_retention_days": 0}, r"backup_retention_days = 0: expected 1 to 35"),
        ({"backup_retention_days": 36}, r"backup_retention_days = 36: expected 1 to 35"),
        ({"name": "Prod_DB"}, r"name = 'Prod_DB': expected lowercase"),
        ({"master_username": "rdsadmin"}, r"master_username = 'rdsadmin'"),
        ({"monitoring_interval": 7}, r"monitoring_interval = 7: expected one of"),
        ({"log_retention_days": 42}, r"log_retention_days = 42: expected one of"),
        ({"performance_insights_retention_days": 8}, r"performance_insights_retention_days = 8"),
        ({"engine_version": "15.4"}, r"engine_version = '15.4': expected a 16.x"),
        ({"subnet_ids": ("subnet-a",)}, r"subnet_ids = \['subnet-a'\]: expected subnets in"),
        (
            {"availability_zones": ("a", "a")},
            r"availability_zones = \['a', 'a'\]: expected distinct",
        ),
        ({"allowed_security_groups": {"EKS nodes": "sg-1"}}, r"label 'EKS nodes' must be"),
        ({"preferred_backup_window": "3:00-4:00"}, r"preferred_backup_window = '3:00-4:00'"),
        (
            {"preferred_maintenance_window": "mon:03:30-mon:04:30"},
            r"preferred_maintenance_window = 'mon:03:30-mon:04:30': overlaps",
        ),
        (
            {"instance_count": 4, "autoscaling": ReadReplicaAutoscaling(max_readers=2)},
            r"autoscaling.max_readers = 2: expected at least the 3 readers",
        ),
    ],
)
def test_props_reject_invalid_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _props(**overrides)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_readers": 16}, r"autoscaling.max_readers = 16: expected 1 to 15"),
        ({"min_readers": 6, "max_readers": 5}, r"autoscaling.min_readers = 6: expected 0 to 5"),
        ({"target_cpu_percent": 95.0}, r"autoscaling.target_cpu_percent = 95.0"),
    ],
)
def test_autoscaling_props_reject_invalid_input(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReadReplicaAutoscaling(**kwargs)


def test_props_accept_the_boundaries() -> None:
    assert _props(instance_count=1, backup_retention_days=1).instance_count == 1
    assert _props(instance_count=16, backup_retention_days=35).backup_retention_days == 35
    assert ReadReplicaAutoscaling(max_readers=15).max_readers == 15


# -- cluster -----------------------------------------------------------------------


def test_cluster_runs_the_pinned_aurora_postgresql_16(prod: dict[str, Any]) -> None:
    cluster = _cluster(prod)
    assert cluster["engine"] == "aurora-postgresql"
    assert cluster["engine_version"] == AURORA_POSTGRESQL_VERSION
    assert AURORA_POSTGRESQL_VERSION.startswith("16.")
    assert cluster["cluster_identifier"] == "unit-db"


def test_storage_is_encrypted_with_the_rotating_cmk(prod: dict[str, Any]) -> None:
    cluster = _cluster(prod)
    assert cluster["storage_encrypted"] is True
    assert cluster["kms_key_id"] == _key_ref(prod)
    key = by_path(resources(prod, "aws_kms_key"), "aurora_key")
    assert key["enable_key_rotation"] is True


def test_master_password_is_managed_by_rds_and_never_written(prod: dict[str, Any]) -> None:
    cluster = _cluster(prod)
    assert cluster["manage_master_user_password"] is True
    assert cluster["master_user_secret_kms_key_id"] == _key_ref(prod)
    text = json.dumps(prod)
    assert '"master_password' not in text
    assert "auth_token" not in text


def test_iam_database_authentication_is_on(prod: dict[str, Any]) -> None:
    assert _cluster(prod)["iam_database_authentication_enabled"] is True


def test_backups_keep_the_retention_window_and_tags(prod: dict[str, Any]) -> None:
    cluster = _cluster(prod)
    assert cluster["backup_retention_period"] == 35
    assert cluster["preferred_backup_window"] == "03:00-04:00"
    assert cluster["preferred_maintenance_window"] == "sun:04:30-sun:05:30"
    assert cluster["copy_tags_to_snapshot"] is True
    assert cluster["delete_automated_backups"] is False


def test_production_cluster_is_protected_with_a_deterministic_final_snapshot(
    prod: dict[str, Any],
) -> None:
    cluster = _cluster(prod)
    assert cluster["deletion_protection"] is True
    assert cluster["skip_final_snapshot"] is False
    assert cluster["final_snapshot_identifier"] == "unit-db-final"


def test_dev_cluster_can_skip_protection_and_final_snapshot(dev: dict[str, Any]) -> None:
    cluster = _cluster(dev)
    assert cluster["deletion_protection"] is False
    assert cluster["skip_final_snapshot"] is True
    assert "final_snapshot_identifier" not in cluster


def test_three_instances_land_in_three_distinct_zones(prod: dict[str, Any]) -> None:
    instances = resources(prod, "aws_rds_cluster_instance")
    assert len(instances) == 3
    assert sorted(i["availability_zone"] for i in instances.values()) == sorted(ZONES)
    first = by_path(instances, "instance_1")
    assert first["availability_zone"] == ZONES[0]
    assert first["identifier"] == "unit-db-1"
    for instance in instances.values():
        assert instance["instance_class"] == "db.r5.large"
        assert instance["publicly_accessible"] is False
        assert instance["cluster_identifier"].startswith("${aws_rds_cluster.")


def test_instances_wrap_round_robin_over_the_zones() -> None:
    props = _props(instance_count=5)
    assert [props.zone_of(i) for i in range(5)] == [*ZONES, ZONES[0], ZONES[1]]


def test_performance_insights_use_the_cmk(prod: dict[str, Any]) -> None:
    for instance in resources(prod, "aws_rds_cluster_instance").values():
        assert instance["performance_insights_enabled"] is True
        assert instance["performance_insights_kms_key_id"] == _key_ref(prod)
        assert instance["performance_insights_retention_period"] == 7


def test_enhanced_monitoring_uses_a_role_only_rds_monitoring_can_assume(
    prod: dict[str, Any],
) -> None:
    role_name = name_by_path(resources(prod, "aws_iam_role"), "monitoring_role")
    for instance in resources(prod, "aws_rds_cluster_instance").values():
        assert instance["monitoring_interval"] == 60
        assert instance["monitoring_role_arn"] == f"${{aws_iam_role.{role_name}.arn}}"
    trust = by_path(data_sources(prod, "aws_iam_policy_document"), "monitoring_trust")
    (statement,) = trust["statement"]
    assert statement["principals"][0]["identifiers"] == ["monitoring.rds.amazonaws.com"]
    attachment = by_path(
        resources(prod, "aws_iam_role_policy_attachment"), "monitoring_role_policy"
    )
    assert attachment["policy_arn"].endswith(":policy/service-role/AmazonRDSEnhancedMonitoringRole")


def test_monitoring_can_be_turned_off(dev: dict[str, Any]) -> None:
    for instance in resources(dev, "aws_rds_cluster_instance").values():
        assert instance["monitoring_interval"] == 0
        assert "monitoring_role_arn" not in instance
    assert not [n for n in resources(dev, "aws_iam_role") if "monitoring" in n]


def test_subnet_group_holds_the_database_subnets(prod: dict[str, Any]) -> None:
    group = only(resources(prod, "aws_db_subnet_group"))
    assert group["subnet_ids"] == list(SUBNETS)
    assert _cluster(prod)["db_subnet_group_name"].startswith("${aws_db_subnet_group.")


# -- parameters and logs -----------------------------------------------------------------


def test_cluster_parameters_force_tls_and_log_slow_statements(prod: dict[str, Any]) -> None:
    groups = resources(prod, "aws_rds_cluster_parameter_group")
    group = only(groups)
    assert group["family"] == AURORA_POSTGRESQL_FAMILY == "aurora-postgresql16"
    parameters = {p["name"]: p["value"] for p in group["parameter"]}
    assert parameters["rds.force_ssl"] == "1"
    assert parameters["log_min_duration_statement"] == "1000"
    assert parameters["log_statement"] == "ddl"
    assert _cluster(prod)["db_cluster_parameter_group_name"] == (
        f"${{aws_rds_cluster_parameter_group.{next(iter(groups))}.name}}"
    )


def test_instances_use_the_instance_parameter_group(prod: dict[str, Any]) -> None:
    groups = resources(prod, "aws_db_parameter_group")
    assert only(groups)["family"] == "aurora-postgresql16"
    reference = f"${{aws_db_parameter_group.{next(iter(groups))}.name}}"
    for instance in resources(prod, "aws_rds_cluster_instance").values():
        assert instance["db_parameter_group_name"] == reference


def test_postgresql_log_goes_to_an_encrypted_log_group_created_first(
    prod: dict[str, Any],
) -> None:
    groups = resources(prod, "aws_cloudwatch_log_group")
    group = only(groups)
    assert group["name"] == "/aws/rds/cluster/unit-db/postgresql"
    assert group["retention_in_days"] == 365
    assert group["kms_key_id"] == _key_ref(prod)
    cluster = _cluster(prod)
    assert cluster["enabled_cloudwatch_logs_exports"] == ["postgresql"]
    assert f"aws_cloudwatch_log_group.{next(iter(groups))}" in cluster["depends_on"]


def test_key_policy_lets_only_that_log_group_use_the_key(prod: dict[str, Any]) -> None:
    policy = by_path(data_sources(prod, "aws_iam_policy_document"), "aurora_key_policy")
    grant = next(s for s in policy["statement"] if s["sid"] == "ServiceUse0")
    assert grant["principals"][0]["identifiers"][0].startswith("logs.")
    (condition,) = grant["condition"]
    assert condition["variable"] == "kms:EncryptionContext:aws:logs:arn"
    assert condition["values"][0].endswith(":log-group:/aws/rds/cluster/unit-db/postgresql")


# -- network ---------------------------------------------------------------------------


def test_security_group_admits_postgres_only_from_the_given_groups(prod: dict[str, Any]) -> None:
    group = only(resources(prod, "aws_security_group"))
    assert "ingress" not in group
    assert "egress" not in group
    (rule,) = resources(prod, "aws_vpc_security_group_ingress_rule").values()
    assert rule["referenced_security_group_id"] == NODES_SG
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 5432, 5432)
    assert rule["description"]
    assert "cidr_ipv4" not in rule
    assert "cidr_ipv6" not in rule
    assert "0.0.0.0/0" not in json.dumps(prod)
    assert _cluster(prod)["vpc_security_group_ids"] == [
        f"${{aws_security_group.{next(iter(resources(prod, 'aws_security_group')))}.id}}"
    ]


def test_allow_connections_from_adds_a_labelled_rule(dev: dict[str, Any]) -> None:
    rules = resources(dev, "aws_vpc_security_group_ingress_rule")
    rule = by_path(rules, "from_batch_jobs")
    assert rule["referenced_security_group_id"] == JOBS_SG
    assert "batch_jobs" in rule["description"]
    assert len(rules) == 1


# -- optional features -------------------------------------------------------------------


def test_reader_autoscaling_tracks_reader_cpu(prod: dict[str, Any]) -> None:
    target = only(resources(prod, "aws_appautoscaling_target"))
    assert target["scalable_dimension"] == "rds:cluster:ReadReplicaCount"
    assert target["service_namespace"] == "rds"
    assert (target["min_capacity"], target["max_capacity"]) == (2, 5)
    assert target["resource_id"].startswith("cluster:${aws_rds_cluster.")
    policy = only(resources(prod, "aws_appautoscaling_policy"))
    tracking = policy["target_tracking_scaling_policy_configuration"]
    assert tracking["predefined_metric_specification"]["predefined_metric_type"] == (
        "RDSReaderAverageCPUUtilization"
    )
    assert tracking["target_value"] == 70


def test_no_autoscaling_or_dr_backup_unless_asked(dev: dict[str, Any]) -> None:
    assert resources(dev, "aws_appautoscaling_target") == {}
    assert resources(dev, "aws_backup_plan") == {}
    assert len(resources(dev, "aws_kms_key")) == 1


def test_dr_backup_copies_to_a_vault_in_the_dr_region(prod: dict[str, Any]) -> None:
    vaults = resources(prod, "aws_backup_vault")
    dr_vault_name = name_by_path(vaults, "dr_backup_dr_vault")
    dr_vault = vaults[dr_vault_name]
    assert dr_vault["provider"] == "aws.dr"
    dr_key_name = name_by_path(resources(prod, "aws_kms_key"), "dr_backup_dr_key")
    assert dr_vault["kms_key_arn"] == f"${{aws_kms_key.{dr_key_name}.arn}}"
    dr_key = resources(prod, "aws_kms_key")[dr_key_name]
    assert dr_key["provider"] == "aws.dr"
    assert dr_key["enable_key_rotation"] is True
    assert by_path(resources(prod, "aws_kms_alias"), "dr_backup_dr_key_alias")["provider"] == (
        "aws.dr"
    )
    local_vault = by_path(vaults, "dr_backup_vault")
    assert "provider" not in local_vault
    assert local_vault["kms_key_arn"] == _key_ref(prod)
    (rule,) = only(resources(prod, "aws_backup_plan"))["rule"]
    (copy,) = rule["copy_action"]
    assert copy["destination_vault_arn"] == f"${{aws_backup_vault.{dr_vault_name}.arn}}"
    assert copy["lifecycle"]["delete_after"] == 14
    selection = only(resources(prod, "aws_backup_selection"))
    assert selection["resources"] == [
        f"${{aws_rds_cluster.{next(iter(resources(prod, 'aws_rds_cluster')))}.arn}}"
    ]


def test_dr_backup_role_is_for_aws_backup_only(prod: dict[str, Any]) -> None:
    trust = by_path(data_sources(prod, "aws_iam_policy_document"), "dr_backup_trust")
    (statement,) = trust["statement"]
    assert statement["principals"][0]["identifiers"] == ["backup.amazonaws.com"]
    assert statement["condition"][0]["variable"] == "aws:SourceAccount"


# -- outputs ---------------------------------------------------------------------------


def test_outputs_are_typed_attributes(
    prod_synth: tuple[dict[str, Any], AuroraPostgres],
) -> None:
    _, cluster = prod_synth
    for value in (
        cluster.cluster_identifier,
        cluster.cluster_arn,
        cluster.writer_endpoint,
        cluster.reader_endpoint,
        cluster.master_user_secret_arn,
        cluster.security_group_id,
        cluster.kms_key_arn,
    ):
        assert isinstance(value, str)
        assert value
    assert cluster.port == 5432
    assert cluster.instance_identifiers == ["unit-db-1", "unit-db-2", "unit-db-3"]
    assert cluster.dr_backup_vault_arn is not None
