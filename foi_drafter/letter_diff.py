"""What a clause change does to real letters: render each answers file twice and diff the text.

Each answers file is rendered with the clause library as it was at a git revision
(the clause folders inside the repository are exported from git into a temporary
folder) and as it is in the working tree; the two letters' texts are compared
with difflib, one sentence per line, so a reviewer sees the sentences that changed.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from foi_drafter.clause_check import GitRevision, display_path
from foi_drafter.errors import FoiError

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(\[])")


@dataclass(frozen=True)
class LetterDiff:
    """The unified diff of one letter (empty when it does not change)."""

    answers: Path
    lines: list[str]
    note: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.lines)

    @property
    def label(self) -> str:
        return display_path(self.answers)


@dataclass(frozen=True)
class DiffReport:
    base: str
    letters: list[LetterDiff]
    templates_changed: bool

    @property
    def summary(self) -> str:
        changed = sum(1 for letter in self.letters if letter.changed)
        total = len(self.letters)
        return f"{changed} of {total} letter{'' if total == 1 else 's'} change"


def sentences(text: str) -> list[str]:
    """The letter's text with each sentence on its own line; paragraphs stay apart."""
    return [part for line in text.splitlines() for part in _SENTENCE_BREAK.split(line)]


class _Exporter:
    """Clause folders inside the repository, as they were at the revision, in a temp folder."""

    def __init__(self, revision: GitRevision, into: Path):
        self.revision = revision
        self.into = into
        self.done: dict[Path, Path] = {}

    def folder(self, folder: Path) -> Path:
        folder = folder.resolve()
        if folder not in self.done:
            if self.revision.relative(folder) is None:
                self.done[folder] = folder
            else:
                target = self.into / str(len(self.done))
                target.mkdir()
                for name, content in self.revision.files(folder).items():
                    path = target.joinpath(*name.parts)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)
                self.done[folder] = target
        return self.done[folder]


def _diff_one(path: Path, exporter: _Exporter, *, today: date, context: int) -> LetterDiff:
    from foi_drafter.answers_file import read_answers
    from foi_drafter.compose import compose

    current = read_answers(path)
    new = compose(current, today=today).text
    base = exporter.revision.rev
    note = None
    dirs = tuple(exporter.folder(folder) for _, folder in current.library.layers)
    try:
        old = compose(read_answers(path, library_dirs=dirs), today=today).text
    except FoiError as exc:
        old, note = "", f"cannot be rendered with the clause library at {base}: {exc.message}"
    label = display_path(path)
    lines = difflib.unified_diff(
        sentences(old),
        sentences(new),
        f"{label} ({base})",
        f"{label} (working tree)",
        n=context,
        lineterm="",
    )
    return LetterDiff(path, list(lines), note)


def diff_letters(
    answers: Sequence[Path],
    *,
    base: str = "HEAD",
    cwd: Path,
    context: int = 3,
    today: date | None = None,
) -> DiffReport:
    """Diff each answers file's letter: clause library at ``base`` against the working tree."""
    from foi_drafter.resources import templates_dir

    revision = GitRevision.find(cwd, base)
    today = today or date.today()
    with tempfile.TemporaryDirectory(prefix="foi-draft-diff-") as tmp:
        exporter = _Exporter(revision, Path(tmp))
        letters = [_diff_one(path, exporter, today=today, context=context) for path in answers]
    templates = templates_dir()
    changed = revision.relative(templates) is not None and revision.changed(templates)
    return DiffReport(base, letters, changed)


def _templates_note(report: DiffReport) -> str:
    return (
        f"templates/ differ from {report.base}; both renders use the working tree's templates, "
        "so this shows clause changes only"
    )


def format_text(report: DiffReport) -> str:
    """The diffs, letter by letter, then the summary."""
    out: list[str] = []
    for letter in report.letters:
        if letter.note:
            out.append(f"{letter.label}: {letter.note}")
        out += letter.lines
    if report.templates_changed:
        out.append(f"note: {_templates_note(report)}")
    out.append(f"{report.summary} (clause library at {report.base} -> working tree)")
    return "\n".join(out) + "\n"


def format_markdown(report: DiffReport) -> str:
    """A pull-request comment: a heading per changed letter, ```diff blocks, a summary line."""
    out = [
        f"### Letters: {report.summary}",
        "",
        f"The example letters, rendered with the clause library at `{report.base}` "
        "and with this change.",
    ]
    if report.templates_changed:
        out += ["", f"> **Note:** {_templates_note(report)}."]
    unchanged = []
    for letter in report.letters:
        if not letter.changed:
            unchanged.append(letter.label)
            continue
        out += ["", f"#### `{letter.label}`", ""]
        if letter.note:
            out += [f"> {letter.note}", ""]
        body = "\n".join(letter.lines[2:])
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", body)), default=0))
        out += [f"{fence}diff", body, fence]
    if unchanged:
        out += ["", f"<details><summary>Unchanged: {len(unchanged)}</summary>", ""]
        out += [f"- `{label}`" for label in unchanged]
        out += ["", "</details>"]
    return "\n".join(out) + "\n"
