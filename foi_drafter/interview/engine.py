"""The interview engine: which question comes next, decided from the answers so far.

Plain Python, no terminal. Each question is a :class:`Step` (data); the engine
checks an answer, keeps it under the step's key, and builds the answers file's
dict (``data``) as it goes, then the :class:`~foi_drafter.case.Case`.

The flow is a generator that is replayed from the start on every call: a step
already answered is skipped (its stored answer checked again), the first one
unanswered is returned. So resuming a draft, going back to change one answer
and taking defaults from an earlier case need no special paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from foi_drafter.errors import FoiError

if TYPE_CHECKING:
    from foi_drafter.answers_file import LoadedCase
    from foi_drafter.authority import AuthorityProfile
    from foi_drafter.case import Case
    from foi_drafter.case_clock import Deadlines
    from foi_drafter.clause import LoadedClause
    from foi_drafter.interview.request import RequestFile
    from foi_drafter.library import ClauseLibrary
    from foi_drafter.provisions import Provision, ProvisionTable

StepKind = Literal["text", "long-text", "date", "select", "checkbox", "confirm", "autocomplete"]
Flow = Generator["Step", Any, Any]

PROFILE_KEY = "authority"
# The answers file's fields in the order its readers expect them (see examples/).
ANSWERS_ORDER = (
    "authority",
    "regime",
    "reference",
    "requester",
    "received",
    "response_date",
    "request",
    "questions",
    "whole_request",
    "paragraphs",
    "enclosures",
    "signatory",
)
QUESTION_PREFIX = "questions."

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://\S+\.\S+")
_ESTIMATE = re.compile(
    r"(?P<activity>.+?)\s*[:;,\u2013-]\s*(?P<hours>\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)?\.?"
)
_FACTOR_SIDES = {
    False: {"for": "for disclosure", "against": "for maintaining the exemption"},
    True: {"for": "for confirming or denying", "against": "against confirming or denying"},
}
_WHOLE_REQUEST = {  # ground -> the provision that gives it, as the regimes cite it
    "cost": ("s12", "Refuse the whole request: over the cost limit"),
    "vexatious": ("s14(1)", "Refuse the whole request: vexatious"),
    "repeated": ("s14(2)", "Refuse the whole request: repeated"),
}
# The exemptions behind "published" and "future publication" (as compose.OUTCOME_PROVISIONS).
_PUBLISHED = {"foia": ("s21", "s22"), "foisa": ("s25", "s27")}


class AnswerError(ValueError):
    """An answer that cannot be taken; the message says why, in one line."""


@dataclass(frozen=True)
class Choice:
    """One option of a select, checkbox or autocomplete step."""

    value: Any
    title: str
    meta: str = ""
    keywords: str = ""


@dataclass(frozen=True)
class Step:
    """One question: what to ask, how, and how to check the answer.

    ``default`` is what pressing Enter gives, in the form the officer types it
    (a date as 27/06/2024). ``notes`` and ``warnings`` are shown before the
    question; ``help`` explains it.
    """

    key: str
    kind: StepKind
    message: str
    default: Any = None
    choices: tuple[Choice, ...] = ()
    help: str | None = None
    required: bool = False
    validator: Callable[[Any], Any] | None = field(default=None, compare=False)
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    recheck: bool = True

    def parse(self, raw: Any) -> Any:
        """The value to keep for ``raw``; an AnswerError if it cannot be taken."""
        value = _PARSERS[self.kind](self, raw)
        return self.validator(value) if self.validator and value is not None else value

    def summary(self, value: Any) -> str:
        """A value on one line, for lists of answers."""
        titles = {c.value: c.title for c in self.choices}
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, list):
            text = ", ".join(str(titles.get(v, v)) for v in value) or "none"
        elif value in (None, ""):
            text = "(blank)"
        else:
            text = display_date(value) if self.kind == "date" else str(titles.get(value, value))
        return " ".join(text.split())


def display_date(value: str | date) -> str:
    """A stored date (ISO) as officers type it: 27/06/2024."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def _text(step: Step, raw: Any) -> str:
    value = "" if raw is None else str(raw).strip()
    if step.kind == "long-text":
        value = "\n".join(line.rstrip() for line in value.splitlines()).strip()
    if step.required and not value:
        raise AnswerError("this question needs an answer")
    return value


def _date(step: Step, raw: Any) -> str | None:
    from foi_drafter.dates import parse_date

    text = _text(step, raw.isoformat() if isinstance(raw, date) else raw)
    if not text:
        return None
    try:
        return parse_date(text).isoformat()
    except FoiError as exc:
        raise AnswerError(exc.message.removeprefix("date: ")) from None


def _select(step: Step, raw: Any) -> Any:
    if raw not in {c.value for c in step.choices}:
        raise AnswerError("choose one of the options listed")
    return raw


def _checkbox(step: Step, raw: Any) -> list[Any]:
    values = list(raw or [])
    known = {c.value for c in step.choices}
    if any(v not in known for v in values):
        raise AnswerError("choose from the options listed")
    if step.required and not values:
        raise AnswerError("select at least one option (space to select)")
    return values


def _confirm(step: Step, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise AnswerError("answer yes or no")
    return raw


_PARSERS: dict[str, Callable[[Step, Any], Any]] = {
    "text": _text,
    "long-text": _text,
    "date": _date,
    "select": _select,
    "checkbox": _checkbox,
    "confirm": _confirm,
    "autocomplete": _text,
}


def lines_of(text: str | None) -> list[str]:
    """The non-blank lines of a long-text answer."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def guess_salutation(name: str) -> str:
    """``Mr Jonathon Bartlett`` -> ``Mr Bartlett``; a name without a title stays whole."""
    words = name.split()
    titles = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev"}
    if len(words) > 2 and words[0].rstrip(".").casefold() in titles:
        return f"{words[0]} {words[-1]}"
    return name


def parse_estimate(text: str) -> list[dict[str, Any]]:
    """``Locating the files: 12`` lines -> the s12 estimate's activities and hours."""
    estimate = []
    for number, line in enumerate(lines_of(text), start=1):
        match = _ESTIMATE.fullmatch(line)
        if not match or float(match["hours"]) <= 0:
            raise AnswerError(
                f"line {number}: end it with the hours, e.g. 'Locating the files: 12'"
            )
        hours = float(match["hours"])
        estimate.append(
            {"activity": match["activity"], "hours": int(hours) if hours.is_integer() else hours}
        )
    return estimate


def optional_paragraphs(library: ClauseLibrary, regime: str) -> list[LoadedClause]:
    """The paragraph clauses an officer may add: those the letter template does not name
    itself, and ``enclosures`` (added with the list of documents enclosed)."""
    from foi_drafter.resources import templates_dir

    template = (templates_dir() / "letter.md.j2").read_text(encoding="utf-8")
    in_letter = set(re.findall(r'"([a-z0-9][a-z0-9-]*)"', template)) - {"enclosures"}
    return [
        c
        for c in library
        if c.clause.kind == "paragraph" and regime in c.clause.regimes and c.id not in in_letter
    ]


class Interview:
    """The questionnaire's state: the answers so far and the answers file they make.

    ``base`` is the folder the answers file will be written to; ``profile`` a
    profile already chosen (``--profile``, or ``authority.yaml`` in the folder);
    ``prior`` an earlier answers file whose answers become defaults (``--from``);
    ``answers`` the answers of a draft being resumed.
    """

    def __init__(
        self,
        *,
        base: Path,
        today: date,
        cwd: Path | None = None,
        profile: str | None = None,
        prior: Mapping[str, Any] | None = None,
        prior_base: Path | None = None,
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        self.base = base.resolve()
        self.today = today
        self.cwd = (cwd or Path.cwd()).resolve()
        self.prior = dict(prior or {})
        self.prior_base = (prior_base or self.cwd).resolve()
        self.answers: dict[str, Any] = dict(answers or {})
        if profile is not None:
            self.answers[PROFILE_KEY] = profile
        self.previous: dict[str, Any] = {}
        self.data: dict[str, Any] = {}
        self.question_texts: list[str] | None = None
        self.finished = False
        self._errors: dict[str, str] = {}
        self._history: list[tuple[Step, Any]] = []
        self._profiles: dict[str, AuthorityProfile] = {}
        self._libraries: dict[str, ClauseLibrary] = {}

    # --- driving -------------------------------------------------------------------------

    def next_step(self) -> Step | None:
        """The first unanswered step, or None when the interview is complete."""
        while True:
            self.data, self._history, self.finished = {}, [], False
            flow = self._flow()
            try:
                step = next(flow)
                while step.key in self.answers:
                    value = self.answers[step.key]
                    if step.recheck:
                        try:
                            value = step.parse(value)
                        except AnswerError as exc:
                            self._errors[step.key] = f"{exc}; please answer again"
                            self.previous[step.key] = self.answers.pop(step.key)
                            break
                    self._history.append((step, value))
                    step = flow.send(value)
                else:
                    return step
            except StopIteration:
                self.finished = True
                return None

    def check(self, step: Step, raw: Any) -> str | None:
        """Why ``raw`` cannot answer ``step``, or None if it can."""
        try:
            step.parse(raw)
        except AnswerError as exc:
            return str(exc)
        return None

    def answer(self, step: Step, raw: Any) -> Step | None:
        """Keep the answer to ``step`` (AnswerError if it cannot be taken); the next step."""
        value = step.parse(raw)
        before = self.question_texts
        self.answers[step.key] = value
        self.previous.pop(step.key, None)
        self._errors.pop(step.key, None)
        following = self.next_step()
        if before is not None and self.question_texts is not None and before != self.question_texts:
            for key in [k for k in self.answers if k.startswith(QUESTION_PREFIX)]:
                self.previous[key] = self.answers.pop(key)
            following = self.next_step()
        return following

    def history(self) -> list[tuple[Step, Any]]:
        """The steps answered on the way to the current one, with their answers."""
        return list(self._history)

    def reopen(self, key: str) -> None:
        """Ask ``key`` again, with its answer as the default; later answers are kept."""
        if key in self.answers:
            self.previous[key] = self.answers.pop(key)

    @property
    def reference(self) -> str | None:
        return self.answers.get("reference") or None

    def answers_file(self) -> dict[str, Any]:
        """The answers file as far as it goes, its fields in the usual order."""
        return {key: self.data[key] for key in ANSWERS_ORDER if key in self.data}

    def case(self) -> Case:
        """The finished interview as a validated Case."""
        from pydantic import ValidationError

        from foi_drafter.case import Case

        if not self.finished:
            raise FoiError("the questionnaire is not finished yet")
        try:
            return Case.model_validate(self.data)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"]) or "answers"
            raise FoiError(f"{where}: {error['msg']}") from None

    def loaded(self) -> LoadedCase:
        """The Case with its profile and clause library, checked against the regime."""
        from foi_drafter.answers_file import prepare

        profile = self._profile(self.data["authority"])
        return prepare(
            self.case(), base=self.base, source="your answers", library=self._library(profile)
        )

    # --- helpers for the flow ------------------------------------------------------------

    def _ask(self, key: str, kind: StepKind, message: str, **options: Any) -> Step:
        default = self.previous.get(key, options.pop("default", None))
        if kind == "date" and default:
            default = display_date(default)
        elif kind == "long-text" and isinstance(default, list):
            default = "\n".join(str(item) for item in default)
        elif kind in ("text", "long-text", "autocomplete") and default is not None:
            default = str(default)
        if kind == "select" and default not in {c.value for c in options.get("choices", ())}:
            default = options["choices"][0].value
        warnings = options.pop("warnings", ())
        if key in self._errors:
            warnings = (*warnings, self._errors[key])
        return Step(key, kind, message, default=default, warnings=tuple(warnings), **options)

    def _profile(self, reference: str) -> AuthorityProfile:
        from foi_drafter.authority import bundled_profile_path, load_profile

        if reference not in self._profiles:
            path = bundled_profile_path() if reference == "example" else Path(reference)
            self._profiles[reference] = load_profile(path)
        return self._profiles[reference]

    def _library(self, profile: AuthorityProfile) -> ClauseLibrary:
        from foi_drafter.library import load_library

        if profile.source not in self._libraries:
            self._libraries[profile.source] = load_library(profile.clause_dirs())
        return self._libraries[profile.source]

    def _check_profile(self, value: str) -> str:
        if value == "example":
            return value
        path = (self.cwd / Path(value).expanduser()).resolve()
        if path.is_dir():
            path = path / "authority.yaml"
        try:
            self._profile(str(path))
        except FoiError as exc:
            raise AnswerError(exc.message) from None
        return str(path)

    def _authority_value(self, reference: str) -> str:
        """How the answers file names the profile: relative to its folder when inside it."""
        if reference == "example":
            return reference
        path = Path(reference)
        return str(path.relative_to(self.base)) if path.is_relative_to(self.base) else str(path)

    def _prior_profile(self) -> str:
        authority = self.prior.get("authority")
        if isinstance(authority, str) and authority != "example":
            return str((self.prior_base / authority).resolve())
        return "example"

    def _prior_question(self, index: int) -> dict[str, Any]:
        questions = self.prior.get("questions") or []
        if not questions:
            return {}
        found = questions[min(index, len(questions) - 1)]
        return found if isinstance(found, dict) else {}

    def _prior_shared(self, index: int) -> bool:
        questions = [q for q in self.prior.get("questions") or [] if isinstance(q, dict)]
        rest = questions[index:]
        signatures = {
            json.dumps({k: v for k, v in q.items() if k != "text"}, default=str) for q in rest
        }
        return len(rest) > 1 and len(signatures) == 1

    def _deadlines(self, profile: AuthorityProfile, regime: str, received: str) -> Deadlines:
        from foi_drafter.case_clock import compute_deadlines
        from foi_drafter.holidays_file import load_holidays_file
        from foi_drafter.working_day import WorkingDayCalendar

        extra_file = profile.path(profile.authority.holidays_file)
        extra = load_holidays_file(extra_file) if extra_file else ()
        calendar = WorkingDayCalendar.for_regime(regime, extra)
        return compute_deadlines(regime, date.fromisoformat(received), calendar=calendar)

    # --- the flow ------------------------------------------------------------------------

    def _flow(self) -> Flow:
        from foi_drafter.formatting import long_date
        from foi_drafter.provisions import load_provisions
        from foi_drafter.regime import REGIME_IDS, load_regime

        d = self.data
        reference = yield self._ask(
            PROFILE_KEY,
            "text",
            "Which authority profile should the letter use?",
            default=self._prior_profile(),
            required=True,
            validator=self._check_profile,
            help="The path of your authority.yaml, or 'example' for the bundled example council.",
        )
        profile = self._profile(reference)
        library = self._library(profile)
        d["authority"] = self._authority_value(reference)
        regimes = tuple(
            Choice(r, f"{load_regime(r).short_name}: {load_regime(r).name}") for r in REGIME_IDS
        )
        scottish = profile.authority.regulator == "sic"
        regime = yield self._ask(
            "regime",
            "select",
            "Which law is the request handled under?",
            choices=regimes,
            default=self.prior.get("regime") or ("foisa" if scottish else "foia"),
        )
        d["regime"] = regime
        d["reference"] = yield self._ask(
            "reference",
            "text",
            "Our reference for this request",
            required=True,
            validator=_one_line,
        )
        found = yield from self._request()
        yield from self._requester(found)
        received = yield self._ask(
            "received",
            "date",
            "Date the request was received",
            default=(found.sent if found and found.sent else self.today).isoformat(),
            required=True,
            validator=lambda v: self._check_received(profile, regime, v),
            help="For example 27/06/2024 or 2024-06-27.",
        )
        d["received"] = date.fromisoformat(received)
        deadlines = self._deadlines(profile, regime, received)
        due = deadlines.response_due
        days = load_regime(regime).response_working_days
        notes = (
            (f"Response due by {long_date(due)} ({days} working days after receipt).",)
            if due
            else ()
        )
        late = (
            (f"The response due date, {long_date(due)}, has passed.",)
            if due and due < self.today
            else ()
        )
        response = yield self._ask(
            "response_date",
            "date",
            "Date of this response",
            default=self.today.isoformat(),
            required=True,
            notes=notes,
            warnings=late,
            validator=lambda v: _not_before(v, received),
        )
        d["response_date"] = date.fromisoformat(response)
        questions = yield from self._split(d["request"])
        self.question_texts = questions
        table = load_provisions(regime)
        yield from self._outcomes(questions, profile, library, table)
        yield from self._paragraphs(library, regime, due, d["response_date"])
        yield from self._signatory(profile)

    def _request(self) -> Flow:
        from foi_drafter.interview.request import read_request_file

        source = yield self._ask(
            "request.source",
            "select",
            "How will you give the request?",
            choices=(
                Choice("paste", "Paste or type it here"),
                Choice("file", "Read it from a .txt file or an .eml email"),
            ),
        )
        found = None
        if source == "file":
            path = yield self._ask(
                "request.file",
                "text",
                "Path of the .txt or .eml file",
                required=True,
                validator=self._check_request_file,
                recheck=False,
            )
            try:
                found = read_request_file(Path(path))
            except FoiError:
                found = None
            message = "The request as read from the file (edit it if needed)"
        else:
            message = "Paste or type the request, as the requester wrote it"
        self.data["request"] = yield self._ask(
            "request",
            "long-text",
            message,
            default=found.text if found else None,
            required=True,
        )
        return found

    def _check_request_file(self, value: str) -> str:
        if not value:
            return value
        from foi_drafter.interview.request import read_request_file

        path = (self.cwd / Path(value.strip("'\"")).expanduser()).resolve()
        try:
            read_request_file(path)
        except FoiError as exc:
            raise AnswerError(exc.message) from None
        return str(path)

    def _requester(self, found: RequestFile | None) -> Flow:
        name = yield self._ask(
            "requester.name",
            "text",
            "Requester's name, as the letter should address them",
            default=found.sender_name if found else None,
            help="Leave blank if they gave no name.",
        )
        requester: dict[str, Any] = {}
        if name:
            requester["name"] = name
            requester["salutation"] = yield self._ask(
                "requester.salutation",
                "text",
                "Greeting: Dear ...",
                default=guess_salutation(name),
                required=True,
            )
        email = yield self._ask(
            "requester.email",
            "text",
            "Requester's email address (blank to reply by post)",
            default=found.sender_email if found else None,
            validator=_email,
        )
        if email:
            requester["email"] = email
        else:
            address = yield self._ask(
                "requester.address",
                "long-text",
                "Requester's postal address, one line each",
                required=True,
            )
            requester["address"] = lines_of(address)
        self.data["requester"] = requester

    def _check_received(self, profile: AuthorityProfile, regime: str, value: str) -> str:
        if date.fromisoformat(value) > self.today:
            raise AnswerError(f"{display_date(value)} is in the future; give the date it arrived")
        try:
            self._deadlines(profile, regime, value)
        except FoiError as exc:
            raise AnswerError(exc.message) from None
        return value

    def _split(self, request: str) -> Flow:
        from foi_drafter.interview.request import question_lines, split_questions

        detected = split_questions(request)
        listed = tuple(f"{n}. {text}" for n, text in enumerate(detected, start=1))
        what = "one question" if len(detected) == 1 else f"these {len(detected)} questions"
        keep = yield self._ask(
            "split.ok",
            "confirm",
            f"Treat the request as {what}?",
            default=True,
            notes=listed,
        )
        if keep:
            return detected
        edited = yield self._ask(
            "split.edit",
            "long-text",
            "The questions, one per line",
            default=detected,
            required=True,
            validator=_has_questions,
        )
        return question_lines(edited)

    def _outcomes(
        self,
        texts: list[str],
        profile: AuthorityProfile,
        library: ClauseLibrary,
        table: ProvisionTable,
    ) -> Flow:
        d = self.data
        d["questions"] = []
        sections = _PUBLISHED.get(d["regime"])
        outcomes = [
            Choice("answered", "Answered: give the information"),
            Choice("withheld", "Withheld under one or more exemptions"),
            Choice("ncnd", "Neither confirm nor deny that it is held (NCND)"),
            Choice("not-held", "Not held"),
            Choice("published", "Published elsewhere" + (f" ({sections[0]})" if sections else "")),
            Choice(
                "future-publication",
                "Future publication" + (f" ({sections[1]})" if sections else ""),
            ),
        ]
        whole = [
            Choice(ground, f"{label} ({provision})")
            for ground, (provision, label) in _WHOLE_REQUEST.items()
            if (found := table.get(provision)) is not None and found.kind == "refusal"
        ]
        if not table.by_kind("ncnd"):
            outcomes = [c for c in outcomes if c.value != "ncnd"]
        index = 0
        while index < len(texts):
            prior = self._prior_question(index)
            default = (self.prior.get("whole_request") or {}).get("ground") if index == 0 else None
            outcome = yield self._ask(
                f"questions.{index}.outcome",
                "select",
                f"Question {index + 1} of {len(texts)}: what is the outcome?",
                choices=tuple(outcomes + (whole if index == 0 else [])),
                default=default or prior.get("outcome"),
                notes=(f"Question {index + 1}: {texts[index]}",),
            )
            if outcome in _WHOLE_REQUEST:
                d["questions"] = []
                d["whole_request"] = yield from self._whole_request(outcome, profile)
                return
            question: dict[str, Any] = {"text": texts[index], "outcome": outcome}
            yield from self._outcome_details(index, question, prior, profile, library, table)
            d["questions"].append(question)
            rest = list(range(index + 2, len(texts) + 1))
            if outcome != "answered" and rest:
                share = yield self._ask(
                    f"questions.{index}.share",
                    "confirm",
                    f"Apply this outcome to {_numbers_label(rest)} as well?",
                    default=self._prior_shared(index),
                )
                if share:
                    for text in texts[index + 1 :]:
                        d["questions"].append({**question, "text": text})
                    return
            index += 1

    def _outcome_details(
        self,
        index: int,
        question: dict[str, Any],
        prior: Mapping[str, Any],
        profile: AuthorityProfile,
        library: ClauseLibrary,
        table: ProvisionTable,
    ) -> Flow:
        key, outcome = f"questions.{index}", question["outcome"]
        if outcome == "answered":
            question["answer"] = yield self._ask(
                f"{key}.answer",
                "long-text",
                f"The answer to question {index + 1}",
                default=prior.get("answer"),
                required=True,
            )
        elif outcome == "not-held":
            note = yield self._ask(
                f"{key}.note",
                "text",
                "Not held: the searches made, or who may hold it (optional)",
                default=prior.get("note"),
            )
            if note:
                question["note"] = note
        elif outcome == "published":
            question["where"] = yield self._ask(
                f"{key}.where",
                "text",
                "Where is it published? A web address, or where to find it",
                default=prior.get("where"),
                required=True,
            )
        elif outcome == "future-publication":
            when = yield self._ask(
                f"{key}.publication",
                "text",
                "When and where will it be published? (optional)",
                default=prior.get("publication"),
            )
            if when:
                question["publication"] = when
            section = (_PUBLISHED.get(self.data["regime"]) or (None, None))[1]
            provision = table.get(section) if section else None
            if provision is not None and provision.qualified:
                before = (prior.get("exemptions") or [{}])[0]
                public_interest = yield from self._public_interest(
                    f"{key}.exemptions.0",
                    provision,
                    library,
                    self.data["regime"],
                    False,
                    before.get("public_interest") or {},
                )
                question["exemptions"] = [
                    {"provision": provision.id, "public_interest": public_interest}
                ]
        else:
            question["exemptions"] = yield from self._exemptions(
                key, outcome == "ncnd", prior, library, table
            )

    def _exemptions(
        self,
        key: str,
        ncnd: bool,
        prior: Mapping[str, Any],
        library: ClauseLibrary,
        table: ProvisionTable,
    ) -> Flow:
        regime = self.data["regime"]
        earlier = [e for e in prior.get("exemptions") or [] if isinstance(e, dict)]
        kind = "ncnd" if ncnd else "exemption"
        exemptions: list[dict[str, Any]] = []
        choices = tuple(
            Choice(
                p.id,
                f"{p.id:<12} {p.status:<9} {p.summary}",
                keywords=" ".join((*p.aliases, p.title)),
            )
            for p in table.by_kind(kind)
        )
        number = 0
        while True:
            prefix = f"{key}.exemptions.{number}"
            before = earlier[min(number, len(earlier) - 1)] if earlier else {}
            what = "neither-confirm-nor-deny provision" if ncnd else "exemption"
            provision_id = yield self._ask(
                f"{prefix}.provision",
                "autocomplete",
                f"Which {what}? Type to search",
                choices=choices,
                default=before.get("provision"),
                required=True,
                validator=lambda v: _check_provision(v, table, library, regime, kind, choices),
                help="Search by section or words, e.g. 's31' or 'crime'; Tab shows the list.",
            )
            provision = table.require(provision_id)
            exemption: dict[str, Any] = {"provision": provision.id}
            clause = yield from self._clause(prefix, provision, library, regime, kind, before)
            if clause.id != library.for_provision(provision.id, regime, kind)[0].id:
                exemption["clause"] = clause.id
            yield from self._reasons(prefix, provision, exemption, before, ncnd)
            if provision.qualified:
                exemption["public_interest"] = yield from self._public_interest(
                    prefix, provision, library, regime, ncnd, before.get("public_interest") or {}
                )
            variables = yield from self._variables(prefix, clause, before.get("variables") or {})
            if variables:
                exemption["variables"] = variables
            exemptions.append(exemption)
            if ncnd:
                return exemptions
            more = yield self._ask(
                f"{prefix}.more",
                "confirm",
                "Withhold it under another exemption as well?",
                default=len(earlier) > number + 1,
            )
            if not more:
                return exemptions
            number += 1

    def _clause(
        self,
        prefix: str,
        provision: Provision,
        library: ClauseLibrary,
        regime: str,
        kind: str,
        before: Mapping[str, Any],
    ) -> Flow:
        found = library.for_provision(provision.id, regime, kind)
        if len(found) == 1:
            return found[0]
        chosen = yield self._ask(
            f"{prefix}.clause",
            "select",
            f"Which wording for {provision.id}?",
            choices=tuple(Choice(c.id, f"{c.id}: {c.clause.title}") for c in found),
            default=before.get("clause"),
        )
        return library.require(chosen)

    def _reasons(
        self,
        prefix: str,
        provision: Provision,
        exemption: dict[str, Any],
        before: Mapping[str, Any],
        ncnd: bool,
    ) -> Flow:
        likely = "would be likely to"
        if provision.prejudice_based:
            exemption["level"] = yield self._ask(
                f"{prefix}.level",
                "select",
                "How likely is the harm?",
                choices=(
                    Choice("would", "Would: more probable than not"),
                    Choice(likely, "Would be likely to: a real and significant risk"),
                ),
                default=before.get("level") or likely,
            )
        subject = "confirming or denying" if ncnd else "disclosure"
        if provision.prejudice_based:
            level = "be likely to " if exemption["level"] == likely else ""
            harm = provision.harm_wording or "prejudice"
            matter = provision.interest or f"what {provision.id} protects"
            message = f"Why would {subject} {level}{harm} {matter}?"
        else:
            message = f"Why does {provision.id} apply? (optional)"
        harm_answer = yield self._ask(
            f"{prefix}.harm",
            "text",
            message,
            default=before.get("harm"),
            required=provision.prejudice_based,
            help="In your own words; the letter puts them after 'because'.",
        )
        if harm_answer:
            exemption["harm"] = harm_answer
        if "qualified-person-opinion" in provision.needs:
            exemption["qualified_person"] = yield self._ask(
                f"{prefix}.qualified_person",
                "text",
                "Who gave the qualified person's opinion, and when?",
                default=before.get("qualified_person"),
                required=True,
            )

    def _public_interest(
        self,
        prefix: str,
        provision: Provision,
        library: ClauseLibrary,
        regime: str,
        ncnd: bool,
        before: Mapping[str, Any],
    ) -> Flow:
        result: dict[str, Any] = {}
        provisions = (provision.id, *provision.ncnd_for)
        for side, label in _FACTOR_SIDES[ncnd].items():
            presets: dict[str, LoadedClause] = {}
            for pid in provisions:
                presets.update({c.id: c for c in library.presets(pid, regime, side)})
            earlier = before.get(side) or []
            chosen: list[str] = []
            if presets:
                chosen = yield self._ask(
                    f"{prefix}.public_interest.{side}.presets",
                    "checkbox",
                    f"Factors {label}?",
                    choices=tuple(Choice(i, c.clause.title) for i, c in presets.items()),
                    default=[
                        f["preset"]
                        for f in earlier
                        if isinstance(f, dict) and f.get("preset") in presets
                    ],
                )
            own = [f if isinstance(f, str) else f.get("text") for f in earlier]
            free = yield self._ask(
                f"{prefix}.public_interest.{side}.text",
                "long-text",
                f"{'Other factors' if presets else 'Factors'} {label}, one per line",
                default=[f for f in own if f],
                validator=lambda v, chosen=chosen, label=label: _factors(v, chosen, label),
                required=not chosen,
            )
            result[side] = [{"preset": p} for p in chosen] + lines_of(free)
        balance = yield self._ask(
            f"{prefix}.public_interest.balance",
            "text",
            "Your conclusion on the balance (optional)",
            default=before.get("balance"),
            help="It follows 'On balance we have concluded that'.",
        )
        if balance:
            result["balance"] = balance
        return result

    def _variables(self, prefix: str, clause: LoadedClause, earlier: Mapping[str, Any]) -> Flow:
        values: dict[str, Any] = {}
        for variable in clause.clause.variables:
            kind, validator = _VARIABLE_KINDS[variable.type]
            default = earlier.get(variable.name, variable.default)
            if variable.type == "bool":
                default = bool(default)
            options: dict[str, Any] = {}
            if variable.type == "choice":
                options["choices"] = tuple(Choice(c, c) for c in variable.choices)
            value = yield self._ask(
                f"{prefix}.variables.{variable.name}",
                kind,
                variable.prompt,
                default=default,
                help=variable.help,
                validator=validator,
                required=variable.required and variable.default is None and kind != "confirm",
                **options,
            )
            if variable.type == "list":
                value = lines_of(value)
            if value not in (None, "", []):
                values[variable.name] = value
        return values

    def _whole_request(self, ground: str, profile: AuthorityProfile) -> Flow:
        before = self.prior.get("whole_request") or {}
        refusal: dict[str, Any] = {"ground": ground}
        if ground == "cost":
            authority = profile.authority
            earlier = "\n".join(
                f"{item.get('activity')}: {item.get('hours')}"
                for item in before.get("estimate") or []
            )
            estimate = yield self._ask(
                "whole.estimate",
                "long-text",
                "The estimate: each activity on its own line, ending with its hours",
                default=earlier or None,
                required=True,
                validator=lambda v: _over_limit(v, authority.cost_limit_hours),
                help="For example 'Locating the files: 12'. Staff time counts at £25 an hour.",
            )
            refusal["estimate"] = parse_estimate(estimate)
            refusal["advice"] = yield self._ask(
                "whole.advice",
                "long-text",
                "Advice and assistance (s16): how could the requester narrow the request?",
                default=before.get("advice"),
                required=True,
            )
        elif ground == "vexatious":
            refusal["reasons"] = yield self._ask(
                "whole.reasons",
                "long-text",
                "Why is the request vexatious?",
                default=before.get("reasons"),
                required=True,
            )
        else:
            refusal["earlier_request"] = yield self._ask(
                "whole.earlier_request",
                "text",
                "The earlier request: its reference and when you answered it",
                default=before.get("earlier_request"),
                required=True,
            )
        return refusal

    def _paragraphs(
        self, library: ClauseLibrary, regime: str, due: date | None, response: date
    ) -> Flow:
        optional = optional_paragraphs(library, regime)
        if not optional:
            return
        earlier = {
            (p if isinstance(p, str) else p.get("id")): (
                {} if isinstance(p, str) else p.get("variables") or {}
            )
            for p in self.prior.get("paragraphs") or []
        }
        if self.prior.get("enclosures"):
            earlier["enclosures"] = {}
        if due and response > due:
            earlier.setdefault("late-response-apology", {})
        chosen = yield self._ask(
            "paragraphs",
            "checkbox",
            "Optional paragraphs to add",
            choices=tuple(Choice(c.id, c.clause.title) for c in optional),
            default=[c.id for c in optional if c.id in earlier],
        )
        paragraphs: list[Any] = []
        for clause in (c for c in optional if c.id in chosen):
            if clause.id == "enclosures":
                enclosures = yield self._ask(
                    "enclosures",
                    "long-text",
                    "The documents enclosed, one per line",
                    default=self.prior.get("enclosures"),
                    required=True,
                )
                self.data["enclosures"] = lines_of(enclosures)
                continue
            variables = yield from self._variables(
                f"paragraphs.{clause.id}", clause, earlier.get(clause.id, {})
            )
            paragraphs.append({"id": clause.id, "variables": variables} if variables else clause.id)
        if paragraphs:
            self.data["paragraphs"] = paragraphs

    def _signatory(self, profile: AuthorityProfile) -> Flow:
        signatory = profile.authority.signatory
        before = self.prior.get("signatory") or {}
        who = ", ".join(part for part in (signatory.name, signatory.role) if part)
        keep = yield self._ask(
            "signatory.ok",
            "confirm",
            f"Sign the letter as {who}?",
            default=not before,
        )
        if keep:
            return
        name = yield self._ask(
            "signatory.name",
            "text",
            "Signed by (name; blank for the role only)",
            default=before.get("name", signatory.name),
        )
        role = yield self._ask(
            "signatory.role",
            "text",
            "Their role",
            default=before.get("role", signatory.role),
            required=True,
        )
        self.data["signatory"] = {"name": name, "role": role} if name else {"role": role}


def _one_line(value: str) -> str:
    if "\n" in value:
        raise AnswerError("give it on one line")
    return value


def _email(value: str) -> str:
    if value and not _EMAIL.fullmatch(value):
        raise AnswerError("that does not look like an email address (name@example.org)")
    return value


def _url(value: str) -> str:
    if value and not _URL.fullmatch(value):
        raise AnswerError("give a web address starting with https:// or http://")
    return value


def _number(value: str) -> int | float | str:
    if value == "":
        return value
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise AnswerError("give a number, e.g. 12 or 2.5") from None
    return int(number) if number.is_integer() else number


def _not_before(value: str, received: str) -> str:
    if value < received:
        raise AnswerError(
            f"the response cannot be dated before the request was received "
            f"({display_date(received)})"
        )
    return value


def _numbers_label(numbers: list[int]) -> str:
    """``question 3``, ``questions 2 and 3``, ``questions 2 to 7``."""
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    joiner = " and " if len(numbers) == 2 else " to "
    return f"questions {numbers[0]}{joiner}{numbers[-1]}"


def _has_questions(value: str) -> str:
    if not lines_of(value):
        raise AnswerError("give at least one question")
    return value


def _factors(value: str, chosen: list[str], label: str) -> str:
    if not chosen and not lines_of(value):
        raise AnswerError(f"give at least one factor {label}, or tick one above")
    return value


def _over_limit(value: str, limit_hours: int) -> str:
    hours = sum(item["hours"] for item in parse_estimate(value))
    if hours <= limit_hours:
        raise AnswerError(
            f"{hours:g} hours is not over the {limit_hours}-hour limit: s12 does not apply"
        )
    return value


def _check_provision(
    value: str,
    table: ProvisionTable,
    library: ClauseLibrary,
    regime: str,
    kind: str,
    choices: tuple[Choice, ...],
) -> str:
    """The id of the provision ``value`` names, if it fits the outcome and has a clause.

    Messages stay within one 80-column line: the prompt shows one line of error.
    """
    text = {c.title: c.value for c in choices}.get(value, value)
    provision = table.get(text)
    if provision is None:
        words = text.casefold().split()
        found = [
            c.value
            for c in choices
            if all(word in f"{c.value} {c.title} {c.keywords}".casefold() for word in words)
        ]
        if found:
            raise AnswerError(f"choose one: {', '.join(found[:5])}")
        raise AnswerError(f"{text} is not in the list; press Tab to see it")
    if kind == "ncnd" and provision.kind == "exemption":
        ncnd = table.ncnd_provision(provision.id)
        if ncnd is None:
            raise AnswerError(f"{provision.id} has no neither-confirm-nor-deny provision")
        provision = ncnd
    if provision.kind == "refusal":
        raise AnswerError(f"{provision.id} refuses the whole request: choose it as the outcome")
    if provision.kind != kind:
        raise AnswerError(f"{provision.id} is an NCND provision: choose the NCND outcome")
    if not library.for_provision(provision.id, regime, kind):
        raise AnswerError(f"the clause library has no wording for {provision.id}; choose another")
    return provision.id


_VARIABLE_KINDS: dict[str, tuple[StepKind, Callable[[Any], Any] | None]] = {
    "text": ("text", None),
    "long-text": ("long-text", None),
    "date": ("date", None),
    "number": ("text", _number),
    "url": ("text", _url),
    "email": ("text", _email),
    "choice": ("select", None),
    "list": ("long-text", None),
    "bool": ("confirm", None),
}
