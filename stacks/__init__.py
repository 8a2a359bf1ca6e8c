"""Stacks: the thin wiring layer between configuration and construct modules.

* :mod:`.cli` - ``main()``: validates configuration, then synthesizes;
* :mod:`.app` - :class:`~.app.PlatformApp`, composing every stack;
* :mod:`.synthesis` - atomic output and exit status 2 for invalid settings, for any app;
* :mod:`.base` - the backend and provider every stack sets up;
* :mod:`.bootstrap`, :mod:`.core`, :mod:`.platform` - one class per kind of stack;
* :mod:`.target` - real AWS or the local emulator.

Nothing is re-exported here, so that importing the light CLI module does not pay for
the provider packages.
"""
