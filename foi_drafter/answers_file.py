"""Read an answers file into a validated case, with every problem named by file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foi_drafter.authority import AuthorityProfile, resolve_profile
from foi_drafter.case import Case
from foi_drafter.errors import FoiError
from foi_drafter.library import ClauseLibrary, load_library
from foi_drafter.yaml_source import YamlDocument, load_model


@dataclass
class LoadedCase:
    """A validated case with its profile and clause library, ready to compose."""

    case: Case
    profile: AuthorityProfile
    library: ClauseLibrary
    document: YamlDocument | None
    source: str

    def where(self, *loc: object) -> str:
        """``file:line`` of a field, for messages about this case."""
        return self.document.where(tuple(loc)) if self.document else self.source


def read_answers(
    path: Path,
    *,
    extra_clauses: tuple[Path, ...] = (),
    library_dirs: tuple[Path, ...] | None = None,
) -> LoadedCase:
    """Load, validate and cross-check an answers file.

    ``library_dirs``, when given, is the whole clause library, in layer order, instead of
    the built-in library and the overlays (``foi-draft diff`` renders with a past library).
    """
    case, document = load_model(path, Case, what="answers file")
    return prepare(
        case,
        base=path.resolve().parent,
        document=document,
        extra_clauses=extra_clauses,
        library_dirs=library_dirs,
    )


def prepare(
    case: Case,
    *,
    base: Path,
    document: YamlDocument | None = None,
    extra_clauses: tuple[Path, ...] = (),
    source: str = "answers",
    library_dirs: tuple[Path, ...] | None = None,
    library: ClauseLibrary | None = None,
) -> LoadedCase:
    """Resolve the profile and clause library for a case and check it against the regime.

    ``library`` is a clause library already loaded for this profile (the questionnaire keeps one).
    """
    where = document.where if document else (lambda loc=(): source)
    if isinstance(case.authority, str):
        try:
            profile = resolve_profile(case.authority, base=base)
        except FoiError as exc:
            if exc.where is None or "not found" in exc.message:
                exc.message = f"authority profile {case.authority!r}: {exc.message}"
                exc.where = where(("authority",))
            raise
    else:
        profile = AuthorityProfile(authority=case.authority, folder=base, source=str(base))
    overlays = (*profile.clause_dirs(), *(base / d for d in case.clauses), *extra_clauses)
    if library is None and library_dirs is None:
        library = load_library(overlays)
    elif library is None:
        library = load_library(library_dirs, built_in=False)
    loaded = LoadedCase(
        case, profile, library, document, str(document.path) if document else source
    )
    check_against_regime(loaded)
    return loaded


def check_against_regime(loaded: LoadedCase) -> None:
    """Cross-field checks: dates in order, provisions that exist, NCND limbs, known clauses."""
    from foi_drafter.provisions import load_provisions

    case = loaded.case
    if case.response_date and case.response_date < case.received:
        raise FoiError(
            f"response_date: {case.response_date.isoformat()} is before the request was received "
            f"({case.received.isoformat()}); correct one of the dates",
            where=loaded.where("response_date"),
        )
    table = load_provisions(case.regime)
    for qi, question in enumerate(case.questions):
        for ei, exemption in enumerate(question.exemptions):
            loc = ("questions", qi, "exemptions", ei, "provision")
            if question.outcome == "ncnd":
                table.require_ncnd(exemption.provision, where=loaded.where(*loc))
            else:
                provision = table.require(exemption.provision, where=loaded.where(*loc))
                if provision.kind != "exemption":
                    raise FoiError(
                        f"{provision.id} is not an exemption ({provision.title}); "
                        "use the ncnd outcome for NCND provisions, or whole_request for s12/s14",
                        where=loaded.where(*loc),
                    )
            if exemption.clause:
                loaded.library.require(
                    exemption.clause,
                    where=loaded.where("questions", qi, "exemptions", ei, "clause"),
                    regime=case.regime,
                )
    for pi, paragraph in enumerate(case.paragraphs):
        clause = loaded.library.require(
            paragraph.id, where=loaded.where("paragraphs", pi), regime=case.regime
        )
        if clause.clause.kind != "paragraph":
            raise FoiError(
                f"{paragraph.id!r} is a {clause.clause.kind} clause, not an optional paragraph",
                where=loaded.where("paragraphs", pi),
            )
