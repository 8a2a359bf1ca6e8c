"""cdktf app entry point: synthesizes the bootstrap stack and every environment's stacks.

Narrow synthesis with ``PLATFORM_ENVIRONMENTS=dev`` (comma-separated names).
"""

from __future__ import annotations

import sys

from platform_cdktf.stacks.cli import main

if __name__ == "__main__":
    sys.exit(main())
