"""The synthesis benchmark's memory figure covers the whole process tree (the benchmark
itself, timings included, runs in ``make bench``)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT

MIB = 1024
HOLD = 64 * MIB
"""KiB a grandchild holds: well above any interpreter's own RSS noise."""


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth_bench", REPO_ROOT / "bench/synth_bench.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first: its dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_tree_rss_counts_a_grandchild() -> None:
    """The jsii kernel is a grandchild of Python (python -> jsii-runtime -> program.js):
    the tree figure must include such a process, which ru_maxrss only sees once reaped."""
    bench = _bench()
    # The grandchild writes its buffer (so the pages are resident), then waits.
    grandchild = f"b = b'x' * ({HOLD} * 1024); import time; time.sleep(60)"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])",
        ]
    )
    try:
        deadline = time.monotonic() + 30
        tree = 0
        while time.monotonic() < deadline:
            tree = bench.tree_rss_kib(child.pid)
            if tree >= HOLD:
                break
            time.sleep(0.05)
        own = bench.tree_rss_kib(child.pid) - sum(
            bench.tree_rss_kib(pid) for pid in bench._children(child.pid)
        )
        assert tree >= HOLD
        # The child itself is a small interpreter: the 64 MiB are the grandchild's.
        assert own < HOLD
    finally:
        for pid in bench._children(child.pid):
            subprocess.run(["kill", str(pid)], check=False)
        child.kill()
        child.wait()


def test_tree_rss_of_a_gone_process_is_zero() -> None:
    bench = _bench()
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert bench.tree_rss_kib(process.pid) == 0
