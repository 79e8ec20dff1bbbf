"""Provenance: what every letter records about how it was made, in its document properties.

A letter's custom document properties (File > Info > Properties in Word) hold:

- ``foi-drafter.version``: the tool's version;
- ``foi-drafter.regime``: the regime the letter answers under;
- ``foi-drafter.answers-sha256``: the hash of the answers (below);
- ``foi-drafter.clause.<id>``: each clause used, as ``version; layer; content hash``;
- ``foi-drafter.library.<layer>``: the git commit of each clause folder, with
  ``(uncommitted changes)`` when its files differ from that commit, or ``not in git``;
- ``foi-drafter.holidays``: the version of the ``holidays`` package the dates came from;
- ``foi-drafter.compliance``: ``pass``, ``warnings`` or ``errors overridden with --force``,
  and ``foi-drafter.findings``: the ids of the rules that found something.

The core ``comments`` property repeats the version, hash and compliance result in one line.

The answers hash is the SHA-256 of a canonical JSON dump of the validated case (keys
sorted, no spaces), so a reformatted, re-quoted or reordered answers file hashes the
same. Paths are replaced by what they point to: ``authority`` by the loaded profile's
contents, and the ``clauses`` overlay folders are left out (each clause used is recorded
with its own content hash). The copy of the answers saved beside a letter, whose paths
are made absolute, therefore hashes the same as the original. The hash covers the
requester's details, but cannot be reversed into them.

Overlay layers are recorded by folder name, not full path, so letters sent out do not
reveal the sender's file system. The same inputs give the same properties.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foi_drafter import __version__
from foi_drafter.compose import ClauseUse
from foi_drafter.errors import FoiError
from foi_drafter.library import BUILT_IN

if TYPE_CHECKING:
    from foi_drafter.answers_file import LoadedCase
    from foi_drafter.compliance import ComplianceReport
    from foi_drafter.compose import Letter

PREFIX = "foi-drafter."
NOT_IN_GIT = "not in git"
UNCOMMITTED = " (uncommitted changes)"
OVERRIDDEN = "errors overridden with --force"
_GIT_TIMEOUT = 10  # seconds; a hung git must not hang the letter


@dataclass(frozen=True)
class LibraryLayer:
    """A clause folder and the git commit it was at (None when not in git)."""

    layer: str
    commit: str | None
    modified: bool = False

    def value(self) -> str:
        if self.commit is None:
            return NOT_IN_GIT
        return self.commit + (UNCOMMITTED if self.modified else "")

    @classmethod
    def parse(cls, layer: str, value: str) -> LibraryLayer:
        if value == NOT_IN_GIT:
            return cls(layer, None)
        modified = value.endswith(UNCOMMITTED)
        return cls(layer, value.removesuffix(UNCOMMITTED), modified)


@dataclass(frozen=True)
class Provenance:
    """Where a letter came from."""

    version: str
    regime: str
    answers_sha256: str
    clauses: tuple[ClauseUse, ...]
    libraries: tuple[LibraryLayer, ...]
    holidays: str
    compliance: str
    findings: tuple[str, ...] = ()

    def custom_properties(self) -> dict[str, str]:
        """The custom document properties, in a fixed order."""
        props = {
            f"{PREFIX}version": self.version,
            f"{PREFIX}regime": self.regime,
            f"{PREFIX}answers-sha256": self.answers_sha256,
        }
        for use in self.clauses:
            props[f"{PREFIX}clause.{use.id}"] = f"{use.version}; {use.layer}; {use.hash}"
        for library in self.libraries:
            props[f"{PREFIX}library.{library.layer}"] = library.value()
        props[f"{PREFIX}holidays"] = self.holidays
        props[f"{PREFIX}compliance"] = self.compliance
        props[f"{PREFIX}findings"] = ", ".join(self.findings) or "none"
        return props

    def summary(self) -> str:
        """One line for the core ``comments`` property."""
        return (
            f"Drafted with foi-drafter {self.version}; answers sha256 {self.answers_sha256[:16]}; "
            f"compliance: {self.compliance}"
        )

    @classmethod
    def from_properties(cls, custom: dict[str, str]) -> Provenance | None:
        """Read provenance back from a letter's custom properties; None if it has none."""
        if f"{PREFIX}version" not in custom:
            return None
        clauses, libraries = [], []
        for name, value in custom.items():
            if name.startswith(f"{PREFIX}clause."):
                try:
                    version, rest = value.split("; ", 1)
                    layer, digest = rest.rsplit("; ", 1)
                    number = int(version)
                except ValueError:
                    raise FoiError(
                        f"document property {name!r} is not as foi-drafter writes it "
                        "('version; layer; hash'); was it edited?"
                    ) from None
                clauses.append(
                    ClauseUse(name.removeprefix(f"{PREFIX}clause."), number, layer, digest)
                )
            elif name.startswith(f"{PREFIX}library."):
                libraries.append(LibraryLayer.parse(name.removeprefix(f"{PREFIX}library."), value))
        findings = custom.get(f"{PREFIX}findings", "none")
        return cls(
            version=custom[f"{PREFIX}version"],
            regime=custom.get(f"{PREFIX}regime", ""),
            answers_sha256=custom.get(f"{PREFIX}answers-sha256", ""),
            clauses=tuple(clauses),
            libraries=tuple(libraries),
            holidays=custom.get(f"{PREFIX}holidays", ""),
            compliance=custom.get(f"{PREFIX}compliance", ""),
            findings=() if findings == "none" else tuple(findings.split(", ")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "regime": self.regime,
            "answers_sha256": self.answers_sha256,
            "clauses": [
                {"id": c.id, "version": c.version, "layer": c.layer, "hash": c.hash}
                for c in self.clauses
            ],
            "libraries": [
                {"layer": lib.layer, "commit": lib.commit, "uncommitted_changes": lib.modified}
                for lib in self.libraries
            ],
            "holidays": self.holidays,
            "compliance": self.compliance,
            "findings": list(self.findings),
        }


def answers_hash(loaded: LoadedCase) -> str:
    """SHA-256 of the canonical JSON of the case (see the module docstring)."""
    data = loaded.case.model_dump(mode="json", by_alias=True)
    data["authority"] = loaded.profile.authority.model_dump(mode="json")
    data.pop("clauses", None)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def layer_labels(layers: list[tuple[str, Path]]) -> dict[str, str]:
    """Each library layer's label: ``built-in``, or the overlay folder's name (numbered when
    two overlays share a name). Full paths are not recorded."""
    labels: dict[str, str] = {}
    for layer, folder in layers:
        label = layer if layer == BUILT_IN else folder.name
        if label in labels.values():
            label = f"{label} ({len(labels) + 1})"
        labels[layer] = label
    return labels


def library_commit(folder: Path) -> tuple[str | None, bool]:
    """The git commit of the repository holding ``folder`` (None when not in git), and
    whether the folder's files differ from it. Git is asked quietly, ignoring any GIT_*
    variables (a git hook sets them for its own repository)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), *args],
                capture_output=True,
                text=True,
                timeout=_GIT_TIMEOUT,
                env=env,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    head = git("rev-parse", "HEAD") if folder.is_dir() else None
    if head is None:
        return None, False
    status = git("status", "--porcelain", "--", ".")
    return head.strip(), bool(status and status.strip())


def provenance_for(loaded: LoadedCase, letter: Letter, report: ComplianceReport) -> Provenance:
    """The provenance of a letter about to be written; errors in ``report`` were overridden."""
    import holidays

    labels = layer_labels(loaded.library.layers)
    libraries = tuple(
        LibraryLayer(labels[layer], *library_commit(folder))
        for layer, folder in loaded.library.layers
    )
    clauses = tuple(
        ClauseUse(use.id, use.version, labels[use.layer], use.hash) for use in letter.clauses
    )
    return Provenance(
        version=__version__,
        regime=loaded.case.regime,
        answers_sha256=answers_hash(loaded),
        clauses=clauses,
        libraries=libraries,
        holidays=holidays.__version__,
        compliance=OVERRIDDEN if report.errors else report.result,
        findings=tuple(sorted({f.rule for f in report.findings})),
    )
