"""Values shared by every environment: ownership tags and the state backend."""

from __future__ import annotations

from platform_cdktf.modules.providers.settings import Tags
from platform_cdktf.modules.state_backend.settings import StateBackendSettings

PROJECT_TAGS = Tags(project="enterprise-platform", owner="platform-team", cost_center="CC-1001")
"""Ownership tags. Replace owner and cost_center with your organisation's values."""

STATE_BACKEND = StateBackendSettings(
    bucket="enterprise-platform-terraform-state",
    lock_table="enterprise-platform-terraform-locks",
    region="us-east-1",
)
"""The state bucket and lock table created by the bootstrap stack. S3 bucket names are
global: choose your own (for example suffixed with the account id) before deploying."""
