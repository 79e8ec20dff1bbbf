"""Parse the dates officers type: ISO (2024-06-27) and UK style (27/06/2024, 27 June 2024)."""

from __future__ import annotations

import re
from datetime import date

from foi_drafter.errors import FoiError

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_UK_LONG = re.compile(r"(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")

DATE_FORMATS_HINT = "use YYYY-MM-DD, DD/MM/YYYY or '27 June 2024'"


def parse_date(text: str | date, *, field: str = "date") -> date:
    """Parse ``text`` as a calendar date, or raise a FoiError naming ``field``."""
    if isinstance(text, date):
        return text
    value = str(text).strip()
    if match := _ISO.fullmatch(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK_NUMERIC.fullmatch(value):
        day, month, year = (int(g) for g in match.groups())
    elif match := _UK_LONG.fullmatch(value):
        day, year = int(match.group(1)), int(match.group(3))
        month = _MONTHS.get(match.group(2).lower())
        if month is None:
            raise FoiError(
                f"{field}: unknown month {match.group(2)!r} in {value!r}; {DATE_FORMATS_HINT}"
            )
    else:
        raise FoiError(f"{field}: {value!r} is not a date; {DATE_FORMATS_HINT}")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise FoiError(f"{field}: {value!r} is not a real date ({exc})") from None
