"""The statutory provisions of each regime: exemptions, NCND provisions and refusal grounds.

The facts live in ``foi_drafter/data/provisions/<regime>.yaml``, one entry per provision:

- ``id``: the canonical citation, ``s31(1)(a)`` (FOIA, FOISA) or ``reg 12(5)(a)`` (EIR, EISR);
  ``aliases`` lists other citations that mean the same entry (``s38`` for ``s38(1)``).
- ``kind``: ``exemption`` (withholds information; includes EIR exceptions), ``ncnd``
  (excludes the duty to confirm or deny) or ``refusal`` (refuses the whole request).
- ``title``, ``summary`` (one line of at most 70 characters, for pick lists).
- ``status``: ``absolute`` or ``qualified``; null for refusals.
- ``test``: ``prejudice``, ``class`` or ``required`` (``required for the purpose of``);
  null for refusals, and for an ncnd entry whose exemptions' tests differ.
- ``harm_wording`` and ``interest``: for prejudice-based exemptions, the statute's verb
  (``prejudice``, ``prejudice substantially``, ``adversely affect``, ``endanger``) and the
  protected matter in plain words. An ncnd entry may give the verb, never the interest.
- ``ncnd``: an exemption's NCND provision; ``ncnd_for``: the exemptions an ncnd entry covers.
- ``no_ncnd``: for an exemption without NCND, what to do instead (else the file's default).
- ``restricted_to``: the only authorities that may cite it; ``needs``: what it requires.
- ``quote``: words of the Act, only where foi-law.md gives them verbatim; ``note``; ``source``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from foi_drafter.errors import FoiError
from foi_drafter.resources import data_dir

# How each regime cites its provisions.
REGIMES = {"foia": "section", "eir": "regulation", "foisa": "section", "eisr": "regulation"}
KINDS = ("exemption", "ncnd", "refusal")
STATUSES = ("absolute", "qualified")
TESTS = ("prejudice", "class", "required")
RESTRICTIONS = ("central-government", "scottish-administration", "audit-bodies")
NEEDS = ("qualified-person-opinion",)
SUMMARY_MAX = 70
LIST_HINT = "Run 'foi-draft clauses list' to see the provisions you can cite."

_SECTION_PREFIX = re.compile(r"(?:sections?|sect?\.?|ss?\.?)\s*", re.IGNORECASE)
_REGULATION_PREFIX = re.compile(r"(?:regulations?|regs?\.?|r\.?)\s*", re.IGNORECASE)
_LOOKS_LIKE_REGULATION = re.compile(r"\s*(?:regulations?|regs?\b|r\.)", re.IGNORECASE)
_LOOKS_LIKE_SECTION = re.compile(r"\s*(?:sections?\b|ss?\.?\s*\d)", re.IGNORECASE)
_CITATION = re.compile(r"(\d+[A-Za-z]*)((?:\([0-9A-Za-z]+\))*)")
_PART = re.compile(r"\(([0-9A-Za-z]+)\)")


@dataclass(frozen=True)
class Provision:
    """One provision of a regime, as its data file describes it."""

    id: str
    kind: str
    title: str
    summary: str
    status: str | None
    test: str | None
    source: str
    harm_wording: str | None = None
    interest: str | None = None
    ncnd: str | None = None
    ncnd_for: tuple[str, ...] = ()
    no_ncnd: str | None = None
    restricted_to: str | None = None
    needs: tuple[str, ...] = ()
    quote: str | None = None
    note: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def absolute(self) -> bool:
        """True for an absolute exemption or NCND provision (no public interest test)."""
        return self.status == "absolute"

    @property
    def qualified(self) -> bool:
        """True where the public interest test applies."""
        return self.status == "qualified"

    @property
    def prejudice_based(self) -> bool:
        """True where the authority must show harm (prejudice, adverse effect, danger)."""
        return self.test == "prejudice"

    @property
    def cite(self) -> str:
        """The citation as a letter spells it: ``section 31(1)(a)``, ``regulation 12(5)(a)``."""
        if self.id.startswith("reg "):
            return "regulation " + self.id[4:]
        return "section " + self.id[1:]


def _citation_style(regime_id: str) -> str:
    try:
        return REGIMES[regime_id]
    except KeyError:
        known = ", ".join(REGIMES)
        raise FoiError(f"unknown regime {regime_id!r}; use one of {known}") from None


def _parse(text: str, regime_id: str) -> str | None:
    """The canonical citation ``text`` stands for in the regime, or None if it is not one."""
    style = _citation_style(regime_id)
    cleaned = " ".join(str(text).split())
    prefix = (_REGULATION_PREFIX if style == "regulation" else _SECTION_PREFIX).match(cleaned)
    rest = cleaned[prefix.end() :] if prefix else cleaned
    match = _CITATION.fullmatch(rest.replace(" ", ""))
    if not match:
        return None
    parts = "".join(
        f"({part.upper() if part[0].isdigit() else part.lower()})"
        for part in _PART.findall(match.group(2))
    )
    head = "reg " if style == "regulation" else "s"
    return f"{head}{match.group(1).upper()}{parts}"


def normalise(text: str, regime_id: str) -> str:
    """Canonical form of a citation: ``section 31 (1) (a)`` -> ``s31(1)(a)`` (FOIA, FOISA),
    ``regulation 12(5)(a)`` -> ``reg 12(5)(a)`` (EIR, EISR). Unrecognised text comes back
    with its spacing tidied."""
    return _parse(text, regime_id) or " ".join(str(text).split())


class ProvisionTable:
    """The provisions of one regime, looked up by any way an officer writes a citation."""

    def __init__(
        self, regime: str, act: str, provisions: Sequence[Provision], *, no_ncnd: str
    ) -> None:
        self.regime = regime
        self.act = act
        self.no_ncnd = no_ncnd
        self._provisions = tuple(provisions)
        self._index = {key: p for p in self._provisions for key in (p.id, *p.aliases)}

    def __iter__(self) -> Iterator[Provision]:
        return iter(self._provisions)

    def __len__(self) -> int:
        return len(self._provisions)

    def get(self, text: str) -> Provision | None:
        """The provision ``text`` cites, or None."""
        return self._index.get(normalise(text, self.regime))

    def require(self, text: str, *, where: str | None = None) -> Provision:
        """The provision ``text`` cites; a FoiError (at ``where``) saying what to cite if none."""
        provision = self.get(text)
        if provision is None:
            raise FoiError(self._unknown(text), where=where)
        return provision

    def _unknown(self, text: str) -> str:
        cited = normalise(text, self.regime)
        narrower = [p.id for p in self._provisions if p.id.startswith(cited + "(")]
        if narrower:
            shown = ", ".join(narrower[:6]) + (", ..." if len(narrower) > 6 else "")
            return (
                f"{cited} is not specific enough for the {self.act}; "
                f"cite one of {shown}. {LIST_HINT}"
            )
        message = f"{cited} is not a provision of the {self.act}"
        if REGIMES[self.regime] == "section" and _LOOKS_LIKE_REGULATION.match(text):
            return f"{message}; it cites a regulation, so check the request's regime (EIR or EISR?)"
        if REGIMES[self.regime] == "regulation" and _LOOKS_LIKE_SECTION.match(text):
            return f"{message}; it cites a section, so check the request's regime (FOIA or FOISA?)"
        close = difflib.get_close_matches(cited, list(self._index), n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean {self._index[close[0]].id}? {LIST_HINT}"
        return f"{message}. {LIST_HINT}"

    def ncnd_provision(self, exemption_id: str) -> Provision | None:
        """The NCND provision for the cited exemption (or the NCND provision itself), if any."""
        provision = self.get(exemption_id)
        if provision is None or provision.kind == "ncnd":
            return provision
        return self._index[provision.ncnd] if provision.ncnd else None

    def require_ncnd(self, text: str, where: str | None = None) -> Provision:
        """The NCND provision for the cited exemption or NCND provision; a FoiError if none."""
        provision = self.require(text, where=where)
        if provision.kind == "refusal":
            raise FoiError(
                f"{provision.id} ({provision.title.lower()}) refuses the whole request and "
                "cannot be used to neither confirm nor deny; cite the exemption that applies",
                where=where,
            )
        found = self.ncnd_provision(provision.id)
        if found is None:
            reason = provision.no_ncnd or self.no_ncnd
            raise FoiError(
                f"{provision.id} has no neither-confirm-nor-deny provision in the {self.act}; "
                f"{reason}",
                where=where,
            )
        return found

    def search(self, query: str) -> list[Provision]:
        """Provisions whose id, aliases, title or summary contain every word of ``query``
        (case-insensitive), or whose citation starts with the citation ``query`` makes."""
        words = query.casefold().split()
        cited = _parse(query, self.regime) if words else None
        found = []
        for p in self._provisions:
            keys = (p.id, *p.aliases)
            haystack = " ".join((*keys, p.title, p.summary)).casefold()
            if all(word in haystack for word in words) or (
                cited and any(key.startswith(cited) for key in keys)
            ):
                found.append(p)
        return found

    def by_kind(self, kind: str) -> list[Provision]:
        """Every provision of one kind (``exemption``, ``ncnd`` or ``refusal``), in file order."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        return [p for p in self._provisions if p.kind == kind]


@cache
def load_provisions(regime_id: str) -> ProvisionTable:
    """The bundled provision table for ``foia``, ``eir``, ``foisa`` or ``eisr`` (cached)."""
    _citation_style(regime_id)
    return read_provisions(data_dir() / "provisions" / f"{regime_id}.yaml", regime_id)


_FIELDS = frozenset(f.name for f in fields(Provision))
_REQUIRED = ("id", "kind", "title", "summary", "status", "test", "source")
_LISTS = ("ncnd_for", "needs", "aliases")


class _Invalid(Exception):
    """A problem in a provisions file, reported with the file's name."""


def read_provisions(path: Path, regime_id: str) -> ProvisionTable:
    """Read and check one provisions file; a FoiError names the file and the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FoiError(
            f"cannot read the provisions table ({exc.strerror}); reinstall foi-drafter",
            where=str(path),
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "unreadable YAML"
        raise FoiError(f"invalid YAML{at}: {problem}; fix the file", where=str(path)) from None
    try:
        return _build(data, regime_id)
    except _Invalid as exc:
        raise FoiError(f"{exc}; fix the provisions file", where=str(path)) from None


def _build(data: Any, regime_id: str) -> ProvisionTable:
    if not isinstance(data, dict) or not isinstance(data.get("provisions"), list):
        raise _Invalid("expected a mapping with a 'provisions:' list")
    if data.get("regime") != regime_id:
        raise _Invalid(f"'regime:' is {data.get('regime')!r}, expected {regime_id!r}")
    for key in ("act", "no_ncnd"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _Invalid(f"'{key}:' must be a non-empty text")
    provisions = [
        _entry(raw, number, regime_id) for number, raw in enumerate(data["provisions"], 1)
    ]
    _check_links(provisions)
    return ProvisionTable(regime_id, data["act"], provisions, no_ncnd=data["no_ncnd"])


def _entry(raw: Any, number: int, regime_id: str) -> Provision:
    label = f"entry {number}"
    if not isinstance(raw, dict):
        raise _Invalid(f"{label} is not a mapping")
    label = f"entry {number} ({raw.get('id', 'no id')})"
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise _Invalid(f"{label}: unknown field {unknown[0]!r}")
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise _Invalid(f"{label}: missing field {missing[0]!r}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _Invalid(f"{label}: {key!r} must be a list of texts")
            values[key] = tuple(value)
        elif value is None:
            values[key] = None
        elif isinstance(value, str) and value.strip():
            values[key] = " ".join(value.split())
        else:
            raise _Invalid(f"{label}: {key!r} must be a non-empty text")
    for key in ("id", "kind", "title", "summary", "source"):
        if values[key] is None:
            raise _Invalid(f"{label}: {key!r} must be a non-empty text")
    provision = Provision(**values)
    try:
        _check_entry(provision, regime_id)
    except _Invalid as exc:
        raise _Invalid(f"{label}: {exc}") from None
    return provision


def _check_entry(p: Provision, regime_id: str) -> None:
    for key in (p.id, *p.aliases, *p.ncnd_for, *((p.ncnd,) if p.ncnd else ())):
        if normalise(key, regime_id) != key:
            raise _Invalid(
                f"{key!r} is not a canonical citation (write {normalise(key, regime_id)!r})"
            )
    if p.kind not in KINDS:
        raise _Invalid(f"kind must be one of {', '.join(KINDS)}")
    if p.kind == "refusal":
        if p.status is not None or p.test is not None:
            raise _Invalid("a refusal has status: null and test: null")
    elif p.status not in STATUSES:
        raise _Invalid(f"status must be one of {', '.join(STATUSES)}")
    if p.kind == "exemption" and p.test not in TESTS:
        raise _Invalid(f"test must be one of {', '.join(TESTS)}")
    if p.kind == "ncnd" and p.test not in (*TESTS, None):
        raise _Invalid(f"test must be one of {', '.join(TESTS)} or null")
    if p.kind == "exemption" and p.prejudice_based and not (p.harm_wording and p.interest):
        raise _Invalid("a prejudice-based exemption needs harm_wording and interest")
    if not p.prejudice_based and (p.harm_wording or p.interest):
        raise _Invalid("only prejudice-based provisions have harm_wording and interest")
    if p.kind == "ncnd" and (p.interest or p.ncnd or p.no_ncnd or not p.ncnd_for):
        raise _Invalid("an ncnd entry lists ncnd_for, and has no interest, ncnd or no_ncnd")
    if p.kind != "ncnd" and p.ncnd_for:
        raise _Invalid("only an ncnd entry has ncnd_for")
    if p.kind == "refusal" and (p.ncnd or p.no_ncnd):
        raise _Invalid("a refusal has no ncnd or no_ncnd")
    if p.ncnd and p.no_ncnd:
        raise _Invalid("give either ncnd or no_ncnd, not both")
    if len(p.summary) > SUMMARY_MAX:
        raise _Invalid(f"summary is {len(p.summary)} characters, more than {SUMMARY_MAX}")
    if p.restricted_to not in (*RESTRICTIONS, None):
        raise _Invalid(f"restricted_to must be one of {', '.join(RESTRICTIONS)}")
    if not set(p.needs) <= set(NEEDS):
        raise _Invalid(f"needs may list only {', '.join(NEEDS)}")


def _check_links(provisions: list[Provision]) -> None:
    index: dict[str, Provision] = {}
    for p in provisions:
        for key in (p.id, *p.aliases):
            if key in index:
                raise _Invalid(f"{key} appears twice (in {index[key].id} and {p.id})")
            index[key] = p
    for p in provisions:
        target = index.get(p.ncnd) if p.ncnd else None
        if p.ncnd and (target is None or target.kind != "ncnd" or p.id not in target.ncnd_for):
            raise _Invalid(
                f"{p.id}: ncnd {p.ncnd} must be an ncnd entry whose ncnd_for lists {p.id}"
            )
        for covered in p.ncnd_for:
            member = index.get(covered)
            if (
                member is None
                or member.id != covered
                or member.kind != "exemption"
                or not member.ncnd
            ):
                raise _Invalid(f"{p.id}: ncnd_for {covered} must be an exemption with an ncnd")
