"""The services' ECR repositories, the registry's scanning, and one CI push role per
service source repository."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.ecr_lifecycle_policy import EcrLifecyclePolicy
from cdktf_cdktf_provider_aws.ecr_registry_scanning_configuration import (
    EcrRegistryScanningConfiguration,
    EcrRegistryScanningConfigurationRule,
    EcrRegistryScanningConfigurationRuleRepositoryFilter,
)
from cdktf_cdktf_provider_aws.ecr_repository import (
    EcrRepository,
    EcrRepositoryEncryptionConfiguration,
    EcrRepositoryImageScanningConfiguration,
)
from cdktf_cdktf_provider_aws.ecr_repository_policy import EcrRepositoryPolicy
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from ..github_oidc.documents import trust
from ..github_oidc.identity import GithubDelivery
from ..github_oidc.render import identity_document, statement_conditions, trust_document
from ..shared.kms import EncryptionKey, EncryptionKeyProps
from .documents import ci_statements, lifecycle_policy, repository_statements
from .props import RegistryProps, ci_role_name
from .settings import RepositorySettings, address_name

CI_SESSION_SECONDS = 3600
"""Longest CI session: a build and push fits in IAM's minimum of one hour."""


construct_id = address_name
"""Construct id of a repository (``team/app`` -> ``team_app``)."""


class Registry(Construct):
    """The services' image repositories in the account's registry.

    * **Key** (id ``key``): one customer managed KMS key with rotation for every
      repository (ECR adds its own grants when a repository is created, Amazon ECR User
      Guide, "Encryption at rest"; pushers and pullers need no KMS permission).
    * **Scanning** (id ``scanning``): the registry's scanning configuration, scan on push
      for every repository (filter ``*``). It is one per account and Region, which is why
      it lives in the account baseline; it supersedes the repositories' own
      ``scan_on_push`` (set too, for tools that only read the repository).
    * **Per repository** ``<name>`` (child construct, ``/``, ``.`` and ``-`` as ``_``):
      the repository (IMMUTABLE tags, KMS, scan on push), its lifecycle policy, its
      repository policy (only the CI role changes images, the node roles pull) and, when
      it has a ``source``, the CI role ``<prefix>-<name>-ci`` trusted by that source
      repository's release job only, allowed registry login and push to this one
      repository.
    """

    def __init__(self, scope: Construct, id_: str, *, props: RegistryProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        self.repositories: dict[str, EcrRepository] = {}
        self.ci_roles: dict[str, IamRole] = {}
        if not settings.repositories:
            return
        self.key = EncryptionKey(
            self,
            "key",
            props=EncryptionKeyProps(
                alias=f"{props.name_prefix}-ecr",
                description=f"Images of the ECR repositories of {props.name_prefix}",
            ),
        )
        EcrRegistryScanningConfiguration(
            self,
            "scanning",
            scan_type=settings.scan_type,
            rule=[
                EcrRegistryScanningConfigurationRule(
                    scan_frequency="SCAN_ON_PUSH",
                    repository_filter=[
                        EcrRegistryScanningConfigurationRuleRepositoryFilter(
                            filter="*", filter_type="WILDCARD"
                        )
                    ],
                )
            ],
        )
        for repository in settings.repositories:
            self._repository(repository)

    def _repository(self, settings: RepositorySettings) -> None:
        scope = Construct(self, construct_id(settings.name))
        repository = EcrRepository(
            scope,
            "repository",
            name=settings.name,
            image_tag_mutability="IMMUTABLE",
            image_scanning_configuration=EcrRepositoryImageScanningConfiguration(scan_on_push=True),
            encryption_configuration=[
                EcrRepositoryEncryptionConfiguration(encryption_type="KMS", kms_key=self.key.arn)
            ],
        )
        self.repositories[settings.name] = repository
        registry = self.props.settings
        EcrLifecyclePolicy(
            scope,
            "lifecycle",
            repository=repository.name,
            policy=lifecycle_policy(
                keep_tagged_images=registry.keep_tagged_images,
                untagged_expiry_days=registry.untagged_expiry_days,
            ),
        )
        role = self._ci_role(scope, settings, repository) if settings.source else None
        pusher = role.arn if role is not None else None
        EcrRepositoryPolicy(
            scope,
            "policy",
            repository=repository.name,
            policy=self._repository_policy(scope, pusher),
        )

    def _ci_role(
        self, scope: Construct, settings: RepositorySettings, repository: EcrRepository
    ) -> IamRole:
        source = settings.source
        assert source is not None
        assert self.props.github_provider_arn is not None
        # The same customized sub claim (numeric owner and repository ids, environment,
        # ref) as the platform's delivery roles; StringEquals, no wildcard.
        subject = GithubDelivery(
            repository=source.repository,
            repository_id=source.repository_id,
            owner_id=source.owner_id,
        ).subject(source.github_environment, source.release_ref)
        statement = trust(self.props.github_provider_arn, test="StringEquals", subjects=(subject,))
        role = IamRole(
            scope,
            "ci_role",
            name=ci_role_name(self.props.name_prefix, settings.name),
            description=f"Pushes {settings.name} images from GitHub Actions of "
            f"{source.repository} ({source.release_ref}, environment "
            f"{source.github_environment})",
            assume_role_policy=trust_document(scope, "ci_trust", statement),
            max_session_duration=CI_SESSION_SECONDS,
        )
        IamRolePolicy(
            scope,
            "ci_policy",
            name="push-image",
            role=role.id,
            policy=identity_document(scope, "ci_access", ci_statements(repository.arn)),
        )
        self.ci_roles[settings.name] = role
        return role

    def _repository_policy(self, scope: Construct, pusher_arn: str | None) -> str:
        statements = repository_statements(
            pusher_arn=pusher_arn, puller_arns=self.props.puller_role_arns
        )
        return DataAwsIamPolicyDocument(
            scope,
            "policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid=statement.sid,
                    effect=statement.effect,
                    actions=list(statement.actions),
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(type="*", identifiers=["*"])
                    ],
                    condition=statement_conditions(statement.conditions) or None,
                )
                for statement in statements
            ],
        ).json

    # --- outputs -----------------------------------------------------------------------

    def repository_url(self, name: str) -> str:
        """URL of repository ``name`` (``<account>.dkr.ecr.<region>.amazonaws.com/<name>``)."""
        return self.repositories[name].repository_url

    def ci_role_arn(self, name: str) -> str | None:
        """ARN of the CI role of repository ``name``, ``None`` without a source."""
        role = self.ci_roles.get(name)
        return role.arn if role is not None else None
