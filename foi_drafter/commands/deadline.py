"""``foi-draft deadline``: a request's statutory dates, and the non-working days skipped."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from foi_drafter.case_clock import ClockEvent, Deadlines, compute_deadlines, load_school_days
from foi_drafter.dates import parse_date
from foi_drafter.errors import FoiError
from foi_drafter.holidays_file import load_holidays_file
from foi_drafter.regime import REGIME_IDS, Regime, load_regime
from foi_drafter.term import style
from foi_drafter.working_day import WorkingDayCalendar, day_label

Skipped = Sequence[tuple[date, str]]

HELP = "work out a request's statutory dates on the regime's working-day calendar"

EPILOG = """\
examples:
  foi-draft deadline 2024-06-27                    a request's statutory dates
  foi-draft deadline 27/06/2024 --regime foisa     the same under FOISA
  foi-draft deadline 2024-06-27 --working-days 40  the 40th working day after
  foi-draft deadline 2024-06-27 --explain          with each day skipped
  foi-draft deadline 2024-06-27 --public-interest-extension --json
  foi-draft deadline 2024-06-27 --fees-notice 1/7/2024 --fee-received 5/7/2024

Working day 1 is the first working day after DATE; DATE itself never counts
(the ICO method). Dates may be 2024-06-27, 27/06/2024 or '27 June 2024'.
"""

_EVENT_OPTIONS = (
    ("clarification_requested", "the date clarification was asked for (the clock stops)"),
    ("clarification_received", "the date clarification arrived (a fresh period starts)"),
    ("fees_notice", "the date a fees notice was given"),
    ("fee_received", "the date the fee arrived (days from the notice to here do not count)"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``foi-draft deadline``."""
    parser.add_argument("date", metavar="DATE", help="the date the request was received")
    parser.add_argument(
        "--regime",
        default="foia",
        metavar="{" + ",".join(REGIME_IDS) + "}",
        help="the access regime, which sets the calendar and time limits (default: foia)",
    )
    parser.add_argument(
        "--working-days",
        metavar="N",
        help="just give the N-th working day after DATE",
    )
    parser.add_argument(
        "--explain", action="store_true", help="show each step and each non-working day skipped"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    events = parser.add_argument_group("what has happened to the request")
    for name, help_text in _EVENT_OPTIONS:
        events.add_argument(f"--{name.replace('_', '-')}", metavar="DATE", help=help_text)
    events.add_argument(
        "--public-interest-extension",
        action="store_true",
        help="FOIA s10(3): time to consider the public interest (to working day 40)",
    )
    events.add_argument(
        "--complexity-extension",
        action="store_true",
        help="EIR/EISR reg 7: a complex and voluminous request (to working day 40)",
    )
    events.add_argument(
        "--responded", metavar="DATE", help="the date of the (final) response, sent or planned"
    )
    events.add_argument(
        "--review-requested", metavar="DATE", help="the date a review was asked for"
    )
    events.add_argument("--review-outcome", metavar="DATE", help="the date of the review outcome")
    events.add_argument(
        "--school",
        action="store_true",
        help="the authority is a school or academy: 20 school days or 60 working days (FOIA)",
    )
    events.add_argument(
        "--school-days",
        metavar="FILE",
        help="the school's term dates, YAML 'terms: [{start: DATE, end: DATE}]' (implies --school)",
    )
    parser.add_argument(
        "--holidays-file",
        metavar="FILE",
        action="append",
        default=[],
        help="extra or corrected bank holidays in YAML (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the dates (or the N-th working day) for the request."""
    regime = load_regime(args.regime)
    received = parse_date(args.date, field="DATE")
    extra = [day for path in args.holidays_file for day in load_holidays_file(path)]
    calendar = WorkingDayCalendar.for_regime(regime.id, extra)
    if args.working_days is not None:
        _no_events_with_count(args)
        return _count(args, regime, calendar, received, _whole_number(args.working_days))
    return _dates(args, regime, calendar, received)


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise FoiError(f"--working-days: {text!r} is not a whole number") from None


def _no_events_with_count(args: argparse.Namespace) -> None:
    given = [
        f"--{name.replace('_', '-')}"
        for name in (
            *(name for name, _ in _EVENT_OPTIONS),
            "public_interest_extension",
            "complexity_extension",
            "responded",
            "review_requested",
            "review_outcome",
            "school",
            "school_days",
        )
        if getattr(args, name)
    ]
    if given:
        raise FoiError(f"--working-days counts from DATE alone; drop {', '.join(given)}")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _skipped_json(skipped: Skipped) -> list[dict[str, str]]:
    return [{"date": day.isoformat(), "reason": reason} for day, reason in skipped]


def _print_skipped(skipped: Skipped) -> None:
    print("Non-working days skipped:")
    if not skipped:
        print("  none")
    for day, reason in skipped:
        print(f"  {day_label(day):<16} {reason}")


def _source_line(regime: Regime, calendar: WorkingDayCalendar) -> str:
    first, last = calendar.covered_years
    where = "any part of the UK" if calendar.calendar == "uk" else "Scotland"
    return (
        f"Calendar: {regime.short_name} ({regime.cite('calendar')}), bank holidays in {where}, "
        f"from holidays {calendar.holidays_version} for {first}-{last}."
    )


def _count(
    args: argparse.Namespace, regime: Regime, calendar: WorkingDayCalendar, start: date, n: int
) -> int:
    due = calendar.add_working_days(start, n)
    skipped = calendar.skipped(start, due)
    if args.json:
        _print_json(
            {
                "regime": regime.id,
                "calendar": calendar.calendar,
                "start": start.isoformat(),
                "working_days": n,
                "due": due.isoformat(),
                "skipped": _skipped_json(skipped),
                "holidays_version": calendar.holidays_version,
                "covered_years": list(calendar.covered_years),
            }
        )
        return 0
    print(f"Working day {n} after {day_label(start)} ({regime.short_name}):")
    print(f"  {_bold(day_label(due))}  {due.isoformat()}")
    if args.explain:
        print()
        _print_skipped(skipped)
        print(_source_line(regime, calendar))
    return 0


def _dates(
    args: argparse.Namespace, regime: Regime, calendar: WorkingDayCalendar, received: date
) -> int:
    def optional_date(name: str) -> date | None:
        value = getattr(args, name)
        return parse_date(value, field=f"--{name.replace('_', '-')}") if value else None

    events = [ClockEvent(name, when) for name, _ in _EVENT_OPTIONS if (when := optional_date(name))]
    events += [
        ClockEvent(name)
        for name in ("public_interest_extension", "complexity_extension")
        if getattr(args, name)
    ]
    result = compute_deadlines(
        regime.id,
        received,
        events=events,
        response_date=optional_date("responded"),
        review_requested=optional_date("review_requested"),
        review_outcome=optional_date("review_outcome"),
        school_days=load_school_days(args.school_days) if args.school_days else None,
        school=args.school,
        calendar=calendar,
    )
    if args.json:
        _print_json(
            {
                "regime": regime.id,
                "calendar": calendar.calendar,
                "received": received.isoformat(),
                "start": result.start.isoformat(),
                "response_due": _iso(result.response_due),
                "extended_due": _iso(result.extended_due),
                "review_request_by": _iso(result.review_request_by),
                "review_target": _iso(result.review_target),
                "review_outer": _iso(result.review_outer),
                "regulator": result.regulator,
                "regulator_window": str(regime.regulator_window),
                "regulator_deadline": _iso(result.regulator_deadline),
                "on_hold": result.on_hold,
                "disregarded_working_days": result.disregarded_working_days,
                "skipped": _skipped_json(result.skipped),
                "warnings": list(result.warnings),
                "steps": list(result.steps),
                "holidays_version": calendar.holidays_version,
                "covered_years": list(calendar.covered_years),
            }
        )
        return 0
    _print_dates(args, regime, calendar, result)
    return 0


def _print_dates(
    args: argparse.Namespace, regime: Regime, calendar: WorkingDayCalendar, result: Deadlines
) -> None:
    regulator = regime.regulator.upper()
    response_note = f"working day {regime.response_working_days}"
    if args.school or args.school_days:
        response_note = "the schools and academies rule"
    elif result.disregarded_working_days:
        response_note += f", after {result.disregarded_working_days} disregarded for fees"
    review = "working days after the review request"
    rows: list[tuple[str, date | None, str]] = [
        ("Response due", result.response_due, response_note),
        ("Extended response due", result.extended_due, f"{regime.cite('extension')} extension"),
        (
            "Review request by",
            result.review_request_by,
            f"{regime.review_request_working_days} working days after the response"
            + (" or due date, if later" if regime.review_request_runs_from != "response" else ""),
        ),
        ("Review target", result.review_target, f"{regime.review_target_working_days} {review}"),
        ("Review outer limit", result.review_outer, f"{regime.review_outer_working_days} {review}"),
        (
            f"{regulator} complaint by",
            result.regulator_deadline,
            f"{regime.regulator_window} after the review outcome",
        ),
    ]
    print(f"{regime.short_name} request received {day_label(result.received)}")
    if result.start != result.received:
        print(f"  the period runs from {day_label(result.start)} (clarification received)")
    if result.on_hold:
        print(f"  {'Response due':<24} on hold, {result.on_hold}")
    for label, day, note in rows:
        if day:
            print(f"  {label:<24} {_bold(f'{day_label(day):<16}')}  {day.isoformat()}  {note}")
    if not result.review_target:
        target, outer = regime.review_target_working_days, regime.review_outer_working_days
        limits = f"{target}" if target == outer else f"{target} (at most {outer})"
        print(f"  {'Review':<24} {limits} working days after a review request")
    if not result.regulator_deadline:
        window = f"within {regime.regulator_window} of the review outcome"
        print(f"  {regulator + ' complaint':<24} {window}")
    for warning in result.warnings:
        print(f"{style('warning:', 'yellow')} {warning}")
    if args.explain:
        print()
        print("How these dates were worked out:")
        for n, step in enumerate(result.steps, start=1):
            print(f"  {n}. {step}")
        print()
        _print_skipped(result.skipped)
        print(_source_line(regime, calendar))


def _bold(text: str) -> str:
    return style(text, "bold")


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))
