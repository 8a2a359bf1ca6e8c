"""Known-good Kubernetes objects of every kind the platform creates, in the shapes its
constructs build them (modules/tenancy, modules/service).

They check the validation and the checkov scan independently of the stacks: a schema or
scan that rejected these would reject the platform for reasons of its own.
"""

from __future__ import annotations

import copy
from typing import Any

Manifest = dict[str, Any]

NAMESPACE = "apps"
LABELS = {"app.kubernetes.io/name": "sample", "app.kubernetes.io/managed-by": "terraform"}
SELECTOR = {"app.kubernetes.io/name": "sample"}
IMAGE = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/sample-service:0.1.0"


def _meta(name: str = "sample", **extra: Any) -> dict[str, Any]:
    return {"name": name, "namespace": NAMESPACE, "labels": dict(LABELS), **extra}


def _probe(path: str) -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": "http"},
        "initialDelaySeconds": 0,
        "periodSeconds": 10,
        "timeoutSeconds": 2,
        "failureThreshold": 3,
    }


_SAMPLES: list[Manifest] = [
    {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": NAMESPACE,
            "labels": {
                "app.kubernetes.io/managed-by": "terraform",
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
            },
        },
    },
    {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": _meta("compute"),
        "spec": {
            "hard": {
                "requests.cpu": "8",
                "requests.memory": "16Gi",
                "limits.cpu": "16",
                "limits.memory": "32Gi",
                "pods": "50",
            }
        },
    },
    {
        "apiVersion": "v1",
        "kind": "LimitRange",
        "metadata": _meta("defaults"),
        "spec": {
            "limits": [
                {
                    "type": "Container",
                    "default": {"cpu": "500m", "memory": "512Mi"},
                    "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
                    "max": {"cpu": "2", "memory": "4Gi"},
                }
            ]
        },
    },
    {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": _meta("default-deny"),
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    },
    {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": _meta("allow-dns"),
        "spec": {
            "podSelector": {},
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                            },
                            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                        }
                    ],
                    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                }
            ],
        },
    },
    {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": _meta("deployer"),
        "rules": [
            {
                "apiGroups": ["apps"],
                "resources": ["deployments"],
                "verbs": ["get", "list", "watch", "patch", "update"],
            }
        ],
    },
    {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": _meta("deployer"),
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"},
        "subjects": [
            {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "apps-deployers"}
        ],
    },
    {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": _meta(
            annotations={"eks.amazonaws.com/role-arn": "${aws_iam_role.sample_1A2B3C4D.arn}"}
        ),
        "automountServiceAccountToken": False,
    },
    {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(),
        "spec": {
            "selector": {"matchLabels": dict(SELECTOR)},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
            },
            "template": {
                "metadata": {"labels": dict(SELECTOR)},
                "spec": {
                    "serviceAccountName": "sample",
                    "automountServiceAccountToken": False,
                    "securityContext": {
                        "runAsNonRoot": True,
                        "runAsUser": 10001,
                        "runAsGroup": 10001,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "topologySpreadConstraints": [
                        {
                            "maxSkew": 1,
                            "topologyKey": "topology.kubernetes.io/zone",
                            "whenUnsatisfiable": "DoNotSchedule",
                            "labelSelector": {"matchLabels": dict(SELECTOR)},
                        }
                    ],
                    "containers": [
                        {
                            "name": "sample",
                            "image": IMAGE,
                            "imagePullPolicy": "IfNotPresent",
                            "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                            "resources": {
                                "requests": {"cpu": "250m", "memory": "256Mi"},
                                "limits": {"cpu": "500m", "memory": "512Mi"},
                            },
                            "livenessProbe": _probe("/health"),
                            "readinessProbe": _probe("/ready"),
                            "securityContext": {
                                "runAsNonRoot": True,
                                "runAsUser": 10001,
                                "allowPrivilegeEscalation": False,
                                "readOnlyRootFilesystem": True,
                                "capabilities": {"drop": ["ALL"]},
                                "seccompProfile": {"type": "RuntimeDefault"},
                            },
                            "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
                        }
                    ],
                    "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
                },
            },
        },
    },
    {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "sample"},
            "minReplicas": 2,
            "maxReplicas": 10,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 80},
                    },
                }
            ],
        },
    },
    {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(),
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": dict(SELECTOR)}},
    },
    {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(),
        "spec": {
            "type": "ClusterIP",
            "selector": dict(SELECTOR),
            "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}],
        },
    },
    {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": _meta(
            annotations={
                "alb.ingress.kubernetes.io/scheme": "internet-facing",
                "alb.ingress.kubernetes.io/target-type": "ip",
                "alb.ingress.kubernetes.io/healthcheck-path": "/ready",
            }
        ),
        "spec": {
            "ingressClassName": "alb",
            "rules": [
                {
                    "host": "sample.dev.example.com",
                    "http": {
                        "paths": [
                            {
                                "path": "/",
                                "pathType": "Prefix",
                                "backend": {
                                    "service": {"name": "sample", "port": {"name": "http"}}
                                },
                            }
                        ]
                    },
                }
            ],
        },
    },
]

SAMPLE_KINDS = frozenset(sample["kind"] for sample in _SAMPLES)
"""Every kind the platform's constructs create."""


def sample_manifests() -> list[Manifest]:
    """Fresh copies of the samples (a test may change its copy)."""
    return copy.deepcopy(_SAMPLES)


def sample(kind: str) -> Manifest:
    """A fresh copy of the (first) sample of ``kind``."""
    return next(item for item in sample_manifests() if item["kind"] == kind)
