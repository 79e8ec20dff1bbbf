"""JSON Schemas for editors, and ``foi-draft init``'s workspace as a reviewer relies on it."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT, git

SCHEMAS = ROOT / "foi_drafter" / "schemas"
NAME = "Exampleton: Borough Council"
OLD = "An officer who was not involved in this response will look at your request again."
NEW = "A senior officer who took no part in this response will look at your request again."


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "regenerate", ROOT / "scripts/regenerate_schemas.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def _as_json(path: Path) -> Any:
    """A YAML file as the editor sees it: dates are text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(
        json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, date) else v)
    )


@pytest.mark.parametrize("name", ["clause", "answers", "authority"])
def test_shipped_schemas_equal_the_generated_ones(name: str) -> None:
    shipped = (SCHEMAS / f"{name}.json").read_text(encoding="utf-8")
    assert shipped == _generator().schema_text(name), "run python scripts/regenerate_schemas.py"


@pytest.mark.parametrize("name", ["clause", "answers", "authority"])
def test_schema_command_prints_the_shipped_schema(cli, name: str) -> None:
    result = cli("schema", name)
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads((SCHEMAS / f"{name}.json").read_text())


def test_unknown_schema_exits_2(cli) -> None:
    result = cli("schema", "letter")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "foi-draft: error: unknown schema 'letter'; use one of clause, answers, authority"
    )


def test_built_in_clause_files_single_and_family_match_the_clause_schema() -> None:
    validator = _validator("clause")
    files = sorted((ROOT / "clauses").rglob("*.yaml"))
    shapes = {"clauses" in _as_json(path) for path in files}
    assert shapes == {True, False}, "the library should hold both single clauses and families"
    for path in files:
        errors = [e.message for e in validator.iter_errors(_as_json(path))]
        assert errors == [], path


def test_the_clause_schema_rejects_a_misspelt_field() -> None:
    clause = _as_json(ROOT / "tests/fixtures/bad-clauses/unknown-field.yaml")
    assert not _validator("clause").is_valid(clause)
    del clause["txet"]
    assert _validator("clause").is_valid(clause)
    assert not _validator("clause").is_valid({"clauses": [clause], "extra": 1})


def test_example_answers_and_profiles_match_their_schemas() -> None:
    answers = _validator("answers")
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert [e.message for e in answers.iter_errors(_as_json(path))] == [], path
    profile = _validator("authority")
    for path in [
        ROOT / "foi_drafter/data/example-authority/authority.yaml",
        *sorted((ROOT / "examples" / "authorities").glob("*.yaml")),
    ]:
        assert [e.message for e in profile.iter_errors(_as_json(path))] == [], path
    assert not profile.is_valid({"name": "No contacts"})


def test_answers_dates_may_be_written_the_uk_way() -> None:
    case = _as_json(ROOT / "examples" / "002-sefton-s31-refusal.yaml")
    case["received"] = "20/12/2019"
    assert _validator("answers").is_valid(case)


# --- foi-draft init -----------------------------------------------------------------------


@pytest.fixture
def workspace(cli, tmp_path: Path) -> Path:
    target = tmp_path / "our-clauses"
    result = cli("init", str(target), "--authority-name", NAME)
    assert result.returncode == 0, result.stderr
    return target


def test_init_creates_the_workspace(workspace) -> None:
    files = sorted(str(p.relative_to(workspace)) for p in workspace.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/clauses.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "authority.yaml",
        "clauses/internal-review.yaml",
        "examples/s31-crime-refusal.yaml",
        "examples/s31-ncnd-refusal.yaml",
    ]
    profile = yaml.safe_load((workspace / "authority.yaml").read_text())
    assert profile["name"] == NAME
    assert NAME in profile["review_contact"]["address"]
    assert profile["clauses"] == ["clauses"]
    assert (workspace / "README.md").read_text().startswith(f"# {NAME}: FOI clause library")
    for name in ("s31-crime-refusal", "s31-ncnd-refusal"):
        answers = yaml.safe_load((workspace / "examples" / f"{name}.yaml").read_text())
        assert answers["authority"] == "../authority.yaml"
    ncnd = yaml.safe_load((workspace / "examples" / "s31-ncnd-refusal.yaml").read_text())
    assert ncnd["questions"][0]["outcome"] == "ncnd"
    assert ncnd["questions"][0]["exemptions"][0]["provision"] == "s31(3)"


def test_ci_and_pre_commit_run_the_check_and_post_the_diff(workspace) -> None:
    workflow = yaml.safe_load((workspace / ".github/workflows/clauses.yml").read_text())
    steps = workflow["jobs"]["clauses"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert 'foi-draft clauses check ${BASE:+--base "origin/$BASE"}' in commands
    assert 'foi-draft diff --base "origin/$BASE" --markdown > letters.md' in commands
    assert "gh pr comment" in commands
    assert workflow[True]["pull_request"] is None  # YAML reads the key 'on' as True
    hooks = yaml.safe_load((workspace / ".pre-commit-config.yaml").read_text())
    hook = hooks["repos"][0]["hooks"][0]
    assert (hook["id"], hook["entry"]) == ("foi-draft-clauses-check", "foi-draft clauses check")
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in published] == ["foi-draft-clauses-check"]


def test_the_workspace_passes_its_own_check(cli, workspace) -> None:
    result = cli("clauses", "check", cwd=workspace)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].endswith(": no problems")


def test_the_examples_render_with_the_authority_wording(cli, workspace) -> None:
    for name in ("s31-crime-refusal", "s31-ncnd-refusal"):
        result = cli("render", f"examples/{name}.yaml", "--text", cwd=workspace)
        assert result.returncode == 0, result.stderr
        assert OLD in result.stdout
        assert result.stdout.rstrip().endswith(NAME)


def test_a_wording_change_needs_a_version_bump_and_shows_in_both_letters(cli, workspace) -> None:
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-qm", "Our clause library")
    clause = workspace / "clauses" / "internal-review.yaml"
    text = clause.read_text()
    assert text.count(OLD) == 2  # the text and the FOIA sample
    clause.write_text(text.replace(OLD, NEW))

    unbumped = cli("clauses", "check", "--base", "HEAD", cwd=workspace)
    assert unbumped.returncode == 1
    assert (
        "clauses/internal-review.yaml:6: internal-review: changed since HEAD but its version "
        "is still 2; bump it to 3"
    ) in unbumped.stdout.splitlines()

    diff = cli("diff", cwd=workspace)
    assert diff.returncode == 0, diff.stderr
    lines = diff.stdout.splitlines()
    assert lines.count(f"-{OLD}") == 2
    assert lines.count(f"+{NEW}") == 2
    assert lines[-1] == "2 of 2 letters change (clause library at HEAD -> working tree)"

    clause.write_text(clause.read_text().replace("version: 2", "version: 3"))
    bumped = cli("clauses", "check", "--base", "HEAD", cwd=workspace)
    assert bumped.returncode == 0, bumped.stdout
    assert bumped.stdout.splitlines()[-1].endswith(": no problems")


def test_a_wording_change_without_the_samples_fails_the_check(cli, workspace) -> None:
    clause = workspace / "clauses" / "internal-review.yaml"
    text = clause.read_text()
    clause.write_text(text.replace(OLD, NEW, 1).replace("version: 2", "version: 3"))
    result = cli("clauses", "check", "clauses", cwd=workspace)
    assert result.returncode == 1
    assert (
        "clauses/internal-review.yaml:29: internal-review: sample 1 renders differently from "
        "'expected': expected '… ask for an internal review. An officer who was not involved "
        "in this r…', got '… ask for an internal review. A senior officer who took no part "
        "in this…'"
    ) in result.stdout.splitlines()


def test_init_refuses_a_folder_that_is_not_empty(cli, workspace) -> None:
    result = cli("init", str(workspace), "--authority-name", "Other Council")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("our-clauses: is not empty; give a new or empty folder")
    assert len(result.stderr.splitlines()) == 1


def test_init_without_a_name_and_no_terminal_exits_2(cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "new"), input="")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "foi-draft: error: give the authority's name with --authority-name NAME"
    )
    assert not (tmp_path / "new").exists()


def test_init_onto_a_file_exits_2(cli, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = cli("init", str(target), "--authority-name", "Other Council")
    assert result.returncode == 2
    assert "file.txt: is a file; give a new or empty folder" in result.stderr
