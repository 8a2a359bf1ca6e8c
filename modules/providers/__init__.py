"""Provider versions (one source of truth), provider and backend factories, default tags,
and the fast provider imports every app gets.

`PROVIDERS` is the version table (aws 5.100.0, kubernetes 2.38.0, helm 3.1.1, each bound
by an exactly pinned prebuilt package); `aws_provider` configures a provider whose
`default_tags` must carry the keys of `REQUIRED_TAG_KEYS` (built from the `Tags`
settings); `s3_backend` configures an encrypted S3 backend with DynamoDB locking from
`StateBackendSettings`, optionally with S3-native lockfiles beside it. Importing
`platform_cdktf.modules` switches on the fast imports: the prebuilt provider packages
imported after it load their submodules, Python and JavaScript, on demand
(`PLATFORM_FAST_IMPORTS=0` turns that off). `install_fast_imports()` does the same
explicitly, for an app that imports a provider package before any platform module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .aws import AwsProviderProps as AwsProviderProps
    from .aws import aws_provider as aws_provider
    from .backend import S3BackendProps as S3BackendProps
    from .backend import s3_backend as s3_backend
    from .emulator import EMULATOR_ACCOUNT_ID as EMULATOR_ACCOUNT_ID
    from .emulator import EmulatorEndpoint as EmulatorEndpoint
    from .fast_imports import install_fast_imports as install_fast_imports
    from .settings import REQUIRED_TAG_KEYS as REQUIRED_TAG_KEYS
    from .settings import Tags as Tags
    from .tags import default_tags as default_tags
    from .tags import stack_default_tags as stack_default_tags
    from .terraform import require_terraform as require_terraform
    from .versions import PROVIDERS as PROVIDERS
    from .versions import TERRAFORM_MIN_VERSION as TERRAFORM_MIN_VERSION
    from .versions import ProviderVersion as ProviderVersion

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
