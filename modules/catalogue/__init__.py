"""Instance catalogue as data: EC2 instance types for EKS managed node groups, Aurora
PostgreSQL DB instance classes and ElastiCache node types, with the AWS pages they come from
cited in ``instance_types.toml``.

Free of cdktf, constructs and provider imports: cheap to use from props validation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .catalogue import AURORA_POSTGRESQL_ENGINE as AURORA_POSTGRESQL_ENGINE
    from .catalogue import (
        AURORA_POSTGRESQL_MAX_CONNECTIONS_CAP as AURORA_POSTGRESQL_MAX_CONNECTIONS_CAP,
    )
    from .catalogue import (
        AURORA_POSTGRESQL_MEMORY_PER_CONNECTION as AURORA_POSTGRESQL_MEMORY_PER_CONNECTION,
    )
    from .catalogue import Architecture as Architecture
    from .catalogue import CacheNodeType as CacheNodeType
    from .catalogue import Catalogue as Catalogue
    from .catalogue import CatalogueDataError as CatalogueDataError
    from .catalogue import DbInstanceClass as DbInstanceClass
    from .catalogue import InstanceType as InstanceType
    from .catalogue import UnknownInstanceType as UnknownInstanceType
    from .catalogue import aurora_postgresql_max_connections as aurora_postgresql_max_connections
    from .catalogue import ec2_instance_type as ec2_instance_type
    from .catalogue import elasticache_node_type as elasticache_node_type
    from .catalogue import known_ec2_families as known_ec2_families
    from .catalogue import known_elasticache_families as known_elasticache_families
    from .catalogue import known_rds_families as known_rds_families
    from .catalogue import load_catalogue as load_catalogue
    from .catalogue import parse_catalogue as parse_catalogue
    from .catalogue import parse_catalogue_text as parse_catalogue_text
    from .catalogue import rds_instance_class as rds_instance_class

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
