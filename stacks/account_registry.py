"""Part of the account baseline stack (stacks/account.py): the services' ECR repositories
and their CI push roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from platform_cdktf.modules.github_oidc.documents import GITHUB_OIDC_HOST
from platform_cdktf.modules.registry.construct import Registry, construct_id
from platform_cdktf.modules.registry.props import RegistryProps
from platform_cdktf.modules.registry.settings import RegistrySettings, ServiceSource
from platform_cdktf.modules.shared import AccountContext

from .target import LOCAL_GITHUB

if TYPE_CHECKING:
    from .account import AccountStack


def github_provider_arn(account: AccountContext) -> str:
    """ARN of the account's IAM OIDC provider for GitHub Actions. An account has at most
    one provider per URL, and its ARN is ``oidc-provider/`` and the URL's host
    (``arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`` in the
    trust policies of IAM User Guide, "Create a role for OpenID Connect federation", and
    of GitHub Docs, "Configuring OpenID Connect in Amazon Web Services"), so the ARN is
    known without the bootstrap's outputs: the bootstrap creates the provider
    (modules/github_oidc) or ``existing_provider_arn`` names it, and the account baseline
    only references it, never creates a second one."""
    return f"arn:{account.partition}:iam::{account.account_id}:oidc-provider/{GITHUB_OIDC_HOST}"


def registry_settings(stack: AccountStack) -> RegistrySettings:
    """``stack.config.registry``; on the local target a repository without a source gets
    the stand-in repository's ids (:data:`~.target.LOCAL_GITHUB`), so that ``make up``
    creates its CI role as AWS would (no GitHub job can reach the emulator)."""
    settings = stack.config.registry
    if not stack.target.is_local:
        return settings
    stand_in = ServiceSource(
        repository=LOCAL_GITHUB.repository,
        repository_id=LOCAL_GITHUB.repository_id,
        owner_id=LOCAL_GITHUB.owner_id,
    )
    return settings.model_copy(
        update={
            "repositories": tuple(
                repository
                if repository.source is not None
                else repository.model_copy(update={"source": stand_in})
                for repository in settings.repositories
            )
        }
    )


def add_registry(stack: AccountStack) -> Registry:
    """The ECR repositories of ``stack.config.registry``: pulled by the EKS node roles of
    ``stack.environments`` (``<cluster>-node``, modules/eks), pushed only by each
    repository's CI role; outputs ``<repository>_repository_url`` and
    ``<repository>_ci_role_arn`` (when it has a source)."""
    account = AccountContext.of(stack)
    settings = registry_settings(stack)
    registry = Registry(
        stack,
        "registry",
        props=RegistryProps(
            name_prefix=stack.config.name_prefix,
            settings=settings,
            puller_role_arns=tuple(
                account.role_arn(f"{environment.cluster_name}-node")
                for environment in stack.environments
            ),
            github_provider_arn=github_provider_arn(account),
        ),
    )
    outputs: dict[str, tuple[object, str]] = {}
    for repository in settings.repositories:
        output = construct_id(repository.name)
        outputs[f"{output}_repository_url"] = (
            registry.repository_url(repository.name),
            f"URL of the ECR repository {repository.name}",
        )
        role_arn = registry.ci_role_arn(repository.name)
        if role_arn is not None:
            outputs[f"{output}_ci_role_arn"] = (
                role_arn,
                f"Role the CI of {repository.name} assumes to push images",
            )
    stack.outputs(outputs)
    return registry
