"""Karpenter: the node autoscaler option (placeholder, being built)."""
