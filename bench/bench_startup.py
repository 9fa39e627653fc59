"""How long the CLI takes from a cold process to its last line: `goldthread --help`, and
`goldthread ask` on the demo database (targets: 0.3 s and 1.0 s, issue 9).

    python -m bench.bench_startup [--runs 10] [--tree PATH [--own-database]] [--question "..."]

Each command runs `--runs` times in a fresh process, after one warm-up run (which also lets
the demo database keep the answer's chart, as a real second question would find it). Prints
the wall time (min, median) and the CPU time the process used (user + system, median), which
is steadier than wall time on a busy machine. `--tree` times the code of another checkout (an
older commit, say) with this interpreter and its installed libraries, so two trees can be
compared side by side; both must be able to read the demo database this one makes, or, with
`--own-database`, the other tree makes its own (an older schema, say).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "how are we doing on delayed discharges"
TARGETS = {"--help": 0.3, "ask": 1.0}
# A deployment keeps compiled bytecode; a shell that forbids it (PYTHONDONTWRITEBYTECODE) would
# have every run recompile our modules and time the compiler, not the start-up.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def command(tree: Path, *args: str) -> list[str]:
    code = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
            "from bot import cli; (getattr(cli, 'entry', None) or "
            "(lambda: cli.main(prog_name='goldthread')))()")
    return [sys.executable, "-c", code, str(tree), *args]


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--own-database", action="store_true",
                        help="prepare the demo database with --tree's code, not this checkout's")
    parser.add_argument("--question", default=QUESTION)
    options = parser.parse_args()
    tree = options.tree.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        maker = tree if options.own_database else ROOT
        print(f"preparing the demo database with the code of {maker} in {cwd} ...", flush=True)
        subprocess.run(command(maker, "run", "--demo"), cwd=cwd, input="quit\n", text=True,
                       check=True, capture_output=True, env=ENV)
        cases = {"--help": command(tree, "--help"),
                 "ask": command(tree, "ask", "--demo", options.question)}
        print(f"code from {tree}, {options.runs} runs each after one warm-up\n")
        print(f"{'command':<10}{'wall min':>10}{'wall median':>13}{'cpu median':>12}"
              f"{'target':>9}")
        for name, argv in cases.items():
            timed(argv, cwd)
            runs = [timed(argv, cwd) for _ in range(options.runs)]
            walls, cpus = [w for w, _ in runs], [c for _, c in runs]
            print(f"{name:<10}{min(walls):>9.3f}s{statistics.median(walls):>12.3f}s"
                  f"{statistics.median(cpus):>11.3f}s{TARGETS[name]:>8.1f}s")


if __name__ == "__main__":
    main()
