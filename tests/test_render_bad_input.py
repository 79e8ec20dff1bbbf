"""Bad answers files and clauses: one line naming the file and line or field, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = """\
authority: example
regime: foia
reference: T-1
requester:
  name: Ms Test
received: 2024-06-27
response_date: 2024-07-12
request: Which company supplies your firewall?
questions:
  - text: Which company supplies your firewall?
    outcome: withheld
    exemptions:
      - provision: s31(1)(a)
        level: would be likely to
        harm: naming it would help attackers
        public_interest:
          for: [Openness.]
          against: [Security.]
          balance: security wins
"""


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_the_good_case_renders(tmp_path, cli):
    result = cli("render", str(write(tmp_path, GOOD)), "--text")
    assert result.returncode == 0, result.stderr
    assert "section 31(1)(a)" in result.stdout


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (
            ("requester:\n  name: Ms Test", "requester:\n  name: [unclosed"),
            ("case.yaml:", "YAML syntax error"),
        ),
        (("reference: T-1", "reference: [1, 2]"), ("case.yaml:3", "reference")),
        (("outcome: withheld", "outcome: refused"), ("case.yaml:11", "outcome", "must be one of")),
        (
            ("received: 2024-06-27", "received: 31/02/2024"),
            ("case.yaml:6", "received", "not a real date"),
        ),
        (
            ("received: 2024-06-27", "received: next tuesday"),
            ("case.yaml:6", "received", "not a date"),
        ),
        (
            ("response_date: 2024-07-12", "response_date: 2024-06-01"),
            ("case.yaml:7", "before the request was received"),
        ),
        (
            ("provision: s31(1)(a)", "provision: s99(1)"),
            ("case.yaml:13", "s99(1)", "not a provision"),
        ),
        (("regime: foia", "regime: foi"), ("case.yaml:2", "regime")),
        (
            ("reference: T-1", "reference: T-1\ncolour: blue"),
            ("case.yaml:4", "colour", "not a known field"),
        ),
        (
            (
                "    exemptions:\n",
                "    exemptions:\n      - provision: s31(1)(a)\n        clause: no-such-clause\n",
            ),
            ("case.yaml:14", "unknown clause 'no-such-clause'"),
        ),
    ],
)
def test_bad_answers_file(tmp_path, cli, change, fragments):
    path = write(tmp_path, GOOD.replace(*change))
    assert_one_line_error(cli("render", str(path), "--text"), *fragments)


@pytest.mark.parametrize("provision", ["s21", "s43(1)"])
def test_ncnd_under_a_provision_without_one(tmp_path, cli, provision):
    text = GOOD.replace("outcome: withheld", "outcome: ncnd").replace("s31(1)(a)", provision)
    assert_one_line_error(
        cli("render", str(write(tmp_path, text)), "--text"), "case.yaml:13", provision
    )


def test_unknown_optional_paragraph(tmp_path, cli):
    path = write(tmp_path, GOOD + "paragraphs: [no-such-paragraph]\n")
    assert_one_line_error(cli("render", str(path), "--text"), "case.yaml:20", "no-such-paragraph")


def overlay(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "clause.yaml").write_text(text, encoding="utf-8")
    return folder


CLAUSE = """\
id: s31-crime
version: 9
title: Override
regimes: [foia]
kind: exemption
provision: s31(1)(a)
status: qualified
test: prejudice
default: true
text: |
  {TEXT}
samples:
  - expected: x
"""


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("Broken {{ exemption.cite ", ("clause.yaml:11", "template syntax error")),
        ("Uses {{ undeclared_thing }}.", ("clause.yaml", "undeclared_thing")),
        ("Escape {{ exemption.__class__ }}.", ("clause.yaml", "s31-crime")),
        ("Reach {{ ''.__class__.__mro__ }}.", ("clause.yaml", "refused by the sandbox")),
    ],
)
def test_bad_clause_in_an_overlay(tmp_path, cli, text, fragments):
    folder = overlay(tmp_path, CLAUSE.replace("{TEXT}", text))
    result = cli("render", str(write(tmp_path, GOOD)), "--text", "--clauses", str(folder))
    assert_one_line_error(result, *fragments)


def test_missing_required_variable(tmp_path, cli):
    clause = CLAUSE.replace("{TEXT}", "Withheld since {{ since }}.").replace(
        "text: |", "variables:\n  - name: since\n    prompt: Since when?\ntext: |"
    )
    folder = overlay(tmp_path, clause)
    result = cli("render", str(write(tmp_path, GOOD)), "--text", "--clauses", str(folder))
    assert_one_line_error(result, "case.yaml:13", "needs variable 'since'")


def test_overlay_clause_overrides_the_built_in_one(tmp_path, cli):
    folder = overlay(
        tmp_path, CLAUSE.replace("{TEXT}", "Our own wording for {{ exemption.cite }}.")
    )
    result = cli("render", str(write(tmp_path, GOOD)), "--text", "--clauses", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Our own wording for section 31(1)(a)." in result.stdout


def test_missing_answers_file(tmp_path, cli):
    assert_one_line_error(
        cli("render", str(tmp_path / "nope.yaml"), "--text"), "nope.yaml", "not found"
    )


def test_binary_answers_file(tmp_path, cli):
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\x00\x01\x02PK")
    assert_one_line_error(cli("render", str(path), "--text"), "case.yaml", "binary")
