"""Regenerate the golden letter texts in examples/golden/ from the example answers files.

Run it only after reading the change in the letters: `git diff examples/golden`
then shows exactly what a clause or template change did to every example letter.
The test suite never writes these files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foi_drafter.errors import FoiError  # noqa: E402
from foi_drafter.letter_output import render_one  # noqa: E402


def main() -> int:
    golden = ROOT / "examples" / "golden"
    golden.mkdir(exist_ok=True)
    for answers in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            text = render_one(answers, text_only=True).text
        except FoiError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        target = golden / f"{answers.stem}.txt"
        changed = not target.exists() or target.read_text(encoding="utf-8") != text
        target.write_text(text, encoding="utf-8")
        print(f"{'updated' if changed else 'unchanged'} {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
