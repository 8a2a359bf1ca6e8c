"""Operator tooling around the synthesized stacks: the ``platform-cdktf`` command line."""
