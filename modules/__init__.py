"""Construct modules of the platform; each subpackage mirrors one Terraform module.

Importing this package (which any ``platform_cdktf.modules.*`` import does first) switches
on the fast provider imports (:mod:`.providers.fast_imports`): an app, the platform's or a
consumer's, gets them without a call of its own, as long as the provider packages
(``cdktf_cdktf_provider_aws`` ...) are imported after it. A provider package imported
before it stays as the stock import loaded it: correct, only slower.
``PLATFORM_FAST_IMPORTS=0`` turns the fast path off.
"""

from .providers.fast_imports import install as _install_fast_imports

# Costs a meta-path entry: fast_imports imports nothing but the standard library, and
# neither jsii nor cdktf is imported here.
_install_fast_imports()
