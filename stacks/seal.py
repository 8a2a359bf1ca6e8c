"""The local target's seal, checked on the synthesized JSON: nothing can reach real AWS.

The backend and provider factories point everything at the emulator (see
``modules/providers``); this check proves it on what terraform will actually read, so
that a stack added later with a provider of its own, an override, or a backend setting
taken from somewhere else cannot slip through. It reads plain JSON and imports no cdktf:
the synthesis of the local target and the tooling that runs terraform or the cdktf CLI
against the emulator both call it.

A stack is sealed when:

* its backend is ``local``, or ``s3`` with every endpoint at the emulator, the fake
  credentials, the emulator's account as the only allowed one, and no setting outside
  :data:`S3_BACKEND_KEYS` (no profile, no assumed role, no shared credentials file);
* every provider configuration is ``aws``, with the same guarantees (all of
  :data:`~platform_cdktf.modules.providers.emulator.EMULATED_SERVICES` at the emulator);
* it reads no other state (``terraform_remote_state``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platform_cdktf.modules.providers.emulator import (
    EMULATED_SERVICES,
    EMULATOR_ACCESS_KEY,
    EMULATOR_SECRET_KEY,
    EmulatorEndpoint,
)

S3_BACKEND_KEYS = frozenset(
    {
        "bucket",
        "key",
        "region",
        "dynamodb_table",
        "use_lockfile",
        "encrypt",
        "kms_key_id",
        "workspace_key_prefix",
        "endpoints",
        "access_key",
        "secret_key",
        "allowed_account_ids",
        "use_path_style",
        "skip_metadata_api_check",
        "skip_region_validation",
        "skip_credentials_validation",
        "skip_requesting_account_id",
    }
)
"""Settings a sealed S3 backend may carry: where the state is, how it is locked and
encrypted, and the emulator's endpoint and credentials. Anything else (``profile``,
``assume_role``, ``shared_credentials_files``, ``token``, ...) could bring in real
credentials."""
S3_BACKEND_ENDPOINTS = ("s3", "dynamodb", "iam", "sts")
"""Services the S3 backend calls: each needs the emulator's endpoint."""

AWS_PROVIDER_KEYS = frozenset(
    {
        "alias",
        "region",
        "default_tags",
        "ignore_tags",
        "endpoints",
        "access_key",
        "secret_key",
        "allowed_account_ids",
        "s3_use_path_style",
        "skip_metadata_api_check",
        "skip_region_validation",
        "skip_credentials_validation",
        "skip_requesting_account_id",
        "max_retries",
    }
)
"""Settings a sealed AWS provider configuration may carry (see :data:`S3_BACKEND_KEYS`)."""


def stack_problems(
    stack: str, document: Mapping[str, Any], emulator: EmulatorEndpoint
) -> list[str]:
    """What keeps one synthesized stack (its ``cdk.tf.json``) from being sealed; empty if
    nothing does."""
    problems: list[str] = []
    backends: Mapping[str, Any] = document.get("terraform", {}).get("backend", {})
    for kind, settings in backends.items():
        where = f"{stack}: backend {kind}"
        if kind == "s3":
            problems += _credentials_problems(where, settings, emulator, S3_BACKEND_KEYS)
            problems += _endpoint_problems(
                where, settings.get("endpoints"), S3_BACKEND_ENDPOINTS, emulator
            )
        elif kind != "local":
            problems.append(f"{where}: only the local and s3 backends can be sealed")
    for name, configurations in document.get("provider", {}).items():
        for configuration in configurations:
            where = f"{stack}: provider {name}" + (
                f" (alias {configuration['alias']})" if "alias" in configuration else ""
            )
            if name != "aws":
                problems.append(f"{where}: only the aws provider can talk to the emulator")
                continue
            problems += _credentials_problems(where, configuration, emulator, AWS_PROVIDER_KEYS)
            endpoints = configuration.get("endpoints") or [None]
            problems += _endpoint_problems(where, endpoints[0], EMULATED_SERVICES, emulator)
    for name in document.get("data", {}).get("terraform_remote_state", {}):
        problems.append(f"{stack}: data terraform_remote_state.{name} reads state from elsewhere")
    return problems


def output_problems(stacks_dir: Path, emulator: EmulatorEndpoint) -> list[str]:
    """:func:`stack_problems` of every ``<stack>/cdk.tf.json`` below ``stacks_dir``."""
    documents = sorted(stacks_dir.glob("*/cdk.tf.json"))
    if not documents:
        return [f"{stacks_dir}: no synthesized stack to check"]
    problems: list[str] = []
    for path in documents:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problems.append(f"{path}: cannot read it: {error}")
            continue
        problems += stack_problems(path.parent.name, document, emulator)
    return problems


def _credentials_problems(
    where: str,
    settings: Mapping[str, Any],
    emulator: EmulatorEndpoint,
    allowed_keys: frozenset[str],
) -> list[str]:
    problems = [
        f"{where}: {key} is set; a sealed configuration takes its credentials and "
        "endpoints from the emulator only"
        for key in sorted(set(settings) - allowed_keys)
    ]
    if settings.get("access_key") != EMULATOR_ACCESS_KEY:
        problems.append(f"{where}: access_key is not the emulator's fake key")
    if settings.get("secret_key") != EMULATOR_SECRET_KEY:
        problems.append(f"{where}: secret_key is not the emulator's fake key")
    if settings.get("allowed_account_ids") != [emulator.account_id]:
        problems.append(
            f"{where}: allowed_account_ids = {settings.get('allowed_account_ids')!r}; "
            f"expected only the emulator's [{emulator.account_id!r}]"
        )
    return problems


def _endpoint_problems(
    where: str,
    endpoints: Mapping[str, Any] | None,
    required: tuple[str, ...],
    emulator: EmulatorEndpoint,
) -> list[str]:
    endpoints = endpoints or {}
    url = emulator.base_url
    missing = [service for service in required if service not in endpoints]
    problems = (
        [f"{where}: no emulator endpoint for {', '.join(missing)} (it would call real AWS)"]
        if missing
        else []
    )
    problems += [
        f"{where}: endpoint {service} = {value!r}; expected the emulator's {url!r}"
        for service, value in sorted(endpoints.items())
        if value != url
    ]
    return problems
