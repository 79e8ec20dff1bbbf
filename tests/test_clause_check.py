"""``foi-draft clauses check|list|show`` as a reviewer runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

BAD = "tests/fixtures/bad-clauses"

# file: (line, clause id, words of the message); one defect per file.
DEFECTS = {
    "yaml-syntax.yaml": (5, None, "YAML syntax error: did not find expected ',' or ']'"),
    "unknown-field.yaml": (6, "fixture-unknown-field", "txet: is not a known field"),
    "missing-version.yaml": (1, "fixture-missing-version", "version: is required but missing"),
    "duplicate-id.yaml": (10, "fixture-duplicate", "duplicate clause id (first defined at"),
    "jinja-syntax.yaml": (9, "fixture-jinja-syntax", "template syntax error: unexpected '}'"),
    "undeclared-variable.yaml": (
        9,
        "fixture-undeclared",
        "uses 'portal_url', which is not declared",
    ),
    "unused-variable.yaml": (7, "fixture-unused", "declares variable 'portal_url' but its text"),
    "include.yaml": (8, "fixture-include", "includes or imports another template"),
    "unknown-provision.yaml": (6, "fixture-unknown-provision", "provision: s99(1) is not a"),
    "status-mismatch.yaml": (7, "fixture-status", "status is absolute, but s31(1)(a) is qualified"),
    "test-mismatch.yaml": (8, "fixture-test", "test is class, but s43(2) is a prejudice test"),
    "ncnd-without-limb.yaml": (
        6,
        "fixture-ncnd-trade-secret",
        "an NCND clause must cite a neither-confirm-nor-deny provision; s43(1) is not one",
    ),
    "absolute-public-interest.yaml": (
        12,
        "fixture-absolute-pit",
        "s41 is an absolute exemption, so its text must not weigh the public interest",
    ),
    "sample-mismatch.yaml": (
        12,
        "fixture-sample",
        "sample 2 renders differently from 'expected': expected 'Please quote our reference "
        "FOI-2024-0001 when you write to us.', got 'Please quote FOI-2024-0001",
    ),
    "expired.yaml": (6, "fixture-expired", "warning: expired on 2020-03-31 (valid_to)"),
    "notes.txt": (None, None, "is not a clause file (.yaml)"),
    "binary.yaml": (None, None, "is a binary file, not a YAML clause file"),
}


@pytest.fixture(scope="module")
def bad_library() -> subprocess.CompletedProcess[str]:
    return run_cli("clauses", "check", BAD)


@pytest.mark.parametrize("name", DEFECTS)
def test_each_defect_is_reported_once_at_its_file_and_line(bad_library, name: str) -> None:
    line, clause, words = DEFECTS[name]
    where = f"{BAD}/{name}" + (f":{line}" if line else "")
    start = f"{where}: {clause}: " if clause else f"{where}: "
    found = [text for text in bad_library.stdout.splitlines() if text.startswith(f"{BAD}/{name}")]
    assert len(found) == 1, found
    assert found[0].startswith(start + words), found[0]


def test_every_problem_is_reported_and_errors_fail_the_check(bad_library) -> None:
    assert bad_library.returncode == 1
    assert bad_library.stderr == ""
    lines = bad_library.stdout.splitlines()
    assert len(lines) == len(DEFECTS) + 1
    assert lines[-1] == "checked 13 clauses in 16 files: 16 errors, 1 warning"


def test_json_output_lists_each_problem_with_severity(cli) -> None:
    result = cli("clauses", "check", BAD, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 16, 1)
    expired = [p for p in report["problems"] if p["clause"] == "fixture-expired"]
    assert expired == [
        {
            "file": f"{BAD}/expired.yaml",
            "line": 6,
            "clause": "fixture-expired",
            "severity": "warning",
            "message": "expired on 2020-03-31 (valid_to); review it, then bump its version "
            "and set a new valid_to",
        }
    ]


def test_the_built_in_library_passes(cli) -> None:
    result = cli("clauses", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].endswith(": no problems")


def test_a_warning_alone_does_not_fail_the_check(cli, tmp_path: Path) -> None:
    overlay = tmp_path / "ours"
    overlay.mkdir()
    (overlay / "expired.yaml").write_bytes((ROOT / BAD / "expired.yaml").read_bytes())
    result = cli("clauses", "check", str(overlay))
    assert result.returncode == 0
    assert "warning: expired on 2020-03-31" in result.stdout


def _clause(folder: Path, clause_id: str, text: str = "Plain text.") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{clause_id}.yaml").write_text(
        f"id: {clause_id}\nversion: 1\ntitle: Test clause\nregimes: [foia]\nkind: paragraph\n"
        f"text: {text}\nsamples:\n  - expected: {text}\n",
        encoding="utf-8",
    )


def test_the_same_id_in_two_overlays_is_an_error(cli, tmp_path: Path) -> None:
    _clause(tmp_path / "a", "our-paragraph")
    _clause(tmp_path / "b", "our-paragraph")
    result = cli("clauses", "check", "a", "b", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "b/our-paragraph.yaml:1: our-paragraph: also defined in the overlay a "
        "(a/our-paragraph.yaml:1)"
    )


def test_overriding_a_built_in_clause_is_info_shown_only_with_verbose(cli, tmp_path: Path) -> None:
    _clause(tmp_path / "ours", "refusal-notice", "This letter is a refusal notice.")
    quiet = cli("clauses", "check", "ours", cwd=tmp_path)
    assert quiet.returncode == 0
    assert quiet.stdout == "checked 1 clause in 1 file: no problems\n"
    verbose = cli("clauses", "check", "ours", "--verbose", cwd=tmp_path)
    assert verbose.returncode == 0
    assert verbose.stdout.startswith(
        "ours/refusal-notice.yaml:1: refusal-notice: info: overrides the built-in clause"
    )


def test_authority_yaml_overlays_are_checked_without_arguments(cli, tmp_path: Path) -> None:
    profile = (ROOT / "foi_drafter/data/example-authority/authority.yaml").read_text()
    (tmp_path / "authority.yaml").write_text(profile + "clauses:\n  - ours\n", encoding="utf-8")
    _clause(tmp_path / "ours", "our-paragraph", "Plain {{ wording }}.")
    result = cli("clauses", "check", cwd=tmp_path)
    assert result.returncode == 1
    assert "ours/our-paragraph.yaml:6: our-paragraph: uses 'wording', which is not declared" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-folder"], "no-such-folder: clause folder not found; check the path"),
        ([f"{BAD}/binary.yaml"], "binary.yaml: clause folder is a file, not a clause folder"),
        ([f"{BAD}/notes.txt"], "notes.txt: clause folder is a file, not a clause folder"),
        ([BAD, "--base", "no-such-branch"], "'no-such-branch' is not a revision of the git"),
        ([BAD, "--base=--output=x"], "'--output=x' is not a git revision"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, args: list[str], message: str) -> None:
    result = cli("clauses", "check", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_base_outside_a_git_repository_exits_2(cli, tmp_path: Path) -> None:
    _clause(tmp_path / "ours", "our-paragraph")
    result = cli("clauses", "check", "ours", "--base", "HEAD", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "ours: is not in a git repository, so it cannot be compared with a revision"
    )


def test_list_fits_80_columns_and_names_each_layer(cli, tmp_path: Path) -> None:
    _clause(tmp_path / "ours", "refusal-notice", "This letter is a refusal notice.")
    result = cli("clauses", "list", "--clauses", "ours", cwd=tmp_path, env={"COLUMNS": "80"})
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:6] == ["ID", "REGIME", "PROVISION", "A/Q", "VER", "LAYER"]
    assert all(len(line) <= 80 for line in lines)
    crime = next(line for line in lines if line.startswith("s31-crime "))
    assert crime.split()[1:6] == ["foia", "s31(1)(a)", "qual", "1", "built-in"]
    ours = next(line for line in lines if line.startswith("refusal-notice "))
    assert ours.split()[-1] == "ours"


def test_list_json(cli) -> None:
    result = cli("clauses", "list", "--json")
    assert result.returncode == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["s31-crime"]["provision"] == "s31(1)(a)"
    assert rows["s31-crime"]["status"] == "qualified"
    assert rows["s31-crime"]["layer"] == "built-in"


def test_show_gives_metadata_variables_and_the_rendered_sample(cli, tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "portal.yaml").write_text(
        "id: open-data-portal\nversion: 4\ntitle: Where our open data is\nregimes: [foia]\n"
        "kind: paragraph\nvariables:\n  - name: portal_url\n    type: url\n"
        "    prompt: Address of the open-data portal\n    default: https://data.example.gov.uk\n"
        "text: '{{ authority.short_name | upper_first }} publishes data at {{ portal_url }}.'\n"
        "samples:\n  - expected: The Council publishes data at https://data.example.gov.uk.\n",
        encoding="utf-8",
    )
    result = cli("clauses", "show", "open-data-portal", "--clauses", "ours", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("open-data-portal (version 4)\n  title:      Where our open")
    assert (
        "  portal_url (url): Address of the open-data portal "
        "[default: https://data.example.gov.uk]" in result.stdout
    )
    assert result.stdout.endswith(
        "sample 1:\n  The Council publishes data at https://data.example.gov.uk.\n"
    )


def test_show_an_unknown_id_suggests_the_nearest(cli) -> None:
    result = cli("clauses", "show", "s31-crme")
    assert result.returncode == 2
    assert "unknown clause 's31-crme'; did you mean 's31-crime'?" in result.stderr
