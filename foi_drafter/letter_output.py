"""Turn an answers file into a written letter: compose, check, write DOCX and keep the answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foi_drafter.answers_file import LoadedCase, read_answers
from foi_drafter.atomic import ensure_writable_target, write_atomic
from foi_drafter.compose import Letter, compose
from foi_drafter.errors import EXIT_PROBLEMS, FoiError

if TYPE_CHECKING:
    from foi_drafter.compliance import ComplianceReport


@dataclass
class RenderResult:
    answers: Path
    letter: Letter
    docx: Path | None = None
    answers_copy: Path | None = None
    warnings: list[str] = field(default_factory=list)
    compliance: ComplianceReport | None = None

    @property
    def text(self) -> str:
        return self.letter.text

    def summary(self) -> dict[str, Any]:
        deadlines = self.letter.deadlines
        return {
            "answers": str(self.answers),
            "docx": str(self.docx) if self.docx else None,
            "answers_copy": str(self.answers_copy) if self.answers_copy else None,
            "response_due": deadlines.response_due.isoformat(),
            "review_request_by": deadlines.review_request_by.isoformat()
            if deadlines.review_request_by
            else None,
            "clauses": [f"{c.id}@{c.version}" for c in self.letter.clauses],
            "compliance": self.compliance.to_json() if self.compliance else None,
            "warnings": self.warnings,
        }


def render_one(
    path: Path,
    *,
    out: Path | None = None,
    force: bool = False,
    clauses: tuple[Path, ...] = (),
    text_only: bool = False,
    today: date | None = None,
) -> RenderResult:
    """Render one answers file; unless ``text_only``, write the DOCX to ``out``."""
    loaded = read_answers(path, extra_clauses=clauses)
    letter = compose(loaded, today=today)
    report = check_case(loaded, letter, today=today)
    result = RenderResult(
        answers=path,
        letter=letter,
        warnings=[*letter.warnings, *(f.line() for f in report.findings)],
        compliance=report,
    )
    if text_only:
        return result
    if out is None:
        raise FoiError("no output file given")
    result.docx = write_letter_file(loaded, letter, out, force=force, report=report)
    result.answers_copy = keep_answers_beside(loaded, out, force=force)
    return result


def check_case(
    loaded: LoadedCase, letter: Letter, *, today: date | None = None
) -> ComplianceReport:
    """The compliance findings for a composed letter (``foi-draft new`` shows them in its
    preview). ``today`` is the date the letter was composed for, if not today."""
    from foi_drafter.compliance import check_letter

    return check_letter(loaded, letter, today=today)


def write_letter_file(
    loaded: LoadedCase,
    letter: Letter,
    out: Path,
    *,
    force: bool,
    report: ComplianceReport | None = None,
) -> Path:
    """Check the letter, then write it as DOCX onto the authority's letterhead, atomically,
    owner-only, with its provenance in the document properties.

    Used by both ``render`` and ``new``. Compliance errors stop the letter (exit 1) unless
    ``force``, which also overwrites an existing file; the override is recorded in the
    letter. ``report`` is the check already made, if any.
    """
    if report is None:
        report = check_case(loaded, letter)
    if report.errors and not force:
        lines = "\n".join(f"  {finding.line()}" for finding in report.errors)
        raise FoiError(
            "compliance errors stop this letter; correct them, or write it anyway with "
            f"--force (recorded in the letter):\n{lines}",
            where=loaded.source,
            exit_code=EXIT_PROBLEMS,
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    ensure_writable_target(out, force)
    from foi_drafter.docx_writer import write_letter
    from foi_drafter.letterhead import StyleMap
    from foi_drafter.provenance import provenance_for

    profile = loaded.profile
    styles = StyleMap.from_mapping(profile.authority.styles, where=profile.source)
    case = loaded.case
    provenance = provenance_for(loaded, letter, report)
    core = {
        "title": f"{case.regime.upper()} response {case.reference}",
        "subject": f"Response to request {case.reference}",
        "author": profile.authority.name,
        "category": "FOI response",
        "keywords": "foi-drafter",
        "comments": provenance.summary(),
    }
    return write_letter(
        letter.blocks,
        out,
        force=force,
        letterhead=profile.letterhead_path(),
        styles=styles,
        core=core,
        custom=provenance.custom_properties(),
    )


def keep_answers_beside(loaded: LoadedCase, letter: Path, *, force: bool) -> Path:
    """Save the answers file beside the letter, so the letter can be re-rendered from it.

    Relative paths in the copy (the profile, clause folders) are made absolute so
    that they still point at the same files from the letter's folder.
    """
    import yaml

    answers = Path(loaded.source)
    if answers.resolve().parent == letter.resolve().parent:
        return answers
    target = letter.with_suffix(".answers.yaml")
    data = dict(loaded.document.data) if loaded.document else {}
    base = answers.resolve().parent
    authority = data.get("authority")
    if isinstance(authority, str) and authority != "example":
        data["authority"] = str((base / authority).resolve())
    if data.get("clauses"):
        data["clauses"] = [str((base / folder).resolve()) for folder in data["clauses"]]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(target, text, force=force, mode=0o600)
    return target
