"""AuroraPostgresSettings and DrBackupSettings on their own: defaults, every limit and
cross-field check with its error line, and the boundary values that are accepted."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.aurora_postgres import (
    AURORA_POSTGRESQL_FAMILY,
    AURORA_POSTGRESQL_VERSION,
    AuroraPostgresSettings,
    DrBackupSettings,
)
from platform_cdktf.modules.shared.settings import SettingsError

CLASS = "db.r5.large"
S = "AuroraPostgresSettings"


def _settings(**overrides: Any) -> AuroraPostgresSettings:
    values: dict[str, Any] = {"instance_class": CLASS, **overrides}
    return AuroraPostgresSettings(**values)


def _lines(**overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _settings(**overrides)
    return caught.value.lines


# -- defaults and derived values -------------------------------------------------------


def test_defaults() -> None:
    settings = _settings()
    assert settings.instance_count == 2
    assert settings.engine_version == AURORA_POSTGRESQL_VERSION == "16.11"
    assert AURORA_POSTGRESQL_FAMILY == "aurora-postgresql16"
    assert settings.database_name is None
    assert settings.master_username == "dbadmin"
    assert settings.port == 5432
    assert settings.backup_retention_days == 7
    assert settings.backup_window == "03:00-04:00"
    assert settings.maintenance_window == "sun:04:30-sun:05:30"
    assert settings.deletion_protection is True
    assert settings.skip_final_snapshot is False
    assert settings.auto_minor_version_upgrade is False
    assert settings.slow_statement_ms == 1000
    assert settings.log_statement == "ddl"
    assert settings.log_retention_days == 365
    assert settings.monitoring_interval == 60
    assert settings.performance_insights_retention_days == 7
    assert settings.max_readers == 0
    assert settings.reader_target_cpu_percent == 70.0
    assert settings.reader_scale_in_cooldown_seconds == 300
    assert settings.reader_scale_out_cooldown_seconds == 300
    assert settings.dr_backup is None
    assert settings.key_deletion_window_days == 30


@pytest.mark.parametrize(
    ("instance_count", "max_readers", "fixed", "minimum", "scaling"),
    [
        (1, 0, 0, 1, False),
        (1, 1, 0, 1, True),
        (2, 0, 1, 1, False),
        (3, 5, 2, 2, True),
        (16, 15, 15, 15, True),
    ],
)
def test_derived_reader_counts(
    instance_count: int, max_readers: int, fixed: int, minimum: int, scaling: bool
) -> None:
    settings = _settings(instance_count=instance_count, max_readers=max_readers)
    assert settings.fixed_readers == fixed
    assert settings.min_readers == minimum
    assert settings.reader_autoscaling is scaling


def test_settings_are_frozen() -> None:
    settings = _settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.port = 6543  # type: ignore[misc]


def test_instance_class_is_required() -> None:
    with pytest.raises(SettingsError) as caught:
        AuroraPostgresSettings()  # type: ignore[call-arg]
    assert caught.value.lines == (f"{S}.instance_class: required setting is missing",)


def test_unknown_keys_are_typos() -> None:
    assert _lines(instance_clas="db.r5.large") == (
        f"{S}.instance_clas = 'db.r5.large': unknown setting (a typo?)",
    )


# -- instance class from the catalogue --------------------------------------------------


def test_instance_class_typo_suggests_the_size() -> None:
    assert _lines(instance_class="db.r6g.lrage") == (
        f"{S}.instance_class = 'db.r6g.lrage': 'db.r6g.lrage' is not a known RDS DB "
        "instance class; did you mean 'db.r6g.large'?",
    )


def test_unknown_instance_family_lists_the_known_ones() -> None:
    (line,) = _lines(instance_class="db.z9.large")
    assert line.startswith(
        f"{S}.instance_class = 'db.z9.large': 'db.z9.large': unknown RDS family 'db.z9'"
    )
    assert "known families: db.r5, db.r6g," in line


def test_ec2_name_without_db_prefix_suggests_the_db_class() -> None:
    (line,) = _lines(instance_class="r5.large")
    assert line.startswith(f"{S}.instance_class = 'r5.large': 'r5.large': unknown RDS family 'r5'")
    assert "(did you mean 'db.r5.large'?)" in line


@pytest.mark.parametrize("instance_class", ["db.r8g.large", "db.r7i.xlarge"])
def test_class_without_recorded_aurora_postgresql_versions_is_rejected(
    instance_class: str,
) -> None:
    family = instance_class.rpartition(".")[0]
    assert _lines(instance_class=instance_class) == (
        f"{S}.instance_class = {instance_class!r}: the instance catalogue records no Aurora "
        f"PostgreSQL version for {family}; choose another class or add the versions AWS "
        "documents to modules/catalogue/instance_types.toml",
    )


def test_class_must_be_offered_for_the_engine_version() -> None:
    assert _lines(engine_version="16.0") == (
        f"{S}.instance_class = 'db.r5.large': not offered for Aurora PostgreSQL 16.0; it "
        "supports {'13': '13.3', '14': '14.3', '15': '15.2', '16': '16.1', '17': '17.4'} "
        "(major: minimum version)",
    )


@pytest.mark.parametrize(
    "instance_class", ["db.t3.medium", "db.t4g.large", "db.r6gd.xlarge", "db.x2g.16xlarge"]
)
def test_classes_with_aurora_postgresql_16_are_accepted(instance_class: str) -> None:
    assert _settings(instance_class=instance_class).instance_class == instance_class


def test_lowest_documented_minor_is_accepted() -> None:
    assert _settings(engine_version="16.1").engine_version == "16.1"


# -- engine version ------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["15.4", "17.4", "16", "16.11.1", "v16.4"])
def test_engine_version_must_be_16_x(version: str) -> None:
    assert _lines(engine_version=version) == (
        f"{S}.engine_version = {version!r}: expected a 16.x version (the parameter groups "
        "are family aurora-postgresql16)",
    )


# -- windows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("window", ["3:00-4:00", "03:00", "03:00-24:00", "mon:03:00-mon:04:00"])
def test_backup_window_format(window: str) -> None:
    assert _lines(backup_window=window) == (
        f"{S}.backup_window = {window!r}: expected a daily UTC window hh24:mi-hh24:mi "
        "such as 03:00-04:00",
    )


@pytest.mark.parametrize("window", ["sun:04:30", "04:30-05:30", "sunday:04:30-sunday:05:30"])
def test_maintenance_window_format(window: str) -> None:
    assert _lines(maintenance_window=window) == (
        f"{S}.maintenance_window = {window!r}: expected a weekly UTC window "
        "ddd:hh24:mi-ddd:hh24:mi such as sun:04:30-sun:05:30",
    )


@pytest.mark.parametrize(("window", "minutes"), [("03:00-03:29", 29), ("03:00-03:00", 0)])
def test_backup_window_lasts_at_least_30_minutes(window: str, minutes: int) -> None:
    assert _lines(backup_window=window) == (
        f"{S}.backup_window = {window!r}: the window lasts {minutes} minutes; AWS requires "
        "at least 30",
    )


def test_maintenance_window_lasts_at_least_30_minutes() -> None:
    assert _lines(maintenance_window="sun:04:30-sun:04:59") == (
        f"{S}.maintenance_window = 'sun:04:30-sun:04:59': the window lasts 29 minutes; AWS "
        "requires at least 30",
    )


def test_windows_of_exactly_30_minutes_are_accepted() -> None:
    settings = _settings(backup_window="03:00-03:30", maintenance_window="sun:04:30-sun:05:00")
    assert (settings.backup_window, settings.maintenance_window) == (
        "03:00-03:30",
        "sun:04:30-sun:05:00",
    )


def test_windows_may_wrap_past_midnight_and_the_end_of_the_week() -> None:
    assert _settings(backup_window="23:30-00:30").backup_window == "23:30-00:30"
    wrapping = _settings(maintenance_window="sun:23:30-mon:00:30")
    assert wrapping.maintenance_window == "sun:23:30-mon:00:30"


@pytest.mark.parametrize(
    ("backup", "maintenance"),
    [
        ("03:00-04:00", "mon:03:30-mon:04:30"),
        ("03:00-04:00", "tue:03:30-tue:04:30"),
        ("03:00-04:00", "wed:02:00-wed:05:00"),
        # The daily window wraps past midnight into the maintenance window.
        ("23:30-00:30", "mon:00:00-mon:00:30"),
        # The weekly window wraps past Sunday midnight into Monday's backup.
        ("00:00-01:00", "sun:23:45-mon:00:15"),
    ],
)
def test_maintenance_window_must_not_overlap_the_backup_window(
    backup: str, maintenance: str
) -> None:
    assert _lines(backup_window=backup, maintenance_window=maintenance) == (
        f"{S}.maintenance_window = {maintenance!r}: overlaps backup_window {backup!r}; RDS "
        "requires them apart",
    )


@pytest.mark.parametrize("maintenance", ["sun:04:00-sun:04:30", "sun:02:00-sun:03:00"])
def test_windows_that_only_touch_are_accepted(maintenance: str) -> None:
    assert _settings(maintenance_window=maintenance).maintenance_window == maintenance


# -- counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "greater than or equal to 1"), (17, "less than or equal to 16")],
)
def test_instance_count_is_1_to_16(count: int, expected: str) -> None:
    assert _lines(instance_count=count) == (
        f"{S}.instance_count = {count}: Input should be {expected}",
    )


@pytest.mark.parametrize("count", [1, 16])
def test_instance_count_boundaries_are_accepted(count: int) -> None:
    assert _settings(instance_count=count).instance_count == count


def test_max_readers_at_most_15() -> None:
    assert _lines(max_readers=16) == (
        f"{S}.max_readers = 16: Input should be less than or equal to 15",
    )
    assert _lines(max_readers=-1) == (
        f"{S}.max_readers = -1: Input should be greater than or equal to 0",
    )


def test_max_readers_below_the_fixed_readers_is_rejected() -> None:
    assert _lines(instance_count=4, max_readers=2) == (
        f"{S}.max_readers = 2: expected 0 (off) or at least the 3 readers of instance_count = 4",
    )


@pytest.mark.parametrize(("count", "max_readers"), [(4, 0), (4, 3), (1, 1), (1, 15)])
def test_max_readers_off_or_at_least_the_fixed_readers(count: int, max_readers: int) -> None:
    assert _settings(instance_count=count, max_readers=max_readers).max_readers == max_readers


# -- numeric limits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("backup_retention_days", 0, "Input should be greater than or equal to 1"),
        ("backup_retention_days", 36, "Input should be less than or equal to 35"),
        ("port", 1149, "Input should be greater than or equal to 1150"),
        ("port", 65536, "Input should be less than or equal to 65535"),
        ("slow_statement_ms", -1, "Input should be greater than or equal to 0"),
        ("slow_statement_ms", 3_600_001, "Input should be less than or equal to 3600000"),
        ("reader_target_cpu_percent", 9.5, "Input should be greater than or equal to 10"),
        ("reader_target_cpu_percent", 95.0, "Input should be less than or equal to 90"),
        ("reader_scale_in_cooldown_seconds", -1, "Input should be greater than or equal to 0"),
        ("reader_scale_out_cooldown_seconds", 86401, "Input should be less than or equal to 86400"),
        ("key_deletion_window_days", 6, "Input should be greater than or equal to 7"),
        ("key_deletion_window_days", 31, "Input should be less than or equal to 30"),
        (
            "log_retention_days",
            42,
            "expected one of the CloudWatch Logs retention values [1, 3, 5, 7, 14, 30, 60, "
            "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
        ),
        ("log_statement", "verbose", "Input should be 'none', 'ddl', 'mod' or 'all'"),
    ],
)
def test_limits(field: str, value: Any, expected: str) -> None:
    assert _lines(**{field: value}) == (f"{S}.{field} = {value!r}: {expected}",)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("backup_retention_days", 1),
        ("backup_retention_days", 35),
        ("port", 1150),
        ("port", 65535),
        ("slow_statement_ms", 0),
        ("slow_statement_ms", 3_600_000),
        ("reader_target_cpu_percent", 10.0),
        ("reader_target_cpu_percent", 90.0),
        ("reader_scale_in_cooldown_seconds", 0),
        ("reader_scale_out_cooldown_seconds", 86400),
        ("key_deletion_window_days", 7),
        ("log_retention_days", 3653),
        ("log_statement", "none"),
    ],
)
def test_boundaries_are_accepted(field: str, value: Any) -> None:
    assert getattr(_settings(**{field: value}), field) == value


# -- monitoring and Performance Insights ---------------------------------------------------


@pytest.mark.parametrize("interval", [7, 2, 120, -1])
def test_monitoring_interval_is_one_rds_accepts(interval: int) -> None:
    assert _lines(monitoring_interval=interval) == (
        f"{S}.monitoring_interval = {interval}: Input should be 0, 1, 5, 10, 15, 30 or 60",
    )


@pytest.mark.parametrize("interval", [0, 1, 5, 10, 15, 30, 60])
def test_monitoring_intervals_are_accepted(interval: int) -> None:
    assert _settings(monitoring_interval=interval).monitoring_interval == interval


@pytest.mark.parametrize("days", [0, 8, 30, 32, 744, 730, 732])
def test_performance_insights_retention_is_one_rds_accepts(days: int) -> None:
    assert _lines(performance_insights_retention_days=days) == (
        f"{S}.performance_insights_retention_days = {days}: expected 7, a multiple of 31 up "
        "to 713, or 731",
    )


@pytest.mark.parametrize("days", [7, 31, 62, 713, 731])
def test_performance_insights_retentions_are_accepted(days: int) -> None:
    assert (
        _settings(performance_insights_retention_days=days).performance_insights_retention_days
        == days
    )


# -- names -----------------------------------------------------------------------------------

_USERNAME_RULE = (
    "expected a letter then letters, digits or _, at most 63 characters, not one of "
    "['public', 'rds_superuser', 'rdsadmin', 'rdsrepladmin']"
)


@pytest.mark.parametrize(
    "name",
    [
        "rdsadmin",
        "RDSAdmin",
        "rdsrepladmin",
        "rds_superuser",
        "public",
        "1admin",
        "db-admin",
        "a" * 64,
        "db admin",
    ],
)
def test_master_username_rules(name: str) -> None:
    assert _lines(master_username=name) == (f"{S}.master_username = {name!r}: {_USERNAME_RULE}",)


@pytest.mark.parametrize("name", ["Admin_1", "a", "a" * 63, "app_owner"])
def test_master_usernames_accepted(name: str) -> None:
    assert _settings(master_username=name).master_username == name


_DATABASE_RULE = (
    "expected a letter then letters, digits or _, at most 63 characters (postgres always exists)"
)


@pytest.mark.parametrize("name", ["postgres", "1app", "app-db", "a" * 64, "app db"])
def test_database_name_rules(name: str) -> None:
    assert _lines(database_name=name) == (f"{S}.database_name = {name!r}: {_DATABASE_RULE}",)


@pytest.mark.parametrize("name", ["app", "App_2", "a" * 63, None])
def test_database_names_accepted(name: str | None) -> None:
    assert _settings(database_name=name).database_name == name


# -- several problems at once ---------------------------------------------------------------


def test_every_cross_field_problem_is_reported() -> None:
    with pytest.raises(SettingsError) as caught:
        _settings(
            engine_version="16.0",
            maintenance_window="tue:03:30-tue:04:30",
            instance_count=4,
            max_readers=2,
        )
    error = caught.value
    assert [problem.path for problem in error.problems] == [
        "instance_class",
        "maintenance_window",
        "max_readers",
    ]
    assert len(error.lines) == 3
    assert error.lines[1] == (
        f"{S}.maintenance_window = 'tue:03:30-tue:04:30': overlaps backup_window "
        "'03:00-04:00'; RDS requires them apart"
    )
    assert str(error).splitlines()[0] == f"invalid settings {S!r}:"
    assert str(error).splitlines()[1:] == [f"  - {line}" for line in error.lines]


# -- DR backup ---------------------------------------------------------------------------


def test_dr_backup_defaults() -> None:
    dr = DrBackupSettings(region="us-west-2")
    assert dr.schedule == "cron(0 5 ? * * *)"
    assert (dr.retention_days, dr.dr_retention_days) == (35, 35)


def test_dr_backup_needs_a_known_region() -> None:
    with pytest.raises(SettingsError) as caught:
        DrBackupSettings()  # type: ignore[call-arg]
    assert caught.value.lines == ("DrBackupSettings.region: required setting is missing",)
    with pytest.raises(SettingsError) as caught:
        DrBackupSettings(region="us-west-9")
    assert caught.value.lines == (
        "DrBackupSettings.region = 'us-west-9': unknown AWS region; expected one of "
        "platform_cdktf.modules.shared.regions.AWS_REGIONS, e.g. us-east-1",
    )


@pytest.mark.parametrize("schedule", ["daily", "cron 0 5 * * ? *", "rate()", ""])
def test_dr_backup_schedule_is_cron_or_rate(schedule: str) -> None:
    with pytest.raises(SettingsError) as caught:
        DrBackupSettings(region="us-west-2", schedule=schedule)
    assert caught.value.lines == (
        f"DrBackupSettings.schedule = {schedule!r}: expected cron(...) or rate(...)",
    )


@pytest.mark.parametrize("schedule", ["rate(12 hours)", "cron(0 5 ? * * *)"])
def test_dr_backup_schedules_accepted(schedule: str) -> None:
    assert DrBackupSettings(region="us-west-2", schedule=schedule).schedule == schedule


@pytest.mark.parametrize("field", ["retention_days", "dr_retention_days"])
@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, "greater than or equal to 1"), (36501, "less than or equal to 36500")],
)
def test_dr_backup_retention_is_1_to_36500_days(field: str, days: int, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        DrBackupSettings(region="us-west-2", **{field: days})
    assert caught.value.lines == (f"DrBackupSettings.{field} = {days}: Input should be {expected}",)


@pytest.mark.parametrize("field", ["retention_days", "dr_retention_days"])
@pytest.mark.parametrize("days", [1, 36500])
def test_dr_backup_retention_boundaries_are_accepted(field: str, days: int) -> None:
    assert getattr(DrBackupSettings(region="us-west-2", **{field: days}), field) == days


def test_dr_backup_problems_are_named_under_the_cluster_settings() -> None:
    assert _lines(dr_backup={"region": "us-west-2", "schedule": "daily"}) == (
        f"{S}.dr_backup.schedule = 'daily': expected cron(...) or rate(...)",
    )
    assert _lines(dr_backup={}) == (f"{S}.dr_backup.region: required setting is missing",)


def test_dr_backup_is_embedded() -> None:
    settings = _settings(dr_backup=DrBackupSettings(region="eu-west-1", dr_retention_days=14))
    assert settings.dr_backup == DrBackupSettings(region="eu-west-1", dr_retention_days=14)
