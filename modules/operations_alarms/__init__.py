"""Alarms beyond the data layer: EKS, load balancers, NAT gateways, backups, RDS events."""
