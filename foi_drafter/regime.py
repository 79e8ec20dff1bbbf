"""A regime's time limits and regulator, read from ``data/regimes/<id>.yaml``.

The facts (how many working days, which calendar, which regulator) are data a
governance lead can review; the counting rules are in :mod:`working_day` and
:mod:`case_clock`.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from foi_drafter.errors import FoiError
from foi_drafter.resources import data_dir

REGIME_IDS = ("foia", "eir", "foisa", "eisr")
CALENDARS = ("uk", "scotland")
EXTENSIONS = ("public-interest", "complexity", "none")
REVIEW_STARTS = ("response", "later-of-due-date-and-response")
REGULATORS = ("ico", "sic")


@dataclass(frozen=True)
class CalendarPeriod:
    """A period in calendar weeks or months (not working days), e.g. the regulator window."""

    weeks: int = 0
    months: int = 0

    def after(self, day: date) -> date:
        """The day this period after ``day``; a month-end is kept within the month."""
        month_index = day.year * 12 + day.month - 1 + self.months
        year, month = divmod(month_index, 12)
        month += 1
        moved = date(year, month, min(day.day, monthrange(year, month)[1]))
        return moved + timedelta(weeks=self.weeks)

    def __str__(self) -> str:
        parts = [(self.months, "month"), (self.weeks, "week")]
        return " and ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)


@dataclass(frozen=True)
class SchoolRule:
    """The schools and academies rule: the earlier of N school days and M working days."""

    school_days: int
    working_days: int


@dataclass(frozen=True)
class Source:
    """Where one fact of a regime comes from: the law, and the fact sheet's section."""

    fact: str
    law: str
    ref: str


@dataclass(frozen=True)
class Regime:
    """One access regime's time limits, calendar and regulator."""

    id: str
    name: str
    short_name: str
    calendar: str
    response_working_days: int
    extension: str
    extension_working_days: int
    fees_disregarded: bool
    school_rule: SchoolRule | None
    review_request_working_days: int
    review_request_runs_from: str
    review_target_working_days: int
    review_outer_working_days: int
    regulator: str
    regulator_window: CalendarPeriod
    sources: tuple[Source, ...]

    def law(self, fact: str) -> str:
        """The legal basis recorded for ``fact``, e.g. ``"s10(1): the twentieth working..."``."""
        return next(source.law for source in self.sources if source.fact == fact)

    def cite(self, fact: str) -> str:
        """The short citation for ``fact``: its legal basis up to the colon, e.g. ``"s10(1)"``."""
        return self.law(fact).split(": ", 1)[0]


_FACTS = tuple(f.name for f in fields(Regime) if f.name not in ("id", "sources"))


def load_regime(regime_id: str) -> Regime:
    """The regime ``regime_id`` (foia, eir, foisa or eisr), read once and cached."""
    if regime_id not in REGIME_IDS:
        raise FoiError(f"unknown regime {regime_id!r}; choose foia, eir, foisa or eisr")
    return _load(regime_id)


@cache
def _load(regime_id: str) -> Regime:
    import yaml

    path = data_dir() / "regimes" / f"{regime_id}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FoiError(f"cannot read the regime file: {exc}", where=str(path)) from None
    return _regime(raw, path)


def _regime(raw: Any, path: Path) -> Regime:
    if not isinstance(raw, dict):
        raise FoiError("a regime file must be a mapping of facts", where=str(path))
    missing = [name for name in ("id", *_FACTS, "sources") if name not in raw]
    if missing:
        raise FoiError(f"missing {', '.join(missing)}", where=str(path))
    sources = tuple(Source(str(s["fact"]), str(s["law"]), str(s["ref"])) for s in raw["sources"])
    unsourced = sorted(set(_FACTS) - {"name", "short_name"} - {s.fact for s in sources})
    if unsourced:
        raise FoiError(f"no source given for {', '.join(unsourced)}", where=str(path))
    for key, allowed in (
        ("calendar", CALENDARS),
        ("extension", EXTENSIONS),
        ("review_request_runs_from", REVIEW_STARTS),
        ("regulator", REGULATORS),
    ):
        if raw[key] not in allowed:
            raise FoiError(f"{key} must be one of {', '.join(allowed)}", where=str(path))
    school = raw["school_rule"]
    return Regime(
        id=str(raw["id"]),
        name=str(raw["name"]),
        short_name=str(raw["short_name"]),
        calendar=raw["calendar"],
        response_working_days=int(raw["response_working_days"]),
        extension=raw["extension"],
        extension_working_days=int(raw["extension_working_days"]),
        fees_disregarded=bool(raw["fees_disregarded"]),
        school_rule=SchoolRule(**school) if school else None,
        review_request_working_days=int(raw["review_request_working_days"]),
        review_request_runs_from=raw["review_request_runs_from"],
        review_target_working_days=int(raw["review_target_working_days"]),
        review_outer_working_days=int(raw["review_outer_working_days"]),
        regulator=raw["regulator"],
        regulator_window=CalendarPeriod(**raw["regulator_window"]),
        sources=sources,
    )
