"""``foi-draft deadline`` as a user runs it: a separate process, real output, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("docx", "questionary", "jinja2", "babel")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    env.pop("FOI_DRAFT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "foi_drafter", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _json(*args: str) -> dict:
    result = _run(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_twentieth_working_day_skips_the_northern_ireland_holiday() -> None:
    data = _json("deadline", "2024-06-27", "--working-days", "20")
    assert data["due"] == "2024-07-26"
    assert (data["start"], data["working_days"], data["regime"]) == ("2024-06-27", 20, "foia")
    assert {"date": "2024-07-12", "reason": "Battle of the Boyne (Northern Ireland)"} in data[
        "skipped"
    ]


def test_foisa_ignores_the_northern_ireland_holiday() -> None:
    data = _json("deadline", "2024-06-27", "--working-days", "20", "--regime", "foisa")
    assert data["due"] == "2024-07-25"
    assert all(day["date"] != "2024-07-12" for day in data["skipped"])


def test_sefton_fortieth_working_day_skips_st_patricks_day() -> None:
    assert _json("deadline", "2020-01-21", "--working-days", "40")["due"] == "2020-03-18"


@pytest.mark.parametrize("written", ["27/06/2024", "27 June 2024", "Thursday 27 June 2024"])
def test_uk_style_dates_are_accepted(written: str) -> None:
    assert _json("deadline", written, "--working-days", "20")["due"] == "2024-07-26"


def test_standard_dates_are_printed_in_words_and_iso() -> None:
    result = _run("deadline", "2024-06-27")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    due = next(line for line in lines if line.strip().startswith("Response due"))
    assert "Fri 26 Jul 2024" in due and "2024-07-26" in due
    assert any(line.strip().startswith("Review request by") for line in lines)
    assert any("within 6 weeks of the review outcome" in line for line in lines)


def test_standard_json_has_each_date_and_the_warnings() -> None:
    data = _json(
        "deadline",
        "2024-06-27",
        "--public-interest-extension",
        "--responded",
        "2024-09-03",
        "--review-requested",
        "2024-09-10",
        "--review-outcome",
        "2024-10-01",
    )
    assert data["response_due"] == "2024-07-26"
    assert data["extended_due"] == "2024-08-27"
    assert data["review_target"] and data["review_outer"]
    assert data["regulator"] == "ico" and data["regulator_deadline"] == "2024-11-12"
    assert any("after the due date" in w for w in data["warnings"])
    assert {"date": "2024-07-12", "reason": "Battle of the Boyne (Northern Ireland)"} in data[
        "skipped"
    ]


def test_events_move_the_dates() -> None:
    data = _json(
        "deadline",
        "2024-06-27",
        "--fees-notice",
        "2024-07-01",
        "--fee-received",
        "2024-07-05",
    )
    assert data["response_due"] == "2024-08-02"
    assert data["disregarded_working_days"] == 5


def test_school_days_file_is_used(tmp_path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(
        "terms:\n"
        "  - {start: 2024-04-15, end: 2024-07-19}\n"
        "  - {start: 2024-09-04, end: 2024-12-20}\n",
        encoding="utf-8",
    )
    data = _json("deadline", "2024-06-27", "--school-days", str(terms))
    assert data["response_due"] == "2024-09-10"


def test_explain_lists_each_skipped_day_with_its_reason() -> None:
    result = _run("deadline", "2024-06-27", "--working-days", "20", "--explain")
    assert result.returncode == 0, result.stderr
    assert "Fri 12 Jul 2024  Battle of the Boyne (Northern Ireland)" in result.stdout
    assert "Sat 29 Jun 2024  Saturday" in result.stdout


def test_explain_shows_the_steps_of_the_calculation() -> None:
    result = _run(
        "deadline", "2024-06-27", "--clarification-requested", "1 July 2024",
        "--clarification-received", "08/07/2024", "--explain",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "a fresh period runs from that day" in result.stdout
    assert "Wed 7 Aug 2024" in result.stdout


def test_holidays_file_adds_a_day(tmp_path) -> None:
    extra = tmp_path / "holidays.yaml"
    extra.write_text(
        "holidays:\n  - {date: 2024-07-03, name: Extra day, nations: [scotland]}\n",
        encoding="utf-8",
    )
    data = _json("deadline", "2024-06-27", "--working-days", "20", "--holidays-file", str(extra))
    assert data["due"] == "2024-07-29"
    assert {"date": "2024-07-03", "reason": "Extra day (Scotland)"} in data["skipped"]


def _malformed_holidays(tmp_path: Path) -> str:
    path = tmp_path / "bad.yaml"
    path.write_text("holidays:\n  - {date: 2024-07-03, name: x, nations: [wales]}\n")
    return str(path)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["2023-02-29"], "not a real date"),
        (["garbage"], "is not a date"),
        (["2024-06-27", "--working-days", "0"], "at least 1"),
        (["2024-06-27", "--working-days", "-5"], "at least 1"),
        (["2024-06-27", "--working-days", "100000"], "more than a year"),
        (["2024-06-27", "--working-days", "twenty"], "not a whole number"),
        (
            ["2024-06-27", "--fees-notice", "2024-07-05", "--fee-received", "2024-07-01"],
            "before the fees notice",
        ),
        (["2024-06-27", "--clarification-received", "2024-06-01"], "before the request"),
        (["1999-06-01"], "1999-06-01 is outside"),
        (["2024-06-27", "--regime", "gdpr"], "unknown regime 'gdpr'"),
        (["2024-06-27", "--holidays-file", "MALFORMED"], "unknown nation 'wales'"),
        (["2024-06-27", "--holidays-file", "/no/such/file.yaml"], "cannot read"),
        (["2024-06-27", "--regime", "foisa", "--public-interest-extension"], "no extension"),
    ],
)
def test_bad_input_gives_one_error_line_and_exit_2(
    tmp_path, args: list[str], expected: str
) -> None:
    args = [_malformed_holidays(tmp_path) if a == "MALFORMED" else a for a in args]
    result = _run("deadline", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("foi-draft: error:")
    assert expected in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("argv", "unwanted"),
    [
        (["--help"], (*HEAVY, "holidays", "yaml")),
        (["deadline", "--help"], (*HEAVY, "holidays", "yaml")),
        (["deadline", "2024-06-27"], HEAVY),
    ],
    ids=["--help", "deadline --help", "deadline DATE"],
)
def test_deadline_and_help_do_not_import_heavy_libraries(
    argv: list[str], unwanted: tuple[str, ...]
) -> None:
    code = (
        "import sys\n"
        "from foi_drafter.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {set(unwanted)!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_help_shows_examples() -> None:
    result = _run("deadline", "--help")
    assert result.returncode == 0
    assert "foi-draft deadline 2024-06-27 --working-days 40" in result.stdout
