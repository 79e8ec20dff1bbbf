"""Benchmark the deadline engine and the start-up time of ``foi-draft deadline``.

Run from the repository root: ``python benchmarks/bench_deadline.py [RUNS]``.
Prints figures only; nothing here is a pass/fail test.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foi_drafter.case_clock import compute_deadlines  # noqa: E402
from foi_drafter.working_day import WorkingDayCalendar  # noqa: E402

COUNT = 100_000


def _starts(count: int) -> list[date]:
    rng = random.Random(2024)
    first = date(2005, 1, 1)
    return [first + timedelta(days=rng.randrange(365 * 21)) for _ in range(count)]


def bench_engine() -> None:
    """Build the calendars once, then time 100,000 deadlines of each kind."""
    started = time.perf_counter()
    calendar = WorkingDayCalendar.for_regime("foia")
    WorkingDayCalendar.for_regime("foisa")
    print(f"build both calendars (first use):       {time.perf_counter() - started:8.3f} s")
    starts = _starts(COUNT)
    started = time.perf_counter()
    for start in starts:
        calendar.add_working_days(start, 20)
    print(f"{COUNT:,} add_working_days(start, 20):  {time.perf_counter() - started:8.3f} s")
    started = time.perf_counter()
    for start in starts:
        compute_deadlines("foia", start)
    print(f"{COUNT:,} compute_deadlines('foia'):    {time.perf_counter() - started:8.3f} s")


def _process_times(args: list[str], runs: int) -> tuple[float, float]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def bench_processes(runs: int) -> None:
    """Whole-process wall time, best and median of ``runs``, against a bare interpreter."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "foi-draft --help": [sys.executable, "-m", "foi_drafter", "--help"],
        "foi-draft deadline 2024-06-27": [
            sys.executable,
            "-m",
            "foi_drafter",
            "deadline",
            "2024-06-27",
        ],  # fmt: skip
    }
    print(f"\nwhole process, {runs} runs:              best      median")
    for label, args in commands.items():
        best, median = _process_times(args, runs)
        print(f"  {label:<34} {best * 1000:6.0f} ms  {median * 1000:6.0f} ms")


if __name__ == "__main__":
    bench_engine()
    bench_processes(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
