"""``foi-draft new`` end to end in a real pseudo-terminal (pexpect): an officer answers
the questions and gets a DOCX letter and its answers file.

The terminal is 80 columns, TERM=xterm, NO_COLOR=1. PROMPT_TOOLKIT_NO_CPR=1 because
pexpect, unlike a terminal, does not answer prompt_toolkit's cursor position request
(prompt_toolkit would wait for each answer). Every wait has a timeout.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from foi_drafter.docx_reader import read_letter
from foi_drafter.interview.engine import optional_paragraphs
from foi_drafter.letter_output import render_one
from foi_drafter.library import load_library

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEFTON = EXAMPLES / "authorities" / "sefton.yaml"
BARNET = EXAMPLES / "authorities" / "barnet.yaml"
TIMEOUT = 30
DOWN, UP, ESC, CLEAR_LINE = "\x1b[B", "\x1b[A", "\x1b", "\x15"
FINISH = ESC + "\r"  # ends a multi-line answer


class Officer:
    """Runs ``foi-draft new`` in a pseudo-terminal and answers its prompts, counting them."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "TERM": "xterm",
            "COLUMNS": "80",
            "LINES": "40",
            "PROMPT_TOOLKIT_NO_CPR": "1",
        }
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "foi_drafter", "new", *args],
            cwd=str(cwd),
            env=env,
            dimensions=(40, 80),
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        self.prompts = 0

    def answer(self, prompt: str, keys: str) -> str:
        """Wait for ``prompt``, type ``keys``; what was shown before the prompt."""
        self.child.expect_exact(prompt)
        before = self.child.before
        self.child.send(keys)
        self.prompts += 1
        return before

    def finish(self) -> tuple[int, str]:
        """Wait for the program to end; its exit status and its last output."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus, self.child.before


def pick(wanted: list[str], offered: list[str]) -> str:
    """Keys that tick ``wanted`` in a checkbox listing ``offered``, then confirm."""
    keys, at = "", 0
    for index in sorted(offered.index(w) for w in wanted):
        keys += DOWN * (index - at) + " "
        at = index
    return keys + "\r"


def presets(provision: str, side: str) -> list[str]:
    return [c.id for c in load_library().presets(provision, "foia", side)]


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


SEFTON_REQUEST = """\
Information indicated that the Coroner's Office has been affected by a 'cyber attack' \
at some point since May 2019. I therefore request the below:
- Can you confirm if a cyber-related 'attack' has been attempted or indeed been successful \
which has affected the Coroner's Office?
- Was any data breached or 'stolen' as a result of this attack?
- Has any 'cyber attack' on any external service provider to the Coroner's Office affected \
the Office itself?"""


def test_sefton_s31_refusal_of_three_questions(tmp_path):
    officer = Officer("--profile", str(SEFTON), cwd=tmp_path)
    answer = officer.answer
    answer("Which law is the request handled under?", "\r")
    answer("Our reference for this request", "3396225\r")
    answer("How will you give the request?", "\r")
    answer("Paste or type the request", SEFTON_REQUEST.replace("\n", "\r") + FINISH)
    answer("Requester's name", "Mr A Requester\r")
    answer("Greeting: Dear ... Mr Requester", "\r")
    answer("Requester's email address", "requester@example.org\r")
    answer("Date the request was received", CLEAR_LINE + "20/12/2019\r")
    shown = answer("Date of this response", CLEAR_LINE + "21/01/2020\r")
    assert "Response due by 23 January 2020" in shown
    assert "warning: The response due date, 23 January 2020, has passed." in shown
    answer("Treat the request as these 3 questions?", "y")
    answer("Question 1 of 3: what is the outcome?", DOWN + "\r")
    answer("Which exemption?", "s31(1)(a)\r")
    answer("How likely is the harm?", UP + "\r")
    answer(
        "Why would disclosure prejudice the prevention",
        "providing details of the Council's cyber security arrangements would give members "
        "of the public the opportunity to breach the Council's ICT security\r",
    )
    answer(
        "Factors for disclosure?",
        pick(["pit-openness", "pit-accountability"], presets("s31(1)(a)", "for")),
    )
    answer("Other factors for disclosure", FINISH)
    answer(
        "Factors for maintaining the exemption?",
        pick(["s31-pit-security-of-systems"], presets("s31(1)(a)", "against")),
    )
    answer(
        "Other factors for maintaining the exemption",
        "The public interest in withholding details of the Council's cyber security "
        "arrangements, to protect it from security breaches, is compelling." + FINISH,
    )
    answer(
        "Your conclusion on the balance",
        "the greater public interest lies in not providing the information at this time\r",
    )
    answer("Withhold it under another exemption as well?", "n")
    answer("Apply this outcome to questions 2 and 3 as well?", "y")
    answer("Optional paragraphs to add", "\r")
    answer("Sign the letter as ICT Support Officer?", "\r")
    preview = answer("What next?", "\r")
    status, output = officer.finish()

    assert status == 0, output
    assert officer.prompts == 24
    assert "Dear Mr Requester" in preview and "Review requests by: 18 March 2020" in preview
    assert "Wrote the letter:\r\n  3396225.docx" in output
    assert "  foi-draft render 3396225.yaml --force" in output
    docx, answers = tmp_path / "3396225.docx", tmp_path / "3396225.yaml"
    assert private(docx) and private(answers)
    assert not (tmp_path / ".foi-draft").exists(), "the draft goes once the letter is written"
    letter = read_letter(docx).text
    for sentence in (
        "Dear Mr Requester",
        "The Council is withholding this information under section 31(1)(a) of the "
        "Freedom of Information Act 2000.",
        "In our view disclosure would prejudice the prevention or detection of crime, because "
        "providing details of the Council's cyber security arrangements",
        "3. Has any 'cyber attack' on any external service provider",
        "- The public interest in withholding details of the Council's cyber security",
        "On balance we have concluded that the greater public interest lies in not providing",
        "This letter is a refusal notice under section 17 of the Freedom of Information Act",
        "Please write to us by 18 March 2020",
        "ICT Support Officer",
    ):
        assert sentence in letter
    written = yaml.safe_load(answers.read_text())
    exemptions = [q["exemptions"] for q in written["questions"]]
    assert exemptions[0][0]["provision"] == "s31(1)(a)" and exemptions.count(exemptions[0]) == 3
    assert render_one(answers, text_only=True).text == letter, "the answers file re-renders"


def test_barnet_ncnd_of_seven_questions_from_an_email(tmp_path):
    example = yaml.safe_load((EXAMPLES / "004-barnet-ncnd-s31.yaml").read_text())
    request = example["request"].strip().replace("\n", "\r\n")
    (tmp_path / "request.eml").write_bytes(
        (
            "From: Mr B Requester <requester@example.org>\r\nTo: foi@barnet.gov.uk\r\n"
            "Date: Tue, 02 Feb 2021 09:30:00 +0000\r\nSubject: Cyber security\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + request + "\r\n"
        ).encode()
    )
    pit = example["questions"][0]["exemptions"][0]["public_interest"]
    own_against = [f for f in pit["against"] if isinstance(f, str)]
    letters = tmp_path / "letters"
    officer = Officer("--profile", str(BARNET), "--out-dir", "letters", cwd=tmp_path)
    answer = officer.answer
    answer("Which law is the request handled under?", "\r")
    answer("Our reference for this request", "7002868\r")
    answer("How will you give the request?", DOWN + "\r")
    answer("Path of the .txt or .eml file", "request.eml\r")
    answer("The request as read from the file", FINISH)
    answer("Requester's name", "\r")
    answer("Greeting: Dear", "\r")
    answer("Requester's email address", "\r")
    answer("Date the request was received", "\r")
    answer("Date of this response", CLEAR_LINE + "09/02/2021\r")
    answer("Treat the request as these 7 questions?", "\r")
    answer("Question 1 of 7: what is the outcome?", DOWN * 2 + "\r")
    answer("Which neither-confirm-nor-deny provision?", "s31(3)\r")
    answer("How likely is the harm?", "\r")
    answer(
        "Why would confirming or denying", example["questions"][0]["exemptions"][0]["harm"] + "\r"
    )
    answer("Factors for confirming or denying?", "\r")
    answer("Other factors for confirming or denying", pit["for"][0] + FINISH)
    answer(
        "Factors against confirming or denying?",
        pick(
            ["s31-pit-security-of-systems", "s31-pit-crime-prevention"],
            presets("s31(3)", "against"),
        ),
    )
    answer("Other factors against confirming or denying", "\r".join(own_against) + FINISH)
    answer("Your conclusion on the balance", pit["balance"] + "\r")
    answer("The law-enforcement matter in s31(1)", "\r")
    answer("Apply this outcome to questions 2 to 7 as well?", "y")
    offered = [c.id for c in optional_paragraphs(load_library(), "foia")]
    answer("Optional paragraphs to add", pick(["further-information", "direct-marketing"], offered))
    answer("Address of the ICO's direct marketing guidance", "\r")
    answer("Name of the portal or web page", "Open Barnet, the council's data portal\r")
    answer("Address of the portal", "http://open.barnet.gov.uk/\r")
    answer("Sign the letter as", "\r")
    answer("What next?", "\r")
    status, output = officer.finish()

    assert status == 0, output
    assert officer.prompts == 28
    assert "Wrote the letter:\r\n  letters/7002868.docx" in output
    letter = read_letter(letters / "7002868.docx").text
    for sentence in (
        "Mr B Requester\nrequester@example.org",
        "which we received on 2 February 2021",
        "7. Do you offer cyber security training to staff?",
        "We neither confirm nor deny whether we hold information of the kind you asked for. "
        "We are relying on section 31(3) of the Freedom of Information Act 2000",
        "the prevention or detection of crime (section 31(1)(a))",
        "would be likely to prejudice the prevention or detection of crime, because confirming",
        "Factors in favour of neither confirming nor denying:",
        "- " + own_against[-1],
        "Open Barnet, the council's data portal",
        "Please write to us by 9 April 2021",
    ):
        assert sentence in letter
    assert letter.count("We neither confirm nor deny") == 1, "one section for all 7 questions"
    written = yaml.safe_load((letters / "7002868.yaml").read_text())
    assert [q["outcome"] for q in written["questions"]] == ["ncnd"] * 7
    assert written["authority"] == str(BARNET)


def test_ctrl_c_keeps_a_private_draft_and_resume_carries_on(tmp_path):
    officer = Officer("--profile", str(SEFTON), cwd=tmp_path)
    officer.answer("Which law is the request handled under?", "\r")
    officer.answer("Our reference for this request", "FOI/2024/77\r")
    officer.answer("How will you give the request?", "\r")
    officer.answer("Paste or type the request", "How much did the council spend on taxis?" + FINISH)
    officer.answer("Requester's name", "Ann Lee\x03")
    status, output = officer.finish()

    draft = tmp_path / ".foi-draft" / "FOI-2024-77.draft.yaml"
    assert status == 130
    assert "Your answers are saved (readable by you only) in:" in output
    assert "  foi-draft new --resume .foi-draft/FOI-2024-77.draft.yaml" in output
    assert private(draft)
    assert stat.S_IMODE(draft.parent.stat().st_mode) == 0o700
    saved = yaml.safe_load(draft.read_text())
    assert saved["reference"] == "FOI/2024/77"
    assert saved["request"] == "How much did the council spend on taxis?"
    assert "Ann Lee" not in draft.read_text(), "an answer not yet given is not saved"

    resumed = Officer("--resume", str(draft), cwd=tmp_path)
    skipped = resumed.answer("Requester's name", "Ann Lee\r")
    assert "Our reference" not in skipped and "Which law" not in skipped
    resumed.answer("Greeting: Dear", "\r")
    resumed.answer("Requester's email address", "ann@example.org\r")
    resumed.answer("Date the request was received", "\r")
    resumed.answer("Date of this response", "\r")
    resumed.answer("Treat the request as one question?", "\r")
    resumed.answer("Question 1 of 1: what is the outcome?", "\r")
    resumed.answer("The answer to question 1", "We spent £1,234 on taxis in 2023." + FINISH)
    resumed.answer("Optional paragraphs to add", "\r")
    resumed.answer("Sign the letter as", "\r")
    resumed.answer("What next?", "\r")
    status, output = resumed.finish()

    assert status == 0, output
    letter = read_letter(tmp_path / "FOI-2024-77.docx").text
    assert "Dear Ann Lee" in letter and "We spent £1,234 on taxis in 2023." in letter
    assert "Our reference: FOI/2024/77" in letter
    assert not draft.exists()


NOT_HELD = (
    ("Which law", "\r"),
    ("Our reference", "R1\r"),
    ("How will you give", "\r"),
    ("Paste or type", "Your budget?" + FINISH),
    ("Requester's name", "\r"),
    ("Requester's email", "a@example.org\r"),
    ("Date the request was received", "\r"),
    ("Date of this response", "\r"),
    ("Treat the request", "\r"),
    ("what is the outcome?", DOWN * 3 + "\r"),
    ("Not held", "\r"),
    ("Optional paragraphs", "\r"),
    ("Sign the letter", "\r"),
)


def test_stopping_at_the_preview_keeps_the_draft_and_writes_nothing(tmp_path):
    officer = Officer("--profile", str(SEFTON), cwd=tmp_path)
    for prompt, keys in (*NOT_HELD, ("What next?", DOWN * 2 + "\r")):
        officer.answer(prompt, keys)
    status, output = officer.finish()
    assert status == 0
    assert "Nothing written. Your answers are saved" in output
    assert "  foi-draft new --resume .foi-draft/R1.draft.yaml" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".foi-draft"]


def test_an_existing_letter_is_kept_unless_the_officer_says_replace(tmp_path):
    (tmp_path / "R1.docx").write_bytes(b"an earlier letter")
    officer = Officer("--profile", str(SEFTON), cwd=tmp_path)
    for prompt, keys in (*NOT_HELD, ("What next?", "\r"), ("R1.docx already exists.", "\r")):
        officer.answer(prompt, keys)
    status, output = officer.finish()
    assert status == 0, output
    assert "Keeping them; writing R1-2.docx and R1-2.yaml instead." in output
    assert (tmp_path / "R1.docx").read_bytes() == b"an earlier letter"
    assert "The Council does not hold this information." in read_letter(tmp_path / "R1-2.docx").text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profile", "missing/authority.yaml"], "authority profile not found"),
        (["--resume", "nothing.draft.yaml"], "draft not found"),
        (["--from", "examples"], "is a folder"),
    ],
)
def test_bad_start_options_give_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "examples").mkdir()
    officer = Officer(*args, cwd=tmp_path)
    status, output = officer.finish()
    assert status == 2
    assert message in output and "Traceback" not in output


def test_without_a_terminal_it_points_to_render(cli, tmp_path):
    result = cli("new", cwd=tmp_path, input="")
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "foi-draft render" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
