"""``foi-draft diff``: what a clause change does to the example letters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from foi_drafter.errors import EXIT_OK, FoiError

HELP = "show how the example letters change between a git revision and the working tree"
EPILOG = """\
examples:
  foi-draft diff                             examples/*.yaml: HEAD vs your edits
  foi-draft diff --base origin/main          what this branch changes
  foi-draft diff --base main --markdown      a pull-request comment
  foi-draft diff examples/ncnd.yaml -U 1     one letter, one sentence of context

Each answers file is rendered twice: with the clause folders of this git
repository as they were at REV, and as they are now; the answers files, the
profile and the letter templates are the current ones in both. The diff shows
the letters' text one sentence per line. A letter that cannot be rendered at
REV (it needs a clause added since) is shown whole, with a note.
exit codes: 0 whether or not letters change, 2 bad input (no repository, unknown
revision, an answers file or clause that does not render with the working tree).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "answers",
        nargs="*",
        type=Path,
        metavar="ANSWERS",
        help="answers files or folders (default: examples/*.yaml here)",
    )
    parser.add_argument(
        "--base", default="HEAD", metavar="REV", help="git revision to compare with (default: HEAD)"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print a Markdown pull-request comment"
    )
    parser.add_argument(
        "-U",
        "--unified",
        type=int,
        default=3,
        metavar="N",
        help="sentences of context around each change (default: 3)",
    )


def run(args: argparse.Namespace) -> int:
    from foi_drafter.commands.render import answers_files
    from foi_drafter.letter_diff import diff_letters, format_markdown, format_text

    if args.unified < 0:
        raise FoiError("-U needs a number of sentences, 0 or more")
    cwd = Path.cwd()
    if not args.answers and not (cwd / "examples").is_dir():
        raise FoiError("no answers files: give ANSWERS, or run it where examples/*.yaml are")
    files = answers_files(args.answers or [cwd / "examples"])
    report = diff_letters(files, base=args.base, cwd=cwd, context=args.unified)
    sys.stdout.write(format_markdown(report) if args.markdown else format_text(report))
    return EXIT_OK
