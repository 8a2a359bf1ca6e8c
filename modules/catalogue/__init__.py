"""Instance catalogue as data: EC2 instance types for EKS managed node groups, Aurora
PostgreSQL DB instance classes and ElastiCache node types, with the AWS pages they come from
cited in ``instance_types.toml``.

Free of cdktf, constructs and provider imports: cheap to use from props validation.
"""

from __future__ import annotations

from .catalogue import (
    AURORA_POSTGRESQL_ENGINE,
    AURORA_POSTGRESQL_MAX_CONNECTIONS_CAP,
    AURORA_POSTGRESQL_MEMORY_PER_CONNECTION,
    Architecture,
    CacheNodeType,
    Catalogue,
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
