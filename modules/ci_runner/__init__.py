"""A GitHub Actions runner inside the environment's VPC, hosted by AWS CodeBuild.

`CiRunnerSettings` (cdktf-free) holds what a deployment decides; `CiRunner` builds it:

- **Project** `<name>-github-runner` (dev: `platform-dev-github-runner`). A workflow job
  runs on it with the label
  `codebuild-platform-dev-github-runner-${{ github.run_id }}-${{ github.run_attempt }}`;
  each job gets a fresh build (CodeBuild User Guide, "Tutorial: Configure a
  CodeBuild-hosted GitHub Actions runner").
- **Trigger**: a webhook with one filter group, `EVENT` = `WORKFLOW_JOB_QUEUED`.
- **Source**: the repository (`GITHUB`, `https://github.com/<owner>/<name>.git`),
  authenticated per project with `source.auth` of type `CODECONNECTIONS` (accepted by
  hashicorp/aws 5.100). The account-wide `aws_codebuild_source_credential` is not used:
  there is one per account and server type, so two environments in one account would
  overwrite each other's.
- **Network**: the VPC's private subnets; a security group with no ingress and one egress
  rule, HTTPS (GitHub, AWS APIs, the private EKS endpoint, which admits the group). DNS
  needs no rule: security groups do not filter the Amazon-provided resolver.
- **Logs**: a log group `/aws/codebuild/<project>` with retention and its own KMS key; no
  S3 logs, no artifacts.
- **Service role** (trusted by CodeBuild of this account only): its own log streams, the
  EC2 calls CodeBuild makes to place a build in the VPC (Describe* on `*`;
  CreateNetworkInterface on the account's interfaces, the private subnets and the
  runner's group; DeleteNetworkInterface on the account's interfaces;
  CreateNetworkInterfacePermission only with `ec2:Subnet` among the private subnets and
  `ec2:AuthorizedService` = `codebuild.amazonaws.com`), and `GetConnection` /
  `GetConnectionToken` on the connection. Nothing else: jobs take AWS credentials from the
  GitHub OIDC roles, never from the runner.

**The connection needs one approval.** Without `connection_arn`, a CodeConnections
connection `<name>-github` (provider GitHub) is created, and stays `PENDING` until someone
opens it in the console (Developer Tools > Settings > Connections), chooses "Update pending
connection" and installs or picks the AWS Connector for GitHub app on the repository's
owner. CodeBuild cannot create the webhook on GitHub before that, so the first apply
stops at the webhook: approve the connection and apply again. To avoid the two passes
(or to share one connection between environments of an account), create and approve a
connection once and set `connection_arn`; an ARN of the former CodeStar Connections
(`codestar-connections`) works too, and the role's actions take its prefix.

On the local target (moto: CodeBuild projects, no webhooks, no CodeConnections), the
project, role, security group and log group are created; the webhook and the connection
are not (`ci_runner_github_link`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import CONNECTION_ACTIONS as CONNECTION_ACTIONS
    from .construct import DESCRIBE_ACTIONS as DESCRIBE_ACTIONS
    from .construct import WORKFLOW_JOB_QUEUED as WORKFLOW_JOB_QUEUED
    from .construct import CiRunner as CiRunner
    from .props import PROJECT_SUFFIX as PROJECT_SUFFIX
    from .props import CiRunnerProps as CiRunnerProps
    from .settings import CiRunnerSettings as CiRunnerSettings
    from .settings import RunnerComputeType as RunnerComputeType
    from .settings import RunnerImage as RunnerImage

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
