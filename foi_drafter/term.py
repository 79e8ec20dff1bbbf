"""Terminal output helpers that respect NO_COLOR and non-terminal streams."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_CODES = {"red": "31", "green": "32", "yellow": "33", "blue": "34", "bold": "1", "dim": "2"}


def colour_enabled(stream: TextIO = sys.stdout) -> bool:
    """True when colour may be used: a terminal, and NO_COLOR unset or empty."""
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def style(text: str, colour: str, stream: TextIO = sys.stdout) -> str:
    """Wrap ``text`` in an ANSI colour when the stream allows it."""
    if not colour_enabled(stream):
        return text
    return f"\033[{_CODES[colour]}m{text}\033[0m"


def error_line(message: str) -> None:
    """Print one error line to stderr."""
    print(f"{style('foi-draft: error:', 'red', sys.stderr)} {message}", file=sys.stderr)


def warning_line(message: str) -> None:
    """Print one warning line to stderr."""
    print(f"{style('warning:', 'yellow', sys.stderr)} {message}", file=sys.stderr)
