"""The working-day calendars: golden bank holidays, counting rules, holidays files."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foi_drafter.errors import FoiError
from foi_drafter.holidays_file import ExtraHoliday, load_holidays_file
from foi_drafter.working_day import MAX_WORKING_DAYS, WorkingDayCalendar

UK = WorkingDayCalendar.for_regime("foia")
SCOTLAND = WorkingDayCalendar.for_regime("foisa")

# (day, reason under the UK calendar (FOIA/EIR), is it a FOISA working day?)
GOLDEN = [
    (date(2024, 1, 2), "New Year Holiday (Scotland)", False),
    (date(2021, 1, 4), "New Year Holiday, substitute day (Scotland)", False),
    (date(2022, 1, 3), "New Year's Day, substitute day", False),
    (date(2022, 1, 4), "New Year Holiday, substitute day (Scotland)", False),
    (date(2020, 3, 17), "Saint Patrick's Day (Northern Ireland)", True),
    (date(2024, 3, 18), "Saint Patrick's Day, substitute day (Northern Ireland)", True),
    (date(2024, 3, 29), "Good Friday", False),
    (date(2024, 4, 1), "Easter Monday (England and Wales, Northern Ireland)", True),
    (date(2024, 7, 12), "Battle of the Boyne (Northern Ireland)", True),
    (date(2020, 7, 13), "Battle of the Boyne, substitute day (Northern Ireland)", True),
    (date(2026, 7, 13), "Battle of the Boyne, substitute day (Northern Ireland)", True),
    (date(2024, 8, 5), "Summer Bank Holiday (Scotland)", False),
    (date(2024, 8, 26), "Late Summer Bank Holiday (England and Wales, Northern Ireland)", True),
    (date(2023, 11, 30), "Saint Andrew's Day (Scotland)", False),
    (date(2024, 12, 2), "Saint Andrew's Day, substitute day (Scotland)", False),
    (date(2024, 12, 25), "Christmas Day", False),
    (date(2022, 12, 26), "Boxing Day", False),
    (date(2022, 12, 27), "Christmas Day, substitute day", False),
    (date(2020, 12, 28), "Boxing Day, substitute day", False),
    (date(2012, 6, 4), "Spring Bank Holiday", False),
    (date(2012, 6, 5), "Diamond Jubilee of Elizabeth II", False),
    (date(2020, 5, 8), "May Day", False),
    (date(2022, 6, 2), "Spring Bank Holiday", False),
    (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II", False),
    (date(2022, 9, 19), "State Funeral of Queen Elizabeth II", False),
    (date(2023, 5, 8), "Coronation of Charles III", False),
]


@pytest.mark.parametrize(("day", "reason", "foisa_working"), GOLDEN, ids=str)
def test_golden_bank_holidays(day: date, reason: str, foisa_working: bool) -> None:
    assert not UK.is_working_day(day)
    assert UK.non_working_reason(day) == reason
    assert SCOTLAND.is_working_day(day) is foisa_working


@pytest.mark.parametrize(
    "day",
    # the usual dates the moved and one-off days replaced are ordinary working days
    [date(2012, 5, 28), date(2020, 5, 4), date(2022, 5, 30), date(2024, 7, 11)],
    ids=str,
)
def test_days_around_moved_holidays_are_working_days(day: date) -> None:
    assert UK.is_working_day(day)
    assert UK.non_working_reason(day) is None


def test_scotland_world_cup_day_2026_counts_under_both_calendars() -> None:
    day = date(2026, 6, 15)
    assert UK.non_working_reason(day).endswith("(Scotland)")
    assert not SCOTLAND.is_working_day(day)
    assert "(" not in SCOTLAND.non_working_reason(day)  # no nation named under FOISA


def test_weekend_days_are_named() -> None:
    assert UK.non_working_reason(date(2024, 6, 29)) == "Saturday"
    assert SCOTLAND.non_working_reason(date(2024, 6, 30)) == "Sunday"


def test_scottish_reasons_carry_no_nation_suffix() -> None:
    assert SCOTLAND.non_working_reason(date(2024, 1, 2)) == "New Year Holiday"
    assert SCOTLAND.non_working_reason(date(2023, 11, 30)) == "Saint Andrew's Day"


def test_acceptance_dates() -> None:
    received = date(2024, 6, 27)
    assert UK.add_working_days(received, 20) == date(2024, 7, 26)  # 12 July: NI holiday
    assert SCOTLAND.add_working_days(received, 20) == date(2024, 7, 25)
    # Sefton: 17 March 2020 (St Patrick's Day) is not a FOIA working day
    assert UK.add_working_days(date(2020, 1, 21), 40) == date(2020, 3, 18)
    assert SCOTLAND.add_working_days(date(2020, 1, 21), 40) == date(2020, 3, 17)


def test_day_of_receipt_never_counts() -> None:
    thursday = date(2024, 6, 27)
    assert UK.add_working_days(thursday, 1) == date(2024, 6, 28)


def test_weekend_receipt_gives_the_same_deadline_as_the_friday_before() -> None:
    friday, saturday, sunday = date(2024, 6, 28), date(2024, 6, 29), date(2024, 6, 30)
    assert UK.add_working_days(saturday, 1) == date(2024, 7, 1)
    assert (
        UK.add_working_days(friday, 20)
        == UK.add_working_days(saturday, 20)
        == UK.add_working_days(sunday, 20)
    )


def test_receipt_on_a_bank_holiday_counts_from_the_next_working_day() -> None:
    assert UK.add_working_days(date(2024, 7, 12), 1) == date(2024, 7, 15)


def test_skipped_lists_the_non_working_days_with_reasons() -> None:
    skipped = UK.skipped(date(2024, 6, 27), date(2024, 7, 26))
    assert (date(2024, 7, 12), "Battle of the Boyne (Northern Ireland)") in skipped
    assert [day for day, _ in skipped if day.weekday() < 5] == [date(2024, 7, 12)]
    assert SCOTLAND.skipped(date(2024, 7, 11), date(2024, 7, 12)) == []


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert UK.working_days_between(date(2024, 6, 27), date(2024, 7, 26)) == 20
    assert UK.working_days_between(date(2024, 6, 27), date(2024, 6, 27)) == 0
    with pytest.raises(FoiError):
        UK.working_days_between(date(2024, 7, 26), date(2024, 6, 27))


def test_calendar_records_its_data_source() -> None:
    assert UK.holidays_version == holidays.__version__
    first, last = UK.covered_years
    assert first <= 2005 and last >= 2026


@pytest.mark.parametrize("n", [0, -3, MAX_WORKING_DAYS + 1, 100_000])
def test_absurd_numbers_of_working_days_are_refused(n: int) -> None:
    with pytest.raises(FoiError, match="working days"):
        UK.add_working_days(date(2024, 6, 27), n)


@pytest.mark.parametrize("day", [date(1999, 12, 1), date(2031, 1, 6)], ids=str)
def test_dates_outside_the_covered_years_are_refused(day: date) -> None:
    first, last = UK.covered_years
    with pytest.raises(FoiError, match=rf"{day.isoformat()}.*{first}–{last}"):
        UK.add_working_days(day, 20)


def test_a_deadline_beyond_the_covered_years_is_refused() -> None:
    last = UK.covered_years[1]
    with pytest.raises(FoiError, match=f"after {last}-12-31"):
        UK.add_working_days(date(last, 12, 20), 20)


def test_unknown_regime_is_refused() -> None:
    with pytest.raises(FoiError, match="unknown regime 'x'; choose foia, eir, foisa or eisr"):
        WorkingDayCalendar.for_regime("x")


# -- property-based -------------------------------------------------------------------

starts = st.dates(date(2000, 1, 1), date(2026, 6, 30))
counts = st.integers(1, MAX_WORKING_DAYS)
calendars = st.sampled_from([UK, SCOTLAND])


@settings(deadline=None)
@given(calendar=calendars, start=starts, n=counts)
def test_deadline_is_a_working_day_with_exactly_n_working_days_before_it(
    calendar: WorkingDayCalendar, start: date, n: int
) -> None:
    due = calendar.add_working_days(start, n)
    assert due > start
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == n
    assert calendar.working_days_between(start, due - timedelta(days=1)) == n - 1
    assert len(calendar.skipped(start, due)) == (due - start).days - n


@settings(deadline=None)
@given(calendar=calendars, start=starts, later=st.integers(0, 60), n=counts)
def test_deadline_is_monotonic_in_the_start_date(
    calendar: WorkingDayCalendar, start: date, later: int, n: int
) -> None:
    other = start + timedelta(days=later)
    assert calendar.add_working_days(start, n) <= calendar.add_working_days(other, n)


@settings(deadline=None)
@given(calendar=calendars, start=starts, n=counts, more=st.integers(1, 30))
def test_deadline_is_strictly_monotonic_in_n(
    calendar: WorkingDayCalendar, start: date, n: int, more: int
) -> None:
    m = min(n + more, MAX_WORKING_DAYS)
    if m > n:
        assert calendar.add_working_days(start, n) < calendar.add_working_days(start, m)


@settings(deadline=None)
@given(start=starts, n=st.integers(1, 60))
def test_foisa_deadline_is_never_later_than_foia(start: date, n: int) -> None:
    # Scotland's bank holidays are a subset of the UK-wide union.
    assert SCOTLAND.add_working_days(start, n) <= UK.add_working_days(start, n)


# -- holidays files ---------------------------------------------------------------------


def _write(tmp_path, text: str):
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_holidays_file_adds_and_removes_days(tmp_path) -> None:
    path = _write(
        tmp_path,
        "holidays:\n"
        "  - {date: 2024-07-03, name: Extra day, nations: [northern-ireland]}\n"
        "  - {date: 10/07/2024, name: Scottish day, nations: [scotland]}\n"
        "not_holidays:\n"
        "  - {date: 2024-07-12, reason: not proclaimed}\n",
    )
    extra = load_holidays_file(path)
    uk = WorkingDayCalendar.for_regime("foia", extra)
    scotland = WorkingDayCalendar.for_regime("foisa", extra)
    assert uk.non_working_reason(date(2024, 7, 3)) == "Extra day (Northern Ireland)"
    assert uk.non_working_reason(date(2024, 7, 10)) == "Scottish day (Scotland)"
    assert uk.is_working_day(date(2024, 7, 12))
    assert scotland.is_working_day(date(2024, 7, 3))  # NI-only day: not under FOISA
    assert scotland.non_working_reason(date(2024, 7, 10)) == "Scottish day"
    # two extra days, one removed: the FOIA deadline moves one working day later
    assert uk.add_working_days(date(2024, 6, 27), 20) == date(2024, 7, 29)
    # the shared calendar is untouched
    assert not UK.is_working_day(date(2024, 7, 12))


def test_uk_wide_extra_day_needs_no_nation_suffix() -> None:
    extra = [ExtraHoliday(date(2027, 6, 7), "Extra day", frozenset({"uk"}))]
    calendar = WorkingDayCalendar.for_regime("eir", extra)
    assert calendar.non_working_reason(date(2027, 6, 7)) == "Extra day"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "holidays:\n  - {date: 2024-07-03, name: x, nations: [wales]}\n",
            "unknown nation 'wales'",
        ),
        ("holidays:\n  - {name: x, nations: [uk]}\n", "holidays entry 1 has no date"),
        ("holidays:\n  - {date: 2024-07-03, nations: [uk]}\n", "holidays entry 1 has no name"),
        ("holidays:\n  - {date: 2024-07-03, name: x}\n", "has no nations"),
        ("holidays:\n  - {date: 2024-02-30, name: x, nations: [uk]}\n", "impossible date"),
        ("holidays:\n  - {date: 'soon', name: x, nations: [uk]}\n", "holidays entry 1 date"),
        ('holidays:\n  - date: 2024-07-03\n    name: "x\n', "not valid YAML at line"),
        ("holiday:\n  - {date: 2024-07-03}\n", "'holidays' and/or 'not_holidays'"),
        ("holidays: 5\n", "must be a list"),
        ("not_holidays:\n  - {date: 2024-12-25, reason: x}\n", "Christmas Day"),
        ("not_holidays:\n  - {date: 2024-03-29, reason: x}\n", "Good Friday"),
        ("holidays:\n  - {date: 2035-01-02, name: x, nations: [uk]}\n", "2035-01-02 is outside"),
    ],
)
def test_malformed_holidays_file_names_the_file_and_the_problem(
    tmp_path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(FoiError, match=message) as raised:
        WorkingDayCalendar.for_regime("foia", load_holidays_file(path))
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)
