"""A three-tier VPC over several Availability Zones, with flow logs and locked-down defaults.

`VpcSettings` (cdktf-free) holds what a deployment decides; `Vpc` builds it:

- one subnet per tier and AZ, none assigning public IPs on launch: `public` (load
  balancers, NAT gateways; tagged `kubernetes.io/role/elb=1`), `private` (EKS nodes and
  pods; `kubernetes.io/role/internal-elb=1`) and `database` (Aurora, ElastiCache);
- an internet gateway; NAT gateways one per AZ (each private route table uses its own AZ's)
  or a single one; the database route table has no internet route at all;
- S3 and DynamoDB gateway endpoints on the private and database route tables;
- a network ACL per tier: the internet reaches the public tier on 80/443 (and return
  ports); the private tier admits the VPC and internet return traffic; the database tier
  admits only `VpcProps.database_ports` from the private and database subnets;
- the default security group, network ACL and route table managed with no rules;
- flow logs of all traffic to a log group encrypted with its own rotating key.

Wiring: an EKS cluster placed in the VPC tags the public and private subnets
`kubernetes.io/cluster/<name>=shared` for itself (`Vpc.share_with_cluster`); a data store
fails unless the database tier admits its port (`Vpc.require_database_port`); the AZs
must be those of the stack's AWS provider Region. `standard_subnet_plan(cidr)` is the
documented plan of a /16 over three AZs: private /18s at .0, .64, .128; public /24s at
.192-.194; database /24s at .200-.202 (.195-.199 and .203-.255 stay free).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import ELB_ROLE_TAG as ELB_ROLE_TAG
    from .construct import INTERNAL_ELB_ROLE_TAG as INTERNAL_ELB_ROLE_TAG
    from .construct import Vpc as Vpc
    from .flow_logs import VpcFlowLogs as VpcFlowLogs
    from .nacl import NaclRule as NaclRule
    from .nacl import database_rules as database_rules
    from .nacl import private_rules as private_rules
    from .nacl import public_rules as public_rules
    from .props import VpcProps as VpcProps
    from .settings import TIERS as TIERS
    from .settings import NatGatewayStrategy as NatGatewayStrategy
    from .settings import VpcSettings as VpcSettings
    from .settings import standard_subnet_plan as standard_subnet_plan

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
