"""Helpers shared by the tests: reading synthesized stacks, running terraform and checkov."""
