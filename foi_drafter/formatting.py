"""Dates and amounts as letters print them, in the authority's locale (babel)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal


def _babel_locale(locale: str) -> str:
    return locale.replace("-", "_")


def long_date(day: date, locale: str = "en-GB") -> str:
    """``22 July 2021``."""
    return format_date(day, format="d MMMM y", locale=_babel_locale(locale))


def pounds(amount: float, locale: str = "en-GB") -> str:
    """``£450`` (pence only when there are any)."""
    pattern = "¤#,##0" if float(amount).is_integer() else "¤#,##0.00"
    return format_currency(
        amount, "GBP", format=pattern, locale=_babel_locale(locale), currency_digits=False
    )


def number(value: float, locale: str = "en-GB") -> str:
    """``18`` or ``18.5``."""
    return format_decimal(value, locale=_babel_locale(locale))
