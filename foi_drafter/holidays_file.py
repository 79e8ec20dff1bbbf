"""Extra or corrected bank holidays, kept by the authority in a YAML file.

A newly proclaimed day can be added before the ``holidays`` package knows it,
and a day the package lists wrongly can be taken out::

    holidays:
      - {date: 2026-06-15, name: "World Cup bank holiday", nations: [scotland]}
    not_holidays:
      - {date: 2027-07-13, reason: "not proclaimed in Northern Ireland"}

``nations`` lists england-and-wales, scotland, northern-ireland, or uk (all
three). It is required for a holiday; a not-holiday applies to every nation
unless it says otherwise.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foi_drafter.dates import parse_date
from foi_drafter.errors import FoiError

NATIONS = ("england-and-wales", "scotland", "northern-ireland")
NATION_CHOICES = "england-and-wales, scotland, northern-ireland or uk"


@dataclass(frozen=True)
class ExtraHoliday:
    """A bank holiday to add (or, with ``not_holiday``, to remove) for some nations.

    ``nations`` may name ``uk`` for all three; it is stored as the nations themselves.
    ``source`` says where the entry came from, for error messages.
    """

    date: datetime.date
    name: str
    nations: frozenset[str]
    not_holiday: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "nations", _nations(self.nations))


def _nations(names: Iterable[str]) -> frozenset[str]:
    expanded: set[str] = set()
    for name in names:
        if name == "uk":
            expanded.update(NATIONS)
        elif name in NATIONS:
            expanded.add(name)
        else:
            raise FoiError(f"unknown nation {name!r}; use {NATION_CHOICES}")
    if not expanded:
        raise FoiError(f"no nations given; use {NATION_CHOICES}")
    return frozenset(expanded)


def load_holidays_file(path: str | Path) -> list[ExtraHoliday]:
    """Read the extra and removed holidays in ``path``; a malformed file raises FoiError."""
    import yaml

    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FoiError(f"cannot read the holidays file ({exc.strerror})", where=where) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise FoiError(
            f"not valid YAML{line} ({problem}); check the indentation and quotes there",
            where=where,
        ) from None
    except ValueError as exc:  # a date-shaped value that is no date, e.g. 2026-02-30
        raise FoiError(f"has an impossible date ({exc}); correct it", where=where) from None
    if not isinstance(raw, dict) or not raw.keys() & {"holidays", "not_holidays"}:
        raise FoiError(
            "expected a mapping with a 'holidays' and/or 'not_holidays' list", where=where
        )
    unknown = sorted(map(str, raw.keys() - {"holidays", "not_holidays"}))
    if unknown:
        raise FoiError(
            f"unknown key(s) {', '.join(unknown)}; only 'holidays' and 'not_holidays' are read",
            where=where,
        )
    entries = [
        _entry(item, f"holidays entry {n}", where, removal=False)
        for n, item in enumerate(_list(raw, "holidays", where), start=1)
    ]
    entries += [
        _entry(item, f"not_holidays entry {n}", where, removal=True)
        for n, item in enumerate(_list(raw, "not_holidays", where), start=1)
    ]
    return entries


def _list(raw: dict, key: str, where: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        raise FoiError(f"'{key}' must be a list of entries, each starting with '- '", where=where)
    return value


def _entry(item: Any, label: str, where: str, *, removal: bool) -> ExtraHoliday:
    text_key = "reason" if removal else "name"
    example = (
        '{date: 2027-07-13, reason: "..."}'
        if removal
        else '{date: 2026-06-15, name: "...", nations: [scotland]}'
    )
    if not isinstance(item, dict):
        raise FoiError(f"{label} must be a mapping like {example}", where=where)
    required = ("date", text_key) if removal else ("date", text_key, "nations")
    missing = [key for key in required if item.get(key) in (None, "")]
    if missing:
        message = f"{label} has no {' or '.join(missing)}; write it like {example}"
        raise FoiError(message, where=where)
    unknown = sorted(map(str, item.keys() - {*required, "nations"}))
    if unknown:
        raise FoiError(f"{label} has unknown key(s) {', '.join(unknown)}", where=where)
    day = item["date"]
    if isinstance(day, datetime.datetime) or not isinstance(day, (datetime.date, str)):
        raise FoiError(f"{label}: date {day!r} must be a date like 2026-06-15", where=where)
    try:
        day = parse_date(day, field=f"{label} date")
    except FoiError as exc:
        raise FoiError(str(exc), where=where) from None
    nations = item.get("nations", "uk")
    if isinstance(nations, str):
        nations = [nations]
    if not isinstance(nations, list):
        raise FoiError(f"{label}: nations must be a list such as [scotland]", where=where)
    try:
        nation_set = _nations(map(str, nations))
    except FoiError as exc:
        raise FoiError(f"{label}: {exc}", where=where) from None
    return ExtraHoliday(day, str(item[text_key]), nation_set, removal, f"{where}: {label}")
