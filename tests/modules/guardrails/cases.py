"""A compliant and a non-compliant synthesized stack for every guardrail.

Each case is the smallest ``cdk.tf.json`` (as CDKTF writes it) that shows the rule
holding or failing; ``test_rules.py`` checks that every rule of the pack has both, so a
new rule cannot land untested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

TODAY = date(2026, 11, 26)
"""The day of synthesis the cases assume (EKS support dates are compared against it)."""

TAGS = {
    "Project": "platform",
    "Environment": "dev",
    "ManagedBy": "cdktf",
    "Owner": "platform-team",
    "CostCenter": "CC-1",
}


@dataclass(frozen=True)
class Case:
    """One rule's compliant and non-compliant stack documents."""

    compliant: dict[str, Any]
    failing: dict[str, Any]
    production: bool = False
    """Mark both stacks as production (for production-only rules)."""
    failing_address: str = ""
    """Address the failing finding must name."""


def resources(**by_type: dict[str, Any]) -> dict[str, Any]:
    return {"resource": by_type}


def nacl_rule(from_port: int) -> dict[str, Any]:
    return resources(
        aws_network_acl_rule={
            "return_tcp": {
                "egress": False,
                "rule_action": "allow",
                "cidr_block": "0.0.0.0/0",
                "protocol": "tcp",
                "from_port": from_port,
                "to_port": 65535,
            }
        }
    )


def ingress(cidr: str) -> dict[str, Any]:
    return resources(
        aws_vpc_security_group_ingress_rule={
            "https": {"cidr_ipv4": cidr, "from_port": 443, "to_port": 443}
        }
    )


def launch_template(tokens: str, tags: dict[str, str] | None = None) -> dict[str, Any]:
    specification_tags = tags if tags is not None else {**TAGS, "Name": "n"}
    return resources(
        aws_launch_template={
            "nodes": {
                "metadata_options": {"http_tokens": tokens},
                "block_device_mappings": [
                    {"device_name": "/dev/xvda", "ebs": {"encrypted": "true"}}
                ],
                "tag_specifications": [
                    {"resource_type": "instance", "tags": specification_tags},
                    {"resource_type": "volume", "tags": specification_tags},
                ],
            }
        }
    )


def node_group(desired: int) -> dict[str, Any]:
    return resources(
        aws_eks_node_group={
            "spot": {
                "scaling_config": {"desired_size": desired, "min_size": 0, "max_size": 6},
                "taint": [{"key": "capacity", "value": "spot", "effect": "NO_SCHEDULE"}],
            }
        }
    )


def cluster(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "version": "1.35",
        "vpc_config": {"endpoint_public_access": False, "endpoint_private_access": True},
        "encryption_config": {"resources": ["secrets"], "provider": {"key_arn": "k"}},
    }
    body.update(overrides)
    return resources(aws_eks_cluster={"main": body})


def aurora(
    *,
    encrypted: bool = True,
    force_ssl: str = "1",
    deletion_protection: bool = True,
    backups: int = 7,
    zones: tuple[str, ...] = ("a", "b"),
) -> dict[str, Any]:
    return {
        "resource": {
            "aws_rds_cluster": {
                "db": {
                    "engine": "aurora-postgresql",
                    "storage_encrypted": encrypted,
                    "deletion_protection": deletion_protection,
                    "backup_retention_period": backups,
                    "db_cluster_parameter_group_name": "${aws_rds_cluster_parameter_group.db.name}",
                }
            },
            "aws_rds_cluster_parameter_group": {
                "db": {"parameter": [{"name": "rds.force_ssl", "value": force_ssl}]}
            },
            "aws_rds_cluster_instance": {
                f"db_{index}": {
                    "identifier": f"db-{index}",
                    "engine": "aurora-postgresql",
                    "instance_class": "db.t3.medium",
                    "cluster_identifier": "${aws_rds_cluster.db.id}",
                    "availability_zone": zone,
                }
                for index, zone in enumerate(zones, 1)
            },
        }
    }


def connections_alarm(threshold: int) -> dict[str, Any]:
    document = aurora()
    document["resource"]["aws_cloudwatch_metric_alarm"] = {
        "connections": {
            "metric_name": "DatabaseConnections",
            "comparison_operator": "GreaterThanThreshold",
            "threshold": threshold,
            "dimensions": {"DBInstanceIdentifier": "db-1"},
        }
    }
    return document


def redis(*, multi_az: bool = True, snapshots: int = 1) -> dict[str, Any]:
    return resources(
        aws_elasticache_replication_group={
            "cache": {
                "at_rest_encryption_enabled": True,
                "transit_encryption_enabled": True,
                "multi_az_enabled": multi_az,
                "snapshot_retention_limit": snapshots,
            }
        }
    )


def network(nat_zones: tuple[str, ...]) -> dict[str, Any]:
    return resources(
        aws_subnet={
            "public_a": {"availability_zone": "eu-west-1a"},
            "public_b": {"availability_zone": "eu-west-1b"},
        },
        aws_nat_gateway={
            f"nat_{zone}": {"subnet_id": f"${{aws_subnet.public_{zone}.id}}"} for zone in nat_zones
        },
    )


def policy(statement: dict[str, Any], *, as_json: bool = True) -> dict[str, Any]:
    """An identity policy holding ``statement``, as a JSON string or as a data document."""
    if as_json:
        return resources(
            aws_iam_policy={
                "p": {"policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}
            }
        )
    block: dict[str, Any] = {
        "effect": statement.get("Effect", "Allow"),
        "actions": statement["Action"],
        "resources": statement["Resource"],
    }
    conditions = statement.get("Condition", {})
    if conditions:
        block["condition"] = [
            {"test": test, "variable": variable, "values": [value]}
            for test, pairs in conditions.items()
            for variable, value in pairs.items()
        ]
    return {
        "data": {"aws_iam_policy_document": {"doc": {"statement": [block]}}},
        "resource": {
            "aws_iam_policy": {"p": {"policy": "${data.aws_iam_policy_document.doc.json}"}}
        },
    }


DELETE_ANY_LOAD_BALANCER = {
    "Effect": "Allow",
    "Action": ["elasticloadbalancing:DeleteLoadBalancer"],
    "Resource": "*",
    "Condition": {"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}},
}
DELETE_OWN_LOAD_BALANCERS = {
    **DELETE_ANY_LOAD_BALANCER,
    "Condition": {"StringEquals": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "dev"}},
}


def admin_role(boundary: str | None) -> dict[str, Any]:
    role: dict[str, Any] = {"name": "apply"}
    if boundary:
        role["permissions_boundary"] = boundary
    return resources(
        aws_iam_role={"apply": role},
        aws_iam_role_policy_attachment={
            "admin": {
                "role": "${aws_iam_role.apply.name}",
                "policy_arn": (
                    "arn:${data.aws_partition.p.partition}:iam::aws:policy/AdministratorAccess"
                ),
            }
        },
    )


def web_identity_role(sub_test: str, sub: str) -> dict[str, Any]:
    issuer = "token.actions.githubusercontent.com"
    conditions: dict[str, dict[str, str]] = {"StringEquals": {f"{issuer}:aud": "sts.amazonaws.com"}}
    conditions.setdefault(sub_test, {})[f"{issuer}:sub"] = sub
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/x"},
                "Condition": conditions,
            }
        ],
    }
    return resources(aws_iam_role={"ci": {"assume_role_policy": json.dumps(trust)}})


def key_policy(principal: str) -> dict[str, Any]:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": principal},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Effect": "Allow",
                "Principal": {"Service": "logs.amazonaws.com"},
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"],
                "Resource": "*",
            },
        ],
    }
    return resources(aws_kms_key={"key": {"policy": json.dumps(document)}})


def provider(tags: dict[str, str]) -> dict[str, Any]:
    return {"provider": {"aws": [{"region": "eu-west-1", "default_tags": [{"tags": tags}]}]}}


def required_version(version: str | None) -> dict[str, Any]:
    return {"terraform": {"required_version": version} if version else {}}


def bucket(*, encrypted: bool = True, tls_only: bool = True) -> dict[str, Any]:
    document: dict[str, Any] = {"resource": {"aws_s3_bucket": {"state": {}}}}
    if encrypted:
        document["resource"]["aws_s3_bucket_server_side_encryption_configuration"] = {
            "state": {"bucket": "${aws_s3_bucket.state.id}"}
        }
    statement = {
        "Effect": "Deny" if tls_only else "Allow",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    document["resource"]["aws_s3_bucket_policy"] = {
        "state": {
            "bucket": "${aws_s3_bucket.state.id}",
            "policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
        }
    }
    return document


CASES: dict[str, Case] = {
    "NET-01": Case(
        nacl_rule(1024), nacl_rule(32768), failing_address="aws_network_acl_rule.return_tcp"
    ),
    "NET-02": Case(ingress("10.0.0.0/16"), ingress("0.0.0.0/0")),
    "EC2-01": Case(launch_template("required"), launch_template("optional")),
    "EKS-01": Case(node_group(0), node_group(1), failing_address="aws_eks_node_group.spot"),
    "EKS-02": Case(
        cluster(),
        cluster(vpc_config={"endpoint_public_access": True, "public_access_cidrs": ["0.0.0.0/0"]}),
    ),
    "K8S-01": Case(cluster(version="1.35"), cluster(version="1.33")),
    "K8S-02": Case(cluster(version="1.35"), cluster(version="1.34")),
    "ENC-01": Case(aurora(), aurora(encrypted=False), failing_address="aws_rds_cluster.db"),
    "ENC-02": Case(bucket(), bucket(tls_only=False), failing_address="aws_s3_bucket.state"),
    "ALARM-01": Case(connections_alarm(360), connections_alarm(500)),
    "IAM-01": Case(policy(DELETE_OWN_LOAD_BALANCERS), policy(DELETE_ANY_LOAD_BALANCER)),
    "IAM-02": Case(
        admin_role("arn:aws:iam::1:policy/boundary"),
        admin_role(None),
        failing_address="aws_iam_role.apply",
    ),
    "IAM-03": Case(
        web_identity_role("StringEquals", "repo:org/app:environment:prod"),
        web_identity_role("StringLike", "repo:org/*"),
    ),
    "IAM-04": Case(key_policy("arn:aws:iam::1:root"), key_policy("arn:aws:iam::1:role/ops")),
    "IAM-05": Case(
        policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}),
        policy({"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}),
    ),
    "TAG-01": Case(provider(TAGS), provider({"Project": "platform"})),
    "TAG-02": Case(launch_template("required"), launch_template("required", {"Name": "n"})),
    "TF-01": Case(required_version(">= 1.10"), required_version(None), failing_address="terraform"),
    "PRD-01": Case(aurora(), aurora(deletion_protection=False), production=True),
    "PRD-02": Case(redis(), redis(multi_az=False), production=True),
    "PRD-03": Case(network(("a", "b")), network(("a",)), production=True),
    "PRD-04": Case(aurora(backups=7), aurora(backups=1), production=True),
}
"""Rule id -> its compliant and failing stacks."""
