"""Compliance checks: does a response letter contain what the law requires of a refusal notice?

The rules' ids, titles, severities and legal references are in
``foi_drafter/data/compliance-rules.yaml``; their logic is here, one function per rule.
A letter is checked in one of two ways:

- :func:`check_letter`: a composed letter, with its case. Rules use the case (the
  exemptions relied on, their levels and reasons, the dates) and the letter's text.
- :func:`check_text`: a letter read back from DOCX, text only. Rules that need the
  case (timing, the authority's body, the officer's own reasons) are skipped; the rest
  judge the text by its wording, in English.

The text is read as ``markup.to_text`` and ``docx_reader`` write it: blocks separated by
blank lines. A block of one short line without closing punctuation is taken as a
heading, and headings split the letter into sections; a section that neither confirms
nor denies is where NCND wording is checked for leaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from foi_drafter.errors import FoiError
from foi_drafter.resources import data_dir

if TYPE_CHECKING:
    from foi_drafter.answers_file import LoadedCase
    from foi_drafter.authority import Regulator
    from foi_drafter.case import Case, Exemption, Question
    from foi_drafter.compose import Letter
    from foi_drafter.provisions import Provision, ProvisionTable
    from foi_drafter.working_day import WorkingDayCalendar

SEVERITIES = ("error", "warning")
REGIMES = ("foia", "eir", "foisa", "eisr")
RULES_FILE = "compliance-rules.yaml"
LATE_APOLOGY = "late-response-apology"

# What each regime's letters must cite for the regulator right (R11, reg 14(5)(b), s19).
_REGULATOR_CITATION = {
    "foia": ("section 50", r"\bsection\s+50\b"),
    "eir": ("regulation 18", r"\bregulation\s+18\b"),
    "foisa": ("section 47", r"\bsection\s+47\b"),
    "eisr": ("section 47", r"\bsection\s+47\b"),
}
_REGULATOR_NAME = {
    "foia": r"\bInformation Commission",
    "eir": r"\bInformation Commission",
    "foisa": r"\bScottish Information Commissioner",
    "eisr": r"\bScottish Information Commissioner",
}
_REFUSAL_PROVISION = {
    "foia": "section 17",
    "eir": "regulation 14",
    "foisa": "section 16",
    "eisr": "regulation 13",
}
_WHOLE_REQUEST = {"cost": "s12", "vexatious": "s14(1)", "repeated": "s14(2)"}
# The Acts' names, to tell a read-back letter's regime from its first mention of one.
_ACTS = (
    ("eisr", "Environmental Information (Scotland) Regulations"),
    ("foisa", "Freedom of Information (Scotland) Act"),
    ("eir", "Environmental Information Regulations"),
    ("foia", "Freedom of Information Act"),
)

_I = re.IGNORECASE
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr"
)
_LONG_DATE = re.compile(rf"\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b")
_CITATION = re.compile(
    r"\b(?:sections?|regulations?|regs?\.?|s\.?)\s?\d+[A-Za-z]{0,2}(?:\([0-9A-Za-z]{1,4}\))*", _I
)
_HEADING_END = tuple(".:;,?!)\"'\u2019\u201d")
_NCND_MARKER = re.compile(
    r"neither\s+confirm\w*\s+nor\s+den\w*|confirm(?:ing)?\s+or\s+deny(?:ing)?|\bNCND\b", _I
)
_REFUSAL_NOTICE = re.compile(r"\brefusal\s+notice\b", _I)
_REVIEW_WORDS = re.compile(r"\breview\b|\breconsider|\brepresentations\b", _I)
_NO_DECISION = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:reached|made|taken)\s+a\s+decision|\bno\s+decision\s+has\s+(?:yet\s+)?been",
    _I,
)
_PIT_FOR = re.compile(
    r"\b(?:in\s+favour\s+of|for)\s+(?:disclos\w*|releas\w*|confirming\b|openness)", _I
)
_PIT_AGAINST = re.compile(
    r"\b(?:in\s+favour\s+of|for)\s+(?:maintaining|withholding|non-disclosure|not\s+disclos\w*"
    r"|neither\s+confirm\w*)|\bagainst\s+(?:disclos\w*|releas\w*|confirming)",
    _I,
)
_PIT_TEST = re.compile(r"\bpublic\s+interest\s+test\b", _I)
_OUTWEIGH = re.compile(r"\boutweigh", _I)
# Words that make what follows them in a sentence a supposition, not a statement.
_HYPOTHETICAL = re.compile(
    r"\b(?:whether|if)\b|\bnot\s+(?:mean|imply|suggest|indicate|show)s?\b|\bprovides?\s+that\b",
    _I,
)
_SENTENCE_START = re.compile(r"[.!?:;]\s")
# Wording that says, inside an NCND section, that the information is held (or not).
_LEAKS = (
    re.compile(r"\b(?:is|are)\s+(?:being\s+)?exempt\b", _I),
    re.compile(r"\bwithh(?:eld|old|olding)\b", _I),
    re.compile(
        r"\b(?:we|the\s+council|the\s+authority)\s+(?:do\s+|does\s+)?(?:not\s+)?holds?\s+"
        r"(?:(?:the|this|that|these|such|any|some)\s+)?(?:\w+\s+){0,2}"
        r"(?:information|data|records?|reports?|documents?)\b",
        _I,
    ),
    re.compile(r"\b(?:is|are|was|were)\s+(?:not\s+)?held\b", _I),
)
_CONFIRMS = re.compile(
    r"\b(?:can|do|hereby|are\s+able\s+to)\s+confirm\b(?!\s+(?:or|nor)\b)|\bconfirms?\s+that\b", _I
)
_COST_AMOUNT = re.compile(r"£\s?\d")
_COST_HOURS = re.compile(r"\b\d+(?:\.\d+)?\s+hours?\b", _I)
_ADVICE = re.compile(r"\badvi[cs]e|\bnarrow|\brefin|\breduc|\bsection\s+16\b", _I)
_VEXATIOUS = re.compile(r"\bvexatious\b", _I)
_REPEATED = re.compile(r"\brepeated\s+request|\bsubstantially\s+similar\b", _I)
_COST = re.compile(r"\b(?:appropriate|cost)\s+limit\b", _I)
_URL = re.compile(r"https?://|\bwww\.", _I)
_QUALIFIED_PERSON = re.compile(r"\bqualified\s+person\b", _I)


# --- rules and findings -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A compliance rule as the rules file describes it."""

    id: str
    title: str
    severity: str
    refs: dict[str, str]


@dataclass(frozen=True)
class Finding:
    """One problem in one letter. ``offer`` names a clause that would put it right."""

    rule: str
    severity: str
    message: str
    ref: str
    offer: str | None = None

    def line(self) -> str:
        """``RULE-ID  severity  message  (legal ref)``."""
        return f"{self.rule}  {self.severity}  {self.message}  ({self.ref})"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "ref": self.ref,
            "offer": self.offer,
        }


@dataclass
class ComplianceReport:
    """The findings for one letter, errors first."""

    regime: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def result(self) -> str:
        """``pass``, ``warnings`` or ``errors``."""
        if self.errors:
            return "errors"
        return "warnings" if self.findings else "pass"

    def to_json(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "result": self.result,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_json() for f in self.findings],
        }


@cache
def load_rules() -> dict[str, Rule]:
    """The rules file, checked: every rule known to the code, and the code's rules all listed."""
    path = data_dir() / RULES_FILE
    where = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FoiError(
            f"cannot read the compliance rules ({exc}); reinstall", where=where
        ) from None
    entries = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise FoiError("expected 'rules:' and a list; fix the rules file", where=where)
    rules: dict[str, Rule] = {}
    for n, entry in enumerate(entries, start=1):
        try:
            rule = Rule(**entry)
        except TypeError:
            raise FoiError(
                f"rule {n} needs exactly id, title, severity and refs", where=where
            ) from None
        if rule.severity not in SEVERITIES or not set(rule.refs) <= set(REGIMES):
            raise FoiError(
                f"rule {rule.id}: severity must be error or warning, and refs keyed by "
                f"{', '.join(REGIMES)}",
                where=where,
            )
        if rule.id not in _CHECKS or rule.id in rules:
            raise FoiError(f"rule {rule.id}: no such check, or listed twice", where=where)
        rules[rule.id] = rule
    missing = sorted(set(_CHECKS) - set(rules))
    if missing:
        raise FoiError(f"rules {', '.join(missing)} are not listed; add them", where=where)
    return rules


# --- the letter being checked -------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A provision cited in the text, as written and as the regime's table knows it."""

    written: str
    canonical: str
    provision: Provision | None


class LetterText:
    """The letter's plain text, split into blocks and sections, with its citations."""

    def __init__(self, text: str, table: ProvisionTable) -> None:
        self.text = text
        self.table = table
        self.blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
        # The authority's words: not the quoted request or Act, nor (for citations) the
        # requester's numbered questions.
        self.flat = " ".join(_lines(self.blocks))
        self.citations = self.citations_in(self.blocks)

    def has(self, pattern: re.Pattern[str] | str) -> bool:
        """The text contains the words (any case and spacing) or matches the pattern."""
        if isinstance(pattern, str):
            return " ".join(pattern.split()).casefold() in self.flat.casefold()
        return bool(pattern.search(self.flat))

    @cached_property
    def sections(self) -> list[list[str]]:
        """The blocks between headings (a heading opens its section)."""
        sections: list[list[str]] = [[]]
        for block in self.blocks:
            if _looks_like_heading(block) and sections[-1]:
                sections.append([])
            sections[-1].append(block)
        return sections

    @cached_property
    def ncnd_scopes(self) -> list[list[str]]:
        """The blocks of each section that neither confirms nor denies, up to the refusal
        notice statement that closes the response part of the letter."""
        scopes = []
        for section in self.sections:
            marked = [i for i, block in enumerate(section) if self._ncnd_block(block)]
            if not marked:
                continue
            end = next(
                (
                    i
                    for i in range(marked[0] + 1, len(section))
                    if _REFUSAL_NOTICE.search(section[i])
                ),
                len(section),
            )
            scopes.append(section[:end])
        return scopes

    def cites(self, provision: Provision) -> bool:
        """The text cites the provision (``section 21`` matches ``section 21(1)``, not 210)."""
        return self.has(re.compile(rf"\b{re.escape(provision.cite)}(?!\w)", _I))

    def _ncnd_block(self, block: str) -> bool:
        return bool(_NCND_MARKER.search(block)) or any(
            c.provision is not None and c.provision.kind == "ncnd"
            for c in self.citations_in([block])
        )

    def _cite(self, written: str) -> Citation:
        from foi_drafter.provisions import normalise

        table = self.table
        return Citation(written, normalise(written, table.regime), table.get(written))

    def citations_in(self, blocks: list[str]) -> list[Citation]:
        lines = _lines(blocks, lists=False)
        return [self._cite(m.group(0)) for line in lines for m in _CITATION.finditer(line)]

    @cached_property
    def relied_on(self) -> list[Provision]:
        """Exemptions, NCND provisions and refusal grounds the text cites, in order, once each."""
        seen: dict[str, Provision] = {}
        for citation in self.citations:
            if citation.provision is not None:
                seen.setdefault(citation.provision.id, citation.provision)
        return list(seen.values())


def _looks_like_heading(block: str) -> bool:
    """One short line with no closing punctuation, not a list item or a quote."""
    lines = block.split("\n")
    line = lines[0].strip()
    return (
        len(lines) == 1
        and 0 < len(line) <= 100
        and not line.endswith(_HEADING_END)
        and not re.match(r"(?:- |\d+\. )", line)
        and not block.startswith("  ")
    )


@dataclass
class Group:
    """Questions that share an outcome, and the exemptions they rely on."""

    label: str
    question: Question
    exemptions: list[tuple[Exemption, Provision]]


@dataclass
class Draft:
    """A letter under check: its text, and the case when there is one."""

    regime: str
    text: LetterText
    table: ProvisionTable
    loaded: LoadedCase | None = None
    letter: Letter | None = None
    response_date: date | None = None

    @property
    def case(self) -> Case | None:
        return self.loaded.case if self.loaded else None

    @property
    def locale(self) -> str:
        return self.loaded.profile.authority.locale if self.loaded else "en-GB"

    @cached_property
    def groups(self) -> list[Group]:
        """The letter's response sections, as the composer groups them (case only)."""
        from foi_drafter.case import Exemption
        from foi_drafter.compose import OUTCOME_PROVISIONS, group_questions, question_label

        if self.case is None:
            return []
        groups = []
        for members in group_questions(self.case.questions):
            question = members[0][1]
            exemptions = list(question.exemptions)
            default = OUTCOME_PROVISIONS.get(question.outcome, {}).get(self.regime)
            if not exemptions and default:
                exemptions = [Exemption(provision=default)]
            pairs = []
            for exemption in exemptions:
                provision = self.table.get(exemption.provision)
                if provision is not None and question.outcome == "ncnd":
                    # the letter cites the NCND provision of an exemption cited for NCND
                    provision = self.table.ncnd_provision(provision.id) or provision
                if provision is not None:
                    pairs.append((exemption, provision))
            groups.append(Group(question_label([n for n, _ in members]), question, pairs))
        return groups

    def exemptions(self) -> Iterator[tuple[str, Exemption, Provision]]:
        for group in self.groups:
            for exemption, provision in group.exemptions:
                yield group.label, exemption, provision

    @property
    def has_ncnd(self) -> bool:
        if self.case is not None:
            return any(g.question.outcome == "ncnd" for g in self.groups)
        return bool(self.ncnd_scopes)

    @cached_property
    def ncnd_scopes(self) -> list[list[str]]:
        """The blocks that answer NCND questions. With the case: from each NCND group's
        heading (or, for a letter of one group, its answer or first citation) to the next
        group's heading or the refusal notice statement; without it, as the text shows."""
        if self.case is None:
            return self.text.ncnd_scopes
        blocks = self.text.blocks
        labels = {g.label for g in self.groups} if len(self.groups) > 1 else set()
        scopes = []
        for group in self.groups:
            if group.question.outcome != "ncnd":
                continue
            marks = [p.cite for _, p in group.exemptions]
            if group.question.answer:
                marks.append(" ".join(group.question.answer.split())[:60])
            marks = [m.casefold() for m in marks]
            start = next(
                (
                    i
                    for i, block in enumerate(blocks)
                    if (block == group.label if labels else any(m in _flat(block) for m in marks))
                ),
                None,
            )
            if start is None:
                continue
            end = next(
                (
                    i
                    for i in range(start + 1, len(blocks))
                    if blocks[i] in labels or _REFUSAL_NOTICE.search(blocks[i])
                ),
                len(blocks),
            )
            scopes.append(blocks[start:end])
        return scopes

    @property
    def refuses(self) -> bool:
        """The letter refuses something, so it is a refusal notice."""
        if self.case is not None:
            return bool(self.case.whole_request) or any(g.exemptions for g in self.groups)
        return bool(self.text.relied_on or self.text.has(_REFUSAL_NOTICE) or self.text.ncnd_scopes)

    @property
    def needs_rights(self) -> bool:
        """Review and regulator particulars are required: every refusal; every FOISA/EISR
        notice (s19); an EIR "not held" answer, a refusal under reg 12(4)(a)."""
        if self.refuses or self.regime in ("foisa", "eisr"):
            return True
        if self.regime != "eir":
            return False
        if self.case is not None:
            return any(q.outcome == "not-held" for q in self.case.questions)
        return self.text.has(re.compile(r"\bnot\s+hold\b|\bnot\s+held\b", _I))

    def long_date(self, day: date) -> str:
        from foi_drafter.formatting import long_date

        return long_date(day, self.locale)


# --- the rules ------------------------------------------------------------------------------

Problem = str | tuple[str, str | None]  # a message, or a message and a clause to offer
Check = Callable[[Draft], Iterator[Problem]]
_CHECKS: dict[str, Check] = {}


def _rule(rule_id: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        _CHECKS[rule_id] = check
        return check

    return register


@_rule("late-response")
def _late_response(d: Draft) -> Iterator[Problem]:
    if d.case is None or d.letter is None or d.response_date is None:
        return
    deadlines = d.letter.deadlines
    pending = any(e.public_interest and e.public_interest.decision_by for _, e, _ in d.exemptions())
    due = deadlines.response_due if pending else deadlines.extended_due or deadlines.response_due
    if due is None or d.response_date <= due:
        return
    message = (
        f"the letter is dated {d.long_date(d.response_date)}, after the response was due on "
        f"{d.long_date(due)}"
    )
    if any(p.id == LATE_APOLOGY for p in d.case.paragraphs):
        yield message + "; the letter apologises for the delay"
    elif d.loaded is not None and LATE_APOLOGY in d.loaded.library:
        yield message + f"; add the paragraph '{LATE_APOLOGY}' to apologise", LATE_APOLOGY
    else:
        yield message + "; apologise for the delay"


@_rule("public-interest-estimate")
def _public_interest_estimate(d: Draft) -> Iterator[Problem]:
    if d.case is None:
        for block in d.text.blocks:
            if _NO_DECISION.search(block) and not _LONG_DATE.search(block):
                yield (
                    "the letter says no decision has been reached on the public interest "
                    "but gives no estimated date for it"
                )
        return
    for label, exemption, provision in d.exemptions():
        pit = exemption.public_interest
        if pit is None or pit.decision_by is None:
            continue
        when = d.long_date(pit.decision_by)
        if d.response_date and pit.decision_by <= d.response_date:
            yield f"{label}: the estimated decision date {when} is not after the letter's date"
        if not (d.text.has(when) and d.text.has(_NO_DECISION)):
            yield (
                f"{label}: the letter must say that no decision has yet been reached on the "
                f"public interest for {provision.cite}, and give the estimated date, {when}"
            )


@_rule("public-interest-extension")
def _public_interest_extension(d: Draft) -> Iterator[Problem]:
    for label, exemption, provision in d.exemptions():
        pit = exemption.public_interest
        if pit is None or pit.decision_by is None:
            continue
        if d.regime != "foia":
            yield (
                f"{label}: there is no extension for the public interest test under "
                f"{d.regime.upper()}; decide it now and remove 'decision_by'"
            )
        elif not provision.qualified:
            yield (
                f"{label}: {provision.cite} is not a qualified exemption, so no time may be "
                "taken for a public interest test; remove 'decision_by'"
            )


@_rule("public-interest-extension-length")
def _public_interest_extension_length(d: Draft) -> Iterator[Problem]:
    if d.loaded is None or d.letter is None or d.letter.deadlines.response_due is None:
        return
    dates = [
        e.public_interest.decision_by
        for _, e, _ in d.exemptions()
        if e.public_interest and e.public_interest.decision_by
    ]
    if not dates:
        return
    from foi_drafter.regime import load_regime

    regime = load_regime(d.regime)
    limit = _calendar(d.loaded).add_working_days(
        d.letter.deadlines.response_due, regime.extension_working_days
    )
    latest = max(dates)
    if latest > limit:
        yield (
            f"the public interest decision is estimated for {d.long_date(latest)}, after "
            f"{d.long_date(limit)} (40 working days from receipt); the ICO expects longer "
            "only in exceptional cases, so record why"
        )


@_rule("refusal-stated")
def _refusal_stated(d: Draft) -> Iterator[Problem]:
    if d.refuses and not d.text.has(_REFUSAL_NOTICE):
        under = _REFUSAL_PROVISION.get(d.regime)
        where = f" under {under}" if under else ""
        yield f"the letter refuses information but does not say it is a refusal notice{where}"


@_rule("exemption-cited")
def _exemption_cited(d: Draft) -> Iterator[Problem]:
    for label, _, provision in d.exemptions():
        if not d.text.cites(provision):
            yield f"{label}: the letter does not cite {provision.cite} ({provision.title})"
    citations = d.text.citations
    for citation in citations:
        if citation.provision is not None:
            continue
        narrower = [
            p.id
            for p in d.table
            if p.kind != "refusal" and p.id.startswith(citation.canonical + "(")
        ]
        number = re.match(r"(?:s|reg )\d+[A-Z]*", citation.canonical)
        specific = number is not None and any(
            c.provision is not None and c.canonical.startswith(number.group(0) + "(")
            for c in citations
        )
        if narrower and not specific:
            yield (
                f"the letter cites '{citation.written}' without its subsection; cite the one "
                f"relied on, e.g. {', '.join(narrower[:3])}"
            )
    if d.case is None and d.refuses and not d.text.relied_on:
        yield "the letter refuses information but cites no exemption or provision"


@_rule("exemption-reason")
def _exemption_reason(d: Draft) -> Iterator[Problem]:
    for label, exemption, provision in d.exemptions():
        if exemption.harm:
            if not d.text.has(exemption.harm):
                yield f"{label}: the letter leaves out the reasons given for {provision.cite}"
        elif provision.prejudice_based:
            yield (
                f"{label}: {provision.cite} is prejudice-based; say why it applies under "
                "'harm' (what disclosure would harm, and how)"
            )


@_rule("prejudice-level")
def _prejudice_level(d: Draft) -> Iterator[Problem]:
    if d.case is None:
        for provision in d.text.relied_on:
            if provision.prejudice_based and not d.text.has(_level_pattern(provision)):
                verb = _verb(provision)
                yield (
                    f"the letter cites {provision.cite} but never says that disclosure 'would "
                    f"{verb}' or 'would be likely to {verb}'"
                )
        return
    for label, exemption, provision in d.exemptions():
        if not provision.prejudice_based:
            continue
        if exemption.level is None:
            yield (
                f"{label}: {provision.cite} is prejudice-based; give the level, 'would' or "
                "'would be likely to'"
            )
        elif d.regime in ("eir", "eisr") and exemption.level != "would":
            yield (
                f"{label}: the test under {provision.cite} is that disclosure 'would adversely "
                "affect' the interest; use level 'would'"
            )
        elif not d.text.has(_level_pattern(provision, exemption.level)):
            yield (
                f"{label}: the letter does not say that disclosure "
                f"'{exemption.level} {_verb(provision)}'"
            )


@_rule("public-interest-reasons")
def _public_interest_reasons(d: Draft) -> Iterator[Problem]:
    needs_text = False
    if d.case is None:
        needs_text = any(p.qualified for p in d.text.relied_on) and not d.text.has(_NO_DECISION)
    for label, exemption, provision in d.exemptions():
        if not provision.qualified:
            continue
        pit = exemption.public_interest
        kind = "NCND provision" if provision.kind == "ncnd" else "exemption"
        if pit is None:
            yield (
                f"{label}: {provision.cite} is a qualified {kind}; give the public interest "
                "test: factors for and against, and the balance"
            )
        elif pit.decision_by is None:
            if not (pit.for_disclosure and pit.against_disclosure):
                yield f"{label}: give public interest factors on both sides for {provision.cite}"
            needs_text = True
    if not needs_text:
        return
    missing = [
        what
        for what, pattern in (
            ("the factors for disclosure", _PIT_FOR),
            ("the factors against", _PIT_AGAINST),
            ("the conclusion that one outweighs the other", _OUTWEIGH),
        )
        if not d.text.has(pattern)
    ]
    if missing:
        yield f"the public interest test leaves out {_join(missing)}"


@_rule("public-interest-absolute")
def _public_interest_absolute(d: Draft) -> Iterator[Problem]:
    for label, exemption, provision in d.exemptions():
        if provision.absolute and exemption.public_interest is not None:
            yield (
                f"{label}: {provision.cite} is an absolute exemption, with no public interest "
                "test; remove 'public_interest'"
            )
    if d.case is not None:
        return
    cited = [p for p in d.text.relied_on if p.status is not None]
    gives_test = d.text.has(_PIT_TEST) or (d.text.has(_PIT_FOR) and d.text.has(_PIT_AGAINST))
    if cited and all(p.absolute for p in cited) and gives_test:
        yield (
            f"the letter weighs the public interest, but {_join([p.cite for p in cited])} "
            "is absolute; remove the public interest test"
        )


@_rule("whole-request-stated")
def _whole_request_stated(d: Draft) -> Iterator[Problem]:
    if d.case is not None:
        grounds = [d.case.whole_request.ground] if d.case.whole_request else []
    else:
        grounds = [
            ground
            for ground, pattern in (
                ("cost", _COST),
                ("vexatious", _VEXATIOUS),
                ("repeated", _REPEATED),
            )
            if d.text.has(pattern)
        ]
    for ground in grounds:
        provision = d.table.get(_WHOLE_REQUEST[ground])
        if provision is not None and not d.text.cites(provision):
            yield f"the letter refuses the request ({ground}) but does not cite {provision.cite}"


@_rule("cost-limit-details")
def _cost_limit_details(d: Draft) -> Iterator[Problem]:
    if d.case is None:
        if not any(p.id == "s12" for p in d.text.relied_on):
            return
        missing = [
            what
            for what, pattern in (
                ("the cost limit", _COST_AMOUNT),
                ("the estimate in hours", _COST_HOURS),
                ("advice on narrowing the request (s16)", _ADVICE),
            )
            if not d.text.has(pattern)
        ]
        if missing:
            yield f"the cost refusal leaves out {_join(missing)}"
        return
    refusal = d.case.whole_request
    if refusal is None or refusal.ground != "cost" or d.loaded is None:
        return
    from foi_drafter.authority import HOURLY_RATE
    from foi_drafter.formatting import number, pounds

    authority = d.loaded.profile.authority
    limit = pounds(authority.cost_limit, d.locale)
    hours = number(refusal.hours, d.locale)
    if refusal.hours * HOURLY_RATE <= authority.cost_limit:
        yield (
            f"the estimate, {hours} hours ({pounds(refusal.hours * HOURLY_RATE, d.locale)}), "
            f"does not exceed the {limit} limit, so the cost limit does not apply"
        )
    if not d.text.has(limit):
        yield f"the letter does not state the cost limit, {limit}"
    if not d.text.has(re.compile(rf"\b{re.escape(hours)}\s+hours?\b", _I)):
        yield f"the letter does not state the estimate, {hours} hours"
    if not refusal.advice:
        yield "give advice on how the request could be narrowed to come within the limit (s16)"
    elif not d.text.has(refusal.advice):
        yield "the letter leaves out the advice on narrowing the request (s16)"


@_rule("no-cost-limit")
def _no_cost_limit(d: Draft) -> Iterator[Problem]:
    if d.case is not None and d.case.whole_request and d.case.whole_request.ground == "cost":
        exception = "regulation 12(4)(b)" if d.regime == "eir" else "regulation 10(4)(b)"
        yield (
            f"{d.regime.upper()} has no cost limit; refuse a request that would cost too much "
            f"as manifestly unreasonable, under {exception}"
        )


@_rule("review-procedure")
def _review_procedure(d: Draft) -> Iterator[Problem]:
    if not d.needs_rights:
        return
    paragraphs = [line for line in _lines(d.text.blocks) if _REVIEW_WORDS.search(line)]
    if not paragraphs:
        yield "the letter does not say how to ask for a review"
        return
    deadlines = d.letter.deadlines if d.letter is not None else None
    if deadlines is not None and deadlines.review_request_by is not None:
        by = d.long_date(deadlines.review_request_by)
        if not any(by in p for p in paragraphs):
            yield f"the letter does not give the last date to ask for a review, {by}"
    elif deadlines is None and not any(_LONG_DATE.search(p) for p in paragraphs):
        yield "the letter does not give the date by which to ask for a review"
    if d.loaded is not None:
        contact = d.loaded.profile.authority.review_contact
        if not any(d.text.has(way) for way in (contact.email, contact.url, contact.team) if way):
            yield f"the letter does not say where to ask for a review ({contact.team})"


@_rule("regulator-right")
def _regulator_right(d: Draft) -> Iterator[Problem]:
    if not d.needs_rights:
        return
    missing = []
    regulator = _regulator(d)
    if regulator is not None:
        names = (regulator.name, regulator.title.removeprefix("the "))
        if not any(d.text.has(name) for name in names):
            missing.append(f"name {regulator.title}")
    elif not d.text.has(re.compile(_REGULATOR_NAME[d.regime])):
        missing.append("name the Commissioner")
    cited, pattern = _REGULATOR_CITATION[d.regime]
    if not d.text.has(re.compile(pattern, _I)):
        missing.append(f"cite {cited}")
    if missing:
        yield f"the letter does not give the right to apply to the regulator: {_join(missing)}"


@_rule("regulator-link")
def _regulator_link(d: Draft) -> Iterator[Problem]:
    if not d.needs_rights:
        return
    regulator = _regulator(d)
    if regulator is not None:
        if not (d.text.has(regulator.complaint_url) or d.text.has(regulator.website)):
            url = regulator.complaint_url
            yield f"the letter does not link to the regulator's complaint form, {url}"
        return
    linked = any(
        _URL.search(block)
        for section in d.text.sections
        if any("Commission" in block for block in section)
        for block in section
    )
    if not linked:
        yield "the letter does not link to the regulator's online complaint form"


@_rule("ncnd-leak")
def _ncnd_leak(d: Draft) -> Iterator[Problem]:
    for scope in d.ncnd_scopes:
        for line in _lines(scope):
            for pattern in _LEAKS:
                for match in pattern.finditer(line):
                    if not _hypothetical(line, match.start()):
                        yield (
                            f"the neither-confirm-nor-deny section says '{_around(line, match)}', "
                            "which tells the requester whether the information is held; word it "
                            "so that it reads the same whether or not it is"
                        )


@_rule("ncnd-mixed-disclosure")
def _ncnd_mixed_disclosure(d: Draft) -> Iterator[Problem]:
    if not d.has_ncnd:
        return
    for group in d.groups:
        if group.question.outcome == "ncnd" and (group.question.answer or group.question.enclosed):
            yield (
                f"{group.label}: neither confirmed nor denied, but also answered or enclosed; "
                "check the disclosure does not reveal whether the information is held"
            )
    for line in _lines(d.text.blocks, lists=False):
        for match in _CONFIRMS.finditer(line):
            if not _hypothetical(line, match.start()):
                yield (
                    f"the letter neither confirms nor denies, yet says '{_around(line, match)}'; "
                    "check this does not reveal what the NCND answer withholds"
                )


@_rule("ncnd-unavailable")
def _ncnd_unavailable(d: Draft) -> Iterator[Problem]:
    for group in d.groups:
        if group.question.outcome != "ncnd":
            continue
        for _, provision in group.exemptions:
            if provision.kind != "ncnd" and d.table.ncnd_provision(provision.id) is None:
                yield (
                    f"{group.label}: {provision.cite} has no NCND provision; "
                    f"{_no_ncnd(d, provision)}"
                )
    for scope in d.ncnd_scopes:
        for citation in d.text.citations_in(scope):
            provision = citation.provision
            if provision is None or provision.kind != "exemption" or provision.ncnd:
                continue
            yield (
                f"the neither-confirm-nor-deny section relies on {provision.cite}, which has "
                f"no NCND provision; {_no_ncnd(d, provision)}"
            )
    if d.regime == "eisr" and d.ncnd_scopes:
        yield f"no NCND provision of the EISR is on record; {d.table.no_ncnd}"


@_rule("provision-restricted")
def _provision_restricted(d: Draft) -> Iterator[Problem]:
    if d.loaded is None or d.loaded.profile.authority.body != "local":
        return
    who = {
        "central-government": "government departments and the Welsh Government",
        "scottish-administration": "the Scottish Administration",
    }
    for label, _, provision in d.exemptions():
        if provision.restricted_to in who:
            yield (
                f"{label}: {provision.cite} ({provision.title}) is for "
                f"{who[provision.restricted_to]} only, and the authority profile says "
                "'body: local'"
            )


@_rule("qualified-person")
def _qualified_person(d: Draft) -> Iterator[Problem]:
    needing = "qualified-person-opinion"
    if d.case is None:
        cited = [p for p in d.text.relied_on if needing in p.needs]
        if cited and not d.text.has(_QUALIFIED_PERSON):
            yield f"the letter cites {cited[0].cite} but not the qualified person's opinion"
        return
    for label, exemption, provision in d.exemptions():
        if needing not in provision.needs:
            continue
        if not exemption.qualified_person:
            yield (
                f"{label}: {provision.cite} applies only in the reasonable opinion of a "
                "qualified person; give whose opinion it is, and when, under 'qualified_person'"
            )
        elif not d.text.has(exemption.qualified_person):
            yield f"{label}: the letter leaves out the qualified person's opinion"


# --- helpers ----------------------------------------------------------------------------------


def _join(items: list[str]) -> str:
    from foi_drafter.sandbox import join_list

    return join_list(items)


def _flat(block: str) -> str:
    return " ".join(block.split()).casefold()


def _lines(blocks: list[str], *, lists: bool = True) -> Iterator[str]:
    """Each line of the blocks the authority wrote: a paragraph, a list item or a line of
    an address. Quoted lines (the request, the words of the Act) are left out, and
    numbered items (the requester's questions) unless ``lists``."""
    for block in blocks:
        for line in block.split("\n"):
            if not line.strip() or line.startswith("  "):
                continue
            if not lists and re.match(r"\d+\. ", line):
                continue
            yield " ".join(line.split())


def _hypothetical(block: str, at: int) -> bool:
    """True when the words at ``at`` follow 'whether', 'if' or 'does not mean' in their
    sentence: a supposition, not a statement that the information is held."""
    starts = [m.end() for m in _SENTENCE_START.finditer(block, 0, at)]
    return bool(_HYPOTHETICAL.search(block, starts[-1] if starts else 0, at))


def _around(line: str, match: re.Match[str]) -> str:
    """The matched words with up to three words either side, for a message."""
    before = re.search(r"(?:\S+\s+){0,3}$", line[: match.start()])
    after = re.match(r"(?:\s*\S+){0,3}", line[match.end() :])
    return (before.group(0) if before else "") + match.group(0) + (after.group(0) if after else "")


def _verb(provision: Provision) -> str:
    """The statute's verb for the harm: prejudice, endanger, inhibit, adversely (affect)."""
    words = [w for w in (provision.harm_wording or "prejudice").split() if w != "otherwise"]
    return words[0]


def _level_pattern(provision: Provision, level: str | None = None) -> re.Pattern[str]:
    """'would [be likely to] [adverb] VERB', e.g. 'would be likely to prejudice'; the
    statute's 'would, or would be likely to, prejudice' does not count."""
    levels = r"\s+".join(level.split()) if level else r"would(?:\s+be\s+likely\s+to)?"
    return re.compile(rf"\b{levels}\s+(?:\w+\s+)?{_verb(provision)}\b", _I)


def _no_ncnd(d: Draft, provision: Provision) -> str:
    return provision.no_ncnd or d.table.no_ncnd


def _regulator(d: Draft) -> Regulator | None:
    if d.loaded is None:
        return None
    from foi_drafter.regime import load_regime

    return d.loaded.profile.regulator(load_regime(d.regime).regulator)


def _calendar(loaded: LoadedCase) -> WorkingDayCalendar:
    from foi_drafter.holidays_file import load_holidays_file
    from foi_drafter.working_day import WorkingDayCalendar

    extra_file = loaded.profile.path(loaded.profile.authority.holidays_file)
    extra = load_holidays_file(extra_file) if extra_file else ()
    return WorkingDayCalendar.for_regime(loaded.case.regime, extra)


def _run(draft: Draft) -> ComplianceReport:
    rules = load_rules()
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for rule_id, check in _CHECKS.items():
        rule = rules[rule_id]
        ref = rule.refs.get(draft.regime)
        if ref is None:
            continue
        for problem in check(draft):
            message, offer = (problem, None) if isinstance(problem, str) else problem
            if (rule_id, message) in seen:
                continue
            seen.add((rule_id, message))
            findings.append(Finding(rule_id, rule.severity, message, ref, offer))
    findings.sort(key=lambda f: SEVERITIES.index(f.severity))
    return ComplianceReport(draft.regime, findings)


# --- entry points -----------------------------------------------------------------------------


def check_letter(
    loaded: LoadedCase, letter: Letter, *, today: date | None = None
) -> ComplianceReport:
    """Check a composed letter against its case (the letter is dated as compose dated it)."""
    from foi_drafter.provisions import load_provisions

    case = loaded.case
    table = load_provisions(case.regime)
    draft = Draft(
        regime=case.regime,
        text=LetterText(letter.text, table),
        table=table,
        loaded=loaded,
        letter=letter,
        response_date=case.response_on(today or date.today()),
    )
    return _run(draft)


def check_text(text: str, *, regime: str | None = None) -> ComplianceReport:
    """Check a letter's text alone (e.g. read back from DOCX); the regime is found from the
    text when not given."""
    from foi_drafter.provisions import load_provisions

    regime = regime or regime_of(text)
    table = load_provisions(regime)
    return _run(Draft(regime=regime, text=LetterText(text, table), table=table))


def check_docx(path: Path, *, regime: str | None = None) -> ComplianceReport:
    """Check a DOCX letter by its text; the regime from ``regime``, else the letter's
    provenance, else the Act the text names first."""
    from foi_drafter.docx_reader import read_letter
    from foi_drafter.provenance import Provenance

    readback = read_letter(path)
    recorded = Provenance.from_properties(readback.custom_properties)
    try:
        return check_text(readback.text, regime=regime or (recorded and recorded.regime) or None)
    except FoiError as exc:
        exc.where = exc.where or str(path)
        raise


def regime_of(text: str) -> str:
    """The regime of the Act a letter names first; a FoiError when it names none."""
    found = [(text.find(name), regime) for regime, name in _ACTS if name in text]
    if not found:
        raise FoiError("cannot tell which Act the letter is under (it names none); give --regime")
    return min(found)[1]
