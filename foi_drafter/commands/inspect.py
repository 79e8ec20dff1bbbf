"""``foi-draft inspect``: show how a letter was made (its provenance), and optionally whether
re-rendering its answers today gives the same letter."""

from __future__ import annotations

import argparse
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foi_drafter.commands.options import add_clauses_option
from foi_drafter.errors import EXIT_OK, EXIT_PROBLEMS, FoiError

if TYPE_CHECKING:
    from foi_drafter.compose import ClauseUse
    from foi_drafter.provenance import Provenance

HELP = "show a letter's provenance: tool, answers hash, clause versions, compliance result"
EPILOG = """\
examples:
  foi-draft inspect letters/3396225.docx                        how the letter was made
  foi-draft inspect letters/3396225.docx --json                 the same as JSON
  foi-draft inspect letters/3396225.docx --verify letters/3396225.answers.yaml
                                 does re-rendering the answers today give the same letter?

--verify compares the letter's text with a fresh rendering of the answers (today's
clauses, today's date if the answers give no response_date), and the answers hash
recorded in the letter with the answers' hash now.
exit codes: 0 shown (with --verify: the same), 1 different, 2 bad input.
"""

_DIFF_LINES = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "letter", type=Path, metavar="LETTER.docx", help="a letter written by foi-draft"
    )
    parser.add_argument(
        "--verify", type=Path, metavar="ANSWERS.yaml", help="re-render these answers and compare"
    )
    add_clauses_option(
        parser, "with --verify: a clause folder the letter was rendered with (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print as JSON")


@dataclass
class Verification:
    """A letter compared with its answers rendered again."""

    answers: Path
    answers_sha256: str
    hash_same: bool
    text_same: bool
    diff: list[str]
    clause_changes: list[str]

    @property
    def same(self) -> bool:
        return self.hash_same and self.text_same

    def to_json(self) -> dict[str, Any]:
        return {
            "answers": str(self.answers),
            "answers_sha256": self.answers_sha256,
            "answers_hash_same": self.hash_same,
            "text_same": self.text_same,
            "same": self.same,
            "clause_changes": self.clause_changes,
            "diff": self.diff,
        }


def run(args: argparse.Namespace) -> int:
    from foi_drafter.docx_reader import read_letter
    from foi_drafter.provenance import Provenance

    path: Path = args.letter
    if path.suffix.lower() != ".docx":
        raise FoiError("give a letter written by foi-draft (.docx)", where=str(path))
    readback = read_letter(path)
    provenance = Provenance.from_properties(readback.custom_properties)
    if provenance is None:
        raise FoiError(
            "this document carries no foi-drafter provenance; was it written by foi-draft?",
            where=str(path),
        )
    verification = (
        verify(path, provenance, args.verify, tuple(args.clauses)) if args.verify else None
    )
    if args.json:
        data: dict[str, Any] = {"letter": str(path), "provenance": provenance.to_json()}
        if verification:
            data["verify"] = verification.to_json()
        print(json.dumps(data, indent=2))
    else:
        _print(path, provenance)
        if verification:
            _print_verification(verification)
    return EXIT_PROBLEMS if verification and not verification.same else EXIT_OK


def verify(
    letter: Path, provenance: Provenance, answers: Path, clauses: tuple[Path, ...]
) -> Verification:
    """Render ``answers`` today and compare text and answers hash with the letter."""
    from foi_drafter.answers_file import read_answers
    from foi_drafter.compose import ClauseUse, compose
    from foi_drafter.docx_reader import read_letter
    from foi_drafter.letterhead import StyleMap
    from foi_drafter.provenance import answers_hash, layer_labels

    loaded = read_answers(answers, extra_clauses=clauses)
    fresh = compose(loaded)
    profile = loaded.profile
    styles = StyleMap.from_mapping(profile.authority.styles, where=profile.source)
    written = read_letter(letter, styles).text.strip().splitlines()
    rendered = fresh.text.strip().splitlines()
    digest = answers_hash(loaded)
    diff = list(
        difflib.unified_diff(written, rendered, "letter", "rendered today", n=0, lineterm="")
    )
    labels = layer_labels(loaded.library.layers)
    now = [ClauseUse(use.id, use.version, labels[use.layer], use.hash) for use in fresh.clauses]
    return Verification(
        answers=answers,
        answers_sha256=digest,
        hash_same=digest == provenance.answers_sha256,
        text_same=written == rendered,
        diff=diff[:_DIFF_LINES],
        clause_changes=_clause_changes(provenance.clauses, now),
    )


def _clause_changes(before: tuple[ClauseUse, ...], after: list[ClauseUse]) -> list[str]:
    """What changed in the clauses used: added, dropped, new version or new text."""
    old = {use.id: use for use in before}
    new = {use.id: use for use in after}
    changes = []
    for clause_id in sorted(old.keys() | new.keys()):
        a, b = old.get(clause_id), new.get(clause_id)
        if a is None:
            changes.append(f"{clause_id}: now used (v{b.version}, {b.layer})")
        elif b is None:
            changes.append(f"{clause_id}: no longer used")
        elif (a.version, a.layer, a.hash) != (b.version, b.layer, b.hash):
            changes.append(
                f"{clause_id}: v{a.version} {a.layer} {a.hash} -> v{b.version} {b.layer} {b.hash}"
            )
    return changes


def _print(path: Path, provenance: Provenance) -> None:
    print(path)
    rows = [
        ("tool", f"foi-drafter {provenance.version}"),
        ("regime", provenance.regime.upper()),
        ("answers", f"sha256 {provenance.answers_sha256}"),
        ("holidays data", provenance.holidays),
        ("compliance", provenance.compliance),
    ]
    if provenance.findings:
        rows.append(("findings", ", ".join(provenance.findings)))
    for library in provenance.libraries:
        rows.append((f"library {library.layer}", library.value()))
    for label, value in rows:
        print(f"  {label:<20}{value}")
    print(f"  clauses ({len(provenance.clauses)})")
    width = max((len(use.id) for use in provenance.clauses), default=0)
    for use in provenance.clauses:
        print(f"    {use.id:<{width}}  v{use.version:<3} {use.layer}  {use.hash}")


def _print_verification(v: Verification) -> None:
    print(f"verify against {v.answers}")
    hash_note = "same" if v.hash_same else f"different (the answers now hash to {v.answers_sha256})"
    print(f"  {'answers hash':<20}{hash_note}")
    print(f"  {'letter text':<20}{'same' if v.text_same else 'different'}")
    for change in v.clause_changes:
        print(f"    clause {change}")
    for line in v.diff:
        print(f"    {line}")
    print("result: same" if v.same else "result: different")
