"""The case clock: events that move a request's deadlines, and the regimes' facts."""

from __future__ import annotations

from datetime import date

import pytest

from foi_drafter.case_clock import ClockEvent, compute_deadlines, load_school_days
from foi_drafter.errors import FoiError
from foi_drafter.regime import REGIME_IDS, load_regime
from foi_drafter.working_day import WorkingDayCalendar

UK = WorkingDayCalendar.for_regime("foia")
SCOTLAND = WorkingDayCalendar.for_regime("foisa")
RECEIVED = date(2024, 6, 27)  # Thu; 12 July 2024 is an NI bank holiday


def test_standard_foia_dates() -> None:
    result = compute_deadlines("foia", RECEIVED)
    assert result.start == RECEIVED
    assert result.response_due == date(2024, 7, 26)
    assert result.extended_due is None
    assert result.review_request_by == UK.add_working_days(date(2024, 7, 26), 40)
    assert result.review_target is result.review_outer is result.regulator_deadline is None
    assert result.regulator == "ico"
    assert result.warnings == ()
    assert (date(2024, 7, 12), "Battle of the Boyne (Northern Ireland)") in result.skipped
    assert any("Fri 26 Jul 2024" in step for step in result.steps)


def test_foisa_counts_scottish_holidays_only() -> None:
    result = compute_deadlines("foisa", RECEIVED)
    assert result.response_due == date(2024, 7, 25)
    assert result.regulator == "sic"


def test_clarification_starts_a_fresh_period() -> None:
    events = [
        ClockEvent("clarification_requested", date(2024, 7, 1)),
        ClockEvent("clarification_received", date(2024, 7, 8)),
    ]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.start == date(2024, 7, 8)
    assert result.response_due == UK.add_working_days(date(2024, 7, 8), 20) == date(2024, 8, 7)


def test_clock_is_on_hold_until_the_clarification_arrives() -> None:
    events = [ClockEvent("clarification_requested", date(2024, 7, 1))]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.response_due is None
    assert "clarification" in result.on_hold


def test_clarification_asked_for_late_is_flagged() -> None:
    events = [ClockEvent("clarification_requested", date(2024, 7, 30))]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert any("after the original deadline" in w for w in result.warnings)


def test_fees_period_is_disregarded_inclusive_of_both_days() -> None:
    events = [
        ClockEvent("fees_notice", date(2024, 7, 1)),  # Mon
        ClockEvent("fee_received", date(2024, 7, 5)),  # Fri: five working days in all
    ]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.disregarded_working_days == 5
    assert result.response_due == UK.add_working_days(RECEIVED, 25) == date(2024, 8, 2)


def test_fee_paid_the_day_the_notice_went_disregards_that_one_day() -> None:
    day = date(2024, 7, 2)
    events = [ClockEvent("fees_notice", day), ClockEvent("fee_received", day)]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.disregarded_working_days == 1
    assert result.response_due == date(2024, 7, 29)


def test_fees_notice_across_a_weekend_disregards_only_working_days() -> None:
    events = [
        ClockEvent("fees_notice", date(2024, 7, 5)),  # Fri
        ClockEvent("fee_received", date(2024, 7, 8)),  # Mon
    ]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.disregarded_working_days == 2


def test_clock_is_on_hold_until_the_fee_arrives() -> None:
    events = [ClockEvent("fees_notice", date(2024, 7, 1))]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.response_due is None
    assert "fee" in result.on_hold


def test_late_fee_is_flagged() -> None:
    events = [
        ClockEvent("fees_notice", date(2024, 7, 1)),
        ClockEvent("fee_received", date(2024, 10, 2)),
    ]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert any("more than 3 months" in w for w in result.warnings)


def test_fees_notice_sent_after_the_due_date_does_not_move_it() -> None:
    events = [
        ClockEvent("fees_notice", date(2024, 7, 29)),
        ClockEvent("fee_received", date(2024, 8, 5)),
    ]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.response_due == date(2024, 7, 26)
    assert result.disregarded_working_days == 0
    assert any("came after the response was due" in w for w in result.warnings)


def test_eir_fees_do_not_move_the_dates_and_say_so() -> None:
    events = [
        ClockEvent("fees_notice", date(2024, 7, 1)),
        ClockEvent("fee_received", date(2024, 7, 5)),
    ]
    result = compute_deadlines("eir", RECEIVED, events=events)
    assert result.response_due == date(2024, 7, 26)
    assert any("no fees disregard" in w for w in result.warnings)


def test_public_interest_extension_gives_working_day_40_and_keeps_the_notice_date() -> None:
    events = [ClockEvent("public_interest_extension", date(2024, 7, 20))]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert result.response_due == date(2024, 7, 26)  # the s17(1) notice is still due then
    assert result.extended_due == UK.add_working_days(RECEIVED, 40) == date(2024, 8, 27)
    assert result.review_request_by == UK.add_working_days(date(2024, 8, 27), 40)
    assert result.warnings == ()


def test_public_interest_extension_notified_late_is_flagged() -> None:
    events = [ClockEvent("public_interest_extension", date(2024, 7, 29))]
    result = compute_deadlines("foia", RECEIVED, events=events)
    assert any("the notice must go by then" in w for w in result.warnings)


def test_final_response_later_than_working_day_40_is_flagged() -> None:
    events = [ClockEvent("public_interest_extension")]
    result = compute_deadlines("foia", RECEIVED, events=events, response_date=date(2024, 9, 3))
    assert any("after the due date Tue 27 Aug 2024" in w for w in result.warnings)


def test_response_after_the_due_date_is_flagged() -> None:
    result = compute_deadlines("foia", RECEIVED, response_date=date(2024, 7, 30))
    assert result.warnings == (
        "the response on Tue 30 Jul 2024 is 2 working day(s) after the due date Fri 26 Jul 2024",
    )
    assert result.review_request_by == UK.add_working_days(date(2024, 7, 30), 40)


@pytest.mark.parametrize("regime_id", ["eir", "eisr"])
def test_reg_7_complexity_extension_gives_working_day_40(regime_id: str) -> None:
    calendar = UK if regime_id == "eir" else SCOTLAND
    events = [ClockEvent("complexity_extension")]
    result = compute_deadlines(regime_id, RECEIVED, events=events)
    assert result.response_due == calendar.add_working_days(RECEIVED, 20)
    assert result.extended_due == calendar.add_working_days(RECEIVED, 40)


@pytest.mark.parametrize(
    ("regime_id", "kind", "message"),
    [
        ("foisa", "public_interest_extension", "FOISA allows no extension"),
        ("foisa", "complexity_extension", "FOISA allows no extension"),
        ("foia", "complexity_extension", "FOIA has no complexity extension"),
        ("eir", "public_interest_extension", "EIR has no public interest extension"),
    ],
)
def test_extensions_a_regime_does_not_have_are_refused(
    regime_id: str, kind: str, message: str
) -> None:
    with pytest.raises(FoiError, match=message):
        compute_deadlines(regime_id, RECEIVED, events=[ClockEvent(kind)])


def test_school_without_term_dates_gets_60_working_days() -> None:
    result = compute_deadlines("foia", RECEIVED, school=True)
    assert result.response_due == UK.add_working_days(RECEIVED, 60)


def _terms(tmp_path, text: str):
    path = tmp_path / "terms.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_school_day_20_wins_when_it_comes_before_working_day_60(tmp_path) -> None:
    # 15 school days before the summer holiday, then 5 more in September
    days = load_school_days(
        _terms(
            tmp_path,
            "terms:\n  - {start: 2024-04-15, end: 2024-07-19}\n"
            "  - {start: 04/09/2024, end: 2024-12-20}\n",
        )
    )
    result = compute_deadlines("foia", RECEIVED, school_days=days)
    assert result.response_due == date(2024, 9, 10)
    assert result.response_due < UK.add_working_days(RECEIVED, 60)


def test_working_day_60_wins_when_term_dates_run_out(tmp_path) -> None:
    days = load_school_days(_terms(tmp_path, "terms:\n  - {start: 2024-04-15, end: 2024-07-19}\n"))
    result = compute_deadlines("foia", RECEIVED, school=True, school_days=days)
    assert result.response_due == UK.add_working_days(RECEIVED, 60)
    assert any("term dates end" in w for w in result.warnings)


def test_school_rule_is_foia_only() -> None:
    with pytest.raises(FoiError, match="FOIA rule"):
        compute_deadlines("eir", RECEIVED, school=True)


@pytest.mark.parametrize(
    "text",
    ["terms: []\n", "terms:\n  - {start: 2024-09-04}\n", "terms:\n  - {start: x, end: y}\n"],
)
def test_malformed_term_dates_are_refused(tmp_path, text: str) -> None:
    path = _terms(tmp_path, text)
    with pytest.raises(FoiError) as raised:
        load_school_days(path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("regime_id", "target", "outer"),
    [("foia", 20, 40), ("eir", 40, 40), ("foisa", 20, 20), ("eisr", 20, 20)],
)
def test_review_completion_dates(regime_id: str, target: int, outer: int) -> None:
    requested = date(2024, 9, 2)
    calendar = UK if load_regime(regime_id).calendar == "uk" else SCOTLAND
    result = compute_deadlines(regime_id, RECEIVED, review_requested=requested)
    assert result.review_target == calendar.add_working_days(requested, target)
    assert result.review_outer == calendar.add_working_days(requested, outer)


def test_late_review_request_is_flagged() -> None:
    result = compute_deadlines("foia", RECEIVED, review_requested=date(2024, 11, 1))
    assert any("the authority may decline it" in w for w in result.warnings)


def test_ico_window_is_six_calendar_weeks_after_the_review_outcome() -> None:
    result = compute_deadlines("foia", RECEIVED, review_outcome=date(2024, 9, 20))
    assert result.regulator_deadline == date(2024, 11, 1)


def test_sic_window_is_six_calendar_months_keeping_to_month_end() -> None:
    result = compute_deadlines("foisa", RECEIVED, review_outcome=date(2024, 8, 31))
    assert result.regulator_deadline == date(2025, 2, 28)


def test_foisa_review_window_runs_from_the_due_date_after_an_early_response() -> None:
    early = compute_deadlines("foisa", RECEIVED, response_date=date(2024, 7, 1))
    late = compute_deadlines("foisa", RECEIVED, response_date=date(2024, 7, 31))
    assert early.review_request_by == SCOTLAND.add_working_days(date(2024, 7, 25), 40)
    assert late.review_request_by == SCOTLAND.add_working_days(date(2024, 7, 31), 40)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {
                "events": [
                    ClockEvent("fees_notice", date(2024, 7, 5)),
                    ClockEvent("fee_received", date(2024, 7, 1)),
                ]
            },
            "before the fees notice",
        ),
        ({"events": [ClockEvent("fee_received", date(2024, 7, 1))]}, "no fees notice"),
        (
            {"events": [ClockEvent("clarification_received", date(2024, 6, 1))]},
            "before the request was received",
        ),
        (
            {
                "events": [
                    ClockEvent("clarification_requested", date(2024, 7, 5)),
                    ClockEvent("clarification_received", date(2024, 7, 1)),
                ]
            },
            "before it was requested",
        ),
        ({"response_date": date(2024, 6, 1)}, "response is dated 2024-06-01, before"),
        (
            {"events": [ClockEvent("fees_notice", date(2024, 7, 1))] * 2},
            "given twice",
        ),
        (
            {"review_requested": date(2024, 9, 10), "review_outcome": date(2024, 9, 2)},
            "before the review was requested",
        ),
    ],
)
def test_impossible_event_orders_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(FoiError, match=message):
        compute_deadlines("foia", RECEIVED, **kwargs)


def test_unknown_event_kind_is_refused() -> None:
    with pytest.raises(FoiError, match="unknown clock event 'paused'"):
        ClockEvent("paused", RECEIVED)


def test_calendar_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(FoiError, match="scotland calendar"):
        compute_deadlines("foisa", RECEIVED, calendar=UK)


# -- regime facts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime_id", "short", "calendar", "extension", "target", "outer", "regulator"),
    [
        ("foia", "FOIA", "uk", "public-interest", 20, 40, "ico"),
        ("eir", "EIR", "uk", "complexity", 40, 40, "ico"),
        ("foisa", "FOISA", "scotland", "none", 20, 20, "sic"),
        ("eisr", "EISR", "scotland", "complexity", 20, 20, "sic"),
    ],
)
def test_regime_facts(
    regime_id: str,
    short: str,
    calendar: str,
    extension: str,
    target: int,
    outer: int,
    regulator: str,
) -> None:
    regime = load_regime(regime_id)
    assert (regime.id, regime.short_name, regime.calendar, regime.extension) == (
        regime_id,
        short,
        calendar,
        extension,
    )
    assert regime.response_working_days == 20
    assert regime.review_request_working_days == 40
    assert (regime.review_target_working_days, regime.review_outer_working_days) == (target, outer)
    assert regime.regulator == regulator
    assert str(regime.regulator_window) == ("6 weeks" if regulator == "ico" else "6 months")
    assert all("foi-law.md" in source.ref for source in regime.sources)


def test_regime_ids_and_unknown_regime() -> None:
    assert REGIME_IDS == ("foia", "eir", "foisa", "eisr")
    with pytest.raises(FoiError, match="unknown regime 'x'; choose foia, eir, foisa or eisr"):
        load_regime("x")
