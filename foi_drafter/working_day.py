"""Working days under a regime's calendar, and counting them.

Two calendars (foi-law.md §1.2, §7):

- ``uk`` (FOIA s10(6), EIR): Saturdays, Sundays, Christmas Day, Good Friday and
  a bank holiday in *any* part of the UK are not working days, so the holidays
  of England and Wales, Scotland and Northern Ireland are merged.
- ``scotland`` (FOISA s73, EISR): Saturdays, Sundays, Christmas Day and the
  bank holidays of Scotland only.

Bank holidays come from the ``holidays`` package, asked for each subdivision
(ENG, WLS, SCT, NIR) explicitly; its subdivision-less GB calendar is England's
and would miss the Scottish and Northern Irish days. The working days of the
covered years are listed once, so counting is a binary search.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from functools import cache

from foi_drafter.errors import FoiError
from foi_drafter.holidays_file import NATIONS, ExtraHoliday
from foi_drafter.regime import load_regime

# Years whose bank holidays are known. 2000 is well before FOIA and FOISA came
# into force (1 January 2005). 2027 is the last year whose bank holidays had been
# announced when this was set (November 2026); later years would follow the
# rules but miss days proclaimed later (one-off days, moved days). Raise
# LAST_YEAR only after checking the new year against GOV.UK and the holidays
# package, and pass newly proclaimed days in a holidays file meanwhile.
FIRST_YEAR = 2000
LAST_YEAR = 2027

MAX_WORKING_DAYS = 365

_SUBDIVISIONS = {
    "england-and-wales": ("ENG", "WLS"),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
}
_NATION_LABELS = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
CALENDAR_NATIONS = {"uk": NATIONS, "scotland": ("scotland",)}
# Non-working by statute, whatever the bank holiday lists say.
_STATUTORY = {"uk": ("Christmas Day", "Good Friday"), "scotland": ("Christmas Day",)}

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """A date as officers write it in a diary: ``Fri 26 Jul 2024``."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _tidy(name: str) -> str:
    """The package's ``X (observed)`` is what UK proclamations call a substitute day."""
    return name.replace(" (observed)", ", substitute day")


class WorkingDayCalendar:
    """The working days of one calendar (``uk`` or ``scotland``), with extra days applied."""

    def __init__(self, calendar: str, extra: Iterable[ExtraHoliday] = ()) -> None:
        import holidays

        if calendar not in CALENDAR_NATIONS:
            raise FoiError(f"unknown calendar {calendar!r}; use uk or scotland")
        self.calendar = calendar
        self.holidays_version: str = holidays.__version__
        self.covered_years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR)
        self._first = date(FIRST_YEAR, 1, 1)
        self._last = date(LAST_YEAR, 12, 31)
        nations = CALENDAR_NATIONS[calendar]
        # day -> holiday name -> the nations where that day is that holiday
        found: dict[date, dict[str, set[str]]] = {}
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        for nation in nations:
            for subdiv in _SUBDIVISIONS[nation]:
                listed = holidays.country_holidays("GB", subdiv=subdiv, years=years)
                for day, names in listed.items():
                    for name in names.split("; "):
                        found.setdefault(day, {}).setdefault(_tidy(name), set()).add(nation)
        for item in extra:
            self._apply(found, item, nations)
        self._reasons = {
            day: self._describe(names, nations) for day, names in found.items() if names
        }
        # Sorted ordinals of the working days, and of the other days with their reasons.
        self._working: list[int] = []
        self._closed: list[int] = []
        self._closed_reasons: list[str] = []
        for ordinal in range(self._first.toordinal(), self._last.toordinal() + 1):
            reason = self._reason(date.fromordinal(ordinal))
            if reason is None:
                self._working.append(ordinal)
            else:
                self._closed.append(ordinal)
                self._closed_reasons.append(reason)

    @classmethod
    def for_regime(cls, regime_id: str, extra: Iterable[ExtraHoliday] = ()) -> WorkingDayCalendar:
        """The calendar of ``regime_id``; shared between calls when there are no extras."""
        calendar = load_regime(regime_id).calendar
        extra = tuple(extra)
        return cls(calendar, extra) if extra else _standard(calendar)

    def _apply(
        self, found: dict[date, dict[str, set[str]]], item: ExtraHoliday, nations: tuple[str, ...]
    ) -> None:
        where = f"{item.source}: " if item.source else ""
        self._check_covered(item.date, where)
        applies = item.nations.intersection(nations)
        if not applies:
            return
        names = found.setdefault(item.date, {})
        if not item.not_holiday:
            names.setdefault(item.name, set()).update(applies)
            return
        statutory = set(names).intersection(_STATUTORY[self.calendar])
        if (item.date.month, item.date.day) == (12, 25):
            statutory.add("Christmas Day")
        if statutory:
            raise FoiError(
                f"{where}{item.date.isoformat()} is {statutory.pop()}, a non-working day by "
                "statute; remove this not_holidays entry"
            )
        for name in list(names):
            names[name] -= applies
            if not names[name]:
                del names[name]

    def _describe(self, names: dict[str, set[str]], nations: tuple[str, ...]) -> str:
        """The reason a day is not a working day; nations are named unless all have it."""
        everywhere = set().union(*names.values()) == set(nations)
        if everywhere or len(nations) == 1:
            return "; ".join(names)
        return "; ".join(
            f"{name} ({', '.join(_NATION_LABELS[n] for n in nations if n in where)})"
            for name, where in names.items()
        )

    def _check_covered(self, day: date, where: str = "") -> None:
        if not self._first <= day <= self._last:
            raise FoiError(
                f"{where}{day.isoformat()} is outside the years foi-drafter has bank holidays "
                f"for ({FIRST_YEAR}–{LAST_YEAR}); give a date in that range"
            )

    def is_working_day(self, day: date) -> bool:
        """True unless ``day`` is a weekend day or a holiday of this calendar."""
        self._check_covered(day)
        return self._reason(day) is None

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (``"Saturday"``, ``"Good Friday"``...), else None."""
        self._check_covered(day)
        return self._reason(day)

    def _reason(self, day: date) -> str | None:
        weekday = day.weekday()
        if weekday >= 5:
            return "Saturday" if weekday == 5 else "Sunday"
        return self._reasons.get(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day strictly after ``start`` (``start`` itself never counts)."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise FoiError(f"the number of working days must be a whole number, not {n!r}")
        if n < 1:
            raise FoiError(f"the number of working days must be at least 1, not {n}")
        if n > MAX_WORKING_DAYS:
            raise FoiError(
                f"{n} working days is more than a year; foi-drafter counts at most "
                f"{MAX_WORKING_DAYS}"
            )
        self._check_covered(start)
        index = bisect_right(self._working, start.toordinal()) + n - 1
        if index >= len(self._working):
            raise FoiError(
                f"working day {n} after {start.isoformat()} falls after {self._last.isoformat()}, "
                f"beyond the years foi-drafter has bank holidays for ({FIRST_YEAR}–{LAST_YEAR}); "
                "a later release of foi-drafter is needed"
            )
        return date.fromordinal(self._working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in ``(start, end]``: after ``start``, up to ``end``."""
        self._check_covered(start)
        self._check_covered(end)
        if end < start:
            raise FoiError(f"{end.isoformat()} is before {start.isoformat()}")
        return bisect_right(self._working, end.toordinal()) - bisect_right(
            self._working, start.toordinal()
        )

    def skipped(self, start: date, end: date) -> list[tuple[date, str]]:
        """The non-working days in ``(start, end]``, each with its reason."""
        self._check_covered(start)
        self._check_covered(end)
        low = bisect_right(self._closed, start.toordinal())
        high = bisect_right(self._closed, end.toordinal())
        closed = zip(self._closed[low:high], self._closed_reasons[low:high], strict=True)
        return [(date.fromordinal(ordinal), reason) for ordinal, reason in closed]


@cache
def _standard(calendar: str) -> WorkingDayCalendar:
    return WorkingDayCalendar(calendar)
