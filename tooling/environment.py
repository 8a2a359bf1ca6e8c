"""The environment of every process the local target starts: an allow-list, then fixed values.

An operator's shell holds what must never reach the emulator's terraform: ``AWS_PROFILE``
and ``AWS_ACCESS_KEY_ID`` (real credentials), ``AWS_ENDPOINT_URL`` (a real endpoint),
``TF_CLI_ARGS_init`` (``-backend-config=...`` pointing at a real bucket),
``TF_REATTACH_PROVIDERS`` (a provider process of someone else's), ``TF_VAR_*``,
``TF_WORKSPACE``, ``TF_DATA_DIR``. Rather than strip known dangers, only the variables
named here pass; the fixed emulator values (:func:`emulator_variables`) come last and
win over anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from platform_cdktf.modules.providers.emulator import EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY

PASSED_VARIABLES = frozenset(
    {
        # The process basics.
        "PATH",
        "HOME",
        "USER",
        "LOGNAME",
        "SHELL",
        "TMPDIR",
        "TMP",
        "TEMP",
        "TZ",
        "LANG",
        "LANGUAGE",
        "TERM",
        "COLORTERM",
        "NO_COLOR",
        "FORCE_COLOR",
        "CI",
        # Reaching the registries (terraform init without a mirror, npm). Go and Node
        # never send loopback traffic through a proxy, so the emulator is not affected.
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "no_proxy",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "NODE_EXTRA_CA_CERTS",
        # Terraform: where providers come from and how much it logs; nothing that changes
        # what it plans or where state goes.
        "TF_CLI_CONFIG_FILE",
        "TF_PROVIDER_MIRROR",
        "TF_PLUGIN_CACHE_DIR",
        "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE",
        "TF_LOG",
        "TF_LOG_CORE",
        "TF_LOG_PROVIDER",
        "TF_LOG_PATH",
        "CHECKPOINT_DISABLE",
        # The cdktf CLI and the jsii runtime of the Python app.
        "JSII_NODE",
        "NODE_OPTIONS",
        "CDKTF_LOG_LEVEL",
        "CDKTF_LOG_FILE_DIRECTORY",
        "CDKTF_DISABLE_PLUGIN_CACHE_ENV",
        "DISABLE_VERSION_CHECK",
        "PLATFORM_FAST_IMPORTS",
    }
)
"""Variables passed through from the caller's environment, by exact name."""

PASSED_PREFIXES = ("LC_", "JSII_SILENCE_")
"""Variables passed through by prefix (locale categories, jsii's warning switches)."""

SEALED_AWS_VARIABLES: Mapping[str, str] = {
    "AWS_ACCESS_KEY_ID": EMULATOR_ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": EMULATOR_SECRET_KEY,
    # No shared config or credentials files and no instance metadata: an SDK that looks
    # for credentials beyond the fake ones above finds nothing.
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
"""What every AWS SDK started for the local target sees (the emulator's own included)."""


def passed_through(environ: Mapping[str, str]) -> dict[str, str]:
    """The allowed part of ``environ`` (see :data:`PASSED_VARIABLES`)."""
    return {
        name: value
        for name, value in environ.items()
        if name in PASSED_VARIABLES or name.startswith(PASSED_PREFIXES)
    }


def emulator_variables(endpoint_url: str) -> dict[str, str]:
    """Fixed AWS variables for a process talking to the emulator at ``endpoint_url``:
    fake credentials, no shared files, and every service endpoint an SDK resolves on its
    own (one the synthesized configuration does not name) at the emulator too."""
    return {**SEALED_AWS_VARIABLES, "AWS_ENDPOINT_URL": endpoint_url}


def sealed_environment(
    fixed: Mapping[str, str], environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The allowed part of ``environ`` (default: this process's), then ``fixed``."""
    return {**passed_through(os.environ if environ is None else environ), **fixed}
