"""Stacks: the thin composition layer between configuration and construct modules.

* :mod:`.cli` - ``main()``, validates configuration, then synthesizes;
* :mod:`.app` - ``build_app()`` / ``synthesize()``, composing every stack;
* :mod:`.bootstrap`, :mod:`.core` - one class per kind of stack.

Nothing is re-exported here, so that importing the light CLI module does not pay for
the provider packages.
"""
