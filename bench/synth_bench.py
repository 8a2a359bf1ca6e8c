"""Synthesis speed: the stock provider imports against the fast path (tracker issue 7).

``make bench`` (or ``python bench/synth_bench.py --rounds 5``) runs ``python main.py`` for
every stack, each time in a fresh process writing into a temporary directory, alternating
``PLATFORM_FAST_IMPORTS=0`` (stock) and ``=1`` (fast) so that both see the same machine
load. It prints the median wall time and peak memory of each path and, as the last line,
the speed-up. It also checks that stock and fast wrote the same bytes in every round.

Three memory figures, because the jsii runtime runs two node processes beside Python
(``jsii-runtime.js`` and, spawned by it, the kernel ``program.js``: node is a grandchild):

* python peak RSS: the high-water mark (``VmHWM``) of the Python process alone, polled
  from ``/proc`` while it runs (Linux only);
* tree peak RSS: the largest sum of ``VmRSS`` over the Python process and all its
  descendants at one poll (every 20 ms) -- the acceptance figure. Shared pages (the node
  binary of two node processes) count twice, so it errs high;
* largest process (``ru_maxrss`` from ``os.wait4``): the high-water mark of the biggest
  single process among Python and the descendants reaped before it (Linux folds a reaped
  child's peak into its parent's; the jsii runtime reaps the kernel and Python reaps the
  runtime in its ``atexit`` stop). A maximum, never a sum.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SWITCH = "PLATFORM_FAST_IMPORTS"
PATHS = {"stock": "0", "fast": "1"}
POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Run:
    """One ``python main.py``: wall seconds, peak RSS in KiB, digest of its output."""

    wall: float
    python_rss_kib: int | None
    tree_rss_kib: int
    largest_process_kib: int
    output_digest: str
    stacks: int


def _python_high_water_kib(pid: int) -> int | None:
    # VmHWM is the process's own peak RSS so far; it vanishes once the process exits.
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _children(pid: int) -> list[int]:
    # /proc/<pid>/task/<tid>/children lists the children each thread started (Linux >= 4.2).
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def tree_rss_kib(root: int) -> int:
    """Sum of the resident set sizes of ``root`` and all its descendants, now (KiB)."""
    total, pending, seen = 0, [root], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kib(pid)
        pending.extend(_children(pid))
    return total


def _digest(outdir: Path) -> tuple[str, int]:
    stacks = outdir / "stacks"
    digest = hashlib.sha256()
    for path in sorted(stacks.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(stacks).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest(), sum(1 for path in stacks.iterdir() if path.is_dir())


def synthesize_once(switch: str) -> Run:
    """Synthesize every stack in a fresh ``python main.py`` and measure it."""
    with tempfile.TemporaryDirectory(prefix="synth-bench-") as workdir:
        outdir = Path(workdir) / "cdktf.out"
        environment = {
            **os.environ,
            SWITCH: switch,
            "CDKTF_OUTDIR": str(outdir),
            "PLATFORM_ENVIRONMENTS": "",
        }
        with (Path(workdir) / "stderr.log").open("w+") as stderr:
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "main.py"],
                cwd=REPO_ROOT,
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            python_rss: int | None = None
            tree_rss = 0
            while True:
                # wait4 rather than Popen.wait: it also returns the child's rusage.
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                python_rss = _python_high_water_kib(process.pid) or python_rss
                tree_rss = max(tree_rss, tree_rss_kib(process.pid))
                time.sleep(POLL_SECONDS)
            wall = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                stderr.seek(0)
                sys.exit(f"python main.py failed ({SWITCH}={switch}):\n{stderr.read()}")
        digest, stacks = _digest(outdir)
    return Run(wall, python_rss, tree_rss, usage.ru_maxrss, digest, stacks)


def _mib(values: list[int | None]) -> str:
    known = [value for value in values if value is not None]
    return f"{statistics.median(known) / 1024:,.0f} MiB" if known else "n/a"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; the last line is the speed-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each path (default 5)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="untimed runs of each path first, to warm the file cache (default 1)",
    )
    arguments = parser.parse_args(argv)
    if arguments.rounds < 1 or arguments.warmup < 0:
        parser.error("--rounds must be >= 1 and --warmup >= 0")

    print(
        f"synthesizing every stack with a fresh `python main.py`, {arguments.rounds} round(s) "
        f"of stock and fast alternately after {arguments.warmup} warm-up round(s)",
        flush=True,
    )
    for _ in range(arguments.warmup):
        for switch in PATHS.values():
            synthesize_once(switch)
    runs: dict[str, list[Run]] = {name: [] for name in PATHS}
    for round_number in range(1, arguments.rounds + 1):
        for name, switch in PATHS.items():
            run = synthesize_once(switch)
            runs[name].append(run)
            print(
                f"  round {round_number} {name:<5} {run.wall:6.2f} s  "
                f"python {_mib([run.python_rss_kib])}  tree {_mib([run.tree_rss_kib])}  "
                f"largest {_mib([run.largest_process_kib])}  "
                f"output {run.output_digest[:12]}",
                flush=True,
            )

    digests = {run.output_digest for path_runs in runs.values() for run in path_runs}
    # Stock and fast of the same round run back to back: comparing them is the check;
    # across rounds the sources may have changed under the benchmark.
    differing = [
        number
        for number, (stock, fast) in enumerate(zip(runs["stock"], runs["fast"], strict=True), 1)
        if stock.output_digest != fast.output_digest
    ]
    stacks = runs["stock"][0].stacks
    peaks = {name: max(run.tree_rss_kib for run in path_runs) for name, path_runs in runs.items()}
    print()
    print(
        f"{'path':<6} {'median wall':>12} {'min wall':>9} {'python peak RSS':>16} "
        f"{'tree peak RSS':>14} {'largest process':>16}"
    )
    medians = {}
    for name, path_runs in runs.items():
        walls = [run.wall for run in path_runs]
        medians[name] = statistics.median(walls)
        print(
            f"{name:<6} {medians[name]:>10.2f} s {min(walls):>7.2f} s "
            f"{_mib([run.python_rss_kib for run in path_runs]):>16} "
            f"{_mib([run.tree_rss_kib for run in path_runs]):>14} "
            f"{_mib([run.largest_process_kib for run in path_runs]):>16}"
        )
    print()
    if differing:
        print(f"output: stock and fast DIFFER in round(s) {differing}")
    else:
        print(f"output: stock and fast byte-identical in every round ({stacks} stacks)")
    if len(digests) > 1:
        print(f"note: {len(digests)} distinct outputs across rounds (sources edited meanwhile?)")
    print(
        f"process tree peak RSS (max over rounds): stock {_mib([peaks['stock']])}, "
        f"fast {_mib([peaks['fast']])} ({peaks['fast'] / peaks['stock']:.2f}x of stock)"
    )
    print(f"speed-up (stock/fast median wall time): {medians['stock'] / medians['fast']:.1f}x")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
