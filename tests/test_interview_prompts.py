"""The questionary view, driven through prompt_toolkit pipe input with a dummy output.

A prompt waits for more keys when its input runs short, so every prompt runs in a
worker thread with a time limit; on timeout the pipe is closed, which ends it.
"""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from foi_drafter.drafts import DraftFile
from foi_drafter.interview.engine import Choice, Interview, Step
from foi_drafter.interview.view import TerminalView, choice_completer, wrap_text

SEFTON = str(Path(__file__).resolve().parent.parent / "examples/authorities/sefton.yaml")
LIMIT = 10  # seconds; a prompt that is still waiting by then was given too few keys
DOWN, UP, ESC = "\x1b[B", "\x1b[A", "\x1b"
CLEAR_LINE = "\x15"  # Ctrl-U


def ask(step: Step, keys: str, check=None, output: Any = None) -> tuple[Any, str]:
    """Ask ``step`` with ``keys`` typed; the answer and what the view printed around it."""
    printed = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        view = TerminalView(input=pipe, output=output or DummyOutput(), stream=printed)
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(view.ask, step, check)
            try:
                return future.result(timeout=LIMIT), printed.getvalue()
            except FutureTimeout:
                pipe.close()
                pytest.fail(f"the prompt for {step.key!r} was still waiting after {LIMIT}s")


def test_text_takes_the_default_on_enter():
    step = Step("reference", "text", "Our reference", default="FOI-1")
    assert ask(step, "\r")[0] == "FOI-1"


def test_a_rejected_answer_is_asked_again_until_it_passes():
    seen = []

    def check(raw):
        seen.append(raw)
        return None if raw == "27/06/2024" else "'32/13/2024' is not a real date"

    step = Step("received", "date", "Date received", default="")
    answer, _ = ask(step, "32/13/2024\r" + CLEAR_LINE + "27/06/2024\r", check)
    assert answer == "27/06/2024"
    assert seen == ["32/13/2024", "27/06/2024"], "validated on Enter, not while typing"


def test_notes_warnings_and_help_are_shown_before_the_question():
    step = Step(
        "response_date",
        "date",
        "Date of this response",
        default="21/01/2020",
        notes=("Response due by 23 January 2020.",),
        warnings=("The response due date has passed.",),
        help="For example 27/06/2024.",
    )
    answer, printed = ask(step, "\r")
    assert answer == "21/01/2020"
    assert printed.splitlines() == [
        "  Response due by 23 January 2020.",
        "warning: The response due date has passed.",
        "  For example 27/06/2024.",
    ]


def test_long_text_keeps_lines_and_finishes_with_esc_enter():
    step = Step("request", "long-text", "The request")
    answer, _ = ask(step, "Please send:\r- the budget\r- the staff list" + ESC + "\r")
    assert answer == "Please send:\n- the budget\n- the staff list"


def test_select_moves_with_the_arrow_keys_from_the_default():
    choices = (Choice("would", "Would"), Choice("likely", "Would be likely to"))
    step = Step("level", "select", "How likely?", default="likely", choices=choices)
    assert ask(step, "\r")[0] == "likely"
    assert ask(step, UP + "\r")[0] == "would"


def test_checkbox_ticks_with_space_and_starts_from_the_default():
    choices = (Choice("a", "Openness"), Choice("b", "Accountability"), Choice("c", "Funds"))
    step = Step("factors", "checkbox", "Factors for disclosure?", default=["c"], choices=choices)
    assert ask(step, " " + DOWN + " \r")[0] == ["a", "b", "c"]
    assert ask(step, "\r")[0] == ["c"]


def test_confirm_answers_yes_or_no():
    step = Step(
        "share", "confirm", "Apply this outcome to questions 2 to 7 as well?", default=False
    )
    assert ask(step, "y")[0] is True
    assert ask(step, "\r")[0] is False


def test_autocomplete_takes_a_typed_citation_and_searches_titles():
    choices = (
        Choice("s31(1)(a)", "s31(1)(a)  Would prejudice the prevention or detection of crime",
               meta="qualified", keywords="Law enforcement"),
        Choice("s40(2)", "s40(2)  Others' personal data", meta="absolute"),
    )  # fmt: skip
    step = Step("provision", "autocomplete", "Which exemption?", choices=choices)
    assert ask(step, "s40(2)\r", lambda raw: None)[0] == "s40(2)"
    completer = choice_completer(choices)
    found = completer.get_completions(Document("law crime"), None)
    assert [(c.text, c.display_meta_text) for c in found] == [("s31(1)(a)", "qualified")]
    assert len(list(completer.get_completions(Document(""), None))) == 2


def test_ctrl_c_raises_keyboard_interrupt():
    step = Step("reference", "text", "Our reference")
    with pytest.raises(KeyboardInterrupt):
        ask(step, "FOI\x03")


def _styles_drawn(step: Step) -> set[str]:
    """The SGR (colour and emphasis) codes a prompt draws on an 80-column xterm."""
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")
    assert ask(step, "\r", output=output)[0] == "would"
    assert "How likely?" in screen.getvalue()
    return set(re.findall(r"\x1b\[[0-9;]*m", screen.getvalue()))


def test_no_color_turns_off_colour_and_emphasis(monkeypatch):
    step = Step("level", "select", "How likely?", choices=(Choice("would", "Would"),))
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _styles_drawn(step) - {"\x1b[0m"}, "styled without NO_COLOR"
    monkeypatch.setenv("NO_COLOR", "1")
    assert _styles_drawn(step) == {"\x1b[0m"}


def test_letter_preview_wraps_to_80_columns_keeping_list_indent():
    text = "Dear Mr Requester\n\n- " + "word " * 30 + "\n1. short\n"
    wrapped = wrap_text(text, 40)
    assert max(len(line) for line in wrapped.splitlines()) <= 40
    assert wrapped.splitlines()[3].startswith("  word")
    assert wrapped.splitlines()[-1] == "1. short"


# --- the session: what is left behind when the input ends or the program fails ---------------


def run_session(tmp_path: Path, keys: str) -> tuple[int, str]:
    """Run the questionnaire on ``keys`` (then end of input); exit code and what it printed."""
    from foi_drafter.commands.new import Session

    printed = io.StringIO()
    engine = Interview(base=tmp_path, cwd=tmp_path, today=date(2020, 1, 21), profile=SEFTON)
    drafts = DraftFile(tmp_path, started=datetime(2020, 1, 21, 9, 30))
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        view = TerminalView(input=pipe, output=DummyOutput(), stream=printed)
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(Session(engine, drafts, view, tmp_path).run)
            try:
                return future.result(timeout=LIMIT), printed.getvalue()
            except FutureTimeout:
                pytest.fail(f"the questionnaire was still waiting after {LIMIT}s")


def test_input_ending_keeps_the_draft_and_says_how_to_resume(tmp_path):
    code, printed = run_session(tmp_path, "\rR-9\r")
    draft = tmp_path / ".foi-draft" / "R-9.draft.yaml"
    assert code == 130
    assert f"Your answers are saved (readable by you only) in:\n  {draft}\n" in printed
    assert f"Carry on with:\n  foi-draft new --resume {draft}\n" in printed
    assert yaml.safe_load(draft.read_text())["draft"]["answers"]["reference"] == "R-9"


def test_a_crash_keeps_the_draft(tmp_path, monkeypatch):
    calls = []
    answer = Interview.answer

    def failing(self, step, raw):
        calls.append(step.key)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return answer(self, step, raw)

    monkeypatch.setattr(Interview, "answer", failing)
    with pytest.raises(RuntimeError):
        run_session(tmp_path, "\rR-10\r\r")
    draft = tmp_path / ".foi-draft" / "R-10.draft.yaml"
    assert yaml.safe_load(draft.read_text())["reference"] == "R-10"
