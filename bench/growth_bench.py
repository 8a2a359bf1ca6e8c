"""The cost of growth: synthesis time and memory for 1, 5, 10 and 20 environments.

``make bench-growth`` (or ``python bench/growth_bench.py --sizes 1 5 10 20 --rounds 3``)
synthesizes the bootstrap stack plus the core and platform stacks of N generated
environments, each N in a fresh process (the fast provider imports, as ``python main.py``
uses them) writing into a temporary directory. The environments are copies of ``dev`` named
``g01``, ``g02``, ... with their own name prefix (so their resource names and state keys
differ). Sizes run in turn within each round, so that every size sees the same machine load.

It prints, per size, the median wall time and peak memory of the process tree (Python and the
node process of the jsii runtime, ``ru_maxrss`` from ``os.wait4``), then the seconds each
added environment costs (least-squares slope over the sizes) and the ratio of the largest
size to the smallest.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from platform_cdktf.environments import EnvironmentConfig

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1, 5, 10, 20)
TEMPLATE = "dev"


def generated_environments(count: int) -> list[EnvironmentConfig]:
    """``count`` copies of the ``dev`` configuration, ``g01`` ... (validated again)."""
    from platform_cdktf.environments import load_environment  # noqa: PLC0415

    template = load_environment(TEMPLATE)
    # The template's prefix is in derived names too (the service's cache user), so the copy
    # is made on the serialized configuration.
    text = json.dumps(template.model_dump(mode="json"))
    copies = []
    for index in range(1, count + 1):
        prefix = f"platform-g{index:02d}"
        fields = json.loads(text.replace(f"{template.name_prefix}-", f"{prefix}-"))
        fields |= {"name": f"g{index:02d}", "name_prefix": prefix}
        copies.append(template.model_validate(fields))
    return copies


def worker(count: int, outdir: Path) -> int:
    """Synthesize the bootstrap stack and ``count`` generated environments into ``outdir``."""
    from platform_cdktf.environments import load_bootstrap  # noqa: PLC0415
    from platform_cdktf.modules.providers import install_fast_imports  # noqa: PLC0415

    environments = generated_environments(count)
    install_fast_imports()
    from platform_cdktf.stacks.app import PlatformApp, synthesize_platform  # noqa: PLC0415

    platform = PlatformApp(environments=environments, bootstrap=load_bootstrap())
    synthesize_platform(outdir, platform)
    return 0


def measure(count: int) -> tuple[float, int, int]:
    """One fresh synthesis of ``count`` environments: wall seconds, process tree peak RSS
    in KiB, stacks written."""
    with tempfile.TemporaryDirectory(prefix="growth-bench-") as workdir:
        outdir = Path(workdir) / "cdktf.out"
        with (Path(workdir) / "stderr.log").open("w+") as stderr:
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, __file__, "--worker", str(count), str(outdir)],
                cwd=REPO_ROOT,
                env={**os.environ, "PLATFORM_FAST_IMPORTS": "1"},
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            # wait4 rather than Popen.wait: it also returns the children's peak RSS.
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
            if os.waitstatus_to_exitcode(status) != 0:
                stderr.seek(0)
                sys.exit(f"synthesis of {count} environment(s) failed:\n{stderr.read()}")
        stacks = sum(1 for path in (outdir / "stacks").iterdir() if path.is_dir())
    return wall, usage.ru_maxrss, stacks


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of ``(size, seconds)`` points: seconds per added environment."""
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    numerator = sum((x - mean_x) * (y - mean_y) for x, y in points)
    denominator = sum((x - mean_x) ** 2 for x, _ in points)
    return numerator / denominator


def main(argv: list[str] | None = None) -> int:
    """Run the series and print the table, the slope and the largest/smallest ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--rounds", type=int, default=3, help="runs of each size (default 3)")
    parser.add_argument("--worker", nargs=2, metavar=("COUNT", "OUTDIR"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        return worker(int(arguments.worker[0]), Path(arguments.worker[1]))
    sizes = sorted(set(arguments.sizes))
    if len(sizes) < 2 or sizes[0] < 1 or arguments.rounds < 1:
        parser.error("give at least two sizes >= 1 and --rounds >= 1")

    print(
        f"synthesizing bootstrap + N copies of {TEMPLATE} (core and platform stacks) for "
        f"N in {sizes}, {arguments.rounds} round(s), after one warm-up",
        flush=True,
    )
    measure(sizes[0])  # warm the file cache
    runs: dict[int, list[tuple[float, int]]] = {size: [] for size in sizes}
    stacks: dict[int, int] = {}
    for round_number in range(1, arguments.rounds + 1):
        for size in sizes:
            wall, rss, stacks[size] = measure(size)
            runs[size].append((wall, rss))
            print(
                f"  round {round_number} N={size:<3} {wall:7.2f} s  tree {rss / 1024:,.0f} MiB",
                flush=True,
            )
    print()
    print(f"{'N':>4} {'stacks':>7} {'median wall':>12} {'tree peak RSS':>14}")
    medians = {}
    for size in sizes:
        medians[size] = statistics.median(wall for wall, _ in runs[size])
        peak = statistics.median(rss for _, rss in runs[size]) / 1024
        print(f"{size:>4} {stacks[size]:>7} {medians[size]:>10.2f} s {peak:>10,.0f} MiB")
    print()
    per_environment = slope(list(medians.items()))
    print(f"seconds added per environment (least-squares slope): {per_environment:.2f} s")
    print(
        f"N={sizes[-1]} / N={sizes[0]} median wall time: "
        f"{medians[sizes[-1]] / medians[sizes[0]]:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
