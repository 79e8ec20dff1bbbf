"""The ``foi-draft`` command line: argparse with one module per subcommand.

Each module in ``foi_drafter.commands`` defines ``HELP`` (one line), ``EPILOG``
(examples), ``add_arguments(parser)`` and ``run(args) -> int``. Modules import
heavy libraries (python-docx, questionary, jinja2, babel, holidays) inside
``run`` only, so ``foi-draft --help`` and ``foi-draft deadline`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from foi_drafter import __version__
from foi_drafter.errors import EXIT_INTERRUPTED, FoiError
from foi_drafter.term import error_line

COMMANDS = ("new", "render", "check", "inspect", "deadline", "clauses", "diff", "schema", "init")

EPILOG = """\
examples:
  foi-draft new                                  draft a response interactively
  foi-draft render examples/sefton-s31.yaml      render an answers file to DOCX
  foi-draft deadline 2024-06-27                  the statutory dates for a request
  foi-draft clauses check                        validate the clause library

Run 'foi-draft COMMAND --help' for a command's options and examples.
exit codes: 0 success, 1 problems found, 2 bad input or usage, 130 interrupted.
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples' layout and fit an 80-column terminal."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=min(100, _columns()))


def _columns() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 80


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="foi-draft",
        description="Draft UK Freedom of Information responses and refusal notices.",
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"foi-draft {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"foi_drafter.commands.{name}")
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            epilog=module.EPILOG,
            formatter_class=_Formatter,
        )
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, dispatch, and turn every failure into a clear line and exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return args._run(args)
    except FoiError as exc:
        error_line(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        error_line("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # pragma: no cover - last line of defence, never a traceback
        if os.environ.get("FOI_DRAFT_DEBUG"):
            raise
        error_line(
            f"internal error: {type(exc).__name__}: {exc}. "
            "Please report it; set FOI_DRAFT_DEBUG=1 to see the details."
        )
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
