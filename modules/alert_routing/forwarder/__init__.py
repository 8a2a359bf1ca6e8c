"""The PagerDuty forwarder's Lambda code (standard library only) and its packaging."""
