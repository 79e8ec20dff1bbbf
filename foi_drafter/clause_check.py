"""``foi-draft clauses check``: every problem in a layered clause library, one line each.

Files are read one by one and every problem is collected, so a reviewer sees them
all at once: YAML syntax and schema errors, duplicate ids, Jinja syntax, undeclared
and unused variables, includes, provisions that do not exist or disagree with the
provision table, NCND clauses for provisions without an NCND limb, public-interest
wording in absolute exemptions, samples that no longer render to their expected
text, versions not bumped since a git revision, and clauses past their ``valid_to``.

A sentence of an absolute exemption's text may mention the public interest only to
say that the exemption is absolute (``... is an absolute exemption, so the public
interest test does not apply``); any other mention is an error (foi-law.md §10.6).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import ValidationError

from foi_drafter.clause import CONTEXT_NAMES, Clause, LoadedClause, _validate
from foi_drafter.errors import FoiError
from foi_drafter.library import BUILT_IN, CLAUSE_SUFFIXES, ClauseLibrary
from foi_drafter.yaml_source import YamlDocument, load_yaml, validation_error

if TYPE_CHECKING:
    from foi_drafter.clause_samples import SampleRenderer
    from foi_drafter.provisions import Provision, ProvisionTable

Severity = Literal["error", "warning", "info"]

_PUBLIC_INTEREST = re.compile(r"public\s+interest", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_INCLUDE = re.compile(r"\{%-?\s*(include|import|from|extends)\b")
_WHERE = re.compile(r":(?P<line>\d+)$")


@dataclass(frozen=True)
class Problem:
    """One problem, at a file and line, in a clause (or in the file itself)."""

    path: Path
    line: int | None
    clause: str | None
    message: str
    severity: Severity = "error"

    def as_line(self) -> str:
        """``file:line: clause-id: message``, with the severity word for non-errors."""
        parts = [display_path(self.path) + (f":{self.line}" if self.line else "")]
        if self.clause:
            parts.append(self.clause)
        if self.severity != "error":
            parts.append(self.severity)
        return ": ".join([*parts, self.message])

    def as_json(self) -> dict[str, Any]:
        return {
            "file": display_path(self.path),
            "line": self.line,
            "clause": self.clause,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class Layer:
    """A clause folder: the built-in library or an overlay; ``checked`` unless only context."""

    name: str
    folder: Path
    checked: bool = True

    @property
    def overlay(self) -> bool:
        return self.name != BUILT_IN


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    clauses: int = 0
    files: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0


def display_path(path: Path) -> str:
    """A path relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- git ------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise FoiError("git is not installed; comparing with a revision needs it") from None


class GitRevision:
    """The files of one git repository as they were at one revision."""

    def __init__(self, top: Path, rev: str, commit: str):
        self.top = top
        self.rev = rev
        self.commit = commit

    @classmethod
    def find(cls, folder: Path, rev: str) -> GitRevision:
        """The repository holding ``folder``, at ``rev``; bad input is a FoiError (exit 2)."""
        if not rev or rev.startswith("-"):
            raise FoiError(f"{rev!r} is not a git revision; give a branch, tag or commit")
        found = _git(folder, "rev-parse", "--show-toplevel")
        if found.returncode != 0:
            raise FoiError(
                "is not in a git repository, so it cannot be compared with a revision",
                where=str(folder),
            )
        top = Path(found.stdout.decode().strip()).resolve()
        verified = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if verified.returncode != 0:
            raise FoiError(
                f"{rev!r} is not a revision of the git repository at {top}; "
                "check the branch, tag or commit name"
            )
        return cls(top, rev, verified.stdout.decode().strip())

    def relative(self, folder: Path) -> PurePosixPath | None:
        """``folder`` relative to the repository, or None when it is outside it."""
        try:
            return PurePosixPath(folder.resolve().relative_to(self.top).as_posix())
        except ValueError:
            return None

    def files(self, folder: Path) -> dict[PurePosixPath, bytes]:
        """Every file under ``folder`` at the revision, keyed by its path inside ``folder``."""
        relative = self.relative(folder)
        if relative is None:
            return {}
        spec = [] if str(relative) == "." else ["--", str(relative)]
        listing = _git(self.top, "ls-tree", "-r", "-z", "--full-tree", self.commit, *spec)
        if listing.returncode != 0:
            raise FoiError(f"git ls-tree failed: {listing.stderr.decode().strip()}")
        files: dict[PurePosixPath, bytes] = {}
        for entry in filter(None, listing.stdout.split(b"\0")):
            meta, _, name = entry.partition(b"\t")
            mode, kind, blob = meta.decode().split()
            if kind != "blob" or mode == "120000":
                continue
            content = _git(self.top, "cat-file", "blob", blob)
            path = PurePosixPath(name.decode("utf-8", "replace"))
            key = path if str(relative) == "." else path.relative_to(relative)
            files[key] = content.stdout
        return files

    def changed(self, path: Path) -> bool:
        """True when tracked files under ``path`` differ from the revision."""
        return _git(self.top, "diff", "--quiet", self.commit, "--", str(path)).returncode == 1


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """A valid clause with its raw data and where it is in its file."""

    loaded: LoadedClause
    raw: dict[str, Any]
    document: YamlDocument
    loc: tuple[Any, ...]
    layer: Layer

    @property
    def id(self) -> str:
        return self.loaded.id

    def line(self, *loc: Any) -> int:
        return self.document.line_of((*self.loc, *loc)) or self.loaded.line

    def problem(self, message: str, *loc: Any, severity: Severity = "error") -> Problem:
        return Problem(self.loaded.path, self.line(*loc), self.id, message, severity)

    def text_problem(self, message: str, text_line: int) -> Problem:
        return Problem(self.loaded.path, self.loaded.text_line + text_line - 1, self.id, message)


def _from_error(exc: FoiError, path: Path, clause: str | None = None) -> Problem:
    match = _WHERE.search(exc.where or "")
    line = int(match["line"]) if match else None
    return Problem(path, line, clause, exc.message)


def _entries(document: YamlDocument) -> Iterator[tuple[tuple[Any, ...], Any]]:
    data = document.data
    if isinstance(data, dict) and "clauses" in data and "id" not in data:
        if set(data) != {"clauses"} or not isinstance(data["clauses"], list):
            raise FoiError(
                "a clause family file holds only 'clauses:' and a list", where=document.where()
            )
        yield from ((("clauses", i), item) for i, item in enumerate(data["clauses"]))
    elif isinstance(data, dict):
        yield (), data
    else:
        raise FoiError(
            "a clause file must be a mapping with 'id', or 'clauses:' and a list",
            where=document.where(),
        )


def read_file(path: Path, layer: Layer) -> tuple[list[_Entry], list[Problem]]:
    """The valid clauses of one file, and a problem for each thing wrong with it."""
    try:
        document = load_yaml(path, what="clause file")
        items = list(_entries(document))
    except FoiError as exc:
        return [], [_from_error(exc, path)]
    entries: list[_Entry] = []
    problems: list[Problem] = []
    for loc, item in items:
        if not isinstance(item, dict):
            problems.append(
                Problem(path, document.line_of(loc), None, "a clause must be a mapping")
            )
            continue
        clause_id = item.get("id") if isinstance(item.get("id"), str) else None
        try:
            Clause.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors():
                one = validation_error(
                    SimpleNamespace(errors=lambda e=error: [e]), document, prefix=loc
                )
                problems.append(_from_error(one, path, clause_id))
            continue
        loaded = _validate(document, loc, item, layer.name)
        entries.append(_Entry(loaded, item, document, loc, layer))
    return entries, problems


def _layer_files(layer: Layer) -> tuple[list[Path], list[Problem]]:
    """The YAML files of a folder, and a problem for every other (non-hidden) file in it."""
    files, problems = [], []
    for path in sorted(layer.folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(layer.folder).parts)
        if hidden or not path.is_file():
            continue
        if path.suffix in CLAUSE_SUFFIXES:
            files.append(path)
        else:
            problems.append(
                Problem(path, None, None, "is not a clause file (.yaml); move it out of the folder")
            )
    return files, problems


# --- checks of one clause -------------------------------------------------------------------


def _check_text(entry: _Entry) -> list[Problem]:
    from jinja2 import TemplateSyntaxError

    from foi_drafter.sandbox import clause_environment, includes_used, names_used

    clause = entry.loaded.clause
    try:
        clause_environment().compile(clause.text)
    except TemplateSyntaxError as exc:
        return [entry.text_problem(f"template syntax error: {exc.message}", exc.lineno or 1)]
    problems = []
    if includes_used(clause.text):
        match = _INCLUDE.search(clause.text)
        line = clause.text.count("\n", 0, match.start()) + 1 if match else 1
        problems.append(
            entry.text_problem(
                "includes or imports another template; clause text stands alone", line
            )
        )
    used = names_used(clause.text) - CONTEXT_NAMES
    declared = {v.name: i for i, v in enumerate(clause.variables)}
    for name in sorted(used - set(declared)):
        close = get_close_matches(name, [*CONTEXT_NAMES, *declared], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        match = re.search(rf"\b{re.escape(name)}\b", clause.text)
        line = clause.text.count("\n", 0, match.start()) + 1 if match else 1
        problems.append(
            entry.text_problem(
                f"uses {name!r}, which is not declared; {hint}declare it under 'variables:'", line
            )
        )
    for name in sorted(set(declared) - used):
        problems.append(
            entry.problem(
                f"declares variable {name!r} but its text never uses it; use it or remove it",
                "variables",
                declared[name],
            )
        )
    return problems


def _check_provisions(entry: _Entry) -> list[Problem]:
    from foi_drafter.provisions import load_provisions

    clause = entry.loaded.clause
    problems = []
    if clause.kind in ("exemption", "ncnd"):
        for key in ("provision", "status", "test")[: 3 if clause.kind == "exemption" else 2]:
            if getattr(clause, key) is None:
                problems.append(entry.problem(f"an {clause.kind} clause needs '{key}:'"))
    if clause.kind == "pit-factor" and clause.side is None:
        problems.append(entry.problem("a pit-factor clause needs 'side: for' or 'side: against'"))
    for regime in clause.regimes:
        table = load_provisions(regime)
        if clause.provision:
            try:
                provision = table.require(clause.provision)
            except FoiError as exc:
                problems.append(entry.problem(f"provision: {exc.message}", "provision"))
                continue
            problems += _check_provision(entry, provision, table)
    for index, cited in enumerate(clause.applies_to):
        found = [p for r in clause.regimes if (p := load_provisions(r).get(cited))]
        if not found:
            try:
                load_provisions(clause.regimes[0]).require(cited)
            except FoiError as exc:
                problems.append(entry.problem(f"applies_to: {exc.message}", "applies_to", index))
            continue
        provision = found[0]
        if cited != provision.id:
            problems.append(
                entry.problem(
                    f"applies_to: write {cited!r} as {provision.id!r}, the citation letters use",
                    "applies_to",
                    index,
                )
            )
        if provision.absolute:
            problems.append(
                entry.problem(
                    f"applies_to: {provision.id} is an absolute exemption, which has no public "
                    "interest test; remove it",
                    "applies_to",
                    index,
                )
            )
    return problems


def _check_provision(entry: _Entry, provision: Provision, table: ProvisionTable) -> list[Problem]:
    clause = entry.loaded.clause
    problems = []
    if clause.provision != provision.id:
        problems.append(
            entry.problem(
                f"provision: write {clause.provision!r} as {provision.id!r}, "
                "the citation letters look clauses up by",
                "provision",
            )
        )
    if clause.kind == "ncnd" and provision.kind != "ncnd":
        ncnd = table.ncnd_provision(provision.id)
        hint = (
            f"cite its NCND provision, {ncnd.id}"
            if ncnd
            else f"it has no NCND provision: {provision.no_ncnd or table.no_ncnd}"
        )
        problems.append(
            entry.problem(
                f"an NCND clause must cite a neither-confirm-nor-deny provision; "
                f"{provision.id} is not one ({hint})",
                "provision",
            )
        )
    if clause.kind == "exemption" and provision.kind != "exemption":
        use = "kind: ncnd" if provision.kind == "ncnd" else "kind: outcome"
        problems.append(
            entry.problem(
                f"{provision.id} is not an exemption ({provision.title}); use {use}", "kind"
            )
        )
    if clause.kind in ("exemption", "ncnd") and provision.kind != "refusal":
        if clause.status and clause.status != provision.status:
            problems.append(
                entry.problem(
                    f"status is {clause.status}, but {provision.id} is {provision.status} "
                    f"in the {table.act}",
                    "status",
                )
            )
        if clause.kind == "ncnd" and provision.test and not clause.test:
            problems.append(
                entry.problem(f"an ncnd clause for {provision.id} needs 'test: {provision.test}'")
            )
        if clause.test and provision.test and clause.test != provision.test:
            problems.append(
                entry.problem(
                    f"test is {clause.test}, but {provision.id} is a {provision.test} test "
                    f"in the {table.act}",
                    "test",
                )
            )
        if provision.absolute:
            problems += _public_interest_wording(entry, provision.id)
    return problems


def _public_interest_wording(entry: _Entry, provision_id: str) -> list[Problem]:
    """Sentences of an absolute exemption's text that mention the public interest."""
    text = entry.loaded.clause.text
    problems = []
    start = 0
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        sentence = text[start:end]
        match = _PUBLIC_INTEREST.search(sentence)
        if match and "absolute" not in sentence.lower():
            line = text.count("\n", 0, start + match.start()) + 1
            problems.append(
                entry.text_problem(
                    f"{provision_id} is an absolute exemption, so its text must not weigh the "
                    "public interest (foi-law.md §10.6); remove the public interest wording",
                    line,
                )
            )
        start = end
    return problems


def _check_samples(entry: _Entry, renderer: SampleRenderer) -> list[Problem]:
    try:
        results = renderer.run(entry.loaded)
    except FoiError as exc:
        message = exc.message.removeprefix(f"{entry.id}: ")
        return [entry.problem(f"samples: cannot render: {message}", "samples")]
    problems = []
    for result in results:
        if result.passed:
            continue
        expected = result.expected.strip().splitlines()
        actual = result.actual.strip().splitlines()
        at = _first_difference(expected, actual)
        want = expected[at] if at < len(expected) else ""
        got = actual[at] if at < len(actual) else ""
        column = _first_difference(want, got)
        start = max(0, column - 30)
        field = ("samples", result.index, "expected")
        line = entry.line(*field)
        if getattr(entry.document.node((*entry.loc, *field)), "style", None) == "|":
            line += 1 + at  # the differing line of a literal block
        message = (
            f"sample {result.index + 1} renders differently from 'expected': "
            f"expected {_around(want, start)!r}, got {_around(got, start)!r}"
        )
        problems.append(Problem(entry.loaded.path, line, entry.id, message))
    return problems


def _first_difference(a: Sequence[Any], b: Sequence[Any]) -> int:
    """The index of the first item where ``a`` and ``b`` differ."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _around(text: str, start: int, width: int = 70) -> str:
    """``text`` from ``start``, at most ``width`` characters, with ellipses where cut."""
    cut = text[start : start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(text) else "")


def _check_expiry(entry: _Entry, today: date) -> list[Problem]:
    valid_to = entry.loaded.clause.valid_to
    if valid_to is None or valid_to >= today:
        return []
    return [
        entry.problem(
            f"expired on {valid_to.isoformat()} (valid_to); review it, then bump its version "
            "and set a new valid_to",
            "valid_to",
            severity="warning",
        )
    ]


# --- checks across clauses ------------------------------------------------------------------


def _duplicates(entries: list[_Entry]) -> list[Problem]:
    problems = []
    in_layer: dict[tuple[str, str], _Entry] = {}
    in_overlay: dict[str, _Entry] = {}
    built_in: dict[str, _Entry] = {}
    for entry in entries:
        first = in_layer.setdefault((entry.layer.name, entry.id), entry)
        if first is not entry:
            problem = entry.problem(
                f"duplicate clause id (first defined at {display_path(first.loaded.path)}:"
                f"{first.loaded.line}); rename one of them"
            )
        elif not entry.layer.overlay:
            built_in[entry.id] = entry
            continue
        elif (other := in_overlay.setdefault(entry.id, entry)) is not entry:
            problem = entry.problem(
                f"also defined in the overlay {other.layer.name} "
                f"({display_path(other.loaded.path)}:{other.loaded.line}); "
                "define each id in one overlay folder only"
            )
        elif entry.id in built_in:
            version = built_in[entry.id].loaded.clause.version
            problem = entry.problem(
                f"overrides the built-in clause (version {version})", severity="info"
            )
        else:
            continue
        if entry.layer.checked:
            problems.append(problem)
    return problems


def _old_clauses(revision: GitRevision, folder: Path) -> dict[str, dict[str, Any]]:
    """The clauses of a folder at a revision, raw, by id (unreadable files are skipped)."""
    found: dict[str, dict[str, Any]] = {}
    for path, content in revision.files(folder).items():
        if path.suffix not in CLAUSE_SUFFIXES:
            continue
        try:
            data = yaml.safe_load(content.decode("utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        items = data.get("clauses") if isinstance(data, dict) and "id" not in data else [data]
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.setdefault(item["id"], item)
    return found


def _version_bumps(entries: list[_Entry], layer: Layer, revision: GitRevision) -> list[Problem]:
    old = _old_clauses(revision, layer.folder)
    problems = []
    for entry in entries:
        if entry.layer != layer or entry.id not in old:
            continue
        before = old[entry.id]
        was = before.get("version")
        now = entry.loaded.clause.version
        changed = {k: v for k, v in before.items() if k != "version"} != {
            k: v for k, v in entry.raw.items() if k != "version"
        }
        if isinstance(was, int) and now < was:
            problems.append(
                entry.problem(f"version went down from {was} at {revision.rev} to {now}", "version")
            )
        elif changed and isinstance(was, int) and now == was:
            problems.append(
                entry.problem(
                    f"changed since {revision.rev} but its version is still {now}; "
                    f"bump it to {was + 1}",
                    "version",
                )
            )
    return problems


def check_library(
    layers: Sequence[Layer],
    *,
    base: str | None = None,
    base_layers: Sequence[Layer] = (),
    today: date | None = None,
) -> CheckReport:
    """Check every clause of the checked layers; compare ``base_layers`` with git ``base``."""
    from foi_drafter.clause_samples import SampleRenderer

    for layer in layers:
        if not layer.folder.is_dir():
            kind = "is a file, not a clause folder" if layer.folder.exists() else "not found"
            raise FoiError(f"clause folder {kind}; check the path", where=str(layer.folder))
    revisions = [(layer, GitRevision.find(layer.folder, base)) for layer in base_layers if base]
    today = today or date.today()
    report = CheckReport()
    entries: list[_Entry] = []
    for layer in layers:
        files, problems = _layer_files(layer)
        for path in files:
            found, file_problems = read_file(path, layer)
            entries += found
            problems += file_problems
        if layer.checked:
            report.files += len(files)
            report.problems += problems
    checked = [e for e in entries if e.layer.checked]
    report.clauses = len(checked)
    report.problems += _duplicates(entries)
    renderer = SampleRenderer(_library(layers, entries))
    for entry in checked:
        problems = _check_text(entry) + _check_provisions(entry)
        if not problems:
            problems = _check_samples(entry, renderer)
        report.problems += problems + _check_expiry(entry, today)
    for layer, revision in revisions:
        report.problems += _version_bumps(checked, layer, revision)
    report.problems.sort(key=lambda p: (display_path(p.path), p.line or 0))
    return report


def _library(layers: Sequence[Layer], entries: list[_Entry]) -> ClauseLibrary:
    """The layered library the samples see: a later layer overrides, the first in a layer wins."""
    library = ClauseLibrary([(layer.name, layer.folder) for layer in layers])
    for layer in layers:
        own: dict[str, LoadedClause] = {}
        for entry in entries:
            if entry.layer == layer:
                own.setdefault(entry.id, entry.loaded)
        library.clauses.update(own)
    return library
