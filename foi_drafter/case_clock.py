"""The case clock: a request's deadlines worked out from the events that move them.

Each event changes the clock for a stated reason (foi-law.md §1.3 to §1.6, §5, §9):

- ``received``: the clock starts; day 1 is the first working day after it.
- ``clarification_requested`` / ``clarification_received``: the clock stops, and
  the clarification starts a fresh period (FOIA s1(3) and s10(6)(b); ICO LTT137).
- ``fees_notice`` / ``fee_received``: the working days from the notice to the
  fee's receipt, both included, do not count (FOIA s10(2)).
- ``public_interest_extension`` (FOIA s10(3)) or ``complexity_extension``
  (EIR/EISR reg 7): a later date for the final response, WD40.

Each event may happen once. The result carries the dates, warnings for the
officer, and the steps of the calculation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from foi_drafter.dates import parse_date
from foi_drafter.errors import FoiError
from foi_drafter.regime import CalendarPeriod, Regime, load_regime
from foi_drafter.working_day import WorkingDayCalendar, day_label

EVENT_KINDS = (
    "received",
    "clarification_requested",
    "clarification_received",
    "fees_notice",
    "fee_received",
    "public_interest_extension",
    "complexity_extension",
)
_EXTENSION_EVENTS = {
    "public-interest": "public_interest_extension",
    "complexity": "complexity_extension",
}
_FEE_PAYMENT_MONTHS = 3  # FOIA s9(2): the fee must be paid within three months


@dataclass(frozen=True)
class ClockEvent:
    """Something that happened to a request, on a date.

    An extension may be recorded without a date; ``on`` is then the date the
    requester was told is unknown.
    """

    kind: str
    on: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise FoiError(f"unknown clock event {self.kind!r}; use {', '.join(EVENT_KINDS)}")
        if self.on is None and not self.kind.endswith("_extension"):
            raise FoiError(f"the {self.kind.replace('_', ' ')} event needs a date")


@dataclass(frozen=True)
class Deadlines:
    """A request's statutory dates under one regime, with the reasons for them.

    ``response_due`` is None while the clock is on hold (``on_hold`` says why).
    Review and regulator dates are None until the dates they run from are known.
    """

    regime: str
    received: date
    start: date
    response_due: date | None
    extended_due: date | None
    review_request_by: date | None
    review_target: date | None
    review_outer: date | None
    regulator: str
    regulator_deadline: date | None
    on_hold: str | None
    disregarded_working_days: int
    skipped: tuple[tuple[date, str], ...]
    warnings: tuple[str, ...]
    steps: tuple[str, ...]


def load_school_days(path: str | Path) -> frozenset[date]:
    """The days inside a school's terms, from YAML ``terms: [{start: DATE, end: DATE}, ...]``.

    Only working days among them count as school days; list each term (or each
    half term) separately so that holidays between them are left out.
    """
    import yaml

    where = str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise FoiError(f"cannot read the term dates file ({exc.strerror})", where=where) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        message = f"not valid YAML{line}; check the indentation and quotes"
        raise FoiError(message, where=where) from None
    except ValueError as exc:  # a date-shaped value that is no date, e.g. 2026-02-30
        raise FoiError(f"has an impossible date ({exc}); correct it", where=where) from None
    terms = raw.get("terms") if isinstance(raw, dict) else None
    if not isinstance(terms, list) or not terms:
        raise FoiError("expected 'terms:' with a list of {start: DATE, end: DATE}", where=where)
    days: set[date] = set()
    for n, term in enumerate(terms, start=1):
        if not isinstance(term, dict) or not {"start", "end"} <= term.keys():
            raise FoiError(f"term {n} needs a start and an end date", where=where)
        try:
            first = parse_date(term["start"], field=f"term {n} start")
            last = parse_date(term["end"], field=f"term {n} end")
        except FoiError as exc:
            raise FoiError(str(exc), where=where) from None
        if last < first:
            raise FoiError(f"term {n} ends ({last}) before it starts ({first})", where=where)
        days.update(first + timedelta(days=k) for k in range((last - first).days + 1))
    return frozenset(days)


def compute_deadlines(
    regime_id: str,
    received: date,
    *,
    events: Iterable[ClockEvent] = (),
    response_date: date | None = None,
    review_requested: date | None = None,
    review_outcome: date | None = None,
    school_days: Iterable[date] | None = None,
    school: bool = False,
    calendar: WorkingDayCalendar | None = None,
) -> Deadlines:
    """The deadlines of a request received on ``received``, after ``events``.

    ``response_date`` is the date of the (final) response, sent or planned;
    without it the review window runs from the due date. ``school`` applies the
    schools and academies rule (FOIA only), with ``school_days`` if known.
    """
    regime = load_regime(regime_id)
    if calendar is None:
        calendar = WorkingDayCalendar.for_regime(regime_id)
    elif calendar.calendar != regime.calendar:
        raise FoiError(
            f"{regime.short_name} counts days on the {regime.calendar} calendar, "
            f"not the {calendar.calendar} one"
        )
    clock = _Clock(regime, calendar, received, _by_kind(events, received))
    return clock.deadlines(
        response_date=response_date,
        review_requested=review_requested,
        review_outcome=review_outcome,
        school_days=None if school_days is None else frozenset(school_days),
        school=school or school_days is not None,
    )


def _by_kind(events: Iterable[ClockEvent], received: date) -> dict[str, ClockEvent]:
    by_kind: dict[str, ClockEvent] = {}
    for event in events:
        if event.kind in by_kind:
            raise FoiError(f"the {event.kind.replace('_', ' ')} event is given twice; give it once")
        by_kind[event.kind] = event
    if "received" in by_kind and by_kind["received"].on != received:
        raise FoiError(f"two receipt dates given: {received} and {by_kind['received'].on}")
    return by_kind


class _Clock:
    """Works out one request's dates; collects warnings and steps on the way."""

    def __init__(
        self,
        regime: Regime,
        calendar: WorkingDayCalendar,
        received: date,
        events: dict[str, ClockEvent],
    ) -> None:
        self.regime = regime
        self.calendar = calendar
        self.received = received
        self.events = events
        self.warnings: list[str] = []
        self.steps: list[str] = []
        self.fee_window: tuple[date, date] | None = None
        self.on_hold: str | None = None

    def on(self, kind: str) -> date | None:
        event = self.events.get(kind)
        return event.on if event else None

    def _step(self, text: str) -> None:
        self.steps.append(text)

    # -- the period's start ------------------------------------------------------------

    def start(self) -> date:
        """Receipt, or the clarification's receipt, which starts a fresh period."""
        received = self.received
        reason = self.calendar.non_working_reason(received)
        note = f", not a working day ({reason}), but still the day of receipt" if reason else ""
        self._step(f"Received {day_label(received)}{note}.")
        asked, answered = self.on("clarification_requested"), self.on("clarification_received")
        for when, what in ((asked, "requested"), (answered, "received")):
            if when and when < received:
                raise FoiError(
                    f"clarification {what} on {when}, before the request was received on {received}"
                )
        if asked and answered and answered < asked:
            raise FoiError(
                f"clarification received on {answered}, before it was requested on {asked}"
            )
        if asked:
            original = self._nth(received, self.regime.response_working_days)
            self._step(f"Clarification requested {day_label(asked)}: the clock stops (s1(3)).")
            if asked > original:
                self.warnings.append(
                    f"clarification was requested on {day_label(asked)}, after the original "
                    f"deadline {day_label(original)}; ask for it promptly"
                )
        if answered:
            self._step(
                f"Clarification received {day_label(answered)}: a fresh period runs from that day "
                "(s10(6)(b); ICO LTT137)."
            )
            return answered
        if asked:
            self.on_hold = f"awaiting the clarification requested on {day_label(asked)}"
        return received

    # -- fees ------------------------------------------------------------------------------

    def fees(self, start: date, school: bool) -> int:
        """Record the fees window; return how many working days after ``start`` it removes."""
        notice, paid = self.on("fees_notice"), self.on("fee_received")
        if paid and not notice:
            raise FoiError("a fee was received but no fees notice was given; give its date")
        if not notice:
            return 0
        if notice < self.received:
            raise FoiError(
                f"the fees notice on {notice} is before the request was received on {self.received}"
            )
        if paid and paid < notice:
            raise FoiError(f"the fee was received on {paid}, before the fees notice on {notice}")
        if not self.regime.fees_disregarded:
            self.warnings.append(
                f"{self.regime.short_name} has no fees disregard like FOIA s10(2) on record; "
                "the fees notice does not move the dates shown"
            )
            return 0
        if not paid:
            self.on_hold = f"awaiting the fee asked for on {day_label(notice)} (s9(2): 3 months)"
            return 0
        if paid > CalendarPeriod(months=_FEE_PAYMENT_MONTHS).after(notice):
            self.warnings.append(
                f"the fee arrived on {day_label(paid)}, more than 3 months after the fees notice; "
                "the authority need not comply (s9(2))"
            )
        rule = self.regime.school_rule
        n = rule.working_days if school and rule else self.regime.response_working_days
        undisturbed = self.calendar.add_working_days(start, n)
        if notice > undisturbed:
            self.warnings.append(
                f"the fees notice on {day_label(notice)} came after the response was due on "
                f"{day_label(undisturbed)}; it does not move that date"
            )
            return 0
        self.fee_window = (notice, paid)
        lost = self._lost(start)
        self._step(
            f"Fees notice {day_label(notice)} to fee received {day_label(paid)}: "
            f"{lost} working day(s) disregarded, both days included (s10(2))."
        )
        return lost

    def _lost(self, after: date) -> int:
        """Working days of the fees window that fall after ``after``."""
        if not self.fee_window:
            return 0
        notice, paid = self.fee_window
        if paid <= after:
            return 0
        return self.calendar.working_days_between(max(notice - timedelta(days=1), after), paid)

    def _nth(self, after: date, n: int) -> date:
        """The n-th counted working day after ``after``: fee-disregarded days do not count."""
        due = self.calendar.add_working_days(after, n)
        if self.fee_window and self.fee_window[0] <= due:
            due = self.calendar.add_working_days(after, n + self._lost(after))
        return due

    # -- the response ----------------------------------------------------------------------

    def response_due(self, start: date, school_days: frozenset[date] | None, school: bool) -> date:
        n = self.regime.response_working_days
        if not school:
            due = self._nth(start, n)
            counted = " not counting the disregarded days" if self.fee_window else ""
            self._step(
                f"Day 1 is the first working day after {day_label(start)}; working day {n}"
                f"{counted} is "
                f"{day_label(due)} ({self.regime.cite('response_working_days')})."
            )
            return due
        rule = self.regime.school_rule
        if rule is None:
            raise FoiError(
                f"the schools and academies rule is a FOIA rule; it does not apply under "
                f"{self.regime.short_name}"
            )
        cap = self._nth(start, rule.working_days)
        if school_days is None:
            self._step(
                f"School or academy with no term dates given: working day {rule.working_days}, "
                f"{day_label(cap)} ({self.regime.cite('school_rule')})."
            )
            return cap
        counted, day = 0, start
        while day < cap:
            day = self.calendar.add_working_days(day, 1)
            in_fee_window = self.fee_window and self.fee_window[0] <= day <= self.fee_window[1]
            if day in school_days and not in_fee_window:
                counted += 1
                if counted == rule.school_days:
                    self._step(
                        f"School day {rule.school_days} is {day_label(day)}, before working day "
                        f"{rule.working_days} on {day_label(cap)} "
                        f"({self.regime.cite('school_rule')})."
                    )
                    return day
        if not school_days or max(school_days) < cap:
            self.warnings.append(
                f"the term dates end before {day_label(cap)}; add later terms if the school "
                "is open then, or the 60th working day is used"
            )
        self._step(
            f"Only {counted} school day(s) before working day {rule.working_days}, so that day "
            f"applies: {day_label(cap)} ({self.regime.cite('school_rule')})."
        )
        return cap

    def extended_due(self, response_due: date) -> date | None:
        extension = self.regime.extension
        for kind in ("public_interest_extension", "complexity_extension"):
            if kind in self.events and _EXTENSION_EVENTS.get(extension) != kind:
                raise FoiError(self._no_extension(kind))
        kind = _EXTENSION_EVENTS.get(extension)
        if kind not in self.events:
            return None
        told = self.on(kind)
        if told and told < self.received:
            raise FoiError(f"the extension on {told} is before the request was received")
        extended = self._nth(response_due, self.regime.extension_working_days)
        self._step(
            f"Extension: {self.regime.extension_working_days} further working days, to "
            f"{day_label(extended)} ({self.regime.cite('extension')})."
        )
        if told and told > response_due:
            self.warnings.append(
                f"the extension was notified on {day_label(told)}, after working day "
                f"{self.regime.response_working_days} ({day_label(response_due)}); "
                "the notice must go by then"
            )
        return extended

    def _no_extension(self, kind: str) -> str:
        name = self.regime.short_name
        if self.regime.extension == "none":
            return f"{name} allows no extension of time ({self.regime.cite('extension')})"
        if kind == "public_interest_extension":
            return (
                f"{name} has no public interest extension; for a complex and voluminous "
                "request use the complexity extension (reg 7)"
            )
        return f"{name} has no complexity extension; use the public interest extension (s10(3))"

    # -- after the response ------------------------------------------------------------

    def deadlines(
        self,
        *,
        response_date: date | None,
        review_requested: date | None,
        review_outcome: date | None,
        school_days: frozenset[date] | None,
        school: bool,
    ) -> Deadlines:
        regime, calendar = self.regime, self.calendar
        for when, what in (
            (response_date, "response is dated"),
            (review_requested, "review was requested"),
        ):
            if when and when < self.received:
                raise FoiError(
                    f"the {what} {when}, before the request was received on {self.received}"
                )
        if review_outcome and review_outcome < (review_requested or self.received):
            raise FoiError(
                f"the review outcome {review_outcome} is before the review was requested"
                if review_requested
                else f"the review outcome {review_outcome} is before the request was received"
            )
        start = self.start()
        disregarded = self.fees(start, school)
        response_due = extended_due = None
        if self.on_hold:
            self._step(f"The clock is on hold, {self.on_hold}; no response date runs yet.")
        else:
            response_due = self.response_due(start, school_days, school)
            extended_due = self.extended_due(response_due)
        final_due = extended_due or response_due
        if response_date and final_due and response_date > final_due:
            late = calendar.working_days_between(final_due, response_date)
            self.warnings.append(
                f"the response on {day_label(response_date)} is {late} working day(s) after the "
                f"due date {day_label(final_due)}"
            )
        review_request_by = self.review_request_by(response_date, final_due)
        review_target = review_outer = None
        if review_requested:
            target, outer = regime.review_target_working_days, regime.review_outer_working_days
            review_target = calendar.add_working_days(review_requested, target)
            review_outer = calendar.add_working_days(review_requested, outer)
            self._step(
                f"Review requested {day_label(review_requested)}: target "
                f"{day_label(review_target)}, at the latest {day_label(review_outer)} "
                f"({regime.cite('review_target_working_days')})."
            )
            if review_request_by and review_requested > review_request_by:
                self.warnings.append(
                    f"the review was requested on {day_label(review_requested)}, after the last "
                    f"day {day_label(review_request_by)}; the authority may decline it"
                )
            if review_outcome and review_outcome > review_outer:
                self.warnings.append(
                    f"the review outcome on {day_label(review_outcome)} is after the outer limit "
                    f"{day_label(review_outer)}"
                )
        regulator_deadline = None
        if review_outcome:
            regulator_deadline = regime.regulator_window.after(review_outcome)
            self._step(
                f"{regime.regulator.upper()}: within {regime.regulator_window} of the review "
                f"outcome {day_label(review_outcome)}, by {day_label(regulator_deadline)} "
                f"({regime.cite('regulator_window')})."
            )
        skipped = tuple(calendar.skipped(start, final_due)) if final_due else ()
        return Deadlines(
            regime=regime.id,
            received=self.received,
            start=start,
            response_due=response_due,
            extended_due=extended_due,
            review_request_by=review_request_by,
            review_target=review_target,
            review_outer=review_outer,
            regulator=regime.regulator,
            regulator_deadline=regulator_deadline,
            on_hold=self.on_hold,
            disregarded_working_days=disregarded,
            skipped=skipped,
            warnings=tuple(self.warnings),
            steps=tuple(self.steps),
        )

    def review_request_by(self, response_date: date | None, final_due: date | None) -> date | None:
        """The last day to ask for a review, counted from the response (or as the regime says)."""
        known = [day for day in (response_date, final_due) if day]
        if not known:
            return None
        if self.regime.review_request_runs_from == "later-of-due-date-and-response":
            base = max(known)
        else:
            base = known[0]
        by = self.calendar.add_working_days(base, self.regime.review_request_working_days)
        self._step(
            f"Review request by {day_label(by)}: {self.regime.review_request_working_days} working "
            f"days after {day_label(base)} ({self.regime.cite('review_request_working_days')})."
        )
        return by
