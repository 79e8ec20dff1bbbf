"""Provenance: every letter records how it was made, and the record reads back."""

from __future__ import annotations

import shutil
from pathlib import Path

import holidays
import pytest
from conftest import git

from foi_drafter import __version__
from foi_drafter.answers_file import read_answers
from foi_drafter.docx_reader import read_letter
from foi_drafter.letter_output import render_one
from foi_drafter.provenance import (
    OVERRIDDEN,
    Provenance,
    answers_hash,
    layer_labels,
    library_commit,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEFTON = EXAMPLES / "002-sefton-s31-refusal.yaml"

BLOCK_STYLE = """\
authority: example
regime: foia
reference: T-1
requester:
  name: Ms T
received: 2024-06-27
response_date: 2024-07-12
request: Which firewall?
questions:
  - text: Which firewall?
    outcome: withheld
    exemptions:
      - provision: s31(1)(a)
        level: would be likely to
        harm: naming it would help attackers
        public_interest:
          for: [Openness.]
          against: [Security.]
"""
FLOW_STYLE = """\
# the same answers, written differently
reference: 'T-1'
regime: "foia"
authority: example
received: 27/06/2024
response_date: 12 July 2024
requester: {name: "Ms T"}
request: "Which firewall?"
questions:
- {text: "Which firewall?", outcome: withheld, exemptions: [{provision: s31(1)(a),
   level: would be likely to, harm: naming it would help attackers,
   public_interest: {against: [Security.], for: [Openness.]}}]}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def provenance_of(docx: Path) -> Provenance:
    found = Provenance.from_properties(read_letter(docx).custom_properties)
    assert found is not None
    return found


def test_the_answers_hash_ignores_how_the_yaml_is_written(tmp_path):
    block = answers_hash(read_answers(write(tmp_path, "a.yaml", BLOCK_STYLE)))
    flow = answers_hash(read_answers(write(tmp_path, "b.yaml", FLOW_STYLE)))
    assert block == flow and len(block) == 64
    changed = BLOCK_STYLE.replace("help attackers", "help burglars")
    assert answers_hash(read_answers(write(tmp_path, "c.yaml", changed))) != block


def test_the_answers_saved_beside_the_letter_hash_the_same(tmp_path):
    result = render_one(SEFTON, out=tmp_path / "letters" / "sefton.docx")
    assert result.answers_copy is not None and result.answers_copy.parent != SEFTON.parent
    assert answers_hash(read_answers(result.answers_copy)) == answers_hash(read_answers(SEFTON))


def test_a_letter_carries_its_provenance(tmp_path):
    result = render_one(SEFTON, out=tmp_path / "sefton.docx")
    readback = read_letter(result.docx)
    found = provenance_of(result.docx)
    assert found.version == __version__
    assert found.regime == "foia"
    assert found.answers_sha256 == answers_hash(read_answers(SEFTON))
    assert found.holidays == holidays.__version__
    assert found.compliance == "pass" and found.findings == ()
    assert [(c.id, c.version, c.layer, c.hash) for c in found.clauses] == [
        (c.id, c.version, "built-in", c.hash) for c in result.letter.clauses
    ]
    assert {"s31-crime", "internal-review", "regulator-ico"} <= {c.id for c in found.clauses}
    assert [lib.layer for lib in found.libraries] == ["built-in"]
    assert "foi-drafter" in readback.core_properties["comments"]
    assert found.answers_sha256[:16] in readback.core_properties["comments"]


def test_the_same_answers_give_the_same_bytes(tmp_path):
    first = render_one(SEFTON, out=tmp_path / "one" / "sefton.docx").docx
    second = render_one(SEFTON, out=tmp_path / "two" / "sefton.docx").docx
    assert first.read_bytes() == second.read_bytes()


def test_warnings_and_overridden_errors_are_recorded(tmp_path):
    result = render_one(EXAMPLES / "001-city-council-ncnd-s31.yaml", out=tmp_path / "001.docx")
    found = provenance_of(result.docx)
    assert (found.compliance, found.findings) == ("warnings", ("ncnd-mixed-disclosure",))

    overlay = tmp_path / "our-clauses"
    overlay.mkdir()
    write(
        overlay,
        "refusal-notice.yaml",
        "id: refusal-notice\nversion: 7\ntitle: T\nregimes: [foia]\nkind: paragraph\n"
        "text: Thank you.\nsamples:\n  - expected: Thank you.\n",
    )
    forced = render_one(SEFTON, out=tmp_path / "forced.docx", clauses=(overlay,), force=True)
    found = provenance_of(forced.docx)
    assert found.compliance == OVERRIDDEN and "refusal-stated" in found.findings
    (notice,) = [c for c in found.clauses if c.id == "refusal-notice"]
    assert (notice.version, notice.layer) == (7, "our-clauses")
    assert [lib.layer for lib in found.libraries] == ["built-in", "our-clauses"]
    values = " ".join(read_letter(forced.docx).custom_properties.values())
    assert str(tmp_path) not in values  # no local paths in a letter that is sent out


def test_overlays_are_named_by_folder_and_told_apart():
    layers = [("built-in", Path("/x/clauses")), ("a/clauses", Path("a/clauses")),
              ("/b/clauses", Path("/b/clauses"))]  # fmt: skip
    assert list(layer_labels(layers).values()) == ["built-in", "clauses", "clauses (3)"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_clause_folders_git_commit(tmp_path, monkeypatch):
    folder = tmp_path / "repo" / "clauses"
    folder.mkdir(parents=True)
    assert library_commit(folder) == (None, False)
    write(folder, "a.yaml", "id: a\n")

    repo = tmp_path / "repo"
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "clauses")
    head = git(repo, "rev-parse", "HEAD").strip()
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))  # as inside a git hook
    assert library_commit(folder) == (head, False)
    write(folder, "a.yaml", "id: a\nversion: 2\n")
    assert library_commit(folder) == (head, True)
