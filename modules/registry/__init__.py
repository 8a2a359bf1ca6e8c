"""The services' ECR repositories and who may push to them.

`RegistrySettings` (cdktf-free) declares the repositories (one per service image, named as
the services' `image.repository`), how many tagged images each keeps, when untagged
images expire and the registry's scan type; a repository with a `source` (the service's
GitHub repository, pinned by numeric ids) gets a CI role. `Registry` builds, in the
account baseline stack:

- one customer managed KMS key (rotation on) encrypting every repository;
- the registry scanning configuration (scan on push, every repository; one per account
  and Region);
- per repository: IMMUTABLE tags, a lifecycle policy (untagged images expire after
  `untagged_expiry_days`, tagged images beyond the newest `keep_tagged_images` expire),
  a repository policy denying image writes to every principal but the CI role
  (`aws:PrincipalArn`) and letting the environments' EKS node roles pull;
- per source: the role `<prefix>-<repository>-ci`, trusted only by that repository's
  release job (GitHub environment and branch, customized `sub` claim with numeric ids,
  like the platform's delivery roles), allowed `ecr:GetAuthorizationToken` and the push
  actions on its one repository.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import Registry as Registry
    from .documents import PULL_ACTIONS as PULL_ACTIONS
    from .documents import PUSH_ACTIONS as PUSH_ACTIONS
    from .documents import WRITE_ACTIONS as WRITE_ACTIONS
    from .documents import lifecycle_policy as lifecycle_policy
    from .props import RegistryProps as RegistryProps
    from .props import ci_role_name as ci_role_name
    from .settings import RegistrySettings as RegistrySettings
    from .settings import RepositorySettings as RepositorySettings
    from .settings import ServiceSource as ServiceSource

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
