"""The Jinja2 sandbox that renders clause and letter text.

Clause files arrive through pull requests, so they are rendered in an
immutable sandbox with StrictUndefined. Every value an expression prints is
escaped for the markup (see :func:`foi_drafter.markup.escape`), so text typed
by users is always literal; only :class:`Trusted` markup (rendered clauses,
links made by the ``link`` filter) passes through unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from foi_drafter.markup import escape


class Trusted(str):
    """Markup produced by the tool itself; printed without escaping."""


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Trusted) else escape(str(value))


def link(url: str, text: str | None = None) -> Trusted:
    """A link in markup: ``{{ url | link }}`` or ``{{ url | link('our website') }}``."""
    label = escape(text if text is not None else url)
    target = str(url).replace("\\", "").replace(")", "%29").replace(" ", "%20")
    return Trusted(f"[{label}](<{target}>)")


def lines(items: Iterable[Any]) -> Trusted:
    """Lines of user text (an address, a signature) as one block with line breaks."""
    return Trusted("\\\n".join(escape(str(item)) for item in items if item))


def upper_first(text: Any) -> str:
    """Capitalise the first letter only: ``the Council`` → ``The Council``."""
    text = str(text)
    return text[:1].upper() + text[1:]


def join_list(items: Iterable[Any], last: str = "and") -> str:
    """``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _configure(env: ImmutableSandboxedEnvironment) -> ImmutableSandboxedEnvironment:
    env.filters["link"] = link
    env.filters["join_list"] = join_list
    env.filters["lines"] = lines
    env.filters["upper_first"] = upper_first
    return env


@cache
def clause_environment() -> ImmutableSandboxedEnvironment:
    """The environment for clause text: no loader, so clause text cannot include files."""
    return _configure(
        ImmutableSandboxedEnvironment(
            undefined=StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


@cache
def template_environment(folder: Path) -> ImmutableSandboxedEnvironment:
    """The environment for letter templates, loading only from ``folder``."""
    return _configure(
        ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(str(folder)),
            undefined=StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


def names_used(source: str) -> set[str]:
    """Top-level names a template reads (for 'every variable used is declared')."""
    from jinja2 import meta

    ast = clause_environment().parse(source)
    return set(meta.find_undeclared_variables(ast))


def includes_used(source: str) -> bool:
    """True if the template tries to include, import or extend another file."""
    ast = clause_environment().parse(source)
    return any(ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)))
