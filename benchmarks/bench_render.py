"""Render speed: one example as a whole process, and a batch of 200 letters in one process.

Run: python benchmarks/bench_render.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "002-sefton-s31-refusal.yaml"
BATCH = 200


def whole_process(runs: int = 5) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(runs):
            out = Path(folder) / f"letter-{n}.docx"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "foi_drafter", "render", str(EXAMPLE), "-o", str(out)],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    return times


def batch_in_process() -> float:
    sys.path.insert(0, str(ROOT))
    from foi_drafter.letter_output import render_one

    examples = sorted((ROOT / "examples").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        render_one(examples[0], out=Path(folder) / "warm.docx")
        start = time.perf_counter()
        for n in range(BATCH):
            answers = examples[n % len(examples)]
            render_one(answers, out=Path(folder) / f"{n}.docx")
        return (time.perf_counter() - start) / BATCH


def main() -> None:
    times = whole_process()
    print(
        f"render one example, whole process: median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s over {len(times)} runs"
    )
    per_letter = batch_in_process()
    print(f"batch of {BATCH} letters in one process: {per_letter * 1000:.1f} ms per letter")


if __name__ == "__main__":
    main()
