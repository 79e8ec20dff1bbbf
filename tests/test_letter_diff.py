"""``foi-draft diff``: what a clause change does to the example letters, between git revisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, git

PROFILE = ROOT / "foi_drafter" / "data" / "example-authority" / "authority.yaml"
OLD = "Write to foi.reviews@example.gov.uk."
NEW = "Please write to foi.reviews@example.gov.uk, quoting our reference."

REVIEW = """\
id: internal-review
version: 1
title: Internal review, our wording
regimes: [foia, eir]
kind: paragraph
text: |
  ## Reviews

  You can ask for an internal review by {{ dates.review_request_by }}. SENTENCE
samples:
  - expected: |
      Reviews

      You can ask for an internal review by 10 September 2024. SENTENCE
"""

ANSWERS = """\
authority: AUTHORITY
regime: foia
reference: T-REF
requester:
  name: Ms Test
received: 2024-06-27
response_date: 2024-07-19
request: How many libraries do you run?
questions:
  - text: How many libraries do you run?
    outcome: answered
    answer: We run 12 libraries.
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A clause repository: our internal-review clause, a letter using it, and one not."""
    repo = tmp_path / "library"
    (repo / "clauses").mkdir(parents=True)
    (repo / "examples").mkdir()
    (repo / "authority.yaml").write_text(
        PROFILE.read_text() + "clauses:\n  - clauses\n", encoding="utf-8"
    )
    (repo / "clauses" / "internal-review.yaml").write_text(
        REVIEW.replace("SENTENCE", OLD), encoding="utf-8"
    )
    for name, authority in (("ours", "../authority.yaml"), ("bundled", "example")):
        text = ANSWERS.replace("AUTHORITY", authority).replace("REF", name)
        (repo / "examples" / f"{name}.yaml").write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Our clauses")
    return repo


def change_sentence(repo: Path) -> None:
    path = repo / "clauses" / "internal-review.yaml"
    path.write_text(path.read_text().replace(OLD, NEW), encoding="utf-8")


def test_the_changed_sentence_shows_in_the_letter_that_uses_the_clause(cli, workspace) -> None:
    change_sentence(workspace)
    result = cli("diff", cwd=workspace)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "--- examples/ours.yaml (HEAD)" in lines
    assert "+++ examples/ours.yaml (working tree)" in lines
    assert f"-{OLD}" in lines
    assert f"+{NEW}" in lines
    assert " You can ask for an internal review by 17 September 2024." in lines
    assert "examples/bundled.yaml" not in result.stdout
    assert lines[-1] == "1 of 2 letters change (clause library at HEAD -> working tree)"


def test_markdown_is_ready_for_a_pull_request_comment(cli, workspace) -> None:
    change_sentence(workspace)
    result = cli("diff", "--markdown", cwd=workspace)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("### Letters: 1 of 2 letters change\n")
    changed = text.index("#### `examples/ours.yaml`\n\n```diff\n@@ ")
    block = text[changed:].split("```diff\n", 1)[1].split("\n```\n", 1)[0]
    assert f"-{OLD}" in block.splitlines()
    assert f"+{NEW}" in block.splitlines()
    assert "---" not in block.splitlines()[0]
    assert "<summary>Unchanged: 1</summary>" in text
    assert "- `examples/bundled.yaml`" in text
    assert "#### `examples/bundled.yaml`" not in text


def test_diff_between_two_commits(cli, workspace) -> None:
    change_sentence(workspace)
    git(workspace, "commit", "-qam", "Friendlier review wording")
    unchanged = cli("diff", cwd=workspace)
    assert unchanged.returncode == 0
    assert unchanged.stdout == "0 of 2 letters change (clause library at HEAD -> working tree)\n"
    result = cli("diff", "--base", "HEAD~1", "examples/ours.yaml", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert f"-{OLD}" in result.stdout.splitlines()
    assert f"+{NEW}" in result.stdout.splitlines()
    assert result.stdout.endswith(
        "1 of 1 letter change (clause library at HEAD~1 -> working tree)\n"
    )


def test_a_letter_needing_a_new_clause_is_shown_whole(cli, workspace) -> None:
    (workspace / "clauses" / "closing.yaml").write_text(
        "id: our-closing\nversion: 1\ntitle: Closing line\nregimes: [foia]\nkind: paragraph\n"
        "text: Thank you for your interest in our libraries.\n"
        "samples:\n  - expected: Thank you for your interest in our libraries.\n",
        encoding="utf-8",
    )
    answers = workspace / "examples" / "ours.yaml"
    answers.write_text(answers.read_text() + "paragraphs:\n  - our-closing\n", encoding="utf-8")
    result = cli("diff", "examples/ours.yaml", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "examples/ours.yaml: cannot be rendered with the clause library at HEAD: "
        "unknown clause 'our-closing'"
    )
    assert "+Thank you for your interest in our libraries." in result.stdout.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base", "no-such-branch"], "'no-such-branch' is not a revision of the git repository"),
        (["missing.yaml"], "missing.yaml: answers file not found"),
        (["-U", "-1"], "-U needs a number of sentences"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, workspace, args: list[str], message: str) -> None:
    result = cli("diff", *args, cwd=workspace)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_a_broken_clause_in_the_working_tree_exits_2(cli, workspace) -> None:
    (workspace / "clauses" / "internal-review.yaml").write_text("id: [unclosed\n")
    result = cli("diff", cwd=workspace)
    assert result.returncode == 2
    assert "clauses/internal-review.yaml:2: YAML syntax error" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_outside_a_git_repository_exits_2(cli, workspace, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "examples").mkdir()
    (plain / "examples" / "a.yaml").write_text(
        ANSWERS.replace("AUTHORITY", "example").replace("REF", "a"), encoding="utf-8"
    )
    result = cli("diff", cwd=plain)
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr
    no_examples = cli("diff", cwd=workspace / "clauses")
    assert no_examples.returncode == 2
    assert "no answers files: give ANSWERS" in no_examples.stderr
