"""The layered clause library: built-in clauses, overridden and extended by an authority's own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from foi_drafter.clause import LoadedClause, read_clause_file
from foi_drafter.errors import FoiError
from foi_drafter.resources import clauses_dir

BUILT_IN = "built-in"
CLAUSE_SUFFIXES = (".yaml", ".yml")


def clause_files(folder: Path) -> list[Path]:
    """The clause files in a folder, in a stable order."""
    if not folder.is_dir():
        raise FoiError("clause folder not found; check the path", where=str(folder))
    return sorted(p for p in folder.rglob("*") if p.suffix in CLAUSE_SUFFIXES and p.is_file())


@dataclass
class ClauseLibrary:
    """Clauses by id; a later layer overrides an earlier one's clause with the same id."""

    layers: list[tuple[str, Path]]
    clauses: dict[str, LoadedClause] = field(default_factory=dict)
    overridden: dict[str, list[LoadedClause]] = field(default_factory=dict)

    def __iter__(self) -> Iterator[LoadedClause]:
        return iter(sorted(self.clauses.values(), key=lambda c: c.id))

    def __contains__(self, clause_id: str) -> bool:
        return clause_id in self.clauses

    def get(self, clause_id: str) -> LoadedClause | None:
        return self.clauses.get(clause_id)

    def require(
        self, clause_id: str, *, where: str | None = None, regime: str | None = None
    ) -> LoadedClause:
        """The clause with this id (for the regime, when given), or a clear error."""
        loaded = self.clauses.get(clause_id)
        if loaded is None:
            from difflib import get_close_matches

            close = get_close_matches(clause_id, list(self.clauses), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise FoiError(
                f"unknown clause {clause_id!r}; {hint}run 'foi-draft clauses list' to see them all",
                where=where,
            )
        if regime and regime not in loaded.clause.regimes:
            raise FoiError(
                f"clause {clause_id!r} does not apply to {regime.upper()} "
                f"(it is for {', '.join(r.upper() for r in loaded.clause.regimes)})",
                where=where,
            )
        return loaded

    def for_provision(self, provision: str, regime: str, kind: str) -> list[LoadedClause]:
        """Clauses of ``kind`` for a provision and regime, the default first."""
        found = [
            c
            for c in self.clauses.values()
            if c.clause.kind == kind
            and c.clause.provision == provision
            and regime in c.clause.regimes
        ]
        return sorted(found, key=lambda c: (not c.clause.default, c.id))

    def presets(self, provision: str, regime: str, side: str) -> list[LoadedClause]:
        """Public-interest factor presets offered for a provision."""
        return [
            c
            for c in self
            if c.clause.kind == "pit-factor"
            and c.clause.side == side
            and regime in c.clause.regimes
            and (not c.clause.applies_to or provision in c.clause.applies_to)
        ]


def load_library(
    extra: list[Path] | tuple[Path, ...] = (), *, built_in: bool = True
) -> ClauseLibrary:
    """Load the built-in library, then each overlay folder in order."""
    layers: list[tuple[str, Path]] = [(BUILT_IN, clauses_dir())] if built_in else []
    layers += [(str(path), path) for path in extra]
    library = ClauseLibrary(layers)
    for layer, folder in layers:
        seen: dict[str, LoadedClause] = {}
        for path in clause_files(folder):
            for loaded in read_clause_file(path, layer):
                if loaded.id in seen:
                    first = seen[loaded.id]
                    raise FoiError(
                        f"{loaded.id}: duplicate clause id (first defined at {first.where()}); "
                        "rename one of them",
                        where=loaded.where(),
                    )
                seen[loaded.id] = loaded
                if loaded.id in library.clauses:
                    library.overridden.setdefault(loaded.id, []).append(library.clauses[loaded.id])
                library.clauses[loaded.id] = loaded
    return library
