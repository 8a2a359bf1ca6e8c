"""The VPC construct: subnets per tier and AZ, gateways, routing, NACLs, flow logs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.default_network_acl import DefaultNetworkAcl
from cdktf_cdktf_provider_aws.default_route_table import DefaultRouteTable
from cdktf_cdktf_provider_aws.default_security_group import DefaultSecurityGroup
from cdktf_cdktf_provider_aws.eip import Eip
from cdktf_cdktf_provider_aws.internet_gateway import InternetGateway
from cdktf_cdktf_provider_aws.nat_gateway import NatGateway
from cdktf_cdktf_provider_aws.network_acl import NetworkAcl
from cdktf_cdktf_provider_aws.network_acl_rule import NetworkAclRule
from cdktf_cdktf_provider_aws.route import Route
from cdktf_cdktf_provider_aws.route_table import RouteTable
from cdktf_cdktf_provider_aws.route_table_association import RouteTableAssociation
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc as AwsVpc
from cdktf_cdktf_provider_aws.vpc_endpoint import VpcEndpoint
from constructs import Construct

from ..shared.account import AccountContext, provider_region
from ..shared.settings import invalid
from .flow_logs import VpcFlowLogs
from .nacl import NaclRule, database_rules, private_rules, public_rules
from .props import VpcProps

T = TypeVar("T")

ELB_ROLE_TAG = "kubernetes.io/role/elb"
INTERNAL_ELB_ROLE_TAG = "kubernetes.io/role/internal-elb"
CLUSTER_TAG_TIERS = ("public", "private")
"""Tiers whose subnets a cluster's load balancer controller may use (it discovers them by
``kubernetes.io/cluster/<name>``)."""


class Vpc(Construct):
    """A VPC over several AZs with three subnet tiers.

    * ``public``: one subnet per AZ, routed to the internet gateway; holds load
      balancers and NAT gateways. No public IPs are assigned on launch.
    * ``private``: one subnet and route table per AZ, egress through a NAT gateway
      (in the same AZ with ``one_per_az``); holds EKS nodes and pods.
    * ``database``: one subnet per AZ, no route to the internet at all.

    Every tier has its own network ACL; the default security group, network ACL and
    route table are taken under management and left without any rule, so nothing can
    use them by accident. All traffic is captured by flow logs.

    Constructs placed in it are wired through methods: an EKS cluster tags the public and
    private subnets for itself (:meth:`share_with_cluster`), a data store checks that the
    database tier admits its port (:meth:`require_database_port`).
    """

    def __init__(self, scope: Construct, id_: str, *, props: VpcProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.settings = settings = props.settings
        self._check_region()
        self._subnet_tags: dict[str, list[dict[str, str]]] = {}
        self.cluster_names: list[str] = []
        self.vpc = AwsVpc(
            self,
            "vpc",
            cidr_block=settings.vpc_cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags={"Name": props.name},
        )
        self._lock_down_defaults()
        self.internet_gateway = InternetGateway(
            self, "igw", vpc_id=self.vpc_id, tags={"Name": props.name}
        )
        self.public_subnets = self._subnets("public", settings.public_subnets)
        self.private_subnets = self._subnets("private", settings.private_subnets)
        self.database_subnets = self._subnets("database", settings.database_subnets)
        self._public_routing()
        self.nat_gateways = self._nat_gateways()
        self.private_route_tables = self._private_routing()
        self.database_route_table = self._database_routing()
        if settings.gateway_endpoints:
            self._gateway_endpoints()
        self._network_acls()
        self.flow_logs = VpcFlowLogs(
            self,
            "flow_logs",
            name=props.name,
            vpc_id=self.vpc_id,
            retention_days=settings.flow_log_retention_days,
        )

    # -- construction -------------------------------------------------------------

    def _check_region(self) -> None:
        """The AZs must be of the Region the stack's AWS provider deploys to."""
        region = provider_region(self)
        if region is not None and region != self.settings.region:
            raise invalid(
                self.props,
                "settings.availability_zones",
                list(self.settings.availability_zones),
                f"expected Availability Zones of the AWS provider's Region {region}",
            )

    def _lock_down_defaults(self) -> None:
        """Manage the VPC's default SG, NACL and route table with no rules or routes."""
        name = self.props.name
        self.default_security_group = DefaultSecurityGroup(
            self,
            "default_security_group",
            vpc_id=self.vpc_id,
            ingress=[],
            egress=[],
            tags={"Name": f"{name}-default-do-not-use"},
        )
        DefaultNetworkAcl(
            self,
            "default_network_acl",
            default_network_acl_id=self.vpc.default_network_acl_id,
            ingress=[],
            egress=[],
            tags={"Name": f"{name}-default-deny-all"},
            # Every subnet is associated with a tier NACL; AWS moves subnets back to
            # the default ACL only while one is being replaced.
            lifecycle=TerraformResourceLifecycle(ignore_changes=["subnet_ids"]),
        )
        DefaultRouteTable(
            self,
            "default_route_table",
            default_route_table_id=self.vpc.default_route_table_id,
            route=[],
            tags={"Name": f"{name}-default-no-routes"},
        )

    def _subnets(self, tier: str, cidrs: Sequence[str]) -> list[Subnet]:
        props = self.props
        tags_by_tier = {"public": {ELB_ROLE_TAG: "1"}, "private": {INTERNAL_ELB_ROLE_TAG: "1"}}
        subnets = []
        self._subnet_tags[tier] = []
        for zone, cidr in zip(self.settings.availability_zones, cidrs, strict=True):
            tags = {"Name": f"{props.name}-{tier}-{zone}", "Tier": tier}
            tags.update(tags_by_tier.get(tier, {}))
            self._subnet_tags[tier].append(tags)
            subnets.append(
                Subnet(
                    self,
                    f"subnet_{tier}_{zone}",
                    vpc_id=self.vpc_id,
                    cidr_block=cidr,
                    availability_zone=zone,
                    map_public_ip_on_launch=False,
                    tags=tags,
                )
            )
        return subnets

    def _public_routing(self) -> None:
        self.public_route_table = RouteTable(
            self, "rt_public", vpc_id=self.vpc_id, tags={"Name": f"{self.props.name}-public"}
        )
        Route(
            self,
            "route_public_internet",
            route_table_id=self.public_route_table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=self.internet_gateway.id,
        )
        for zone, subnet in zip(self.availability_zones, self.public_subnets, strict=True):
            RouteTableAssociation(
                self,
                f"rta_public_{zone}",
                subnet_id=subnet.id,
                route_table_id=self.public_route_table.id,
            )

    def _nat_gateways(self) -> list[NatGateway]:
        zones = self.availability_zones
        gateways = []
        pairs = list(zip(zones, self.public_subnets, strict=True))
        for zone, subnet in pairs[: self.settings.nat_gateway_count]:
            address = Eip(
                self,
                f"eip_nat_{zone}",
                domain="vpc",
                tags={"Name": f"{self.props.name}-nat-{zone}"},
                depends_on=[self.internet_gateway],
            )
            gateways.append(
                NatGateway(
                    self,
                    f"nat_{zone}",
                    allocation_id=address.id,
                    subnet_id=subnet.id,
                    tags={"Name": f"{self.props.name}-nat-{zone}"},
                    depends_on=[self.internet_gateway],
                )
            )
        return gateways

    def _private_routing(self) -> list[RouteTable]:
        tables = []
        for index, (zone, subnet) in enumerate(
            zip(self.availability_zones, self.private_subnets, strict=True)
        ):
            table = RouteTable(
                self,
                f"rt_private_{zone}",
                vpc_id=self.vpc_id,
                tags={"Name": f"{self.props.name}-private-{zone}"},
            )
            nat = self.nat_gateways[index] if len(self.nat_gateways) > 1 else self.nat_gateways[0]
            Route(
                self,
                f"route_private_{zone}_nat",
                route_table_id=table.id,
                destination_cidr_block="0.0.0.0/0",
                nat_gateway_id=nat.id,
            )
            RouteTableAssociation(
                self, f"rta_private_{zone}", subnet_id=subnet.id, route_table_id=table.id
            )
            tables.append(table)
        return tables

    def _database_routing(self) -> RouteTable:
        """One route table without any internet route: the data tier is isolated."""
        table = RouteTable(
            self, "rt_database", vpc_id=self.vpc_id, tags={"Name": f"{self.props.name}-database"}
        )
        for zone, subnet in zip(self.availability_zones, self.database_subnets, strict=True):
            RouteTableAssociation(
                self, f"rta_database_{zone}", subnet_id=subnet.id, route_table_id=table.id
            )
        return table

    def _gateway_endpoints(self) -> None:
        account = AccountContext.of(self)
        route_tables = [
            table.id for table in (*self.private_route_tables, self.database_route_table)
        ]
        for service in ("s3", "dynamodb"):
            VpcEndpoint(
                self,
                f"endpoint_{service}",
                vpc_id=self.vpc_id,
                service_name=f"com.amazonaws.{account.region}.{service}",
                vpc_endpoint_type="Gateway",
                route_table_ids=route_tables,
                tags={"Name": f"{self.props.name}-{service}"},
            )

    def _network_acls(self) -> None:
        props, settings = self.props, self.settings
        tiers: dict[str, tuple[list[Subnet], list[NaclRule]]] = {
            "public": (self.public_subnets, public_rules(settings.vpc_cidr)),
            "private": (self.private_subnets, private_rules(settings.vpc_cidr)),
            "database": (
                self.database_subnets,
                database_rules(
                    private_cidrs=settings.private_subnets,
                    database_cidrs=settings.database_subnets,
                    ports=props.database_ports,
                ),
            ),
        }
        self.network_acls: dict[str, NetworkAcl] = {}
        for tier, (subnets, rules) in tiers.items():
            acl = NetworkAcl(
                self,
                f"nacl_{tier}",
                vpc_id=self.vpc_id,
                subnet_ids=[subnet.id for subnet in subnets],
                tags={"Name": f"{props.name}-{tier}"},
            )
            acl_id = acl.id  # one jsii round trip for all the rules
            for rule in rules:
                NetworkAclRule(
                    self,
                    f"nacl_{tier}_{rule.name}",
                    network_acl_id=acl_id,
                    rule_number=rule.rule_number,
                    egress=rule.direction == "egress",
                    protocol=rule.protocol,
                    rule_action="allow",
                    cidr_block=rule.cidr_block,
                    from_port=rule.from_port,
                    to_port=rule.to_port,
                )
            self.network_acls[tier] = acl

    # -- behaviour ----------------------------------------------------------------

    def share_with_cluster(self, cluster_name: str) -> None:
        """Tag the public and private subnets ``kubernetes.io/cluster/<name> = shared``, so
        that the cluster's load balancer controller discovers them. Called by the EKS
        cluster placed in this VPC; several clusters may share it."""
        if cluster_name in self.cluster_names:
            return
        self.cluster_names.append(cluster_name)
        for tier in CLUSTER_TAG_TIERS:
            subnets = {"public": self.public_subnets, "private": self.private_subnets}[tier]
            for subnet, tags in zip(subnets, self._subnet_tags[tier], strict=True):
                tags[f"kubernetes.io/cluster/{cluster_name}"] = "shared"
                subnet.tags = dict(tags)

    def require_database_port(self, port: int, *, owner: object) -> None:
        """Fail, naming ``owner``'s port, unless the database tier's NACL admits ``port``.
        Data stores call this when they are placed in the VPC."""
        if port not in self.props.database_ports:
            raise invalid(
                owner,
                "settings.port",
                port,
                f"the database tier of VPC {self.props.name!r} admits only "
                f"{list(self.props.database_ports)}; add the port to VpcProps.database_ports",
            )

    # -- outputs ------------------------------------------------------------------

    def _read_once(self, key: str, read: Callable[[], T]) -> T:
        # Each read of a resource attribute is a jsii round trip that returns a new token
        # for the same reference; the stacks read these ids dozens of times per
        # environment, so the first token serves every reader (same JSON).
        cache: dict[str, Any] = self.__dict__.setdefault("_tokens_read", {})
        if key not in cache:
            cache[key] = read()
        value: T = cache[key]
        return value

    @property
    def vpc_id(self) -> str:
        """Id of the VPC."""
        return self._read_once("vpc_id", lambda: self.vpc.id)

    @property
    def cidr_block(self) -> str:
        """IPv4 CIDR of the VPC."""
        return self.vpc.cidr_block

    @property
    def availability_zones(self) -> list[str]:
        """AZs in subnet order."""
        return list(self.settings.availability_zones)

    @property
    def public_subnet_ids(self) -> list[str]:
        """Public subnet ids, one per AZ in AZ order."""
        return list(self._read_once("public", lambda: [s.id for s in self.public_subnets]))

    @property
    def private_subnet_ids(self) -> list[str]:
        """Private (compute) subnet ids, one per AZ in AZ order."""
        return list(self._read_once("private", lambda: [s.id for s in self.private_subnets]))

    @property
    def database_subnet_ids(self) -> list[str]:
        """Database subnet ids, one per AZ in AZ order."""
        return list(self._read_once("database", lambda: [s.id for s in self.database_subnets]))

    @property
    def private_subnet_cidrs(self) -> list[str]:
        """Private subnet CIDRs (the sources the data tier admits)."""
        return list(self.settings.private_subnets)

    @property
    def database_ports(self) -> list[int]:
        """TCP ports the database tier admits."""
        return list(self.props.database_ports)

    @property
    def nat_gateway_ids(self) -> list[str]:
        """NAT gateway ids (one, or one per AZ)."""
        return [gateway.id for gateway in self.nat_gateways]

    @property
    def nat_public_ips(self) -> list[str]:
        """Public egress addresses of the NAT gateways (for partners' allow-lists)."""
        return [gateway.public_ip for gateway in self.nat_gateways]

    @property
    def private_route_table_ids(self) -> list[str]:
        """Route table ids of the private subnets, one per AZ."""
        return [table.id for table in self.private_route_tables]

    @property
    def database_route_table_id(self) -> str:
        """Route table id of the database subnets."""
        return self.database_route_table.id

    @property
    def default_security_group_id(self) -> str:
        """Id of the VPC's default security group (managed with no rules)."""
        return self.default_security_group.id

    @property
    def flow_log_group_name(self) -> str:
        """CloudWatch log group receiving the VPC flow logs."""
        return self.flow_logs.log_group.name
