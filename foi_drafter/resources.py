"""Locate the bundled templates, clause library and data, in a wheel or a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _bundled(name: str) -> Path:
    """The folder ``name`` (templates or clauses): inside a wheel, or at the repository root."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")


def templates_dir() -> Path:
    """The bundled Jinja2 letter templates."""
    return _bundled("templates")


def clauses_dir() -> Path:
    """The built-in clause library."""
    return _bundled("clauses")


def data_dir() -> Path:
    """Package data: regimes' facts, the example authority and the neutral letterhead."""
    return _PACKAGE / "data"
