"""The EKS cluster construct: control plane, IRSA provider, access, nodes, add-ons."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import replace

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
)
from cdktf_cdktf_provider_aws.eks_access_entry import EksAccessEntry
from cdktf_cdktf_provider_aws.eks_access_policy_association import (
    EksAccessPolicyAssociation,
    EksAccessPolicyAssociationAccessScope,
)
from cdktf_cdktf_provider_aws.eks_addon import EksAddon
from cdktf_cdktf_provider_aws.eks_cluster import (
    EksCluster as AwsEksCluster,
)
from cdktf_cdktf_provider_aws.eks_cluster import (
    EksClusterAccessConfig,
    EksClusterEncryptionConfig,
    EksClusterEncryptionConfigProvider,
    EksClusterUpgradePolicy,
    EksClusterVpcConfig,
)
from cdktf_cdktf_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import (
    VpcSecurityGroupIngressRule,
)
from constructs import Construct

from ..shared import AccountContext, EncryptionKey, EncryptionKeyProps
from ..shared.account import provider_region
from ..shared.iam import service_trust_policy
from ..shared.kms import encrypted_log_group
from ..shared.network import require_sources
from ..shared.settings import invalid
from .addons import managed_addon
from .identity import ClusterIdentity
from .irsa import STS_AUDIENCE, IrsaRole, IrsaRoleProps, OidcProvider
from .node_group import ManagedNodeGroup
from .props import CiAccessProps, EksClusterProps, ManagedNodeGroupProps
from .settings import CONTROL_PLANE_LOG_TYPES, POD_IDENTITY_AGENT, NodeGroupSettings, Taint

ACCESS_POLICY_PREFIX = "arn:aws:eks::aws:cluster-access-policy/"
CLUSTER_ADMIN_POLICY = f"{ACCESS_POLICY_PREFIX}AmazonEKSClusterAdminPolicy"
VIEW_POLICY = f"{ACCESS_POLICY_PREFIX}AmazonEKSViewPolicy"
"""Kubernetes ``view``: reads most objects, never Secrets (Amazon EKS User Guide, "Review
access policy permissions")."""
ADMIN_VIEW_POLICY = f"{ACCESS_POLICY_PREFIX}AmazonEKSAdminViewPolicy"
"""Lists and reads every resource, Secrets included; granted only in namespaces."""
CLUSTER_POLICIES = ("AmazonEKSClusterPolicy",)
CNI_POLICY = "AmazonEKS_CNI_Policy"
"""AWS managed policy of the VPC CNI (IPv4: assign and release network interfaces and
addresses; Amazon EKS User Guide, "Configure Amazon VPC CNI plugin to use IRSA")."""
VPC_CNI_SERVICE_ACCOUNT = ("kube-system", "aws-node")
"""The VPC CNI DaemonSet's service account (Amazon EKS User Guide, "Configure Amazon VPC
CNI plugin to use IRSA": ``--name aws-node --namespace kube-system``)."""
NODE_POLICIES = (
    "AmazonEKSWorkerNodePolicy",
    CNI_POLICY,
    "AmazonEC2ContainerRegistryReadOnly",
    # Shell access through Session Manager instead of SSH keys and open port 22.
    "AmazonSSMManagedInstanceCore",
)
EBS_CSI_SERVICE_ACCOUNT = ("kube-system", "ebs-csi-controller-sa")
CAPACITY_LABEL = "platform/capacity"
"""Node label saying which kind of capacity a node is (``on-demand`` or ``spot``)."""
SPOT_TAINT = Taint(key="capacity", value="spot", effect="NO_SCHEDULE")
"""Taint of the spot node group: only pods that tolerate interruptions land there."""
VPC_CNI_CONFIGURATION = json.dumps({"enableNetworkPolicy": "true"})
"""The VPC CNI add-on enforces Kubernetes NetworkPolicies (its node agent, eBPF); without
it NetworkPolicy objects are accepted and ignored. The value is the string ``"true"``
(Amazon EKS User Guide, "Restrict Pod network traffic with Kubernetes network policies")."""


def ebs_csi_configuration(*, region: str, volume_attach_limit: int) -> str:
    """Configuration values of the ``aws-ebs-csi-driver`` add-on: the controller's Region
    and the node's attachable-volume count, which the driver would otherwise read from IMDS,
    closed to pods at hop limit 1 (aws-ebs-csi-driver docs/install.md, "Metadata": "The
    controller Deployment can skip metadata if the region is provided via ... Helm parameter
    controller.region"). Keys of the driver's chart (``charts/aws-ebs-csi-driver/
    values.schema.json``: ``controller.region``, ``node.volumeAttachLimit``), which the
    add-on takes as its configuration values (driver FAQ: one values file for the chart and
    the add-on)."""
    return json.dumps(
        {
            "controller": {"region": region},
            "node": {"volumeAttachLimit": volume_attach_limit},
        },
        sort_keys=True,
    )


def zone_suffix(zone: str) -> str:
    """The last part of an AZ name (``us-east-1a`` -> ``1a``): short and unique within a
    Region, for the AWS names of per-AZ node groups."""
    return zone.rsplit("-", 1)[-1]


def split_over_zones(settings: NodeGroupSettings, zones: int) -> NodeGroupSettings:
    """The sizes of one AZ's share of a group: each total divided by ``zones``, rounded up,
    so that the AZs together never hold fewer nodes than the totals ask for."""
    return settings.model_copy(
        update={
            "min_size": math.ceil(settings.min_size / zones),
            "desired_size": math.ceil(settings.desired_size / zones),
            "max_size": math.ceil(settings.max_size / zones),
        }
    )


class EksCluster(Construct):
    """An EKS cluster that is private by default and encrypted throughout.

    * API endpoint: private always; public only if CIDRs are given (never 0.0.0.0/0).
    * Secrets: envelope-encrypted with a rotating customer-managed key.
    * Control-plane logs: all five types, to a KMS-encrypted group with retention.
    * Access: authentication mode ``API``; admins come only from access entries for the
      roles named in the settings, the creator gets no implicit rights.
    * IRSA: an IAM OIDC provider (no thumbprint: AWS validates the EKS issuer itself)
      and :meth:`irsa_role` for per-service-account roles.
    * Nodes: the ``general`` on-demand group and an optional ``spot`` group (tainted) of
      managed nodes (see :class:`ManagedNodeGroup`) in the VPC's private subnets, which
      are tagged for the cluster; with ``node_groups_per_az``, one group per AZ of each.
    * Add-ons: vpc-cni (enforcing NetworkPolicies), kube-proxy, coredns and the EBS CSI
      driver (with its IRSA role, its Region and a volume attach limit).

    Nodes and the control plane share the security group EKS creates for the cluster;
    :attr:`node_security_group_id` is what the data layer admits traffic from.
    """

    def __init__(self, scope: Construct, id_: str, *, props: EksClusterProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.settings = settings = props.settings
        name = props.name
        network = props.network
        network.share_with_cluster(name)
        subnet_ids = network.private_subnet_ids
        log_group_name = f"/aws/eks/{name}/cluster"
        self.secrets_key = EncryptionKey(
            self,
            "secrets_key",
            props=EncryptionKeyProps(
                alias=f"{name}-secrets", description=f"Kubernetes Secrets of EKS cluster {name}"
            ),
        )
        # EKS would create this group on first log write, unencrypted and kept forever.
        self.logs_key, self.log_group = encrypted_log_group(
            self,
            key_id="logs_key",
            alias=f"{name}-logs",
            description=f"Control-plane logs of EKS cluster {name}",
            name=log_group_name,
            retention_days=settings.control_plane_log_retention_days,
        )
        self.cluster_role = self._cluster_role()
        self.cluster = AwsEksCluster(
            self,
            "cluster",
            name=name,
            version=settings.kubernetes_version,
            role_arn=self.cluster_role.arn,
            vpc_config=EksClusterVpcConfig(
                subnet_ids=subnet_ids,
                endpoint_private_access=True,
                endpoint_public_access=settings.public_endpoint,
                public_access_cidrs=list(settings.public_access_cidrs) or None,
            ),
            enabled_cluster_log_types=list(CONTROL_PLANE_LOG_TYPES),
            encryption_config=EksClusterEncryptionConfig(
                resources=["secrets"],
                provider=EksClusterEncryptionConfigProvider(key_arn=self.secrets_key.arn),
            ),
            access_config=EksClusterAccessConfig(
                authentication_mode="API",
                bootstrap_cluster_creator_admin_permissions=False,
            ),
            # Standard support only: extended support costs six times as much per hour.
            upgrade_policy=EksClusterUpgradePolicy(support_type="STANDARD"),
            depends_on=[self.log_group, *self._cluster_role_attachments],
        )
        issuer = self.cluster.identity.get(0).oidc.get(0).issuer
        self.oidc_provider_resource = IamOpenidConnectProvider(
            self, "oidc_provider", url=issuer, client_id_list=[STS_AUDIENCE]
        )
        self.oidc_provider = OidcProvider(arn=self.oidc_provider_resource.arn, issuer_url=issuer)
        self.identity = ClusterIdentity(
            cluster_name=self.cluster.name,
            mode=settings.workload_identity,
            oidc_provider=self.oidc_provider,
        )
        """How the cluster's service accounts receive IAM roles (``workload_identity``)."""
        self._admin_access()
        if props.ci_access is not None:
            self._ci_access(props.ci_access)
        self.node_role = self._node_role()
        self.pod_identity_agent: EksAddon | None = None
        """The Pod Identity agent add-on, installed with the cluster in ``pod_identity``
        mode."""
        self.addons: dict[str, EksAddon] = {}
        """The cluster's managed add-ons, by EKS add-on name."""
        if props.install_addons:
            self._network_addons()
        self.node_groups = [
            ManagedNodeGroup(
                self,
                construct_id,
                cluster_name=self.cluster.name,
                kubernetes_version=self.cluster.version,
                node_role_arn=self.node_role.arn,
                subnet_ids=group_subnets,
                props=group,
                # Nodes become Ready only with a working VPC CNI (and, for Pod Identity,
                # the agent that hands it credentials): both are installed first.
                depends_on=[*self._node_role_attachments, *self.addons.values()],
            )
            for construct_id, group, group_subnets in self._placed_node_groups()
        ]
        if props.install_addons:
            self._workload_addons()

    # -- IAM ----------------------------------------------------------------------

    def _cluster_role(self) -> IamRole:
        name = self.props.name
        role = IamRole(
            self,
            "cluster_role",
            name=f"{name}-cluster",
            assume_role_policy=service_trust_policy(
                self,
                "cluster_trust",
                service="eks.amazonaws.com",
                actions=("sts:AssumeRole", "sts:TagSession"),
                same_account_only=False,
            ),
        )
        self._cluster_role_attachments = self._attach("cluster", role, CLUSTER_POLICIES)
        encryption = DataAwsIamPolicyDocument(
            self,
            "cluster_encryption",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="EnvelopeEncryptSecrets",
                    effect="Allow",
                    actions=["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                    resources=[self.secrets_key.arn],
                )
            ],
        )
        self._cluster_role_attachments.append(
            IamRolePolicy(self, "cluster_encryption_policy", role=role.id, policy=encryption.json)
        )
        return role

    def _node_role(self) -> IamRole:
        role = IamRole(
            self,
            "node_role",
            name=f"{self.props.name}-node",
            assume_role_policy=service_trust_policy(
                self, "node_trust", service="ec2.amazonaws.com", same_account_only=False
            ),
        )
        policies: tuple[str, ...] = NODE_POLICIES
        if self.props.install_addons:
            # The VPC CNI has its own role (vpc_cni_role); on the node role it would lend
            # its network-interface permissions to every process on the node.
            policies = tuple(policy for policy in NODE_POLICIES if policy != CNI_POLICY)
        self._node_role_attachments = self._attach("node", role, policies)
        return role

    def _attach(
        self, prefix: str, role: IamRole, policies: Sequence[str]
    ) -> list[ITerraformDependable]:
        """Attach AWS managed ``policies`` to ``role`` (ids ``<prefix>_<policy>``)."""
        account = AccountContext.of(self)
        return [
            IamRolePolicyAttachment(
                self,
                f"{prefix}_{policy}",
                role=role.name,
                policy_arn=account.aws_managed_policy_arn(policy),
            )
            for policy in policies
        ]

    def _node_group_props(self) -> list[ManagedNodeGroupProps]:
        """The node groups the settings ask for: ``general``, then ``spot`` if set."""
        settings = self.settings
        groups = [
            ManagedNodeGroupProps(
                name="general", settings=settings.nodes, labels={CAPACITY_LABEL: "on-demand"}
            )
        ]
        if settings.spot_nodes is not None:
            groups.append(
                ManagedNodeGroupProps(
                    name="spot",
                    settings=settings.spot_nodes,
                    capacity_type="SPOT",
                    labels={CAPACITY_LABEL: "spot"},
                    taints=[SPOT_TAINT],
                )
            )
        return groups

    def _placed_node_groups(self) -> list[tuple[str, ManagedNodeGroupProps, list[str]]]:
        """(construct id, props, subnets) of every node group.

        Spanning groups keep the ids ``node_group_<name>``. With ``node_groups_per_az``
        each group becomes one group per AZ, ``node_group_<name>_<zone>`` (e.g.
        ``node_group_general_us_east_1a``) named ``<name>-<zone suffix>`` (``general-1a``,
        short enough for EKS's 63 characters), its sizes split over the AZs rounding up.
        The groups of one name keep identical labels and taints, so the cluster
        autoscaler's ``balance-similar-node-groups`` treats them as one pool: it ignores
        the ``eks.amazonaws.com/nodegroup`` and zone labels that differ (cluster-autoscaler
        ``processors/nodegroupset``).
        """
        network = self.props.network
        groups = self._node_group_props()
        if not self.settings.node_groups_per_az:
            subnets = list(network.private_subnet_ids)
            return [(f"node_group_{group.name}", group, subnets) for group in groups]
        zones = list(zip(network.availability_zones, network.private_subnet_ids, strict=True))
        suffixes = [zone_suffix(zone) for zone, _ in zones]
        if len(set(suffixes)) != len(suffixes):
            raise invalid(
                self.settings,
                "node_groups_per_az",
                True,
                f"expected AZs whose names end differently, got {[z for z, _ in zones]}: "
                "the per-AZ node groups are named <group>-<suffix>",
            )
        placed = []
        for group in groups:
            per_zone = split_over_zones(group.settings, len(zones))
            for zone, subnet_id in zones:
                zone_group = replace(
                    group, name=f"{group.name}-{zone_suffix(zone)}", settings=per_zone
                )
                zone_id = zone.replace("-", "_")
                placed.append((f"node_group_{group.name}_{zone_id}", zone_group, [subnet_id]))
        return placed

    def _admin_access(self) -> None:
        account = AccountContext.of(self)
        for index, role_name in enumerate(self.settings.admin_role_names):
            principal = f"arn:{account.partition}:iam::{account.account_id}:role/{role_name}"
            entry = EksAccessEntry(
                self,
                f"admin_{index}",
                cluster_name=self.cluster.name,
                principal_arn=principal,
                type="STANDARD",
            )
            EksAccessPolicyAssociation(
                self,
                f"admin_{index}_policy",
                cluster_name=self.cluster.name,
                principal_arn=entry.principal_arn,
                policy_arn=CLUSTER_ADMIN_POLICY,
                access_scope=EksAccessPolicyAssociationAccessScope(type="cluster"),
            )

    def _ci_access(self, access: CiAccessProps) -> None:
        """Access entries of the delivery roles (construct ids ``ci_*``).

        * plan: ``AmazonEKSViewPolicy`` cluster-wide (Kubernetes ``view``: no Secrets), and
          ``AmazonEKSAdminViewPolicy`` only in the release namespaces, because a plan of a
          ``helm_release`` reads its release Secrets there. No write access.
        * apply: ``AmazonEKSClusterAdminPolicy`` cluster-wide. The platform stack installs
          cluster-scoped objects (CRDs, ClusterRoles and their bindings, admission
          webhooks); ``AmazonEKSAdminPolicy`` and ``AmazonEKSEditPolicy`` cover namespaced
          objects only, and binding a ClusterRole needs every permission it grants.
        """
        account = AccountContext.of(self)
        plan = self._access_entry("ci_plan", account.role_arn(access.plan_role_name))
        self._associate("ci_plan_view", plan, VIEW_POLICY)
        self._associate(
            "ci_plan_release_secrets",
            plan,
            ADMIN_VIEW_POLICY,
            namespaces=list(access.release_namespaces),
        )
        apply = self._access_entry("ci_apply", account.role_arn(access.apply_role_name))
        self._associate("ci_apply_admin", apply, CLUSTER_ADMIN_POLICY)

    def _access_entry(self, id_: str, principal_arn: str) -> EksAccessEntry:
        return EksAccessEntry(
            self, id_, cluster_name=self.cluster.name, principal_arn=principal_arn, type="STANDARD"
        )

    def _associate(
        self,
        id_: str,
        entry: EksAccessEntry,
        policy_arn: str,
        *,
        namespaces: list[str] | None = None,
    ) -> EksAccessPolicyAssociation:
        scope = (
            EksAccessPolicyAssociationAccessScope(type="namespace", namespaces=namespaces)
            if namespaces
            else EksAccessPolicyAssociationAccessScope(type="cluster")
        )
        return EksAccessPolicyAssociation(
            self,
            id_,
            cluster_name=self.cluster.name,
            principal_arn=entry.principal_arn,
            policy_arn=policy_arn,
            access_scope=scope,
        )

    # -- add-ons --------------------------------------------------------------------

    def _network_addons(self) -> None:
        """The add-ons a node needs to become Ready, created before the node groups: the
        Pod Identity agent (``pod_identity`` mode: the VPC CNI's credentials come from it)
        and the VPC CNI with its own role. kube-proxy is a DaemonSet too, ACTIVE without
        nodes."""
        settings = self.settings
        if settings.workload_identity == "pod_identity":
            self.pod_identity_agent = self._addon(POD_IDENTITY_AGENT)
        account = AccountContext.of(self)
        namespace, service_account = VPC_CNI_SERVICE_ACCOUNT
        cni_role = self.identity.role(
            self,
            "vpc_cni_role",
            role_name=f"{self.props.name}-vpc-cni",
            namespace=namespace,
            service_account=service_account,
            managed_policy_arns=[account.aws_managed_policy_arn(CNI_POLICY)],
        )
        agent = [self.pod_identity_agent] if self.pod_identity_agent is not None else []
        self._addon(
            "vpc-cni",
            role_arn=cni_role.addon_role_arn,
            configuration=VPC_CNI_CONFIGURATION,
            depends_on=[*agent, *cni_role.ready],
        )
        self._addon("kube-proxy")

    def _workload_addons(self) -> None:
        """coredns and the EBS CSI driver: Deployments that stay DEGRADED until nodes
        exist, so they wait for the node groups."""
        account = AccountContext.of(self)
        namespace, service_account = EBS_CSI_SERVICE_ACCOUNT
        ebs_role = self.identity.role(
            self,
            "ebs_csi_role",
            role_name=f"{self.props.name}-ebs-csi",
            namespace=namespace,
            service_account=service_account,
            managed_policy_arns=[
                account.aws_managed_policy_arn("service-role/AmazonEBSCSIDriverPolicy")
            ],
        )
        nodes: list[ITerraformDependable] = [group.node_group for group in self.node_groups]
        self._addon("coredns", depends_on=nodes)
        self._addon(
            "aws-ebs-csi-driver",
            role_arn=ebs_role.addon_role_arn,
            configuration=ebs_csi_configuration(
                # A literal Region when the provider has one: the plan shows the value.
                region=provider_region(self) or account.region,
                volume_attach_limit=self.settings.ebs_volume_attach_limit,
            ),
            depends_on=[*nodes, *ebs_role.ready],
        )

    def _addon(
        self,
        addon_name: str,
        *,
        role_arn: str | None = None,
        configuration: str | None = None,
        depends_on: Sequence[ITerraformDependable] = (),
    ) -> EksAddon:
        addon = managed_addon(
            self,
            cluster_name=self.cluster.name,
            addon_name=addon_name,
            kubernetes_version=self.cluster.version,
            version=self.settings.pinned_addon_versions.get(addon_name),
            role_arn=role_arn,
            configuration=configuration,
            depends_on=depends_on,
        )
        self.addons[addon_name] = addon
        return addon

    # -- behaviour --------------------------------------------------------------------

    def irsa_role(
        self,
        id_: str,
        *,
        role_name: str,
        namespace: str,
        service_account: str,
        policy_json: str | None = None,
        managed_policy_arns: tuple[str, ...] | list[str] = (),
    ) -> IrsaRole:
        """An IAM role only ``namespace/service_account`` of this cluster can assume."""
        return IrsaRole(
            self,
            id_,
            props=IrsaRoleProps(
                role_name=role_name,
                oidc_provider=self.oidc_provider,
                namespace=namespace,
                service_account=service_account,
                policy_json=policy_json,
                managed_policy_arns=managed_policy_arns,
            ),
        )

    def allow_api_access_from(self, label: str, security_group_id: str) -> None:
        """Admit HTTPS to the private API endpoint from the members of another security
        group (id ``api_from_<label>``): the endpoint's network interfaces carry the
        cluster security group, which otherwise admits only the cluster itself."""
        require_sources(self, "api sources", {label: security_group_id})
        VpcSecurityGroupIngressRule(
            self,
            f"api_from_{label}",
            security_group_id=self.node_security_group_id,
            referenced_security_group_id=security_group_id,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            description=f"Kubernetes API 443/tcp from {label}",
        )

    # -- outputs ----------------------------------------------------------------------

    @property
    def name(self) -> str:
        """Cluster name."""
        return self.cluster.name

    @property
    def arn(self) -> str:
        """Cluster ARN."""
        return self.cluster.arn

    @property
    def endpoint(self) -> str:
        """API server endpoint."""
        return self.cluster.endpoint

    @property
    def certificate_authority_data(self) -> str:
        """Base64 CA bundle of the API server."""
        return self.cluster.certificate_authority.get(0).data

    @property
    def node_security_group_id(self) -> str:
        """The cluster security group EKS attaches to the control plane and the nodes."""
        return self.cluster.vpc_config.cluster_security_group_id

    @property
    def oidc_provider_arn(self) -> str:
        """ARN of the IAM OIDC provider (IRSA)."""
        return self.oidc_provider.arn

    @property
    def oidc_issuer_url(self) -> str:
        """OIDC issuer URL of the cluster."""
        return self.oidc_provider.issuer_url

    @property
    def node_role_arn(self) -> str:
        """IAM role of the nodes."""
        return self.node_role.arn
