"""``foi-draft schema``: print a JSON Schema, for editors that validate YAML while you type."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from foi_drafter.errors import EXIT_OK, FoiError

HELP = "print the JSON Schema of clause files, answers files or authority profiles"
EPILOG = """\
examples:
  foi-draft schema clause                        the schema of clause files
  foi-draft schema answers > schemas/answers.json
  foi-draft schema authority

Point your editor at the file with a modeline on the first line of a YAML file:
  # yaml-language-server: $schema=../schemas/answers.json
See docs/editors.md. exit codes: 0 printed, 2 unknown schema name.
"""

NAMES = ("clause", "answers", "authority")
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help=f"one of: {', '.join(NAMES)}")


def run(args: argparse.Namespace) -> int:
    if args.name not in NAMES:
        raise FoiError(f"unknown schema {args.name!r}; use one of {', '.join(NAMES)}")
    sys.stdout.write((SCHEMAS / f"{args.name}.json").read_text(encoding="utf-8"))
    return EXIT_OK
