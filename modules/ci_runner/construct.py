"""The CI runner construct: a CodeBuild project that hosts GitHub Actions jobs in a VPC."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.codebuild_project import (
    CodebuildProject,
    CodebuildProjectArtifacts,
    CodebuildProjectEnvironment,
    CodebuildProjectLogsConfig,
    CodebuildProjectLogsConfigCloudwatchLogs,
    CodebuildProjectLogsConfigS3Logs,
    CodebuildProjectSource,
    CodebuildProjectSourceAuth,
    CodebuildProjectVpcConfig,
)
from cdktf_cdktf_provider_aws.codebuild_webhook import (
    CodebuildWebhook,
    CodebuildWebhookFilterGroup,
    CodebuildWebhookFilterGroupFilter,
)
from cdktf_cdktf_provider_aws.codeconnections_connection import CodeconnectionsConnection
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from constructs import Construct

from ..guardrails.marks import suppress
from ..shared import AccountContext
from ..shared.iam import service_trust_policy
from ..shared.kms import encrypted_log_group
from .props import CiRunnerProps

CODEBUILD_SERVICE = "codebuild.amazonaws.com"
WORKFLOW_JOB_QUEUED = "WORKFLOW_JOB_QUEUED"
"""The webhook event of a queued GitHub Actions job: CodeBuild starts a build that
registers an ephemeral runner for it (CodeBuild User Guide, "Tutorial: Configure a
CodeBuild-hosted GitHub Actions runner"; filter ``EVENT`` = ``WORKFLOW_JOB_QUEUED``)."""
DESCRIBE_ACTIONS = (
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
)
"""The read half of what CodeBuild needs to place a build in a VPC (CodeBuild User Guide,
"Allow CodeBuild access to AWS services required to create a VPC network interface", with
``ec2:CreateNetworkInterface``, ``ec2:DeleteNetworkInterface`` and
``ec2:CreateNetworkInterfacePermission``). EC2 Describe actions support no resource-level
permissions (Service Authorization Reference, Amazon EC2), hence ``*``; the three writes
are scoped here to the account's interfaces, the private subnets and the runner's group,
narrower than the guide's ``*``."""
CONNECTION_ACTIONS = ("GetConnection", "GetConnectionToken")
"""What a CodeBuild project role needs to use a GitHub App connection (CodeBuild User
Guide, "GitHub App connections": ``codeconnections:GetConnectionToken`` and
``codeconnections:GetConnection`` on the connection)."""
HTTPS_PORT = 443


class CiRunner(Construct):
    """A CodeBuild project whose builds are ephemeral GitHub Actions runners in a VPC.

    * Source: the repository on GitHub, authenticated per project through a CodeConnections
      connection (``source.auth`` type ``CODECONNECTIONS``), never through the account-wide
      source credential, which two environments of one account would overwrite.
    * Trigger: a webhook whose only filter group is ``EVENT`` = ``WORKFLOW_JOB_QUEUED``.
    * Network: the VPC's private subnets, a security group with no ingress and egress to
      HTTPS only (GitHub, AWS APIs, the private EKS endpoint). DNS to the Amazon resolver
      needs no rule: security groups do not filter it.
    * Logs: a KMS-encrypted log group with retention; no S3 logs, no artifacts.
    * Role: writes its own log streams, manages the build's network interfaces in the
      private subnets, uses the connection. Nothing else: jobs get AWS credentials from the
      GitHub OIDC roles, never from the runner.
    """

    def __init__(self, scope: Construct, id_: str, *, props: CiRunnerProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        name = props.project_name
        account = AccountContext.of(self)
        self.logs_key, self.log_group = encrypted_log_group(
            self,
            key_id="logs_key",
            alias=f"{name}-logs",
            description=f"Logs of the GitHub Actions runner {name}",
            name=f"/aws/codebuild/{name}",
            retention_days=settings.log_retention_days,
        )
        self.security_group = SecurityGroup(
            self,
            "security_group",
            name=name,
            description=f"GitHub Actions runner {name}: no ingress, HTTPS out",
            vpc_id=props.network.vpc_id,
            tags={"Name": name},
        )
        VpcSecurityGroupEgressRule(
            self,
            "egress_https",
            security_group_id=self.security_group.id,
            cidr_ipv4="0.0.0.0/0",
            ip_protocol="tcp",
            from_port=HTTPS_PORT,
            to_port=HTTPS_PORT,
            description="HTTPS to GitHub, AWS APIs and the EKS endpoint",
        )
        self.connection = (
            CodeconnectionsConnection(
                self, "connection", name=f"{props.name}-github", provider_type="GitHub"
            )
            if settings.connection_arn is None and props.link_github
            else None
        )
        self.connection_arn: str | None = (
            self.connection.arn if self.connection is not None else settings.connection_arn
        )
        self.role = IamRole(
            self,
            "role",
            name=name,
            description=f"Service role of the CodeBuild project {name}",
            assume_role_policy=service_trust_policy(self, "trust", service=CODEBUILD_SERVICE),
        )
        self.policy = IamRolePolicy(
            self, "policy", role=self.role.id, policy=self._policy_document(account).json
        )
        suppress(
            self.policy,
            "IAM-05",
            "ec2:CreateNetworkInterface authorizes the new network interface, its subnet and "
            "its security groups (Service Authorization Reference, Amazon EC2); parliament's "
            "action data lists the subnet only",
            matching="RESOURCE_MISMATCH",
        )
        auth = (
            CodebuildProjectSourceAuth(type="CODECONNECTIONS", resource=self.connection_arn)
            if self.connection_arn is not None
            else None
        )
        self.project = CodebuildProject(
            self,
            "project",
            name=name,
            description=f"GitHub Actions runner for {props.repository} inside the VPC",
            service_role=self.role.arn,
            build_timeout=settings.build_timeout_minutes,
            artifacts=CodebuildProjectArtifacts(type="NO_ARTIFACTS"),
            environment=CodebuildProjectEnvironment(
                compute_type=settings.compute_type,
                image=settings.image,
                type=settings.environment_type,
                image_pull_credentials_type="CODEBUILD",
            ),
            source=CodebuildProjectSource(type="GITHUB", location=props.source_location, auth=auth),
            vpc_config=CodebuildProjectVpcConfig(
                vpc_id=props.network.vpc_id,
                subnets=props.network.private_subnet_ids,
                security_group_ids=[self.security_group.id],
            ),
            logs_config=CodebuildProjectLogsConfig(
                cloudwatch_logs=CodebuildProjectLogsConfigCloudwatchLogs(
                    status="ENABLED", group_name=self.log_group.name
                ),
                s3_logs=CodebuildProjectLogsConfigS3Logs(status="DISABLED"),
            ),
            # CodeBuild checks at creation that the role may manage the VPC's interfaces.
            depends_on=[self.policy],
        )
        self.webhook = (
            CodebuildWebhook(
                self,
                "webhook",
                project_name=self.project.name,
                build_type="BUILD",
                filter_group=[
                    CodebuildWebhookFilterGroup(
                        filter=[
                            CodebuildWebhookFilterGroupFilter(
                                type="EVENT", pattern=WORKFLOW_JOB_QUEUED
                            )
                        ]
                    )
                ],
            )
            if props.link_github
            else None
        )

    def _policy_document(self, account: AccountContext) -> DataAwsIamPolicyDocument:
        prefix = f"arn:{account.partition}:ec2:{account.region}:{account.account_id}"
        subnets = [f"{prefix}:subnet/{subnet}" for subnet in self.props.network.private_subnet_ids]
        statements = [
            DataAwsIamPolicyDocumentStatement(
                sid="WriteOwnLogs",
                effect="Allow",
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[f"{self.log_group.arn}:*"],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="DescribeTheVpc",
                effect="Allow",
                actions=list(DESCRIBE_ACTIONS),
                resources=["*"],
            ),
            # CreateNetworkInterface authorizes the new interface, its subnet and its groups.
            DataAwsIamPolicyDocumentStatement(
                sid="CreateBuildInterfaces",
                effect="Allow",
                actions=["ec2:CreateNetworkInterface"],
                resources=[
                    f"{prefix}:network-interface/*",
                    *subnets,
                    f"{prefix}:security-group/{self.security_group.id}",
                ],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="RemoveBuildInterfaces",
                effect="Allow",
                actions=["ec2:DeleteNetworkInterface"],
                resources=[f"{prefix}:network-interface/*"],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AuthorizeCodeBuildOnPrivateSubnets",
                effect="Allow",
                actions=["ec2:CreateNetworkInterfacePermission"],
                resources=[f"{prefix}:network-interface/*"],
                condition=[
                    DataAwsIamPolicyDocumentStatementCondition(
                        test="ArnEquals", variable="ec2:Subnet", values=subnets
                    ),
                    DataAwsIamPolicyDocumentStatementCondition(
                        test="StringEquals",
                        variable="ec2:AuthorizedService",
                        values=[CODEBUILD_SERVICE],
                    ),
                ],
            ),
        ]
        if self.connection_arn is not None:
            service = connection_service(self.connection_arn)
            statements.append(
                DataAwsIamPolicyDocumentStatement(
                    sid="UseGithubConnection",
                    effect="Allow",
                    actions=[f"{service}:{action}" for action in CONNECTION_ACTIONS],
                    resources=[self.connection_arn],
                )
            )
        return DataAwsIamPolicyDocument(self, "policy_document", statement=statements)

    # -- outputs ----------------------------------------------------------------------

    @property
    def project_name(self) -> str:
        """Name of the CodeBuild project (the ``codebuild-<name>-...`` runner label)."""
        return self.project.name

    @property
    def security_group_id(self) -> str:
        """Security group of the runner's network interfaces."""
        return self.security_group.id

    @property
    def role_arn(self) -> str:
        """Service role of the project."""
        return self.role.arn


def connection_service(connection_arn: str) -> str:
    """IAM service prefix of a connection: ``codeconnections``, or ``codestar-connections``
    for a connection created under the former name (the prefix must match the ARN's).
    A connection created here is always ``codeconnections``."""
    parts = connection_arn.split(":")
    if len(parts) > 2 and parts[2] in ("codeconnections", "codestar-connections"):
        return parts[2]
    return "codeconnections"
