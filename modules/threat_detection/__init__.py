"""GuardDuty: the protection plans enabled and which findings alert whom."""
