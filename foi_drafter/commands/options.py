"""Options several commands share."""

from __future__ import annotations

import argparse
from pathlib import Path

CLAUSES_HELP = "an authority clause folder, overriding built-in clauses by id (repeatable)"


def add_clauses_option(parser: argparse.ArgumentParser, help: str = CLAUSES_HELP) -> None:
    """``--clauses DIR``, repeatable: overlay clause folders, in order."""
    parser.add_argument(
        "--clauses", type=Path, action="append", default=[], metavar="DIR", help=help
    )
