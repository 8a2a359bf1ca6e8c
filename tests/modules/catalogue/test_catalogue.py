"""The instance catalogue: lookups, error messages, engine support, max_connections, and the
consistency of the shipped data file."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from copy import deepcopy
from importlib import resources
from typing import Any

import pytest

from platform_cdktf.modules.catalogue import (
    CacheNodeType,
    CatalogueDataError,
    DbInstanceClass,
    InstanceType,
    UnknownInstanceType,
    aurora_postgresql_max_connections,
    ec2_instance_type,
    elasticache_node_type,
    known_ec2_families,
    known_elasticache_families,
    known_rds_families,
    load_catalogue,
    parse_catalogue,
    parse_catalogue_text,
    rds_instance_class,
)

SIZE_RE = re.compile(r"^(nano|micro|small|medium|large|xlarge|[1-9][0-9]*xlarge)$")
GRAVITON_RE = re.compile(r"^(?:db\.|cache\.)?[a-z]+[0-9]+(?:g|gd|gn)$")


def _raw() -> dict[str, Any]:
    text = resources.files("platform_cdktf.modules.catalogue").joinpath("instance_types.toml")
    return tomllib.loads(text.read_text(encoding="utf-8"))


# --- lookups ----------------------------------------------------------------------------


def test_t3_medium() -> None:
    t3 = ec2_instance_type("t3.medium")
    assert t3 == InstanceType(
        name="t3.medium",
        family="t3",
        size="medium",
        architecture="x86_64",
        vcpus=2,
        memory_gib=4.0,
        burstable=True,
    )


def test_t3_is_irregular() -> None:
    assert ec2_instance_type("t3.nano").memory_gib == 0.5
    assert ec2_instance_type("t3.nano").vcpus == 2
    assert ec2_instance_type("t3.2xlarge").memory_gib == 32.0
    assert ec2_instance_type("t3.2xlarge").vcpus == 8


def test_m5_large() -> None:
    m5 = ec2_instance_type("m5.large")
    assert (m5.vcpus, m5.memory_gib, m5.architecture, m5.burstable) == (2, 8.0, "x86_64", False)


def test_t4g_medium_is_arm64() -> None:
    t4g = ec2_instance_type("t4g.medium")
    assert t4g.architecture == "arm64"
    assert t4g.burstable


def test_no_metal_sizes() -> None:
    assert not [name for name in load_catalogue().ec2 if "metal" in name]


def test_db_r5_large() -> None:
    r5 = rds_instance_class("db.r5.large")
    assert isinstance(r5, DbInstanceClass)
    assert (r5.family, r5.size, r5.vcpus, r5.memory_gib) == ("db.r5", "large", 2, 16.0)
    assert r5.architecture == "x86_64"
    assert not r5.burstable


def test_aurora_burstable_classes_are_medium_and_large_only() -> None:
    for family in ("db.t3", "db.t4g"):
        sizes = {c.size for c in load_catalogue().rds.values() if c.family == family}
        assert sizes == {"medium", "large"}
        assert all(c.burstable for c in load_catalogue().rds.values() if c.family == family)


def test_cache_m5_large_uses_the_published_memory() -> None:
    node = elasticache_node_type("cache.m5.large")
    assert isinstance(node, CacheNodeType)
    assert (node.vcpus, node.memory_gib) == (2, 6.38)
    assert elasticache_node_type("cache.t3.small").memory_gib == 1.37
    assert elasticache_node_type("cache.t4g.medium").memory_gib == 3.09


def test_known_families_are_sorted_tuples() -> None:
    for families in (known_ec2_families(), known_rds_families(), known_elasticache_families()):
        assert isinstance(families, tuple)
        assert list(families) == sorted(families)
        assert len(set(families)) == len(families)
    assert {"t3", "t3a", "t4g", "m5", "m7g", "c7i", "r7g"} <= set(known_ec2_families())
    assert {"db.t3", "db.r5", "db.r6g", "db.x2g"} <= set(known_rds_families())
    assert {"cache.t3", "cache.m5", "cache.r6gd", "cache.c7gn"} <= set(known_elasticache_families())


def test_entries_are_immutable() -> None:
    r5 = rds_instance_class("db.r5.large")
    with pytest.raises(AttributeError):
        r5.vcpus = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        r5.engines["aurora-postgresql"] = {}  # type: ignore[index]
    assert hash(r5) == hash(rds_instance_class("db.r5.large"))


# --- unknown names ----------------------------------------------------------------------


def test_typo_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownInstanceType) as caught:
        ec2_instance_type("m5.lrage")
    assert (
        str(caught.value) == "'m5.lrage' is not a known EC2 instance type; did you mean 'm5.large'?"
    )
    assert caught.value.name == "m5.lrage"
    assert caught.value.suggestions[0] == "m5.large"
    assert isinstance(caught.value, ValueError)


def test_unknown_family_lists_the_known_families() -> None:
    with pytest.raises(UnknownInstanceType) as caught:
        ec2_instance_type("t4.medium")
    message = str(caught.value)
    assert message.startswith("'t4.medium': unknown EC2 family 't4'")
    assert "known families: c5, " in message
    assert message.endswith(", t4g")
    assert "'t4g.medium'" in message  # the closest name is suggested as well


def test_rds_and_elasticache_messages() -> None:
    with pytest.raises(UnknownInstanceType, match=r"did you mean 'db\.r5\.large'\?"):
        rds_instance_class("db.r5.lrage")
    with pytest.raises(UnknownInstanceType, match=r"unknown RDS family 'r5'.*db\.r5\.large"):
        rds_instance_class("r5.large")
    with pytest.raises(UnknownInstanceType, match=r"unknown ElastiCache family 'cache\.m9'"):
        elasticache_node_type("cache.m9.large")
    with pytest.raises(UnknownInstanceType, match=r"expected '<family>\.<size>'"):
        ec2_instance_type("m5large")


def test_size_not_offered_in_a_known_family() -> None:
    # Aurora does not offer db.t3.small; the message names the class and the family's sizes.
    with pytest.raises(UnknownInstanceType, match=r"'db\.t3\.small' is not a known RDS"):
        rds_instance_class("db.t3.small")
    with pytest.raises(UnknownInstanceType, match=r"known cache\.t3 sizes: micro, small, medium"):
        elasticache_node_type("cache.t3.zzzzzzzzzzzz")


# --- engine support ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instance_class", "version", "expected"),
    [
        ("db.x2g.large", "16.11", True),  # numeric minor: 16.11 >= 16.1
        ("db.x2g.large", "17.4", True),
        ("db.x2g.large", "13.2", False),  # below the 13.3 minimum
        ("db.r6gd.xlarge", "16.1", True),
        ("db.r6gd.xlarge", "15.3", False),  # Optimized Reads needs 15.4+
        ("db.r6gd.xlarge", "15.4", True),
        ("db.r6gd.xlarge", "13.12", False),  # no PostgreSQL 13 on db.r6gd
        ("db.r7g.large", "13.9", False),  # db.r7g needs 13.10+
        ("db.r7g.large", "13.10", True),
        ("db.r7g.large", "14.6", False),
        ("db.r6i.large", "13.4", False),  # db.r6i needs 13.5+
        ("db.r5.large", "15.2", True),
        ("db.r5.large", "12.9", False),  # majors before 13 are not catalogued
        ("db.r8g.large", "16.4", False),  # engine support not verified: not claimed
    ],
)
def test_db_instance_class_supports(instance_class: str, version: str, expected: bool) -> None:
    assert rds_instance_class(instance_class).supports("aurora-postgresql", version) is expected


def test_db_supports_compares_minors_numerically() -> None:
    x2g = rds_instance_class("db.x2g.large")
    # A lexical comparison would put "16.11" below "16.4"; numeric puts it above.
    assert x2g.engines["aurora-postgresql"]["16"] == "16.1"
    assert x2g.supports("aurora-postgresql", "16.4")
    assert x2g.supports("aurora-postgresql", "16.11")
    assert not x2g.supports("aurora-mysql", "16.4")
    with pytest.raises(ValueError, match="dotted numeric version"):
        x2g.supports("aurora-postgresql", "16.x")


@pytest.mark.parametrize(
    ("node_type", "engine", "version", "expected"),
    [
        ("cache.r6gd.xlarge", "redis", "6.2", True),  # data tiering: Redis OSS 6.2.0+
        ("cache.r6gd.xlarge", "redis", "6.0", False),
        ("cache.r6gd.xlarge", "valkey", "7.2", True),
        ("cache.m7g.large", "redis", "7.1", True),
        ("cache.m7g.large", "redis", "6.0", False),
        ("cache.m6g.large", "redis", "5.0.6", True),
        ("cache.m6g.large", "redis", "5.0.5", False),
        ("cache.m5.large", "valkey", "7.1", False),  # Valkey starts at 7.2
        ("cache.m5.large", "valkey", "8.0", True),
        ("cache.t4g.micro", "redis", "4.0.10", True),  # per-size override of 5.0.6
        ("cache.t4g.small", "redis", "4.0.10", False),
        ("cache.m8g.large", "redis", "7.1", False),  # Graviton4 nodes: Valkey only
        ("cache.m8g.large", "valkey", "8.1", True),
        ("cache.m5.large", "memcached", "1.6.22", False),  # engine not catalogued
    ],
)
def test_cache_node_type_supports(
    node_type: str, engine: str, version: str, expected: bool
) -> None:
    assert elasticache_node_type(node_type).supports(engine, version) is expected


def test_every_current_cache_family_supports_valkey_7_2() -> None:
    for node in load_catalogue().elasticache.values():
        assert node.engines["valkey"] == "7.2", node.name


# --- max_connections --------------------------------------------------------------------


def test_max_connections_db_t3_medium() -> None:
    # 4 GiB / 9531392 = 450 (design: "about 450"; AWS's 2023 table: 420 from the real
    # DBInstanceClassMemory, which is below the nominal memory).
    assert aurora_postgresql_max_connections("db.t3.medium") == 450


def test_max_connections_db_r5_large() -> None:
    # 16 GiB / 9531392 = 1802 (design: "about 1,800"; AWS's 2023 table: 1,600).
    assert aurora_postgresql_max_connections("db.r5.large") == 1802


def test_max_connections_is_capped_at_5000() -> None:
    assert aurora_postgresql_max_connections("db.r5.4xlarge") == 5000
    assert aurora_postgresql_max_connections("db.r6g.xlarge") == 3604


def test_max_connections_unknown_class() -> None:
    with pytest.raises(UnknownInstanceType):
        aurora_postgresql_max_connections("db.t3.micro")


# --- the shipped data -------------------------------------------------------------------


def test_every_section_cites_aws_documentation() -> None:
    sources = load_catalogue().sources
    assert set(sources) == {"ec2", "rds", "elasticache"}
    for urls in sources.values():
        assert urls
        assert any(url.startswith("https://docs.aws.amazon.com/") for url in urls)


def test_graviton_families_are_arm64_and_the_rest_x86_64() -> None:
    catalogue = load_catalogue()
    entries: list[InstanceType] = [
        *catalogue.ec2.values(),
        *catalogue.rds.values(),
        *catalogue.elasticache.values(),
    ]
    for entry in entries:
        expected = "arm64" if GRAVITON_RE.match(entry.family) else "x86_64"
        assert entry.architecture == expected, entry.name


def test_every_size_name_parses() -> None:
    catalogue = load_catalogue()
    for entries in (catalogue.ec2, catalogue.rds, catalogue.elasticache):
        for name, entry in entries.items():
            family, _, size = name.rpartition(".")
            assert (family, size) == (entry.family, entry.size)
            assert SIZE_RE.match(size), name


def test_burstable_means_a_t_family() -> None:
    catalogue = load_catalogue()
    for entries in (catalogue.ec2, catalogue.rds, catalogue.elasticache):
        for entry in entries.values():
            bare = entry.family.removeprefix("db.").removeprefix("cache.")
            assert entry.burstable == bare.startswith("t"), entry.name


def test_memory_and_vcpus_grow_with_size() -> None:
    order = ("nano", "micro", "small", "medium", "large", "xlarge")

    def rank(size: str) -> int:
        return order.index(size) if size in order else 100 + int(size.removesuffix("xlarge"))

    catalogue = load_catalogue()
    for entries in (catalogue.ec2, catalogue.rds, catalogue.elasticache):
        families: dict[str, list[InstanceType]] = {}
        for entry in entries.values():
            families.setdefault(entry.family, []).append(entry)
        for family, members in families.items():
            members.sort(key=lambda e: rank(e.size))
            memory = [m.memory_gib for m in members]
            vcpus = [m.vcpus for m in members]
            assert memory == sorted(memory), family
            assert vcpus == sorted(vcpus), family


def test_rds_minimums_belong_to_their_major() -> None:
    for db in load_catalogue().rds.values():
        for majors in db.engines.values():
            for major, minimum in majors.items():
                assert minimum.split(".")[0] == major, db.name
                assert 13 <= int(major) <= 17, db.name


# --- the loader rejects malformed data --------------------------------------------------


def test_parse_accepts_the_shipped_data() -> None:
    assert parse_catalogue(_raw()) == load_catalogue()


def _broken(mutate: Any) -> dict[str, Any]:
    data = deepcopy(_raw())
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("sources"), r"missing key\(s\) sources"),
        (lambda d: d.update(extra={}), r"unknown key\(s\) extra"),
        (lambda d: d["sources"].update(ec2=[]), r"sources\.ec2: expected a non-empty list"),
        (lambda d: d["sources"].update(rds=["http://example.com"]), r"not an https:// URL"),
        (lambda d: d["ec2"]["t3"].update(architecture="arm"), r"ec2\.t3\.architecture"),
        (lambda d: d["ec2"]["t3"].update(burstable="yes"), r"ec2\.t3\.burstable"),
        (lambda d: d["ec2"]["t3"].pop("sizes"), r"ec2\.t3: missing key\(s\) sizes"),
        (lambda d: d["ec2"]["t3"].update(engines={}), r"ec2\.t3: unknown key\(s\) engines"),
        (lambda d: d["ec2"]["t3"]["sizes"].update(huge={"vcpus": 1, "memory_gib": 1}), "size"),
        (lambda d: d["ec2"]["t3"]["sizes"]["nano"].update(vcpus=0), r"nano\.vcpus"),
        (lambda d: d["ec2"]["t3"]["sizes"]["nano"].update(vcpus=True), r"nano\.vcpus"),
        (lambda d: d["ec2"]["t3"]["sizes"]["nano"].update(memory_gib="1"), r"memory_gib"),
        (lambda d: d["ec2"]["t3"]["sizes"]["nano"].update(ram=1), r"unknown key\(s\) ram"),
        (lambda d: d["ec2"].update({"T3": d["ec2"]["t3"]}), "not a valid ec2 family"),
        (lambda d: d["rds"].update({"r5": d["rds"]["db.r5"]}), "not a valid rds family"),
        (lambda d: d["rds"]["db.r5"].pop("engines"), r"missing key\(s\) engines"),
        (
            lambda d: d["rds"]["db.r5"]["engines"]["aurora-postgresql"].update({"16": "15.2"}),
            r"expected a major version key",
        ),
        (
            lambda d: d["rds"]["db.r5"]["engines"]["aurora-postgresql"].update({"16": "16.x"}),
            "not a dotted numeric version",
        ),
        (
            lambda d: d["elasticache"]["cache.m5"]["engines"].update(redis=6.2),
            "expected a non-empty string",
        ),
        (lambda d: d["ec2"].clear(), "ec2: expected at least one family"),
    ],
)
def test_parse_rejects_malformed_data(mutate: Any, message: str) -> None:
    with pytest.raises(CatalogueDataError, match=message):
        parse_catalogue(_broken(mutate))


def test_parse_text_rejects_invalid_toml() -> None:
    with pytest.raises(CatalogueDataError, match="not valid TOML"):
        parse_catalogue_text("[ec2\nt3 = ")
    with pytest.raises(CatalogueDataError, match=r"missing key\(s\)"):
        parse_catalogue_text('[sources]\nec2 = ["https://docs.aws.amazon.com/"]\n')


def test_catalogue_does_not_import_cdktf() -> None:
    code = (
        "import sys, platform_cdktf.modules.catalogue as c; c.load_catalogue(); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'cdktf', 'constructs', 'jsii'} or m.startswith('cdktf_cdktf_provider')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == ""
