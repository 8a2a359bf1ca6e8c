"""Cross-Region copies of an Aurora cluster through AWS Backup."""

from __future__ import annotations

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.backup_plan import (
    BackupPlan,
    BackupPlanRule,
    BackupPlanRuleCopyAction,
    BackupPlanRuleCopyActionLifecycle,
    BackupPlanRuleLifecycle,
)
from cdktf_cdktf_provider_aws.backup_selection import BackupSelection
from cdktf_cdktf_provider_aws.backup_vault import BackupVault
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from ..shared import AccountContext, EncryptionKey, EncryptionKeyProps
from ..shared.iam import service_trust_policy
from .settings import DrBackupSettings


class DrBackupCopies(Construct):
    """An AWS Backup plan that snapshots one cluster and copies it to another Region.

    * a vault in the cluster's Region, encrypted with the cluster's key;
    * a vault in the DR Region (created with ``provider``), encrypted with a
      rotating key of its own in that Region: a KMS key never leaves its Region, and the
      copies must stay readable if the primary Region is lost;
    * a plan whose rule snapshots on ``settings.schedule`` and copies each recovery point
      to the DR vault, with separate retention on both sides;
    * a selection of the cluster by ARN, run by a role with the AWS managed backup policy.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        cluster_arn: str,
        key_arn: str,
        settings: DrBackupSettings,
        provider: TerraformProvider,
        key_deletion_window_days: int,
    ) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        self.vault = BackupVault(self, "vault", name=f"{name}-aurora", kms_key_arn=key_arn)
        self.dr_key = EncryptionKey(
            self,
            "dr_key",
            props=EncryptionKeyProps(
                alias=f"{name}-aurora-dr-backup",
                description=f"Cross-Region backup copies of the Aurora cluster {name}",
                deletion_window_days=key_deletion_window_days,
            ),
        )
        # EncryptionKey has no provider argument; the key and its alias are moved to the
        # DR Region's provider here. The policy document is local to Terraform and the
        # account root it names is the same in every Region.
        self.dr_key.key.provider = provider
        self.dr_key.alias.provider = provider
        self.dr_vault = BackupVault(
            self,
            "dr_vault",
            name=f"{name}-aurora-dr",
            kms_key_arn=self.dr_key.arn,
            provider=provider,
        )
        self.plan = BackupPlan(
            self,
            "plan",
            name=f"{name}-aurora",
            rule=[
                BackupPlanRule(
                    rule_name="scheduled-with-dr-copy",
                    target_vault_name=self.vault.name,
                    schedule=settings.schedule,
                    lifecycle=BackupPlanRuleLifecycle(delete_after=settings.retention_days),
                    copy_action=[
                        BackupPlanRuleCopyAction(
                            destination_vault_arn=self.dr_vault.arn,
                            lifecycle=BackupPlanRuleCopyActionLifecycle(
                                delete_after=settings.dr_retention_days
                            ),
                        )
                    ],
                )
            ],
        )
        trust = service_trust_policy(self, "trust", service="backup.amazonaws.com")
        self.role = IamRole(self, "role", name=f"{name}-aurora-backup", assume_role_policy=trust)
        IamRolePolicyAttachment(
            self,
            "role_policy",
            role=self.role.name,
            policy_arn=account.aws_managed_policy_arn(
                "service-role/AWSBackupServiceRolePolicyForBackup"
            ),
        )
        self.selection = BackupSelection(
            self,
            "selection",
            name=f"{name}-aurora",
            plan_id=self.plan.id,
            iam_role_arn=self.role.arn,
            resources=[cluster_arn],
        )

    @property
    def dr_vault_arn(self) -> str:
        """ARN of the vault in the DR Region."""
        return self.dr_vault.arn
