"""Instance catalogue: EC2 instance types, Aurora PostgreSQL DB instance classes and
ElastiCache node types, read from the data file ``instance_types.toml`` beside this module.

The data file cites the AWS documentation page behind each section; this module only parses,
validates and looks the data up. It imports nothing from cdktf, constructs or the provider
packages, so it is cheap to import from props validation, the CLI and tests.

Lookups raise :class:`UnknownInstanceType` (a ``ValueError``) with a message that says what
is wrong and suggests the closest known names.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from types import MappingProxyType
from typing import Any, Final, Literal, cast

__all__ = [
    "AURORA_POSTGRESQL_ENGINE",
    "AURORA_POSTGRESQL_MAX_CONNECTIONS_CAP",
    "AURORA_POSTGRESQL_MEMORY_PER_CONNECTION",
    "Architecture",
    "CacheNodeType",
    "Catalogue",
    "CatalogueDataError",
    "DbInstanceClass",
    "InstanceType",
    "UnknownInstanceType",
    "aurora_postgresql_max_connections",
    "ec2_instance_type",
    "elasticache_node_type",
    "known_ec2_families",
    "known_elasticache_families",
    "known_rds_families",
    "load_catalogue",
    "parse_catalogue",
    "parse_catalogue_text",
    "rds_instance_class",
]

Architecture = Literal["x86_64", "arm64"]
"""CPU architecture of an instance type, spelled as EC2's DescribeInstanceTypes spells it."""

ARCHITECTURES: Final[tuple[Architecture, ...]] = ("x86_64", "arm64")

AURORA_POSTGRESQL_ENGINE: Final = "aurora-postgresql"
"""The RDS engine name of Aurora PostgreSQL, the key of ``DbInstanceClass.engines``."""

# Aurora PostgreSQL's default max_connections is LEAST({DBInstanceClassMemory/9531392}, 5000):
# https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Managing.html#AuroraPostgreSQL.Managing.MaxConnections
AURORA_POSTGRESQL_MEMORY_PER_CONNECTION: Final = 9531392
"""Bytes of DBInstanceClassMemory per connection in Aurora PostgreSQL's default formula."""
AURORA_POSTGRESQL_MAX_CONNECTIONS_CAP: Final = 5000
"""Upper bound of Aurora PostgreSQL's default ``max_connections``."""

DATA_FILE: Final = "instance_types.toml"

_GIB: Final = 1024**3
_SECTIONS: Final = ("ec2", "rds", "elasticache")
_SIZE_RE: Final = re.compile(r"^(?:nano|micro|small|medium|large|xlarge|[1-9][0-9]*xlarge)$")
_VERSION_RE: Final = re.compile(r"^[0-9]+(?:\.[0-9]+)*$")
_MAJOR_RE: Final = re.compile(r"^[1-9][0-9]*$")
_FAMILY_RE: Final = {
    "ec2": re.compile(r"^[a-z][a-z0-9-]*[0-9][a-z0-9-]*$"),
    "rds": re.compile(r"^db\.[a-z][a-z0-9-]*[0-9][a-z0-9-]*$"),
    "elasticache": re.compile(r"^cache\.[a-z][a-z0-9-]*[0-9][a-z0-9-]*$"),
}
# What a lookup error calls each section: the full noun, then the short one for families.
_KIND: Final = {
    "ec2": ("EC2 instance type", "EC2"),
    "rds": ("RDS DB instance class", "RDS"),
    "elasticache": ("ElastiCache node type", "ElastiCache"),
}


class CatalogueDataError(ValueError):
    """The catalogue data is malformed: a missing, unknown or ill-typed key or value."""


class UnknownInstanceType(ValueError):  # noqa: N818 - the name the platform's callers use
    """A lookup named an instance type, DB instance class or node type the catalogue lacks.

    The message says what is wrong and suggests the closest known names.
    """

    def __init__(self, message: str, *, name: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.name: str = name
        """The name that was looked up."""
        self.suggestions: tuple[str, ...] = suggestions
        """Known names close to ``name`` (possibly none), closest first."""


@dataclass(frozen=True)
class InstanceType:
    """An EC2 instance type usable for an EKS managed node group."""

    name: str
    """Full name, e.g. ``"m5.large"``."""
    family: str
    """Family, the part before the last dot, e.g. ``"m5"``."""
    size: str
    """Size, the part after the last dot, e.g. ``"large"``."""
    architecture: Architecture
    """CPU architecture: ``"x86_64"`` or ``"arm64"`` (AWS Graviton)."""
    vcpus: int
    """Default number of vCPUs."""
    memory_gib: float
    """Memory in GiB as AWS publishes it for this product."""
    burstable: bool
    """True for burstable-performance (T) types, which run on CPU credits."""


@dataclass(frozen=True)
class DbInstanceClass(InstanceType):
    """An RDS DB instance class offered by Aurora, e.g. ``db.r5.large``.

    ``memory_gib`` is the nominal memory of the class; the DBInstanceClassMemory that
    engine parameters see is somewhat lower (RDS keeps some for the OS and its agents).
    """

    engines: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    """Engine (``"aurora-postgresql"``) -> PostgreSQL major (``"16"``) -> lowest documented
    minor version that accepts the class (``"16.1"``). A major that is absent is not known to
    be supported (it may be unsupported, or undocumented in the sources)."""

    def supports(self, engine: str, version: str) -> bool:
        """Whether AWS documents ``engine`` at ``version`` (e.g. ``"16.11"``) for this class.

        The major is the first component of ``version``; the minor comparison is numeric, so
        ``"16.11"`` is at or above ``"16.4"``. A bare major (``"16"``) reads as ``"16.0"``.
        Unknown engines and majors give False.
        """
        parsed = _parse_version(version)
        minimum = self.engines.get(engine, {}).get(str(parsed[0]))
        if minimum is None:
            return False
        return _at_least(parsed, _parse_version(minimum))


@dataclass(frozen=True)
class CacheNodeType(InstanceType):
    """An ElastiCache node type, e.g. ``cache.m5.large``.

    ``memory_gib`` is the memory ElastiCache publishes for the node type (the memory
    available to the engine), not the nominal memory of the EC2 instance beneath it.
    """

    engines: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    """Engine (``"redis"``, ``"valkey"``) -> minimum engine version for this node type. An
    engine that is absent is not known to support the node type."""

    def supports(self, engine: str, version: str) -> bool:
        """Whether ``engine`` at ``version`` (e.g. ``"7.1"``) can run on this node type.

        Versions compare numerically component by component, missing components reading
        as 0 (``"6.2"`` equals ``"6.2.0"``). Unknown engines give False.
        """
        minimum = self.engines.get(engine)
        if minimum is None:
            return False
        return _at_least(_parse_version(version), _parse_version(minimum))


@dataclass(frozen=True)
class Catalogue:
    """The parsed data file: every entry of the three sections, by full name."""

    sources: Mapping[str, tuple[str, ...]]
    """Section (``"ec2"``, ``"rds"``, ``"elasticache"``) -> the URLs the data cites."""
    ec2: Mapping[str, InstanceType]
    """EC2 instance types by name."""
    rds: Mapping[str, DbInstanceClass]
    """Aurora DB instance classes by name."""
    elasticache: Mapping[str, CacheNodeType]
    """ElastiCache node types by name."""


# --- versions ---------------------------------------------------------------------------


def _parse_version(version: str) -> tuple[int, ...]:
    if not isinstance(version, str) or not _VERSION_RE.match(version):
        raise ValueError(f"{version!r} is not a dotted numeric version such as '16.4'")
    return tuple(int(part) for part in version.split("."))


def _at_least(version: tuple[int, ...], minimum: tuple[int, ...]) -> bool:
    width = max(len(version), len(minimum))
    return version + (0,) * (width - len(version)) >= minimum + (0,) * (width - len(minimum))


# --- parsing ----------------------------------------------------------------------------


def _table(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise CatalogueDataError(f"{where}: expected a table, got {type(value).__name__}")
    return cast(Mapping[str, object], value)


def _keys(table: Mapping[str, object], where: str, required: set[str], optional: set[str]) -> None:
    missing = sorted(required - table.keys())
    if missing:
        raise CatalogueDataError(f"{where}: missing key(s) {', '.join(missing)}")
    unknown = sorted(table.keys() - required - optional)
    if unknown:
        raise CatalogueDataError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise CatalogueDataError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _version(value: object, where: str) -> str:
    text = _str(value, where)
    if not _VERSION_RE.match(text):
        raise CatalogueDataError(f"{where}: {text!r} is not a dotted numeric version")
    return text


def _parse_sources(value: object) -> Mapping[str, tuple[str, ...]]:
    table = _table(value, "sources")
    _keys(table, "sources", set(_SECTIONS), set())
    sources: dict[str, tuple[str, ...]] = {}
    for section in _SECTIONS:
        urls = table[section]
        where = f"sources.{section}"
        if not isinstance(urls, list) or not urls:
            raise CatalogueDataError(f"{where}: expected a non-empty list of URLs")
        for url in urls:
            if not isinstance(url, str) or not url.startswith("https://"):
                raise CatalogueDataError(f"{where}: {url!r} is not an https:// URL")
        sources[section] = tuple(cast(list[str], urls))
    return MappingProxyType(sources)


def _parse_rds_engines(value: object, where: str) -> Mapping[str, Mapping[str, str]]:
    engines: dict[str, Mapping[str, str]] = {}
    for engine, majors in _table(value, where).items():
        at = f"{where}.{engine}"
        minimums: dict[str, str] = {}
        for major, minimum in _table(majors, at).items():
            text = _version(minimum, f"{at}.{major}")
            if not _MAJOR_RE.match(major) or not text.startswith(f"{major}."):
                raise CatalogueDataError(
                    f"{at}.{major}: expected a major version key with a minimum "
                    f"'{major}.<minor>', got {major!r} = {text!r}"
                )
            minimums[major] = text
        engines[engine] = MappingProxyType(minimums)
    return MappingProxyType(engines)


def _parse_cache_engines(value: object, where: str) -> dict[str, str]:
    return {
        engine: _version(minimum, f"{where}.{engine}")
        for engine, minimum in _table(value, where).items()
    }


def _parse_size(value: object, where: str) -> tuple[int, float, Mapping[str, object]]:
    table = _table(value, where)
    _keys(table, where, {"vcpus", "memory_gib"}, {"engines"})
    vcpus, memory = table["vcpus"], table["memory_gib"]
    if isinstance(vcpus, bool) or not isinstance(vcpus, int) or vcpus < 1:
        raise CatalogueDataError(f"{where}.vcpus: expected a positive integer, got {vcpus!r}")
    if isinstance(memory, bool) or not isinstance(memory, int | float) or memory <= 0:
        raise CatalogueDataError(f"{where}.memory_gib: expected a positive number, got {memory!r}")
    return vcpus, float(memory), table


@dataclass(frozen=True)
class _Row:
    """One size of one family, validated but not yet typed by section."""

    base: InstanceType
    family_engines: object
    size_engines: object
    where: str


def _parse_rows(section: str, value: object) -> list[_Row]:
    rows: list[_Row] = []
    for family, family_value in _table(value, section).items():
        where = f"{section}.{family}"
        if not _FAMILY_RE[section].match(family):
            raise CatalogueDataError(f"{where}: {family!r} is not a valid {section} family name")
        table = _table(family_value, where)
        required = {"architecture", "burstable", "sizes"}
        _keys(table, where, required if section == "ec2" else required | {"engines"}, set())
        architecture = table["architecture"]
        if architecture not in ARCHITECTURES:
            raise CatalogueDataError(
                f"{where}.architecture: expected one of {', '.join(ARCHITECTURES)}, "
                f"got {architecture!r}"
            )
        burstable = table["burstable"]
        if not isinstance(burstable, bool):
            raise CatalogueDataError(f"{where}.burstable: expected true or false")
        sizes = _table(table["sizes"], f"{where}.sizes")
        if not sizes:
            raise CatalogueDataError(f"{where}.sizes: expected at least one size")
        for size, size_value in sizes.items():
            at = f"{where}.sizes.{size}"
            if not _SIZE_RE.match(size):
                raise CatalogueDataError(f"{at}: {size!r} is not a recognised size name")
            vcpus, memory, size_table = _parse_size(size_value, at)
            if "engines" in size_table and section != "elasticache":
                raise CatalogueDataError(f"{at}: unknown key(s) engines")
            base = InstanceType(
                name=f"{family}.{size}",
                family=family,
                size=size,
                architecture=architecture,
                vcpus=vcpus,
                memory_gib=memory,
                burstable=burstable,
            )
            rows.append(_Row(base, table.get("engines"), size_table.get("engines"), at))
    if not rows:
        raise CatalogueDataError(f"{section}: expected at least one family")
    return rows


def _fields_of(base: InstanceType) -> dict[str, Any]:
    """The fields every catalogue entry has, to build an engine-aware subclass from."""
    return {field.name: getattr(base, field.name) for field in fields(InstanceType)}


def _parse_ec2(value: object) -> dict[str, InstanceType]:
    return {row.base.name: row.base for row in _parse_rows("ec2", value)}


def _parse_rds(value: object) -> dict[str, DbInstanceClass]:
    entries: dict[str, DbInstanceClass] = {}
    for row in _parse_rows("rds", value):
        engines = _parse_rds_engines(row.family_engines, f"rds.{row.base.family}.engines")
        entries[row.base.name] = DbInstanceClass(**_fields_of(row.base), engines=engines)
    return entries


def _parse_elasticache(value: object) -> dict[str, CacheNodeType]:
    entries: dict[str, CacheNodeType] = {}
    for row in _parse_rows("elasticache", value):
        engines = _parse_cache_engines(row.family_engines, f"elasticache.{row.base.family}.engines")
        if row.size_engines is not None:
            engines.update(_parse_cache_engines(row.size_engines, f"{row.where}.engines"))
        entries[row.base.name] = CacheNodeType(
            **_fields_of(row.base), engines=MappingProxyType(engines)
        )
    return entries


def parse_catalogue(data: Mapping[str, object]) -> Catalogue:
    """Validate parsed TOML data (a dict as ``tomllib`` returns it) and build a Catalogue.

    Raises:
        CatalogueDataError: a section, family or size is missing, unknown or ill-typed.
    """
    top = _table(data, "catalogue")
    _keys(top, "catalogue", {"sources", *_SECTIONS}, set())
    return Catalogue(
        sources=_parse_sources(top["sources"]),
        ec2=MappingProxyType(_parse_ec2(top["ec2"])),
        rds=MappingProxyType(_parse_rds(top["rds"])),
        elasticache=MappingProxyType(_parse_elasticache(top["elasticache"])),
    )


def parse_catalogue_text(text: str) -> Catalogue:
    """Parse the TOML text of a catalogue data file.

    Raises:
        CatalogueDataError: the text is not valid TOML, or its data is malformed.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueDataError(f"{DATA_FILE}: not valid TOML: {error}") from error
    return parse_catalogue(data)


@functools.cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with the package, read once (works from an installed wheel)."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_catalogue_text(text)


# --- lookups ----------------------------------------------------------------------------


def _quoted(names: list[str]) -> str:
    return " or ".join(repr(name) for name in names)


def _best(name: str, close: list[str]) -> list[str]:
    """The names in ``close`` (difflib's matches, best first) that tie with the best one."""
    ratios = [difflib.SequenceMatcher(None, name, other).ratio() for other in close]
    return [other for other, ratio in zip(close, ratios, strict=True) if ratio == ratios[0]]


def _unknown(section: str, name: str, entries: Mapping[str, InstanceType]) -> UnknownInstanceType:
    kind, short = _KIND[section]
    families = sorted({entry.family for entry in entries.values()})
    family, dot, _size = name.rpartition(".")
    if dot and family in families:
        sizes = [entry.name for entry in entries.values() if entry.family == family]
        close = difflib.get_close_matches(name, sizes, n=3, cutoff=0.6)
        if close:
            message = f"{name!r} is not a known {kind}; did you mean {_quoted(_best(name, close))}?"
        else:
            known = ", ".join(entry.size for entry in entries.values() if entry.family == family)
            message = f"{name!r} is not a known {kind}; known {family} sizes: {known}"
        return UnknownInstanceType(message, name=name, suggestions=tuple(close))
    close = difflib.get_close_matches(name, list(entries), n=3, cutoff=0.75)
    hint = f" (did you mean {_quoted(_best(name, close))}?)" if close else ""
    if dot and family:
        message = (
            f"{name!r}: unknown {short} family {family!r}{hint}; known families: "
            + ", ".join(families)
        )
    else:
        example = next(iter(entries))
        message = f"{name!r} is not a known {kind}: expected '<family>.<size>' such as {example!r}"
        message += hint
    return UnknownInstanceType(message, name=name, suggestions=tuple(close))


def _lookup(section: Literal["ec2", "rds", "elasticache"], name: str) -> InstanceType:
    entries: Mapping[str, InstanceType] = getattr(load_catalogue(), section)
    try:
        return entries[name]
    except KeyError:
        raise _unknown(section, name, entries) from None


def ec2_instance_type(name: str) -> InstanceType:
    """The EC2 instance type ``name`` (e.g. ``"m5.large"``); :class:`UnknownInstanceType`
    if the catalogue has no such type."""
    return _lookup("ec2", name)


def rds_instance_class(name: str) -> DbInstanceClass:
    """The Aurora DB instance class ``name`` (e.g. ``"db.r5.large"``);
    :class:`UnknownInstanceType` if the catalogue has no such class."""
    return cast(DbInstanceClass, _lookup("rds", name))


def elasticache_node_type(name: str) -> CacheNodeType:
    """The ElastiCache node type ``name`` (e.g. ``"cache.m5.large"``);
    :class:`UnknownInstanceType` if the catalogue has no such node type."""
    return cast(CacheNodeType, _lookup("elasticache", name))


def _families(section: Literal["ec2", "rds", "elasticache"]) -> tuple[str, ...]:
    entries: Mapping[str, InstanceType] = getattr(load_catalogue(), section)
    return tuple(sorted({entry.family for entry in entries.values()}))


def known_ec2_families() -> tuple[str, ...]:
    """The EC2 families in the catalogue, sorted."""
    return _families("ec2")


def known_rds_families() -> tuple[str, ...]:
    """The Aurora DB instance class families in the catalogue, sorted."""
    return _families("rds")


def known_elasticache_families() -> tuple[str, ...]:
    """The ElastiCache node type families in the catalogue, sorted."""
    return _families("elasticache")


def aurora_postgresql_max_connections(instance_class: str) -> int:
    """Aurora PostgreSQL's default ``max_connections`` for ``instance_class``.

    AWS documents the default as ``LEAST({DBInstanceClassMemory/9531392}, 5000)``:
    https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Managing.html#AuroraPostgreSQL.Managing.MaxConnections

    DBInstanceClassMemory is the memory left to the database after RDS has reserved some
    for the operating system and its own processes, so it is less than the class's nominal
    memory. AWS does not publish it per class; this function uses the nominal memory
    (``memory_gib * 1024**3`` bytes), which makes the result an upper bound: 450 for
    db.t3.medium (4 GiB) and 1,802 for db.r5.large (16 GiB), where the defaults AWS
    tabulated on the same page in 2023 were 420 and 1,600 (7% and 11% lower). Size pools
    and alarms with that margin in mind.

    Raises:
        UnknownInstanceType: the catalogue has no such DB instance class.
    """
    memory_bytes = int(rds_instance_class(instance_class).memory_gib * _GIB)
    return min(
        memory_bytes // AURORA_POSTGRESQL_MEMORY_PER_CONNECTION,
        AURORA_POSTGRESQL_MAX_CONNECTIONS_CAP,
    )
