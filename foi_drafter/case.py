"""The case model: one FOI request and what happens to each of its questions.

The answers file (YAML) is this model written down; the questionnaire, the
renderer and the compliance checker all work on it. See docs/answers-file.md.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from foi_drafter.authority import Authority
from foi_drafter.dates import parse_date
from foi_drafter.errors import FoiError

RegimeId = Literal["foia", "eir", "foisa", "eisr"]
Level = Literal["would", "would be likely to"]
OutcomeKind = Literal["answered", "withheld", "ncnd", "not-held", "published", "future-publication"]


def _date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return parse_date(value, field="date")
    except FoiError as exc:
        raise ValueError(exc.message.removeprefix("date: ")) from None


CaseDate = Annotated[date, BeforeValidator(_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Requester(_Strict):
    """The person who asked. Personal data: never logged."""

    name: str | None = None
    salutation: str | None = Field(
        default=None, description="How to greet them, e.g. 'Mr Bartlett'; defaults to the name"
    )
    address: list[str] = Field(default_factory=list)
    email: str | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Requester:
        if not (self.name or self.email or self.address):
            raise ValueError("give at least the requester's name, email or address")
        return self


class Factor(_Strict):
    """A public-interest factor: a preset from the clause library, or free text."""

    preset: str | None = Field(default=None, description="Id of a pit-factor clause")
    text: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one(self) -> Factor:
        if (self.preset is None) == (self.text is None):
            raise ValueError("a factor is either 'preset: ID' or free text")
        return self


class PublicInterest(_Strict):
    """The public interest test for a qualified exemption or NCND provision."""

    for_disclosure: list[Factor] = Field(default_factory=list, alias="for")
    against_disclosure: list[Factor] = Field(default_factory=list, alias="against")
    balance: str | None = Field(
        default=None, description="Why the balance falls where it does, in the authority's words"
    )
    decision_by: CaseDate | None = Field(
        default=None,
        description="Not yet decided (FOIA s10(3)): the estimated date of the decision, s17(2)",
    )


class Exemption(_Strict):
    """One exemption (or NCND provision) relied on, with the authority's reasons."""

    provision: str = Field(description="e.g. s31(1)(a), s43(2), s31(3)")
    clause: str | None = Field(
        default=None, description="Clause id, if not the provision's default"
    )
    level: Level | None = Field(
        default=None, description="Prejudice level, for prejudice-based ones"
    )
    harm: str | None = Field(default=None, description="Why it applies, in the authority's words")
    public_interest: PublicInterest | None = None
    qualified_person: str | None = Field(
        default=None, description="s36: who gave the qualified person's opinion, and when"
    )
    variables: dict[str, Any] = Field(default_factory=dict)


class Question(_Strict):
    """A numbered question and its outcome."""

    text: str
    outcome: OutcomeKind
    answer: str | None = Field(default=None, description="The answer, or the part disclosed")
    enclosed: bool = Field(default=False, description="The information is enclosed")
    exemptions: list[Exemption] = Field(
        default_factory=list,
        description="withheld: one or more; ncnd: the NCND provision; published and "
        "future-publication: optional, defaults to s21/s22 (FOISA s25/s27)",
    )
    note: str | None = Field(default=None, description="Not held: searches made or who may hold it")
    where: str | None = Field(default=None, description="Published (s21): where it is")
    publication: str | None = Field(default=None, description="Future publication (s22): when")

    @model_validator(mode="after")
    def _complete(self) -> Question:
        if self.outcome == "answered" and not (self.answer or self.enclosed):
            raise ValueError("an answered question needs 'answer' or 'enclosed: true'")
        if self.outcome == "withheld" and not self.exemptions:
            raise ValueError("a withheld question needs at least one entry under 'exemptions'")
        if self.outcome == "ncnd" and len(self.exemptions) != 1:
            raise ValueError("an ncnd question needs exactly one NCND provision under 'exemptions'")
        if self.outcome == "published" and not self.where:
            raise ValueError("a published (s21) question needs 'where' it is published")
        if self.outcome in ("answered", "not-held") and self.exemptions:
            raise ValueError(f"'exemptions' do not apply to outcome '{self.outcome}'")
        return self


class CostActivity(_Strict):
    activity: str
    hours: float = Field(gt=0)


class WholeRequest(_Strict):
    """A refusal of the whole request: cost limit (s12), vexatious (s14(1)) or repeated (s14(2))."""

    ground: Literal["cost", "vexatious", "repeated"]
    estimate: list[CostActivity] = Field(default_factory=list, description="s12: the estimate")
    advice: str | None = Field(
        default=None, description="s12: advice on narrowing the request (s16)"
    )
    reasons: str | None = Field(default=None, description="s14(1): why the request is vexatious")
    earlier_request: str | None = Field(
        default=None, description="s14(2): the earlier request and when it was answered"
    )

    @model_validator(mode="after")
    def _complete(self) -> WholeRequest:
        if self.ground == "cost" and not self.estimate:
            raise ValueError("a cost refusal needs the 'estimate': activities and hours")
        if self.ground == "vexatious" and not self.reasons:
            raise ValueError("a vexatious refusal needs 'reasons'")
        if self.ground == "repeated" and not self.earlier_request:
            raise ValueError("a repeated-request refusal needs 'earlier_request'")
        return self

    @property
    def hours(self) -> float:
        return sum(item.hours for item in self.estimate)


class ParagraphChoice(_Strict):
    """An optional paragraph (OGL, direct marketing, further information, ...) and its variables."""

    id: str
    variables: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"id": value} if isinstance(value, str) else value


class Clock(_Strict):
    """Events that change the statutory clock (see foi-draft deadline)."""

    clarification_requested: CaseDate | None = None
    clarification_received: CaseDate | None = None
    fees_notice: CaseDate | None = None
    fee_received: CaseDate | None = None
    public_interest_extension: bool = False
    complexity_extension: bool = False


class Case(_Strict):
    """An answers file."""

    authority: str | Authority = Field(
        default="example",
        description="'example', a path to an authority.yaml (relative to this file), "
        "or the profile inline",
    )
    regime: RegimeId = "foia"
    reference: str
    requester: Requester
    received: CaseDate
    response_date: CaseDate | None = Field(default=None, description="Defaults to today")
    clock: Clock = Field(default_factory=Clock)
    request: str = Field(description="The request as the requester wrote it")
    questions: list[Question] = Field(default_factory=list)
    whole_request: WholeRequest | None = None
    paragraphs: list[ParagraphChoice] = Field(default_factory=list)
    enclosures: list[str] = Field(default_factory=list)
    signatory: dict[str, str] | None = Field(
        default=None, description="Overrides the profile's signatory: name, role"
    )
    clauses: list[str] = Field(default_factory=list, description="Extra clause overlay folders")

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        if not self.questions and not self.whole_request:
            raise ValueError(
                "give the 'questions' with their outcomes, or a 'whole_request' refusal"
            )
        return self

    def response_on(self, today: date) -> date:
        return self.response_date or today
