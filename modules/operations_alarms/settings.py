"""Thresholds of the alarms beyond the data layer (cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class OperationsAlarmsSettings(Settings):
    """Thresholds of the alarms beyond the data layer: EKS, load balancers, NAT gateways,
    AWS Backup jobs, RDS events."""
