"""What a deployment decides about Karpenter (cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class KarpenterSettings(Settings):
    """Karpenter instead of the cluster autoscaler (placeholder: fields being built)."""
