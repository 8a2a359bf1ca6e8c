"""Deployment targets: real AWS, or a local AWS emulator for trying the platform out.

The ``local`` target is not an environment: it deploys the same stacks and modules as
``dev``. Only the provider and backend endpoints, the (fake) credentials and the
features the emulator cannot serve differ. Real environments are never affected:
they always synthesize with :data:`AWS_TARGET`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from platform_cdktf.environments import BootstrapConfig, EnvironmentConfig
from platform_cdktf.modules.github_oidc.identity import GithubDelivery
from platform_cdktf.modules.providers import EmulatorEndpoint

from . import seal

LOCAL_GAPS: dict[str, str] = {
    "state_bucket_tls_policy": (
        "moto ignores the conditions of bucket-policy Deny statements, so the TLS-only "
        "policy would deny every request, TLS or not"
    ),
    "redis": (
        "moto registers no member clusters for ElastiCache replication groups, so the AWS "
        "provider's read after create fails; its parameter groups hang"
    ),
    "eks_addons": "moto does not implement EKS add-ons (nor DescribeAddonVersions)",
    "eks_cluster_security_group": (
        "moto's EKS clusters report no cluster security group, so the data stores cannot "
        "admit the nodes by it; locally they admit no one"
    ),
    "eks_access_entries": "moto does not implement EKS access entries",
    "ci_runner_github_link": (
        "moto implements CodeBuild projects (create, read, delete) but neither their "
        "webhooks nor CodeConnections: the runner's project, role, security group and log "
        "group are created, its GitHub webhook and connection are not"
    ),
    "aurora_autoscaling": "Application Auto Scaling targets for RDS readers hang in moto",
    "aurora_dr_backup": "AWS Backup copy actions to a second Region are not emulated",
    "platform_stack": "there is no Kubernetes API behind an emulated EKS cluster",
    "bootstrap_state_in_s3": (
        "the emulator's state bucket is created by the bootstrap apply itself and goes "
        "with the emulator, so the bootstrap state stays in the workspace (whatever "
        "PLATFORM_BOOTSTRAP_STATE_IN_S3 says)"
    ),
    "audit_bucket_policies": (
        "the CloudTrail and AWS Config archive buckets' policies deny requests without "
        "TLS, and moto ignores the conditions of bucket-policy Deny statements: locally "
        "the buckets have no policy"
    ),
    "guardduty_features": (
        "moto's UpdateDetector replaces the detector's feature list with the one feature "
        "of each call, so the AWS provider never reads the other protection plans back"
    ),
    "alert_chat": (
        "moto does not implement AWS Chatbot: alerts routed to Slack channels get no "
        "channel configuration (e-mail and PagerDuty routing are created)"
    ),
}
"""Features the local target leaves out, and why. Listed in the README."""

LOCAL_GITHUB = GithubDelivery(repository="local/emulator", repository_id=1, owner_id=1)
"""Stand-in repository of the local target when ``environments/common.py`` configures
none: the emulator then holds delivery roles, boundaries and the runner as AWS would. No
GitHub job can reach the emulator, so the stand-in trusts nobody real."""


@dataclass(frozen=True, kw_only=True)
class DeploymentTarget:
    """Where the synthesized stacks will be applied."""

    emulator: EmulatorEndpoint | None = None
    """The local emulator, or ``None`` for real AWS."""
    disabled: frozenset[str] = field(default_factory=frozenset)
    """Features left out on this target (keys of :data:`LOCAL_GAPS`)."""

    @property
    def is_local(self) -> bool:
        """Whether this is the local emulator target."""
        return self.emulator is not None

    def output_problems(self, stacks_dir: Path) -> list[str]:
        """What keeps the synthesized stacks below ``stacks_dir`` from being sealed (see
        :mod:`.seal`); always empty on real AWS."""
        if self.emulator is None:
            return []
        return seal.output_problems(stacks_dir, self.emulator)

    def supports(self, feature: str) -> bool:
        """Whether ``feature`` (a key of :data:`LOCAL_GAPS`) is deployed on this target."""
        if feature not in LOCAL_GAPS:
            raise KeyError(f"unknown feature {feature!r}; expected one of {sorted(LOCAL_GAPS)}")
        return feature not in self.disabled

    def adapt(self, config: EnvironmentConfig) -> EnvironmentConfig:
        """``config`` with the settings this target cannot serve turned off (reader auto
        scaling, DR copies, admin access entries); unchanged on real AWS. Turning a
        feature off never makes valid settings invalid."""
        aurora: dict[str, object] = {}
        eks: dict[str, object] = {}
        if not self.supports("aurora_autoscaling"):
            aurora["max_readers"] = 0
        if not self.supports("aurora_dr_backup"):
            aurora["dr_backup"] = None
        if not self.supports("eks_access_entries"):
            eks["admin_role_names"] = ()
        update: dict[str, object] = {}
        if self.is_local and config.github is None:
            update["github"] = LOCAL_GITHUB
        if not aurora and not eks and not update:
            return config
        return config.model_copy(
            update={
                **update,
                "aurora": config.aurora.model_copy(update=aurora),
                "eks": config.eks.model_copy(update=eks),
            }
        )

    def adapt_bootstrap(self, config: BootstrapConfig) -> BootstrapConfig:
        """``config`` with the stand-in repository on the local target when none is
        configured, so that ``make up`` creates the delivery roles and boundaries."""
        if not self.is_local or config.github is not None:
            return config
        return config.model_copy(update={"github": LOCAL_GITHUB})


AWS_TARGET = DeploymentTarget()
"""Real AWS: everything is deployed."""


def local_target(endpoint_url: str) -> DeploymentTarget:
    """The emulator target at ``endpoint_url`` (validated to be a loopback address)."""
    return DeploymentTarget(
        emulator=EmulatorEndpoint(url=endpoint_url), disabled=frozenset(LOCAL_GAPS)
    )
