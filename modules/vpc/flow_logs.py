"""VPC flow logs to a KMS-encrypted CloudWatch log group."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
)
from cdktf_cdktf_provider_aws.flow_log import FlowLog
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from ..shared import AccountContext
from ..shared.iam import service_trust_policy
from ..shared.kms import encrypted_log_group


class VpcFlowLogs(Construct):
    """Captures ALL traffic of a VPC into its own encrypted log group.

    The delivery role can write only to that log group, and only the flow-logs service
    of this account can assume it (confused-deputy protection via ``aws:SourceAccount``).
    """

    def __init__(
        self, scope: Construct, id_: str, *, name: str, vpc_id: str, retention_days: int
    ) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        log_group_name = f"/aws/vpc-flow-logs/{name}"
        log_group_arn = account.log_group_arn(log_group_name)
        self.key, self.log_group = encrypted_log_group(
            self,
            key_id="key",
            alias=f"{name}-flow-logs",
            description=f"VPC flow logs of {name}",
            name=log_group_name,
            retention_days=retention_days,
        )
        trust = service_trust_policy(self, "trust", service="vpc-flow-logs.amazonaws.com")
        self.role = IamRole(self, "role", name=f"{name}-vpc-flow-logs", assume_role_policy=trust)
        delivery = DataAwsIamPolicyDocument(
            self,
            "delivery",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="WriteFlowLogStreams",
                    effect="Allow",
                    actions=[
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "logs:DescribeLogStreams",
                    ],
                    resources=[log_group_arn, f"{log_group_arn}:*"],
                ),
                # DescribeLogGroups lists no resource type in the Service Authorization
                # Reference (parliament's copy; guardrail IAM-05), so IAM matches it
                # against "*" only; the VPC User Guide's flow-logs role grants it on "*"
                # too. It reveals log group names, nothing else.
                DataAwsIamPolicyDocumentStatement(
                    sid="FindLogGroup",
                    effect="Allow",
                    actions=["logs:DescribeLogGroups"],
                    resources=["*"],
                ),
            ],
        )
        IamRolePolicy(self, "delivery_policy", role=self.role.id, policy=delivery.json)
        self.flow_log = FlowLog(
            self,
            "flow_log",
            vpc_id=vpc_id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=self.log_group.arn,
            iam_role_arn=self.role.arn,
            max_aggregation_interval=60,
        )
