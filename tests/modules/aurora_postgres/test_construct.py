"""The AuroraPostgres construct: synthesized resources of a production-like and a dev-like
cluster, each placed in a unit VPC (one synthesis per stack for the whole module)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import DefaultTokenResolver, StringConcat, TerraformStack, Tokenization

from platform_cdktf.modules.aurora_postgres import (
    AURORA_POSTGRESQL_FAMILY,
    AURORA_POSTGRESQL_VERSION,
    AuroraPostgres,
    AuroraPostgresProps,
    AuroraPostgresSettings,
    DrBackupSettings,
)
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import JOBS_SG, NODES_SG, TEST_TAGS, UNIT_ZONES, synth_stack, unit_vpc

Synth = tuple[dict[str, Any], AuroraPostgres]


def _build_prod(stack: TerraformStack) -> AuroraPostgres:
    network = unit_vpc(stack)
    dr = aws_provider(
        stack, "aws_dr", props=AwsProviderProps(region="us-west-2", tags=TEST_TAGS, alias="dr")
    )
    return AuroraPostgres(
        stack,
        "aurora",
        props=AuroraPostgresProps(
            name="unit-db",
            settings=AuroraPostgresSettings(
                instance_class="db.r5.large",
                instance_count=3,
                backup_retention_days=35,
                max_readers=5,
                dr_backup=DrBackupSettings(region="us-west-2", dr_retention_days=14),
            ),
            network=network,
            allowed_security_groups={"eks_nodes": NODES_SG},
            dr_provider=dr,
        ),
    )


def _build_dev(stack: TerraformStack) -> AuroraPostgres:
    cluster = AuroraPostgres(
        stack,
        "aurora",
        props=AuroraPostgresProps(
            name="unit-db",
            settings=AuroraPostgresSettings(
                instance_class="db.t3.medium",
                instance_count=2,
                deletion_protection=False,
                skip_final_snapshot=True,
                monitoring_interval=0,
            ),
            network=unit_vpc(stack),
        ),
    )
    cluster.allow_connections_from("batch_jobs", JOBS_SG)
    return cluster


@pytest.fixture(scope="module")
def prod_synth() -> Synth:
    return synth_stack(_build_prod)


@pytest.fixture(scope="module")
def prod(prod_synth: Synth) -> dict[str, Any]:
    return prod_synth[0]


@pytest.fixture(scope="module")
def dev_synth() -> Synth:
    return synth_stack(_build_dev)


@pytest.fixture(scope="module")
def dev(dev_synth: Synth) -> dict[str, Any]:
    return dev_synth[0]


def _ours(stack: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    """Resources of the cluster (construct path ``aurora/...``), not of the VPC."""
    return {
        name: resource
        for name, resource in resources(stack, resource_type).items()
        if name.startswith("aurora_")
    }


def _cluster(stack: dict[str, Any]) -> dict[str, Any]:
    return only(resources(stack, "aws_rds_cluster"))


def _ref(stack: dict[str, Any], resource_type: str, suffix: str, attribute: str) -> str:
    return (
        f"${{{resource_type}.{name_by_path(resources(stack, resource_type), suffix)}.{attribute}}}"
    )


def _key_ref(stack: dict[str, Any]) -> str:
    return _ref(stack, "aws_kms_key", "aurora_key", "arn")


def _resolve(scope: AuroraPostgres, token: str) -> str:
    resolved: str = Tokenization.resolve(
        token,
        scope=TerraformStack.of(scope),
        preparing=False,
        resolver=DefaultTokenResolver(StringConcat()),
    )
    return resolved


# -- cluster -----------------------------------------------------------------------------


def test_cluster_runs_the_pinned_aurora_postgresql_16(prod: dict[str, Any]) -> None:
    cluster = _cluster(prod)
    assert cluster["engine"] == "aurora-postgresql"
    assert cluster["engine_mode"] == "provisioned"
    assert cluster["engine_version"] == AURORA_POSTGRESQL_VERSION
    assert AURORA_POSTGRESQL_VERSION.startswith("16.")
    assert cluster["cluster_identifier"] == "unit-db"
    assert cluster["master_username"] == "dbadmin"
    assert cluster["port"] == 5432
    assert cluster["allow_major_version_upgrade"] is False
    assert "database_name" not in cluster


def test_storage_is_encrypted_with_the_rotating_cmk(prod: dict[str, Any]) -> None:
    cluster = _cluster(prod)
    assert cluster["storage_encrypted"] is True
    assert cluster["kms_key_id"] == _key_ref(prod)
    key = by_path(resources(prod, "aws_kms_key"), "aurora_key")
    assert key["enable_key_rotation"] is True
    assert key["deletion_window_in_days"] == 30


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


def test_three_instances_land_in_the_three_vpc_zones(prod: dict[str, Any]) -> None:
    instances = resources(prod, "aws_rds_cluster_instance")
    assert len(instances) == 3
    assert sorted(i["availability_zone"] for i in instances.values()) == sorted(UNIT_ZONES)
    for index, zone in enumerate(UNIT_ZONES, start=1):
        instance = by_path(instances, f"instance_{index}")
        assert instance["availability_zone"] == zone
        assert instance["identifier"] == f"unit-db-{index}"
    cluster_ref = _ref(prod, "aws_rds_cluster", "aurora_cluster", "id")
    for instance in instances.values():
        assert instance["instance_class"] == "db.r5.large"
        assert instance["engine"] == "aurora-postgresql"
        assert instance["engine_version"] == AURORA_POSTGRESQL_VERSION
        assert instance["publicly_accessible"] is False
        assert instance["auto_minor_version_upgrade"] is False
        assert instance["ca_cert_identifier"] == "rds-ca-rsa2048-g1"
        assert instance["preferred_maintenance_window"] == "sun:04:30-sun:05:30"
        assert instance["cluster_identifier"] == cluster_ref


def test_dev_instances_use_the_dev_class_in_the_first_two_zones(dev: dict[str, Any]) -> None:
    instances = resources(dev, "aws_rds_cluster_instance")
    assert [by_path(instances, f"instance_{i}")["availability_zone"] for i in (1, 2)] == list(
        UNIT_ZONES[:2]
    )
    assert {i["instance_class"] for i in instances.values()} == {"db.t3.medium"}


def test_performance_insights_use_the_cmk(prod: dict[str, Any]) -> None:
    for instance in resources(prod, "aws_rds_cluster_instance").values():
        assert instance["performance_insights_enabled"] is True
        assert instance["performance_insights_kms_key_id"] == _key_ref(prod)
        assert instance["performance_insights_retention_period"] == 7


def test_enhanced_monitoring_uses_a_role_only_rds_monitoring_can_assume(
    prod: dict[str, Any],
) -> None:
    role_ref = _ref(prod, "aws_iam_role", "monitoring_role", "arn")
    for instance in resources(prod, "aws_rds_cluster_instance").values():
        assert instance["monitoring_interval"] == 60
        assert instance["monitoring_role_arn"] == role_ref
    role = by_path(resources(prod, "aws_iam_role"), "monitoring_role")
    assert role["name"] == "unit-db-rds-monitoring"
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
    assert not [name for name in resources(dev, "aws_iam_role") if "monitoring" in name]
    assert not [n for n in data_sources(dev, "aws_iam_policy_document") if "monitoring" in n]


def test_subnet_group_holds_the_vpc_database_subnets(prod: dict[str, Any]) -> None:
    subnets = resources(prod, "aws_subnet")
    group = only(resources(prod, "aws_db_subnet_group"))
    assert group["name"] == "unit-db-aurora"
    assert group["subnet_ids"] == [
        f"${{aws_subnet.{name_by_path(subnets, f'vpc_subnet_database_{zone}')}.id}}"
        for zone in UNIT_ZONES
    ]
    assert _cluster(prod)["db_subnet_group_name"] == _ref(
        prod, "aws_db_subnet_group", "aurora_subnet_group", "name"
    )
    subnet_group_ref = _ref(prod, "aws_db_subnet_group", "aurora_subnet_group", "name")
    for instance in resources(prod, "aws_rds_cluster_instance").values():
        assert instance["db_subnet_group_name"] == subnet_group_ref


# -- parameters and logs ---------------------------------------------------------------------


def test_cluster_parameters_force_tls_and_log_slow_statements(prod: dict[str, Any]) -> None:
    groups = resources(prod, "aws_rds_cluster_parameter_group")
    group = only(groups)
    assert group["family"] == AURORA_POSTGRESQL_FAMILY == "aurora-postgresql16"
    assert group["name"] == "unit-db-aurora-postgresql16"
    parameters = {p["name"]: p["value"] for p in group["parameter"]}
    assert parameters == {
        "rds.force_ssl": "1",
        "log_min_duration_statement": "1000",
        "log_statement": "ddl",
    }
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
    groups = _ours(prod, "aws_cloudwatch_log_group")
    group = only(groups)
    assert group["name"] == "/aws/rds/cluster/unit-db/postgresql"
    assert group["retention_in_days"] == 365
    assert group["kms_key_id"] == _key_ref(prod)
    cluster = _cluster(prod)
    assert cluster["enabled_cloudwatch_logs_exports"] == ["postgresql"]
    assert cluster["depends_on"] == [f"aws_cloudwatch_log_group.{next(iter(groups))}"]


def test_key_policy_lets_only_that_log_group_use_the_key(prod: dict[str, Any]) -> None:
    policy = by_path(data_sources(prod, "aws_iam_policy_document"), "aurora_key_policy")
    grant = next(s for s in policy["statement"] if s["sid"] == "ServiceUse0")
    assert grant["principals"][0]["identifiers"][0].startswith("logs.")
    (condition,) = grant["condition"]
    assert condition["variable"] == "kms:EncryptionContext:aws:logs:arn"
    (value,) = condition["values"]
    assert value.endswith(":log-group:/aws/rds/cluster/unit-db/postgresql")


# -- network -----------------------------------------------------------------------------


def test_security_group_admits_postgres_only_from_the_given_groups(prod: dict[str, Any]) -> None:
    groups = resources(prod, "aws_security_group")
    group = only(groups)
    assert group["name"] == "unit-db-aurora"
    assert group["vpc_id"] == _ref(prod, "aws_vpc", "vpc", "id")
    assert "ingress" not in group
    assert "egress" not in group
    (rule,) = resources(prod, "aws_vpc_security_group_ingress_rule").values()
    assert rule["security_group_id"] == f"${{aws_security_group.{next(iter(groups))}.id}}"
    assert rule["referenced_security_group_id"] == NODES_SG
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 5432, 5432)
    assert rule["description"] == "PostgreSQL 5432/tcp from eks_nodes"
    assert "cidr_ipv4" not in rule
    assert "cidr_ipv6" not in rule
    cluster_resources = {t: _ours(prod, t) for t in prod["resource"]}
    assert "0.0.0.0/0" not in json.dumps(cluster_resources)
    assert _cluster(prod)["vpc_security_group_ids"] == [
        f"${{aws_security_group.{next(iter(groups))}.id}}"
    ]


def test_allow_connections_from_adds_a_labelled_rule(dev: dict[str, Any]) -> None:
    rules = resources(dev, "aws_vpc_security_group_ingress_rule")
    rule = by_path(rules, "from_batch_jobs")
    assert rule["referenced_security_group_id"] == JOBS_SG
    assert rule["description"] == "PostgreSQL 5432/tcp from batch_jobs"
    assert len(rules) == 1


def test_allow_connections_from_refuses_cidrs_and_duplicate_labels(dev_synth: Synth) -> None:
    _, cluster = dev_synth
    with pytest.raises(SettingsError) as caught:
        cluster.allow_connections_from("office", "10.0.0.0/8")
    assert caught.value.lines == (
        "ServicePortSecurityGroup.sources['office'] = '10.0.0.0/8': expected a security group "
        "id (sg-...) or a reference to one; data stores admit security groups, never CIDRs",
    )
    with pytest.raises(ValueError, match="sources: label 'batch_jobs' is already admitted"):
        cluster.allow_connections_from("batch_jobs", NODES_SG)


# -- optional features -------------------------------------------------------------------


def test_reader_autoscaling_tracks_reader_cpu(prod: dict[str, Any]) -> None:
    target = only(resources(prod, "aws_appautoscaling_target"))
    assert target["scalable_dimension"] == "rds:cluster:ReadReplicaCount"
    assert target["service_namespace"] == "rds"
    # min: the two managed readers of instance_count = 3; max: settings.max_readers.
    assert (target["min_capacity"], target["max_capacity"]) == (2, 5)
    cluster_name = next(iter(resources(prod, "aws_rds_cluster")))
    assert (
        target["resource_id"] == f"cluster:${{aws_rds_cluster.{cluster_name}.cluster_identifier}}"
    )
    assert sorted(target["depends_on"]) == sorted(
        f"aws_rds_cluster_instance.{name}" for name in resources(prod, "aws_rds_cluster_instance")
    )
    policy = only(resources(prod, "aws_appautoscaling_policy"))
    assert policy["name"] == "unit-db-reader-cpu"
    assert policy["policy_type"] == "TargetTrackingScaling"
    tracking = policy["target_tracking_scaling_policy_configuration"]
    assert tracking["predefined_metric_specification"]["predefined_metric_type"] == (
        "RDSReaderAverageCPUUtilization"
    )
    assert tracking["target_value"] == 70
    assert (tracking["scale_in_cooldown"], tracking["scale_out_cooldown"]) == (300, 300)


def test_no_autoscaling_or_dr_backup_unless_asked(dev_synth: Synth) -> None:
    dev, cluster = dev_synth
    assert resources(dev, "aws_appautoscaling_target") == {}
    assert resources(dev, "aws_appautoscaling_policy") == {}
    assert resources(dev, "aws_backup_plan") == {}
    assert resources(dev, "aws_backup_vault") == {}
    assert len(_ours(dev, "aws_kms_key")) == 1
    assert cluster.dr_backup is None
    assert cluster.dr_backup_vault_arn is None


def test_dr_backup_copies_to_a_vault_in_the_dr_region(prod: dict[str, Any]) -> None:
    vaults = resources(prod, "aws_backup_vault")
    dr_vault_name = name_by_path(vaults, "dr_backup_dr_vault")
    dr_vault = vaults[dr_vault_name]
    assert dr_vault["name"] == "unit-db-aurora-dr"
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
    plan = only(resources(prod, "aws_backup_plan"))
    (rule,) = plan["rule"]
    assert rule["schedule"] == "cron(0 5 ? * * *)"
    assert rule["lifecycle"]["delete_after"] == 35
    assert (
        rule["target_vault_name"]
        == f"${{aws_backup_vault.{name_by_path(vaults, 'dr_backup_vault')}.name}}"
    )
    (copy,) = rule["copy_action"]
    assert copy["destination_vault_arn"] == f"${{aws_backup_vault.{dr_vault_name}.arn}}"
    assert copy["lifecycle"]["delete_after"] == 14
    selection = only(resources(prod, "aws_backup_selection"))
    assert selection["resources"] == [_ref(prod, "aws_rds_cluster", "aurora_cluster", "arn")]
    assert selection["iam_role_arn"] == _ref(prod, "aws_iam_role", "dr_backup_role", "arn")


def test_dr_backup_role_is_for_aws_backup_only(prod: dict[str, Any]) -> None:
    trust = by_path(data_sources(prod, "aws_iam_policy_document"), "dr_backup_trust")
    (statement,) = trust["statement"]
    assert statement["principals"][0]["identifiers"] == ["backup.amazonaws.com"]
    assert statement["condition"][0]["variable"] == "aws:SourceAccount"
    attachment = by_path(resources(prod, "aws_iam_role_policy_attachment"), "dr_backup_role_policy")
    assert attachment["policy_arn"].endswith(
        ":policy/service-role/AWSBackupServiceRolePolicyForBackup"
    )


# -- outputs ---------------------------------------------------------------------------


def test_outputs_are_references_to_the_cluster_resources(prod_synth: Synth) -> None:
    stack, cluster = prod_synth
    cluster_name = next(iter(resources(stack, "aws_rds_cluster")))
    expected: list[tuple[str, str]] = [
        (cluster.cluster_identifier, f"aws_rds_cluster.{cluster_name}.cluster_identifier"),
        (cluster.cluster_arn, f"aws_rds_cluster.{cluster_name}.arn"),
        (cluster.cluster_resource_id, f"aws_rds_cluster.{cluster_name}.cluster_resource_id"),
        (cluster.writer_endpoint, f"aws_rds_cluster.{cluster_name}.endpoint"),
        (cluster.reader_endpoint, f"aws_rds_cluster.{cluster_name}.reader_endpoint"),
        (
            cluster.master_user_secret_arn,
            f"aws_rds_cluster.{cluster_name}.master_user_secret[0].secret_arn",
        ),
    ]
    for token, reference in expected:
        assert _resolve(cluster, token) == f"${{{reference}}}"
    assert _resolve(cluster, cluster.security_group_id) == _ref(
        stack, "aws_security_group", "aurora_security_group", "id"
    )
    assert _resolve(cluster, cluster.kms_key_arn) == _key_ref(stack)
    assert _resolve(cluster, cluster.log_group_name) == _ref(
        stack, "aws_cloudwatch_log_group", "aurora_log_group", "name"
    )
    assert cluster.dr_backup_vault_arn is not None
    assert _resolve(cluster, cluster.dr_backup_vault_arn) == _ref(
        stack, "aws_backup_vault", "dr_backup_dr_vault", "arn"
    )
    assert cluster.port == 5432
    assert cluster.instance_identifiers == ["unit-db-1", "unit-db-2", "unit-db-3"]
