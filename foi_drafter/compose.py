"""Compose a response letter: case + regime + deadlines + clauses, laid out by a template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import TemplateError

from foi_drafter.answers_file import LoadedCase
from foi_drafter.case import Case, Exemption, Factor, Question
from foi_drafter.clause import LoadedClause
from foi_drafter.clause_render import render_clause
from foi_drafter.errors import FoiError
from foi_drafter.formatting import long_date, number, pounds
from foi_drafter.markup import Block, parse, to_text
from foi_drafter.resources import templates_dir
from foi_drafter.sandbox import Trusted, join_list, template_environment

LETTER_TEMPLATE = "letter.md.j2"

# The exemption behind the "published" and "future-publication" outcomes (foi-law.md §3, §7).
OUTCOME_PROVISIONS = {
    "published": {"foia": "s21", "foisa": "s25"},
    "future-publication": {"foia": "s22", "foisa": "s27"},
}


@dataclass(frozen=True)
class ClauseUse:
    """A clause that went into a letter, for provenance."""

    id: str
    version: int
    layer: str
    hash: str


@dataclass
class Letter:
    """A composed letter: its markup, blocks and plain text, and how it was made."""

    markup: str
    blocks: list[Block]
    deadlines: Any
    clauses: list[ClauseUse] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return to_text(self.blocks)


def question_label(numbers: list[int]) -> str:
    """``Question 4``, ``Questions 1 to 7`` or ``Questions 1, 3 and 5``."""
    if len(numbers) == 1:
        return f"Question {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"Questions {numbers[0]} to {numbers[-1]}"
    return "Questions " + join_list([str(n) for n in numbers])


def _signature(question: Question) -> str | None:
    """Questions with the same signature share one response section."""
    if question.outcome == "answered":
        return None
    return question.model_dump_json(exclude={"text"})


def group_questions(questions: list[Question]) -> list[list[tuple[int, Question]]]:
    """Group questions that share an outcome, in order of their first question."""
    groups: list[list[tuple[int, Question]]] = []
    by_signature: dict[str, list[tuple[int, Question]]] = {}
    for number_, question in enumerate(questions, start=1):
        signature = _signature(question)
        if signature is not None and signature in by_signature:
            by_signature[signature].append((number_, question))
            continue
        group = [(number_, question)]
        groups.append(group)
        if signature is not None:
            by_signature[signature] = group
    return groups


class Composer:
    """Builds the context, renders the clauses it needs, and records each one used."""

    def __init__(self, loaded: LoadedCase, *, today: date):
        from foi_drafter.provisions import load_provisions
        from foi_drafter.regime import load_regime

        self.loaded = loaded
        self.case: Case = loaded.case
        self.library = loaded.library
        self.locale = loaded.profile.authority.locale
        self.regime = load_regime(self.case.regime)
        self.provisions = load_provisions(self.case.regime)
        self.response_date = self.case.response_on(today)
        self.deadlines = compute_case_deadlines(loaded, self.response_date)
        self.used: dict[str, ClauseUse] = {}
        self._sources: dict[tuple[str, tuple[int, ...]], tuple[Exemption, tuple]] = {}
        self.base = self._base_context()

    # --- context -------------------------------------------------------------------------

    def _date(self, day: date | None) -> str | None:
        return long_date(day, self.locale) if day else None

    def _base_context(self) -> dict[str, Any]:
        case, profile = self.case, self.loaded.profile
        authority = profile.authority
        regulator = profile.regulator(self.regime.regulator)
        requester = case.requester
        deadlines = self.deadlines
        return {
            "authority": {
                **authority.model_dump(mode="json", exclude={"styles", "clauses"}),
                "cost_limit": pounds(authority.cost_limit, self.locale),
                "cost_limit_hours": authority.cost_limit_hours,
            },
            "regime": {
                "id": self.regime.id,
                "name": self.regime.name,
                "short_name": self.regime.short_name,
            },
            "regulator": regulator.model_dump(mode="json", exclude={"sources"}),
            "case": {
                "reference": case.reference,
                "requester": {
                    "name": requester.name,
                    "salutation": requester.salutation or requester.name or "Sir or Madam",
                },
                "enclosures": list(case.enclosures),
            },
            "dates": {
                "received": self._date(case.received),
                "response": self._date(self.response_date),
                "response_due": self._date(deadlines.response_due),
                "extended_due": self._date(deadlines.extended_due),
                "review_request_by": self._date(deadlines.review_request_by),
            },
            "exemption": None,
            "questions": None,
            "refusal": None,
        }

    def _factor(self, factor: Factor, where: str) -> str:
        if factor.text is not None:
            return factor.text
        loaded = self.library.require(factor.preset or "", where=where, regime=self.case.regime)
        if loaded.clause.kind != "pit-factor":
            raise FoiError(f"{loaded.id!r} is not a public-interest factor preset", where=where)
        return self._render(loaded, {}, {}, where=where)

    def exemption_context(self, exemption: Exemption, numbers: list[int], loc: tuple) -> dict:
        """What an exemption, NCND or public-interest clause knows about the exemption."""
        provision = self.provisions.require(exemption.provision)
        pit = exemption.public_interest
        where = self.loaded.where(*loc)
        covers = [self.provisions.get(p) for p in provision.ncnd_for] if provision.ncnd_for else []
        return {
            "provision": provision.id,
            "cite": provision.cite,
            "title": provision.title,
            "interest": provision.interest,
            "harm_wording": provision.harm_wording,
            "status": provision.status,
            "qualified": provision.status == "qualified",
            "absolute": provision.status == "absolute",
            "prejudice_based": provision.test == "prejudice",
            "ncnd": provision.kind == "ncnd",
            "covers": [{"provision": p.id, "cite": p.cite, "title": p.title} for p in covers if p],
            "level": exemption.level,
            "harm": exemption.harm,
            "qualified_person": exemption.qualified_person,
            "questions": numbers,
            "questions_label": question_label(numbers),
            "public_interest": None
            if pit is None
            else {
                "for": [self._factor(f, where) for f in pit.for_disclosure],
                "against": [self._factor(f, where) for f in pit.against_disclosure],
                "balance": pit.balance,
                "decision_by": self._date(pit.decision_by),
            },
        }

    def refusal_context(self) -> dict | None:
        refusal = self.case.whole_request
        if refusal is None:
            return None
        authority = self.loaded.profile.authority
        hours = refusal.hours
        return {
            "ground": refusal.ground,
            "estimate": [
                {"activity": item.activity, "hours": number(item.hours, self.locale)}
                for item in refusal.estimate
            ],
            "hours": number(hours, self.locale),
            "cost": pounds(hours * 25, self.locale),
            "over_limit": hours * 25 > authority.cost_limit,
            "limit": pounds(authority.cost_limit, self.locale),
            "limit_hours": authority.cost_limit_hours,
            "advice": refusal.advice,
            "reasons": refusal.reasons,
            "earlier_request": refusal.earlier_request,
        }

    # --- rendering -----------------------------------------------------------------------

    def _render(
        self,
        loaded: LoadedClause,
        extra: Mapping[str, Any],
        variables: Mapping[str, Any],
        *,
        where: str | None = None,
    ) -> Trusted:
        self.used[loaded.id] = ClauseUse(
            loaded.id, loaded.clause.version, loaded.layer, loaded.clause.content_hash()
        )
        context = {**self.base, **extra}
        return render_clause(loaded, context, variables, where=where, locale=self.locale)

    def clause(self, clause_id: str, **extra: Any) -> Trusted:
        """Render a paragraph or outcome clause by id (called from the letter template)."""
        loaded = self.library.require(
            clause_id, regime=self.case.regime, where=str(templates_dir() / LETTER_TEMPLATE)
        )
        variables = next((p.variables for p in self.case.paragraphs if p.id == clause_id), {})
        return self._render(loaded, extra, variables, where=self.loaded.where("paragraphs"))

    def exemption_clause(self, exemption: Mapping[str, Any]) -> Trusted:
        """Render the exemption or NCND clause for an exemption context."""
        source, loc = self._sources[exemption["provision"], tuple(exemption["questions"])]
        kind = "ncnd" if exemption["ncnd"] else "exemption"
        where = self.loaded.where(*loc)
        if source.clause:
            loaded = self.library.require(source.clause, where=where, regime=self.case.regime)
        else:
            found = self.library.for_provision(exemption["provision"], self.case.regime, kind)
            if not found:
                raise FoiError(
                    f"no {kind} clause for {exemption['provision']} in the clause library; "
                    "add one, or name a clause with 'clause:'",
                    where=where,
                )
            loaded = found[0]
        return self._render(loaded, {"exemption": exemption}, source.variables, where=where)

    def _exemptions_of(self, question: Question, qi: int) -> list[Exemption]:
        """The question's exemptions; for s21/s22-style outcomes, the regime's default one.

        For an NCND outcome an exemption's citation (s31(1)(a)) becomes its NCND
        provision (s31(3)), so the letter never uses the exemption's wording.
        """
        if question.outcome == "ncnd":
            return [
                e.model_copy(update={"provision": self.provisions.require_ncnd(e.provision).id})
                for e in question.exemptions
            ]
        if question.exemptions or question.outcome not in OUTCOME_PROVISIONS:
            return question.exemptions
        provision = OUTCOME_PROVISIONS[question.outcome].get(self.case.regime)
        if provision is None:
            raise FoiError(
                f"the {question.outcome!r} outcome has no exemption under "
                f"{self.regime.short_name}; give the exception under 'exemptions' "
                "or use the withheld outcome",
                where=self.loaded.where("questions", qi, "outcome"),
            )
        return [Exemption(provision=provision)]

    def groups(self) -> list[dict[str, Any]]:
        """The response sections: questions that share an outcome, with their contexts."""
        result = []
        for group in group_questions(self.case.questions):
            numbers = [n for n, _ in group]
            first_number, question = group[0]
            qi = first_number - 1
            exemptions = []
            for ei, exemption in enumerate(self._exemptions_of(question, qi)):
                loc = ("questions", qi, "exemptions", ei)
                context = self.exemption_context(exemption, numbers, loc)
                self._sources[context["provision"], tuple(numbers)] = (exemption, loc)
                exemptions.append(context)
            result.append(
                {
                    "label": question_label(numbers),
                    "numbers": numbers,
                    "outcome": question.outcome,
                    "questions": [
                        {"number": n, **q.model_dump(mode="json", exclude={"exemptions"})}
                        for n, q in group
                    ],
                    "answer": question.answer,
                    "enclosed": question.enclosed,
                    "exemptions": exemptions,
                }
            )
        return result

    def compose(self) -> Letter:
        env = template_environment(templates_dir())
        refusal = self.refusal_context()
        groups = self.groups()
        refused = refusal is not None or any(g["exemptions"] for g in groups)
        context = {
            **self.base,
            "refusal": refusal,
            "groups": groups,
            "refused": refused,
            "questions": [q.text for q in self.case.questions],
            "requester": self.case.requester.model_dump(mode="json"),
            "request": self.case.request,
            "signatory": {
                **self.loaded.profile.authority.signatory.model_dump(mode="json"),
                **(self.case.signatory or {}),
            },
            "paragraphs": [p.id for p in self.case.paragraphs],
            "clause": self.clause,
            "exemption_clause": self.exemption_clause,
        }
        try:
            markup = env.get_template(LETTER_TEMPLATE).render(context)
        except FoiError:
            raise
        except TemplateError as exc:
            raise FoiError(
                f"letter template: {exc}", where=str(templates_dir() / LETTER_TEMPLATE)
            ) from None
        blocks = parse(markup)
        return Letter(
            markup=markup,
            blocks=blocks,
            deadlines=self.deadlines,
            clauses=sorted(self.used.values(), key=lambda use: use.id),
            warnings=list(self.deadlines.warnings),
        )


def compute_case_deadlines(loaded: LoadedCase, response_date: date):
    """The case's statutory dates, on the regime's calendar plus the authority's extra holidays."""
    from foi_drafter.case_clock import ClockEvent, compute_deadlines
    from foi_drafter.holidays_file import load_holidays_file
    from foi_drafter.working_day import WorkingDayCalendar

    case = loaded.case
    extra_file = loaded.profile.path(loaded.profile.authority.holidays_file)
    extra = load_holidays_file(extra_file) if extra_file else ()
    calendar = WorkingDayCalendar.for_regime(case.regime, extra)
    clock = case.clock
    events = [
        ClockEvent(kind, on)
        for kind, on in (
            ("clarification_requested", clock.clarification_requested),
            ("clarification_received", clock.clarification_received),
            ("fees_notice", clock.fees_notice),
            ("fee_received", clock.fee_received),
        )
        if on
    ]
    if clock.public_interest_extension:
        events.append(ClockEvent("public_interest_extension"))
    if clock.complexity_extension:
        events.append(ClockEvent("complexity_extension"))
    try:
        return compute_deadlines(
            case.regime,
            case.received,
            events=tuple(events),
            response_date=response_date,
            calendar=calendar,
        )
    except FoiError as exc:
        exc.where = exc.where or loaded.where("received")
        raise


def compose(loaded: LoadedCase, *, today: date | None = None) -> Letter:
    """Compose the letter for a loaded case."""
    return Composer(loaded, today=today or date.today()).compose()
