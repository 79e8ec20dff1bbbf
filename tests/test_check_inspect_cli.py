"""``foi-draft check`` and ``foi-draft inspect``, run as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from docx import Document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEFTON = EXAMPLES / "002-sefton-s31-refusal.yaml"
FINDING = re.compile(r"^[a-z0-9-]+  (error|warning)  .+  \(.+\)$")

NO_REVIEW = """\
id: internal-review
version: 2
title: A review paragraph that leaves out the review
regimes: [foia, eir]
kind: paragraph
text: We hope this answers your request.
samples:
  - expected: We hope this answers your request.
"""


def no_review_overlay(tmp_path: Path) -> Path:
    folder = tmp_path / "our-clauses"
    folder.mkdir()
    (folder / "internal-review.yaml").write_text(NO_REVIEW, encoding="utf-8")
    return folder


def assert_bad_input(result, fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert fragment in result.stderr


def test_commands_are_listed_with_examples(cli):
    assert {"check", "inspect"} <= set(cli("--help").stdout.split())
    for command in ("check", "inspect"):
        shown = cli(command, "--help")
        assert shown.returncode == 0 and "examples:" in shown.stdout
    assert "compliance errors" in cli("render", "--help").stdout


def test_check_a_compliant_answers_file(cli):
    result = cli("check", str(SEFTON))
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stdout


def test_check_prints_one_line_per_finding_and_exits_1_on_errors(cli, tmp_path):
    result = cli("check", str(SEFTON), "--clauses", str(no_review_overlay(tmp_path)))
    assert result.returncode == 1, result.stderr
    findings = [line for line in result.stdout.splitlines() if FINDING.match(line)]
    assert any(line.startswith("review-procedure  error  ") for line in findings)
    assert "(FOIA s17(7)(a) (R10); s45 Code)" in result.stdout


def test_warnings_alone_exit_0_and_json_lists_them(cli):
    result = cli("check", str(EXAMPLES / "001-city-council-ncnd-s31.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["result"] == "warnings" and data["errors"] == 0
    assert [f["rule"] for f in data["findings"]] == ["ncnd-mixed-disclosure"]
    assert data["findings"][0]["ref"].startswith("FOIA")


def test_check_a_written_letter(cli, tmp_path):
    out = tmp_path / "sefton.docx"
    assert cli("render", str(SEFTON), "-o", str(out)).returncode == 0
    result = cli("check", str(out))
    assert result.returncode == 0 and "no problems found (FOIA)" in result.stdout


def test_check_bad_input_is_one_line_exit_2(cli, tmp_path):
    assert_bad_input(cli("check", str(tmp_path / "missing.yaml")), "not found")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    assert_bad_input(cli("check", str(notes)), "not an answers file")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    assert_bad_input(cli("check", str(fake)), "not a Word .docx file")
    blank = tmp_path / "blank.docx"
    Document().save(str(blank))
    assert_bad_input(cli("check", str(blank)), "--regime")


def test_render_stops_on_compliance_errors_unless_forced(cli, tmp_path):
    overlay = no_review_overlay(tmp_path)
    out = tmp_path / "letter.docx"
    stopped = cli("render", str(SEFTON), "-o", str(out), "--clauses", str(overlay))
    assert stopped.returncode == 1
    assert "Traceback" not in stopped.stderr and "--force" in stopped.stderr
    assert any(
        line.strip().startswith("review-procedure  error") for line in stopped.stderr.splitlines()
    )
    assert not out.exists()
    forced = cli("render", str(SEFTON), "-o", str(out), "--clauses", str(overlay), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "review-procedure" in forced.stderr  # still shown, as a warning line
    shown = cli("inspect", str(out))
    assert "errors overridden with --force" in shown.stdout
    assert "review-procedure" in shown.stdout


def test_inspect_shows_clause_versions(cli, tmp_path):
    out = tmp_path / "sefton.docx"
    assert cli("render", str(SEFTON), "-o", str(out)).returncode == 0
    shown = cli("inspect", str(out))
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"^\s+s31-crime\s+v\d+\s+built-in\s+[0-9a-f]{16}$", shown.stdout, re.M)
    assert re.search(r"answers\s+sha256 [0-9a-f]{64}", shown.stdout)
    assert "compliance          pass" in shown.stdout
    data = json.loads(cli("inspect", str(out), "--json").stdout)
    clauses = {c["id"]: c for c in data["provenance"]["clauses"]}
    assert clauses["internal-review"]["layer"] == "built-in"
    assert isinstance(clauses["internal-review"]["version"], int)
    assert data["provenance"]["libraries"][0]["layer"] == "built-in"


def test_inspect_verify_same_and_different(cli, tmp_path):
    out = tmp_path / "letters" / "sefton.docx"
    assert cli("render", str(SEFTON), "-o", str(out)).returncode == 0
    copy = out.with_suffix(".answers.yaml")
    same = cli("inspect", str(out), "--verify", str(copy))
    assert same.returncode == 0, same.stdout + same.stderr
    assert "result: same" in same.stdout

    edited = tmp_path / "edited.yaml"
    text = copy.read_text(encoding="utf-8").replace("salutation: Mr Requester", "salutation: Sam")
    assert text != copy.read_text(encoding="utf-8")
    edited.write_text(text, encoding="utf-8")
    different = cli("inspect", str(out), "--verify", str(edited), "--json")
    assert different.returncode == 1
    verify = json.loads(different.stdout)["verify"]
    assert verify["answers_hash_same"] is False and verify["text_same"] is False
    assert "+Dear Sam" in verify["diff"]

    overlay = no_review_overlay(tmp_path)
    changed = cli("inspect", str(out), "--verify", str(copy), "--clauses", str(overlay))
    assert changed.returncode == 1
    assert "answers hash        same" in changed.stdout
    assert re.search(r"clause internal-review: v\d+ built-in \w+ -> v2 our-clauses", changed.stdout)


def test_inspect_a_letter_without_provenance(cli, tmp_path):
    blank = tmp_path / "blank.docx"
    Document().save(str(blank))
    assert_bad_input(cli("inspect", str(blank)), "no foi-drafter provenance")
