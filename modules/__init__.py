"""Construct modules of the platform; each subpackage mirrors one Terraform module."""
