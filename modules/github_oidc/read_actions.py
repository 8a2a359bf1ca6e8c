"""What a plan role may read: the configuration of every service the stacks manage, as data.

Derived from the resource and data-source types of the synthesized ``bootstrap``,
``<env>-core`` and ``<env>-platform`` stacks (``aws_*`` types grouped by IAM service
prefix); the action names are those of the AWS Service Authorization Reference,
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
(one page per service, e.g. ``list_amazonec2.html``, ``list_amazonelasticache.html``).

Only *describe/list/get of configuration*: a wildcard is used where every action it
matches reads configuration or metadata in the reference (``ec2:Describe*``,
``eks:Describe*``, ``rds:Describe*``, ``elasticache:Describe*``, ``iam:Get*``,
``iam:List*``); elsewhere actions are named one by one, because ``s3:Get*`` includes
``s3:GetObject``, ``dynamodb:Get*`` ``dynamodb:GetItem``, ``logs:Get*``
``logs:GetLogEvents``, ``kms:`` has ``Decrypt`` and ``ssm:Get*`` returns parameter
values. The state bucket and lock table are read by the S3 backend statements of the
construct, scoped to the environment's objects; the bootstrap's own bucket and table
configuration reads below are scoped to those two resources.
"""

from __future__ import annotations

ACCOUNT_WIDE_READS: dict[str, tuple[str, ...]] = {
    # aws_vpc, aws_subnet, aws_route*, aws_*network_acl*, aws_*security_group*, aws_eip,
    # aws_nat_gateway, aws_internet_gateway, aws_flow_log, aws_launch_template,
    # aws_vpc_endpoint, aws_default_*; data aws_region (DescribeRegions).
    "ec2": ("ec2:Describe*",),
    # aws_eks_cluster/node_group/addon/access_entry/access_policy_association;
    # data aws_eks_cluster, aws_eks_addon_version (DescribeAddonVersions).
    "eks": ("eks:Describe*", "eks:List*"),
    # aws_rds_cluster, aws_rds_cluster_instance, aws_db_*/aws_rds_*_parameter_group,
    # aws_db_subnet_group. Not rds:DownloadDBLogFilePortion (log contents).
    "rds": ("rds:Describe*", "rds:ListTagsForResource"),
    # aws_elasticache_replication_group/parameter_group/subnet_group/user/user_group.
    "elasticache": ("elasticache:Describe*", "elasticache:ListTagsForResource"),
    # aws_iam_role/role_policy/role_policy_attachment/policy/openid_connect_provider;
    # data aws_iam_openid_connect_provider. IAM's Get/List actions return policies and
    # metadata, never secrets (no access key secret is readable after creation).
    "iam": ("iam:Get*", "iam:List*"),
    # aws_kms_key, aws_kms_alias: metadata and key policy; never kms:Decrypt.
    "kms": (
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListAliases",
        "kms:ListResourceTags",
    ),
    # aws_cloudwatch_log_group: the group's settings; never GetLogEvents,
    # FilterLogEvents, StartQuery or GetQueryResults (log contents).
    "logs": ("logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup"),
    # aws_cloudwatch_metric_alarm.
    "cloudwatch": ("cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"),
    # aws_sns_topic, aws_sns_topic_policy (and subscriptions the alarms module adds);
    # data aws_sns_topic (the platform stack finds the severity topics by name).
    "sns": (
        "sns:GetTopicAttributes",
        "sns:ListTopics",
        "sns:GetSubscriptionAttributes",
        "sns:ListSubscriptionsByTopic",
        "sns:ListTagsForResource",
    ),
    # aws_backup_plan/selection/vault (production DR copies); no recovery-point reads.
    "backup": (
        "backup:DescribeBackupVault",
        "backup:GetBackupPlan",
        "backup:GetBackupSelection",
        "backup:ListTags",
    ),
    # aws_appautoscaling_target/policy (Aurora reader auto scaling).
    "application-autoscaling": (
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScalingPolicies",
        "application-autoscaling:ListTagsForResource",
    ),
    # aws_codebuild_project/webhook of the CI runner (modules/ci_runner): project and
    # fleet configuration; not BatchGetBuilds or build logs.
    "codebuild": ("codebuild:BatchGetProjects", "codebuild:BatchGetFleets"),
    # aws_codeconnections_connection the runner creates when no connection_arn is given:
    # the connection's metadata and tags; never GetConnectionToken (a GitHub token).
    "codeconnections": ("codeconnections:GetConnection", "codeconnections:ListTagsForResource"),
    # aws_cloudwatch_event_rule/target: the operations and security routing rules
    # (modules/operations_alarms); the rule, its targets and tags.
    "events": ("events:DescribeRule", "events:ListTargetsByRule", "events:ListTagsForResource"),
    # aws_scheduler_schedule/schedule_group of the dev schedule (modules/dev_schedule).
    "scheduler": (
        "scheduler:GetSchedule",
        "scheduler:GetScheduleGroup",
        "scheduler:ListTagsForResource",
    ),
    # aws_lambda_function/permission of the PagerDuty forwarder (modules/alert_routing):
    # configuration, policy and concurrency; never lambda:InvokeFunction.
    "lambda": (
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionConcurrency",
        "lambda:GetPolicy",
        "lambda:ListTags",
        "lambda:ListVersionsByFunction",
    ),
    # aws_secretsmanager_secret holding the PagerDuty routing key: its metadata and
    # resource policy; never secretsmanager:GetSecretValue (the key itself).
    "secretsmanager": ("secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"),
    # aws_sqs_queue, the forwarder's dead-letter queue: attributes and tags, no messages.
    "sqs": ("sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"),
    # data aws_lb of the load balancer alarms (the platform stack finds the controller's
    # load balancers by their tags).
    "elasticloadbalancing": (
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTags",
    ),
    # aws_chatbot_slack_channel_configuration, when alerts go to Slack.
    "chatbot": ("chatbot:DescribeSlackChannelConfigurations", "chatbot:ListTagsForResource"),
    # data aws_caller_identity (needs no permission; listed so a reader sees it is used).
    "sts": ("sts:GetCallerIdentity",),
}
"""Configuration reads on every resource (``Resource: *``), by IAM service prefix."""

STATE_BUCKET_CONFIGURATION_READS: tuple[str, ...] = (
    # What aws_s3_bucket and its aws_s3_bucket_* companions read back (bootstrap only).
    "s3:GetAccelerateConfiguration",
    "s3:GetBucketAcl",
    "s3:GetBucketCORS",
    "s3:GetBucketLogging",
    "s3:GetBucketObjectLockConfiguration",
    "s3:GetBucketOwnershipControls",
    "s3:GetBucketPolicy",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetBucketRequestPayment",
    "s3:GetBucketTagging",
    "s3:GetBucketVersioning",
    "s3:GetBucketWebsite",
    "s3:GetEncryptionConfiguration",
    "s3:GetLifecycleConfiguration",
    "s3:GetReplicationConfiguration",
)
"""Configuration reads of the state bucket itself (not its objects)."""

LOCK_TABLE_CONFIGURATION_READS: tuple[str, ...] = (
    # What aws_dynamodb_table reads back (bootstrap only); never Scan/Query/BatchGetItem.
    "dynamodb:DescribeContinuousBackups",
    "dynamodb:DescribeTable",
    "dynamodb:DescribeTimeToLive",
    "dynamodb:ListTagsOfResource",
)
"""Configuration reads of the lock table itself (not its items)."""

DATA_READ_ACTIONS: tuple[str, ...] = (
    "s3:GetObject",
    "s3:GetObjectVersion",
    "dynamodb:Scan",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:PartiQLSelect",
    "dynamodb:GetRecords",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ssm:GetParameterHistory",
    "secretsmanager:GetSecretValue",
    "secretsmanager:BatchGetSecretValue",
    "logs:GetLogEvents",
    "logs:FilterLogEvents",
    "logs:StartQuery",
    "logs:GetQueryResults",
    "logs:StartLiveTail",
    "logs:GetLogRecord",
    "kms:Decrypt",
    "ec2:GetPasswordData",
    "ec2:GetConsoleOutput",
    "rds:DownloadDBLogFilePortion",
    "rds:DownloadCompleteDBLogFile",
    "codebuild:BatchGetBuilds",
    "codeconnections:GetConnectionToken",
    "codestar-connections:GetConnectionToken",
)
"""Actions that return data rather than configuration: a plan role holds none of them,
except ``s3:GetObject`` on its environment's state objects, ``dynamodb:GetItem`` on the
lock table (the S3 backend reads the state digest item even with ``-lock=false``) and
``kms:Decrypt`` on the state key (tests/modules/github_oidc check every document)."""


def account_wide_reads() -> tuple[str, ...]:
    """Every action of :data:`ACCOUNT_WIDE_READS`, sorted."""
    return tuple(sorted(action for actions in ACCOUNT_WIDE_READS.values() for action in actions))
