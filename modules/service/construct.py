"""One application on the cluster, deployed with the seed's practices."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
)
from cdktf_cdktf_provider_aws.data_aws_rds_cluster import DataAwsRdsCluster
from cdktf_cdktf_provider_kubernetes.manifest import Manifest
from constructs import Construct

from ..eks.identity import ClusterIdentity, ServiceAccountRole
from ..shared import AccountContext
from ..shared.manifest import KubernetesManifest, kubernetes_object, object_metadata
from ..shared.settings import invalid
from .settings import ProbeSettings, ServiceSettings

INGRESS_CLASS = "alb"
"""The IngressClass the AWS Load Balancer Controller chart creates by default. Its
IngressClassParams carry the environment's ``alb_controller.inbound_cidrs`` (in prod:
Cloudflare's ranges), so every Ingress of this class gets a load balancer whose security
group admits only those sources (modules/alb_controller)."""

INGRESS_READY = (("status.loadBalancer.ingress[0].hostname", "^.+$"),)
"""What ``kubernetes_manifest`` waits for after applying an Ingress: the controller writes
the ALB's DNS name there once the load balancer exists (kubernetes provider,
``kubernetes_manifest``: ``wait.fields`` matches a field path against a regex)."""

SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
"""TLS 1.3, and TLS 1.2 with forward-secret AEAD ciphers only: the policy the ELB console
chose by default for new HTTPS listeners (Elastic Load Balancing, "Security policies for
your Application Load Balancer"). Without the annotation the controller leaves the API
default, ``ELBSecurityPolicy-2016-08``, which still admits TLS 1.0 (aws-load-balancer-
controller docs, "Ingress annotations": ssl-policy)."""

ALB = "alb.ingress.kubernetes.io"
"""Annotation prefix of the AWS Load Balancer Controller (its "Ingress annotations" guide)."""

NAME_LABEL = "app.kubernetes.io/name"
HTTP_PORT_NAME = "http"
SERVICE_PORT = 80
"""Port of the ClusterIP Service (in-cluster clients say ``http://<name>.<namespace>``)."""
TMP_VOLUME = "tmp"
TMP_SIZE = "64Mi"
"""The writable ``/tmp`` of a read-only container (an ``emptyDir`` counted against the
node's ephemeral storage, capped so a runaway writer is evicted, not the node)."""
WORKLOAD_IDENTITY_ANNOTATION = "platform/workload-identity"
"""Pod annotation naming how the pods receive their role (``pod_identity`` or ``irsa``)."""
IAM_ROLE_NAME_MAX = 64
"""IAM role names are at most 64 characters (IAM User Guide, "IAM and AWS STS quotas")."""


@dataclass(frozen=True, kw_only=True)
class ServiceProps:
    """One service and what it needs to know of the cluster and data stores."""

    settings: ServiceSettings
    """The service's settings."""
    cluster_name: str
    """EKS cluster (its workload identity is associated there)."""
    identity: ClusterIdentity | None = None
    """How the service account receives its role (the environment's
    ``eks.workload_identity``). Default: EKS Pod Identity in ``cluster_name``."""
    ingress_group: str | None = None
    """``alb.ingress.kubernetes.io/group.name``: Ingresses of one group share one ALB.
    Default: the service's namespace, so that a namespace's deployers can never attach
    rules to another team's load balancer (the controller warns that any Ingress may join
    a group by naming it)."""
    database_cluster_identifier: str | None = None
    """Aurora cluster identifier, required when ``data_access.database_users`` is set."""
    cache_replication_group_id: str | None = None
    """ElastiCache replication group id, required when ``data_access.cache_users`` is set."""
    depends_on: Sequence[ITerraformDependable] = ()
    """What the Kubernetes objects wait for, typically the namespace's manifest.
    Default: nothing."""

    def __post_init__(self) -> None:
        access = self.settings.data_access
        if access.database_users and self.database_cluster_identifier is None:
            raise invalid(
                self,
                "database_cluster_identifier",
                None,
                "expected the Aurora cluster identifier: data_access.database_users is set",
            )
        if access.cache_users and self.cache_replication_group_id is None:
            raise invalid(
                self,
                "cache_replication_group_id",
                None,
                "expected the replication group id: data_access.cache_users is set",
            )
        if self.wants_identity and len(self.role_name) > IAM_ROLE_NAME_MAX:
            raise invalid(
                self,
                "settings.name",
                self.settings.name,
                f"expected a shorter name: the IAM role name {self.role_name!r} has "
                f"{len(self.role_name)} characters, IAM allows {IAM_ROLE_NAME_MAX}",
            )

    @property
    def role_name(self) -> str:
        """IAM role of the service's workload identity: ``<cluster>-<namespace>-<name>``."""
        return f"{self.cluster_name}-{self.settings.namespace}-{self.settings.name}"

    @property
    def cluster_identity(self) -> ClusterIdentity:
        """The cluster's identity mechanism: ``identity``, else Pod Identity."""
        return self.identity or ClusterIdentity(cluster_name=self.cluster_name, mode="pod_identity")

    @property
    def wants_identity(self) -> bool:
        """Whether the service declares any AWS permission."""
        access = self.settings.data_access
        return bool(access.database_users or access.cache_users or self.settings.iam_statements)


class Service(Construct):
    """A Deployment and what keeps it available, scaled and reachable.

    * ServiceAccount, and with declared permissions a workload identity (EKS Pod
      Identity role) whose inline policy holds exactly ``rds-db:connect`` for the
      declared database users, ``elasticache:Connect`` for the declared cache users and
      ``iam_statements``.
    * Deployment: rolling update (25% / 25% by default), liveness and readiness HTTP
      probes, requests and limits, spread over zones and nodes, a non-root, read-only,
      capability-free container with a writable ``/tmp``. No ``replicas``: the HPA owns
      the count.
    * HorizontalPodAutoscaler (autoscaling/v2) on CPU utilization, PodDisruptionBudget
      (policy/v1), a ClusterIP Service and, with ``ingress``, an HTTPS Ingress on the ALB.
    """

    def __init__(self, scope: Construct, id_: str, *, props: ServiceProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.settings = settings = props.settings
        self.name = settings.name
        self.namespace = settings.namespace
        self.role: ServiceAccountRole | None = None
        """The workload identity, if the service declares any AWS permission."""
        if props.wants_identity:
            self.role = props.cluster_identity.role(
                self,
                "identity",
                role_name=props.role_name,
                namespace=self.namespace,
                service_account=self.name,
                policy_json=self._policy_json(),
            )
        self.manifests: dict[str, KubernetesManifest] = {
            "service_account": self.service_account_manifest(),
            "deployment": self.deployment_manifest(),
            "autoscaler": self.autoscaler_manifest(),
            "disruption_budget": self.disruption_budget_manifest(),
            "cluster_ip": self.service_manifest(),
        }
        """Every Kubernetes object of the service, by construct id."""
        if settings.ingress is not None:
            self.manifests["ingress"] = self.ingress_manifest()
        self.objects: dict[str, Manifest] = {}
        """The ``kubernetes_manifest`` resources, by construct id."""
        for object_id, manifest in self.manifests.items():
            depends_on = list(props.depends_on)
            if object_id == "deployment" and self.role is not None:
                # Pods read their credentials when they start: the service account's
                # annotation (IRSA) and the association (Pod Identity) come first.
                depends_on += [self.objects["service_account"], *self.role.ready]
            self.objects[object_id] = kubernetes_object(
                self, object_id, manifest, depends_on=depends_on
            )
        if "ingress" in self.objects:
            # Apply returns once the controller has given the Ingress its load balancer,
            # so that what reads the load balancer after it (the ALB alarms of
            # stacks/platform_operations.py) finds it on the first apply.
            self.objects["ingress"].put_wait(fields=dict(INGRESS_READY))

    # -- identity -------------------------------------------------------------------

    def _policy_json(self) -> str:
        account = AccountContext.of(self)
        arn_prefix = f"arn:{account.partition}"
        access = self.settings.data_access
        statements: list[DataAwsIamPolicyDocumentStatement] = []
        if access.database_users:
            # The rds-db:connect resource names the cluster by its resource id, not its
            # identifier (Service Authorization Reference, "Amazon RDS IAM Authentication":
            # arn:${Partition}:rds-db:${Region}:${Account}:dbuser:${DbiResourceId}/${DbUserName}).
            identifier = self.props.database_cluster_identifier
            assert identifier is not None  # ServiceProps requires it with database users
            cluster = DataAwsRdsCluster(self, "database", cluster_identifier=identifier)
            statements.append(
                DataAwsIamPolicyDocumentStatement(
                    sid="ConnectToDatabase",
                    effect="Allow",
                    actions=["rds-db:connect"],
                    resources=[
                        f"{arn_prefix}:rds-db:{account.region}:{account.account_id}:dbuser:"
                        f"{cluster.cluster_resource_id}/{user}"
                        for user in access.database_users
                    ],
                )
            )
        if access.cache_users:
            # IAM authentication to ElastiCache needs elasticache:Connect on both the
            # replication group and the user (ElastiCache User Guide, "Authenticating with
            # IAM": setup).
            cache = f"{arn_prefix}:elasticache:{account.region}:{account.account_id}"
            statements.append(
                DataAwsIamPolicyDocumentStatement(
                    sid="ConnectToCache",
                    effect="Allow",
                    actions=["elasticache:Connect"],
                    resources=[
                        f"{cache}:replicationgroup:{self.props.cache_replication_group_id}",
                        *(f"{cache}:user:{user}" for user in access.cache_users),
                    ],
                )
            )
        for index, statement in enumerate(self.settings.iam_statements):
            statements.append(
                DataAwsIamPolicyDocumentStatement(
                    sid=f"Declared{index}",
                    effect="Allow",
                    actions=list(statement.actions),
                    resources=list(statement.resources),
                )
            )
        return DataAwsIamPolicyDocument(self, "policy", statement=statements).json

    # -- manifests ------------------------------------------------------------------

    @property
    def selector(self) -> dict[str, str]:
        """Labels that select the service's pods."""
        return {NAME_LABEL: self.name}

    def _pod_metadata(self) -> dict[str, Any]:
        """Labels of the pods and, with a role, the mechanism that delivers it: a change of
        mechanism rolls the pods, because credentials are injected when a pod starts."""
        metadata: dict[str, Any] = {"labels": self.selector}
        if self.role is not None:
            mode = self.props.cluster_identity.mode
            metadata["annotations"] = {WORKLOAD_IDENTITY_ANNOTATION: mode}
        return metadata

    def _metadata(self, annotations: dict[str, str] | None = None) -> dict[str, Any]:
        return object_metadata(
            self.name, namespace=self.namespace, labels=self.selector, annotations=annotations
        )

    @property
    def image(self) -> str:
        """The image reference: ``repository:tag``, a bare repository name resolved in the
        stack's account and Region of Amazon ECR."""
        image = self.settings.image
        first = image.repository.split("/", 1)[0]
        is_registry = "/" in image.repository and (
            "." in first or ":" in first or first == "localhost"
        )
        if is_registry:
            return f"{image.repository}:{image.tag}"
        account = AccountContext.of(self)
        registry = f"{account.account_id}.dkr.ecr.{account.region}.{account.dns_suffix}"
        return f"{registry}/{image.repository}:{image.tag}"

    def service_account_manifest(self) -> KubernetesManifest:
        """The ServiceAccount: its Pod Identity association, or its IRSA annotation, gives
        it the role."""
        annotations = self.role.service_account_annotations if self.role is not None else {}
        return {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": self._metadata(annotations or None),
            # The application does not call the Kubernetes API. Neither mechanism needs the
            # automounted token: the EKS webhook adds a projected serviceAccountToken volume
            # of its own (audience pods.eks.amazonaws.com for Pod Identity, sts.amazonaws.com
            # for IRSA), which this field does not govern (aws/amazon-eks-pod-identity-
            # webhook, pkg/handler/testdata/containercredentials/rawPodWithoutVolumes.pod.yaml
            # and pkg/handler/testdata/rawPodWithoutVolumes.pod.yaml).
            "automountServiceAccountToken": False,
        }

    def deployment_manifest(self) -> KubernetesManifest:
        """The Deployment."""
        settings = self.settings
        resources = settings.resources
        env: list[dict[str, Any]] = [
            {"name": name, "value": value} for name, value in sorted(settings.env.items())
        ]
        env += [
            {
                "name": name,
                "valueFrom": {"secretKeyRef": {"name": ref.secret, "key": ref.key}},
            }
            for name, ref in sorted(settings.secret_env.items())
        ]
        container: dict[str, Any] = {
            "name": self.name,
            "image": self.image,
            "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": HTTP_PORT_NAME, "containerPort": settings.port, "protocol": "TCP"}],
            "resources": {
                "requests": {"cpu": resources.cpu_request, "memory": resources.memory_request},
                "limits": {"cpu": resources.cpu_limit, "memory": resources.memory_limit},
            },
            "livenessProbe": _http_probe(settings.liveness),
            "readinessProbe": _http_probe(settings.readiness),
            # Pod Security Standards "restricted" requires each of these (Kubernetes,
            # "Pod Security Standards": Restricted).
            "securityContext": {
                "runAsNonRoot": True,
                "runAsUser": settings.run_as_user,
                "allowPrivilegeEscalation": False,
                "readOnlyRootFilesystem": True,
                "capabilities": {"drop": ["ALL"]},
                "seccompProfile": {"type": "RuntimeDefault"},
            },
            "volumeMounts": [{"name": TMP_VOLUME, "mountPath": "/tmp"}],
        }
        if env:
            container["env"] = env
        return {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": self._metadata(),
            # No `replicas`: the HorizontalPodAutoscaler owns the count. A replicas field
            # here would make every apply reset the count the HPA chose (and plans show a
            # change whenever it scaled); left out, the API server starts at 1 and the HPA
            # raises it to min_replicas at once (Kubernetes, "Horizontal Pod Autoscaling":
            # migrating Deployments to horizontal scaling).
            "spec": {
                "selector": {"matchLabels": self.selector},
                "strategy": {
                    "type": "RollingUpdate",
                    "rollingUpdate": {
                        "maxSurge": settings.rollout.max_surge,
                        "maxUnavailable": settings.rollout.max_unavailable,
                    },
                },
                "template": {
                    "metadata": self._pod_metadata(),
                    "spec": {
                        "serviceAccountName": self.name,
                        "automountServiceAccountToken": False,
                        "securityContext": {
                            "runAsNonRoot": True,
                            "runAsUser": settings.run_as_user,
                            "runAsGroup": settings.run_as_user,
                            "seccompProfile": {"type": "RuntimeDefault"},
                        },
                        "topologySpreadConstraints": [
                            {
                                # Across the three AZs strictly: losing one leaves two
                                # thirds of the pods.
                                "maxSkew": 1,
                                "topologyKey": "topology.kubernetes.io/zone",
                                "whenUnsatisfiable": "DoNotSchedule",
                                "labelSelector": {"matchLabels": self.selector},
                            },
                            {
                                # Across nodes as far as possible: more pods than nodes
                                # must still schedule.
                                "maxSkew": 1,
                                "topologyKey": "kubernetes.io/hostname",
                                "whenUnsatisfiable": "ScheduleAnyway",
                                "labelSelector": {"matchLabels": self.selector},
                            },
                        ],
                        "containers": [container],
                        "volumes": [{"name": TMP_VOLUME, "emptyDir": {"sizeLimit": TMP_SIZE}}],
                    },
                },
            },
        }

    def autoscaler_manifest(self) -> KubernetesManifest:
        """The HorizontalPodAutoscaler (autoscaling/v2) on average CPU utilization."""
        scaling = self.settings.autoscaling
        return {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": self._metadata(),
            "spec": {
                "scaleTargetRef": {
                    "apiVersion": "apps/v1",
                    "kind": "Deployment",
                    "name": self.name,
                },
                "minReplicas": scaling.min_replicas,
                "maxReplicas": scaling.max_replicas,
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {
                                "type": "Utilization",
                                "averageUtilization": scaling.cpu_utilization,
                            },
                        },
                    }
                ],
            },
        }

    def disruption_budget_manifest(self) -> KubernetesManifest:
        """The PodDisruptionBudget: at most one pod evicted at a time.

        ``maxUnavailable: 1`` rather than ``minAvailable``: at the minimum of two replicas
        it leaves one serving during a drain, and it never blocks a drain outright, as
        ``minAvailable: 2`` would at two replicas (node upgrades would hang). It holds at
        any count the HPA chooses.
        """
        return {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": self._metadata(),
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": self.selector}},
        }

    def service_manifest(self) -> KubernetesManifest:
        """The ClusterIP Service in front of the pods."""
        return {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": self._metadata(),
            "spec": {
                "type": "ClusterIP",
                "selector": self.selector,
                "ports": [
                    {
                        "name": HTTP_PORT_NAME,
                        "port": SERVICE_PORT,
                        "targetPort": HTTP_PORT_NAME,
                        "protocol": "TCP",
                    }
                ],
            },
        }

    def ingress_manifest(self) -> KubernetesManifest:
        """The Ingress: an internet-facing ALB, HTTPS only (HTTP redirects), pods as
        targets, health checked on the readiness path."""
        ingress = self.settings.ingress
        assert ingress is not None
        annotations = {
            f"{ALB}/scheme": "internet-facing",
            # Pods are the targets: traffic skips the node hop, and the ALB's health
            # check reaches the readiness endpoint of each pod.
            f"{ALB}/target-type": "ip",
            # ssl-redirect acts on HTTP listeners, so port 80 exists only to redirect.
            f"{ALB}/listen-ports": json.dumps([{"HTTP": 80}, {"HTTPS": 443}]),
            f"{ALB}/ssl-redirect": "443",
            f"{ALB}/ssl-policy": SSL_POLICY,
            f"{ALB}/healthcheck-path": self.settings.readiness.path,
            f"{ALB}/healthcheck-port": "traffic-port",
            f"{ALB}/success-codes": "200",
            f"{ALB}/group.name": self.props.ingress_group or self.namespace,
        }
        if ingress.certificate_arn is not None:
            annotations[f"{ALB}/certificate-arn"] = ingress.certificate_arn
        return {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": self._metadata(annotations),
            "spec": {
                "ingressClassName": INGRESS_CLASS,
                "rules": [
                    {
                        "host": ingress.host,
                        "http": {
                            "paths": [
                                {
                                    "path": ingress.path,
                                    "pathType": "Prefix",
                                    "backend": {
                                        "service": {
                                            "name": self.name,
                                            "port": {"name": HTTP_PORT_NAME},
                                        }
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        }


def _http_probe(probe: ProbeSettings) -> dict[str, Any]:
    return {
        "httpGet": {"path": probe.path, "port": HTTP_PORT_NAME},
        "initialDelaySeconds": probe.initial_delay_seconds,
        "periodSeconds": probe.period_seconds,
        "timeoutSeconds": probe.timeout_seconds,
        "failureThreshold": probe.failure_threshold,
    }
