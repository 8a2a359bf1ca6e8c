"""One EKS managed add-on, at a pinned version or the one EKS marks as default."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.data_aws_eks_addon_version import DataAwsEksAddonVersion
from cdktf_cdktf_provider_aws.eks_addon import EksAddon
from constructs import Construct


def managed_addon(
    scope: Construct,
    *,
    cluster_name: str,
    addon_name: str,
    kubernetes_version: str,
    version: str | None = None,
    role_arn: str | None = None,
    configuration: str | None = None,
    depends_on: Sequence[ITerraformDependable] = (),
) -> EksAddon:
    """The add-on ``addon_name`` of ``cluster_name`` in ``scope`` (id ``addon_<name>``).

    Without a pinned ``version`` it runs the version EKS marks as default for
    ``kubernetes_version`` (``aws_eks_addon_version`` with ``most_recent = false``, id
    ``<name>_version``, read at plan time). Conflicts with fields someone changed by hand
    are overwritten: Terraform owns the add-on's configuration.
    """
    construct_id = addon_name.replace("-", "_")
    if version is None:
        version = DataAwsEksAddonVersion(
            scope,
            f"{construct_id}_version",
            addon_name=addon_name,
            kubernetes_version=kubernetes_version,
            most_recent=False,
        ).version
    return EksAddon(
        scope,
        f"addon_{construct_id}",
        cluster_name=cluster_name,
        addon_name=addon_name,
        addon_version=version,
        service_account_role_arn=role_arn,
        configuration_values=configuration,
        resolve_conflicts_on_create="OVERWRITE",
        resolve_conflicts_on_update="OVERWRITE",
        depends_on=list(depends_on) or None,
    )
