"""When a non-production environment is stopped and started again."""
