"""Render one clause's text in the sandbox, with its declared variables checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from foi_drafter.clause import LoadedClause, Variable
from foi_drafter.errors import FoiError
from foi_drafter.sandbox import Trusted, clause_environment


def resolve_variables(
    loaded: LoadedClause,
    supplied: Mapping[str, Any],
    *,
    where: str | None = None,
    locale: str = "en-GB",
) -> dict[str, Any]:
    """The clause's variables: supplied values, else defaults; unknown or missing ones fail."""
    declared = {v.name: v for v in loaded.clause.variables}
    unknown = sorted(set(supplied) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise FoiError(
            f"clause {loaded.id!r} has no variable {unknown[0]!r} (it declares: {names})",
            where=where,
        )
    values: dict[str, Any] = {}
    for name, variable in declared.items():
        value = supplied.get(name, variable.default)
        if value is None or value == "":
            if variable.required:
                raise FoiError(
                    f"clause {loaded.id!r} needs variable {name!r} ({variable.prompt}); "
                    "add it under 'variables:'",
                    where=where,
                )
            value = None
        values[name] = (
            _typed(variable, value, where=where, locale=locale) if value is not None else None
        )
    return values


def _typed(variable: Variable, value: Any, *, where: str | None, locale: str) -> Any:
    if variable.type == "date":
        from foi_drafter.dates import parse_date
        from foi_drafter.formatting import long_date

        return long_date(parse_date(value, field=variable.name), locale)
    if variable.type == "choice" and variable.choices and value not in variable.choices:
        raise FoiError(
            f"variable {variable.name!r} must be one of {', '.join(variable.choices)}, "
            f"not {value!r}",
            where=where,
        )
    if variable.type == "list" and isinstance(value, str):
        return [line for line in value.splitlines() if line.strip()]
    return value


def render_clause(
    loaded: LoadedClause,
    context: Mapping[str, Any],
    supplied: Mapping[str, Any],
    *,
    where: str | None = None,
    locale: str = "en-GB",
) -> Trusted:
    """Render ``loaded`` with the letter context and its variables; return trusted markup."""
    variables = resolve_variables(loaded, supplied, where=where, locale=locale)
    env = clause_environment()
    try:
        template = env.from_string(loaded.clause.text)
    except TemplateSyntaxError as exc:
        raise FoiError(
            f"{loaded.id}: template syntax error: {exc.message}", where=loaded.where(exc.lineno)
        ) from None
    try:
        text = template.render({**context, **variables})
    except UndefinedError as exc:
        raise FoiError(
            f"{loaded.id}: {exc.message}; declare it under 'variables:' or fix the name",
            where=loaded.where(),
        ) from None
    except SecurityError as exc:
        raise FoiError(
            f"{loaded.id}: refused by the sandbox: {exc}", where=loaded.where()
        ) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise FoiError(f"{loaded.id}: cannot render: {exc}", where=loaded.where()) from None
    return Trusted(text.strip())
