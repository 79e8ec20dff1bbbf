"""``foi-draft check``: check an answers file's letter, or a DOCX letter, for what the law
requires of a refusal notice."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from foi_drafter.commands.options import add_clauses_option
from foi_drafter.errors import EXIT_OK, EXIT_PROBLEMS, FoiError

if TYPE_CHECKING:
    from foi_drafter.compliance import ComplianceReport

HELP = "check a letter (from its answers file, or a DOCX) for the elements a refusal must contain"
EPILOG = """\
examples:
  foi-draft check examples/002-sefton-s31-refusal.yaml     compose the letter and check it
  foi-draft check letters/3396225.docx                     check a written letter's text
  foi-draft check old-letter.docx --regime eir             when the letter names no Act
  foi-draft check case.yaml --clauses ../our-clauses       with an authority clause folder
  foi-draft check case.yaml --json                         findings as JSON

Each finding is one line: RULE-ID  severity  message  (legal reference).
A DOCX is judged by its text alone, so rules that need the case (dates, the
authority's own reasons) are checked only for answers files.
exit codes: 0 no errors (warnings allowed), 1 compliance errors, 2 bad input.
"""

ANSWERS_SUFFIXES = (".yaml", ".yml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "letter",
        type=Path,
        metavar="ANSWERS.yaml|LETTER.docx",
        help="an answers file (its letter is composed and checked) or a written letter",
    )
    parser.add_argument(
        "--regime",
        choices=("foia", "eir", "foisa", "eisr"),
        help="a DOCX's regime, when the letter does not record or name it",
    )
    add_clauses_option(parser)
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")


def run(args: argparse.Namespace) -> int:
    path: Path = args.letter
    if not path.is_file():
        raise FoiError("file not found; give an answers file or a DOCX letter", where=str(path))
    suffix = path.suffix.lower()
    if suffix in ANSWERS_SUFFIXES:
        report = _check_answers(path, tuple(args.clauses))
    elif suffix == ".docx":
        from foi_drafter.compliance import check_docx

        report = check_docx(path, regime=args.regime)
    else:
        raise FoiError("not an answers file (.yaml) or a letter (.docx)", where=str(path))
    if args.json:
        print(json.dumps({"file": str(path), **report.to_json()}, indent=2))
    else:
        _print(report)
    return EXIT_PROBLEMS if report.errors else EXIT_OK


def _check_answers(path: Path, clauses: tuple[Path, ...]) -> ComplianceReport:
    from foi_drafter.answers_file import read_answers
    from foi_drafter.compose import compose
    from foi_drafter.letter_output import check_case

    loaded = read_answers(path, extra_clauses=clauses)
    return check_case(loaded, compose(loaded))


def _print(report: ComplianceReport) -> None:
    for finding in report.findings:
        print(finding.line())
    errors, warnings = len(report.errors), len(report.warnings)
    if not report.findings:
        print(f"no problems found ({report.regime.upper()})")
    else:
        print(f"{errors} error(s), {warnings} warning(s) ({report.regime.upper()})")
