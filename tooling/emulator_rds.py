"""RDS in the local emulator: instances and clusters answer the AWS provider as RDS does.

* A new DB instance for which the caller names no certificate authority gets the one RDS
  gives new instances, ``rds-ca-rsa2048-g1`` (Amazon RDS User Guide, "Using SSL/TLS to
  encrypt a connection to a DB instance or cluster", Certificate authorities); moto 5.2
  answers the retired ``rds-ca-default``. This matters for time, not only for truth:
  ``aws_rds_cluster_instance`` (terraform-provider-aws v5.100.0,
  ``internal/service/rds/cluster_instance.go``, ``resourceClusterInstanceCreate``) never
  sends ``ca_cert_identifier`` with ``CreateDBInstance``; when the created instance's
  ``CACertificateIdentifier`` differs from the configured one, it calls
  ``ModifyDBInstance``, waits with ``waitDBInstanceAvailable`` (``instance.go``: one
  minute's delay, then three consecutive "available" ten seconds apart), reboots the
  instance and waits again: about 190 s per Aurora instance instead of the 30 s delay of
  ``waitDBClusterInstanceAvailable``, which no answer can shorten.
* Instances remember their Performance Insights settings (moto drops them, and the next
  plan would want to change them).
* Provisioned Aurora clusters report no serverless v1 scaling configuration.

Moto already creates instances and clusters ``available``: the provider's waiters find
them settled at their first poll.
"""

from __future__ import annotations

from typing import Any

DEFAULT_CA_CERTIFICATE = "rds-ca-rsa2048-g1"
"""The certificate authority RDS gives a new DB instance that names none."""


def extend_rds() -> None:
    """Patch moto's RDS models in this process (call once; see ``apply_extensions``)."""
    from moto.rds.models import DBCluster, DBInstance  # noqa: PLC0415 - moto is heavy

    scaling_info: Any = vars(DBCluster)["scaling_configuration_info"]

    def serverless_scaling_only(self: Any) -> Any:
        return scaling_info.fget(self) if self.engine_mode == "serverless" else None

    setattr(DBCluster, "scaling_configuration_info", property(serverless_scaling_only))  # noqa: B010

    init_instance = DBInstance.__init__

    def init_instance_like_rds(self: Any, backend: Any, **kwargs: Any) -> None:
        if not kwargs.get("ca_certificate_identifier"):
            kwargs["ca_certificate_identifier"] = DEFAULT_CA_CERTIFICATE
        init_instance(self, backend, **kwargs)
        enabled = str(kwargs.get("enable_performance_insights", "")).lower() == "true"
        self.performance_insights_enabled = enabled
        self.performance_insights_kms_key_id = kwargs.get("performance_insights_kms_key_id")
        self.performance_insights_retention_period = kwargs.get(
            "performance_insights_retention_period"
        )

    setattr(DBInstance, "__init__", init_instance_like_rds)  # noqa: B010
