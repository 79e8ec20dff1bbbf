"""The interview engine without a terminal: drive it with answers, check the questions
it asks and the Case it builds. Request files and question splitting are here too."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from foi_drafter.compose import compose
from foi_drafter.interview.engine import AnswerError, Interview, Step, guess_salutation
from foi_drafter.interview.request import read_request_file, split_questions
from foi_drafter.letter_output import render_one

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEFTON = str(EXAMPLES / "authorities" / "sefton.yaml")
BARNET = str(EXAMPLES / "authorities" / "barnet.yaml")
TODAY = date(2020, 1, 21)
Q0 = "questions.0"
E0 = "questions.0.exemptions.0"

SEFTON_ANSWERS: dict[str, Any] = {
    "regime": "foia",
    "reference": "3396225",
    "request.source": "paste",
    "request": (
        "Information indicated that the Coroner's Office has been affected by a 'cyber "
        "attack' at some point since May 2019. I therefore request the below:\n"
        "- Can you confirm if a cyber-related 'attack' has been attempted or indeed been "
        "successful which has affected the Coroner's Office?\n"
        "- Was any data breached or 'stolen' as a result of this attack?\n"
        "- Has any 'cyber attack' on any external service provider to the Coroner's Office "
        "affected the Office itself?"
    ),
    "requester.name": "Mr A Requester",
    "requester.salutation": "Mr Requester",
    "requester.email": "requester@example.org",
    "received": "20/12/2019",
    "response_date": "2020-01-21",
    "split.ok": True,
    f"{Q0}.outcome": "withheld",
    f"{E0}.provision": "s31(1)(a)",
    f"{E0}.level": "would",
    f"{E0}.harm": (
        "providing details of the Council's cyber security arrangements would give members "
        "of the public the opportunity to breach the Council's ICT security"
    ),
    f"{E0}.public_interest.for.presets": ["pit-openness", "pit-accountability"],
    f"{E0}.public_interest.for.text": "",
    f"{E0}.public_interest.against.presets": ["s31-pit-security-of-systems"],
    f"{E0}.public_interest.against.text": (
        "The public interest in withholding details of the Council's cyber security "
        "arrangements, to protect it from security breaches, is compelling."
    ),
    f"{E0}.public_interest.balance": (
        "the greater public interest lies in not providing the information at this time"
    ),
    f"{E0}.more": False,
    f"{Q0}.share": True,
    "paragraphs": [],
    "signatory.ok": True,
}


def interview(tmp_path: Path, profile: str = SEFTON, today: date = TODAY) -> Interview:
    return Interview(base=tmp_path, cwd=tmp_path, today=today, profile=profile)


def drive(engine: Interview, answers: dict[str, Any]) -> dict[str, Step]:
    """Answer every step from ``answers`` (by key); the steps asked, by key."""
    asked: dict[str, Step] = {}
    step = engine.next_step()
    while step is not None:
        assert step.key in answers, f"unexpected question {step.key!r}: {step.message}"
        asked[step.key] = step
        step = engine.answer(step, answers[step.key])
    return asked


def until(engine: Interview, key: str, answers: dict[str, Any]) -> Step:
    """Answer steps until ``key`` is asked; that step."""
    step = engine.next_step()
    while step is not None and step.key != key:
        step = engine.answer(step, answers[step.key])
    assert step is not None, f"{key} was never asked"
    return step


def with_exemption(provision: str, **extra: Any) -> dict[str, Any]:
    """The Sefton answers with question 1's exemption replaced."""
    answers = {k: v for k, v in SEFTON_ANSWERS.items() if not k.startswith(E0)}
    answers.update({f"{E0}.provision": provision, f"{E0}.more": False, **extra})
    return answers


# --- the cases it builds ----------------------------------------------------------------------


def test_sefton_answers_make_the_example_letter(tmp_path):
    engine = interview(tmp_path)
    asked = drive(engine, SEFTON_ANSWERS)
    case = engine.case()
    assert [q.outcome for q in case.questions] == ["withheld"] * 3
    assert case.questions[2].exemptions[0].provision == "s31(1)(a)"
    assert str(case.received) == "2019-12-20"
    letter = compose(engine.loaded(), today=TODAY)
    expected = render_one(EXAMPLES / "002-sefton-s31-refusal.yaml", text_only=True).text
    assert letter.text == expected
    assert "questions.1.outcome" not in asked, "questions 2 and 3 share question 1's outcome"


def test_barnet_ncnd_applied_to_all_seven_questions(tmp_path):
    example = yaml.safe_load((EXAMPLES / "004-barnet-ncnd-s31.yaml").read_text())
    pit = example["questions"][0]["exemptions"][0]["public_interest"]
    answers = {
        **{k: v for k, v in SEFTON_ANSWERS.items() if not k.startswith("questions.")},
        "reference": "7002868",
        "request": example["request"],
        "requester.name": "Mr B Requester",
        "received": "02/02/2021",
        "response_date": "09/02/2021",
        f"{Q0}.outcome": "ncnd",
        f"{E0}.provision": "s31(3)",
        f"{E0}.level": "would be likely to",
        f"{E0}.harm": example["questions"][0]["exemptions"][0]["harm"],
        f"{E0}.public_interest.for.presets": [],
        f"{E0}.public_interest.for.text": "\n".join(pit["for"]),
        f"{E0}.public_interest.against.presets": [
            "s31-pit-security-of-systems",
            "s31-pit-crime-prevention",
        ],
        f"{E0}.public_interest.against.text": "\n".join(
            f for f in pit["against"] if isinstance(f, str)
        ),
        f"{E0}.public_interest.balance": pit["balance"],
        f"{E0}.variables.matter": "s31(1)(a)",
        f"{Q0}.share": True,
        "paragraphs": ["further-information", "direct-marketing"],
        "paragraphs.further-information.variables.portal_name": "Open Barnet",
        "paragraphs.further-information.variables.portal_url": "http://open.barnet.gov.uk/",
        "paragraphs.direct-marketing.variables.guidance_url": "",
    }
    engine = interview(tmp_path, BARNET, today=date(2021, 2, 9))
    asked = drive(engine, answers)
    assert asked[f"{Q0}.share"].message == "Apply this outcome to questions 2 to 7 as well?"
    assert f"{E0}.more" not in asked, "an NCND outcome has exactly one provision"
    case = engine.case()
    assert [q.outcome for q in case.questions] == ["ncnd"] * 7
    assert {q.exemptions[0].provision for q in case.questions} == {"s31(3)"}
    assert {p.id for p in case.paragraphs} == {"further-information", "direct-marketing"}
    letter = compose(engine.loaded(), today=TODAY).text
    assert "We neither confirm nor deny" in letter
    assert "Open Barnet" in letter


def test_whole_request_refused_for_cost(tmp_path):
    answers = {
        **{k: v for k, v in SEFTON_ANSWERS.items() if not k.startswith("questions.")},
        f"{Q0}.outcome": "cost",
        "whole.estimate": "Locating the files: 12\nExtracting the figures; 10 hours",
        "whole.advice": "You could ask for the last year only.",
    }
    engine = interview(tmp_path)
    drive(engine, answers)
    case = engine.case()
    assert case.questions == []
    assert case.whole_request.ground == "cost"
    assert case.whole_request.hours == 22
    estimate = Interview(base=tmp_path, today=TODAY, profile=SEFTON)
    step = until(estimate, "whole.estimate", answers)
    assert "10 hours is not over the 18-hour limit" in estimate.check(step, "Searching: 10")
    assert "line 1: end it with the hours" in estimate.check(step, "Searching the files")


# --- which questions are asked ----------------------------------------------------------------


def test_grouping_offer_names_the_remaining_questions_and_can_be_declined(tmp_path):
    engine = interview(tmp_path)
    answers = {**SEFTON_ANSWERS, f"{Q0}.share": False}
    step = until(engine, f"{Q0}.share", answers)
    assert step.message == "Apply this outcome to questions 2 and 3 as well?"
    engine.answer(step, False)
    assert engine.next_step().key == "questions.1.outcome"


def test_answered_questions_are_not_offered_for_sharing(tmp_path):
    answers = {
        **SEFTON_ANSWERS,
        f"{Q0}.outcome": "answered",
        f"{Q0}.answer": "Yes.",
        "questions.1.outcome": "not-held",
        "questions.1.note": "We searched the incident log.",
        "questions.1.share": True,
    }
    engine = interview(tmp_path)
    asked = drive(engine, answers)
    assert f"{Q0}.share" not in asked
    assert asked["questions.1.share"].message == "Apply this outcome to question 3 as well?"
    assert [q.outcome for q in engine.case().questions] == ["answered", "not-held", "not-held"]


def test_absolute_class_exemption_asks_neither_level_nor_public_interest(tmp_path):
    engine = interview(tmp_path)
    asked = drive(engine, with_exemption("s40(2)", **{f"{E0}.harm": ""}))
    assert not [k for k in asked if ".level" in k or ".public_interest" in k]
    exemption = engine.case().questions[0].exemptions[0]
    assert exemption.public_interest is None and exemption.level is None


def test_qualified_class_exemption_asks_public_interest_but_no_level(tmp_path):
    answers = with_exemption(
        "s42(1)",
        **{
            f"{E0}.harm": "",
            f"{E0}.public_interest.for.presets": ["pit-openness"],
            f"{E0}.public_interest.for.text": "",
            f"{E0}.public_interest.against.presets": [],
            f"{E0}.public_interest.against.text": "Legal advice must stay confidential.",
            f"{E0}.public_interest.balance": "",
            f"{E0}.variables.privilege": "litigation privilege",
        },
    )
    engine = interview(tmp_path)
    asked = drive(engine, answers)
    assert f"{E0}.level" not in asked
    assert asked[f"{E0}.harm"].message == "Why does s42(1) apply? (optional)"
    against = engine.case().questions[0].exemptions[0].public_interest.against_disclosure
    assert [f.text for f in against] == ["Legal advice must stay confidential."]


def test_prejudice_based_exemption_asks_level_and_words_the_harm_question(tmp_path):
    engine = interview(tmp_path)
    step = until(engine, f"{E0}.level", with_exemption("s43(2)"))
    assert [c.value for c in step.choices] == ["would", "would be likely to"]
    assert step.default == "would be likely to"
    step = engine.answer(step, "would be likely to")
    assert step.message == (
        "Why would disclosure be likely to prejudice the commercial interests of any person "
        "(including the public authority holding it)?"
    )
    assert step.required


def test_the_variables_a_chosen_clause_declares_are_asked_with_its_prompt(tmp_path):
    engine = interview(tmp_path)
    answers = {**SEFTON_ANSWERS, f"{Q0}.outcome": "ncnd", f"{E0}.provision": "s31(3)"}
    step = until(engine, f"{E0}.variables.matter", answers)
    assert step.kind == "select"
    assert step.message.startswith("The law-enforcement matter in s31(1)")
    assert step.default == "s31(1)(a)"
    assert step.help and "(a) crime" in step.help
    harm = {step.key: step for step, _ in engine.history()}[f"{E0}.harm"]
    assert harm.message == "Why would confirming or denying prejudice what s31(3) protects?"


def test_ncnd_takes_the_exemption_and_finds_its_ncnd_provision(tmp_path):
    engine = interview(tmp_path)
    answers = {**SEFTON_ANSWERS, f"{Q0}.outcome": "ncnd"}
    step = until(engine, f"{E0}.provision", answers)
    assert step.message == "Which neither-confirm-nor-deny provision? Type to search"
    engine.answer(step, "section 31(1)(a)")
    assert engine.answers[f"{E0}.provision"] == "s31(3)"
    assert engine.check(step, "s43(1)") == "s43(1) has no neither-confirm-nor-deny provision"


def test_optional_paragraphs_and_their_variables(tmp_path):
    engine = interview(tmp_path)
    answers = {
        **SEFTON_ANSWERS,
        "paragraphs": ["advice-and-assistance", "enclosures"],
        "paragraphs.advice-and-assistance.variables.advice": "Ask us about the last year.",
        "enclosures": "Contracts register (spreadsheet)",
    }
    step = until(engine, "paragraphs", answers)
    offered = {c.value for c in step.choices}
    assert {"open-government-licence", "direct-marketing", "advice-and-assistance"} <= offered
    assert not offered & {"internal-review", "refusal-notice", "public-interest-test"}
    engine.answer(step, answers["paragraphs"])
    asked = drive(engine, answers)
    assert asked["paragraphs.advice-and-assistance.variables.advice"].kind == "long-text"
    case = engine.case()
    assert case.enclosures == ["Contracts register (spreadsheet)"]
    assert [p.id for p in case.paragraphs] == ["advice-and-assistance"]


def test_late_response_ticks_the_apology(tmp_path):
    engine = interview(tmp_path)
    step = until(engine, "paragraphs", {**SEFTON_ANSWERS, "response_date": "2020-02-20"})
    assert step.default == ["late-response-apology"]


def test_a_provision_without_a_clause_is_refused_with_a_reason(tmp_path):
    engine = interview(tmp_path)
    step = until(engine, f"{E0}.provision", SEFTON_ANSWERS)
    assert engine.check(step, "s23(1)") == (
        "the clause library has no wording for s23(1); choose another"
    )
    assert engine.check(step, "s31(3)") == "s31(3) is an NCND provision: choose the NCND outcome"
    assert engine.check(step, "s12") == "s12 refuses the whole request: choose it as the outcome"
    assert engine.check(step, "s31(1)(z)") == "s31(1)(z) is not in the list; press Tab to see it"
    assert engine.check(step, "s31 crime").startswith("choose one: s31(1)(a)")
    assert engine.check(step, "section 31(1)(a)") is None
    crime = [c for c in step.choices if c.value == "s31(1)(a)"][0]
    assert crime.title.split()[:2] == ["s31(1)(a)", "qualified"] and "crime" in crime.title


def test_signatory_can_be_changed(tmp_path):
    answers = {
        **SEFTON_ANSWERS,
        "signatory.ok": False,
        "signatory.name": "Sam Jones",
        "signatory.role": "Information Officer",
    }
    engine = interview(tmp_path)
    asked = drive(engine, answers)
    assert asked["signatory.ok"].message == "Sign the letter as ICT Support Officer?"
    assert engine.case().signatory == {"name": "Sam Jones", "role": "Information Officer"}


# --- bad answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2024", "is not a real date"),
        ("next Tuesday", "is not a date; use YYYY-MM-DD, DD/MM/YYYY"),
        ("22/01/2020", "is in the future"),
        ("", "this question needs an answer"),
    ],
)
def test_bad_received_dates_are_rejected_with_a_message(tmp_path, typed, message):
    engine = interview(tmp_path)
    step = until(engine, "received", SEFTON_ANSWERS)
    shown = engine.check(step, typed)
    assert message in shown
    assert len(shown) < 78, "the prompt shows one line of error"
    with pytest.raises(AnswerError):
        engine.answer(step, typed)
    assert engine.next_step().key == "received", "the question is asked again"


def test_both_date_styles_are_accepted(tmp_path):
    engine = interview(tmp_path)
    step = until(engine, "received", SEFTON_ANSWERS)
    assert engine.check(step, "27/06/2019") is None
    assert engine.check(step, "2019-06-27") is None


def test_received_shows_the_due_date_and_warns_when_it_has_passed(tmp_path):
    engine = interview(tmp_path)
    step = until(engine, "response_date", SEFTON_ANSWERS)
    assert step.notes == ("Response due by 23 January 2020 (20 working days after receipt).",)
    assert step.warnings == ()
    late = Interview(base=tmp_path, today=date(2020, 3, 1), profile=SEFTON)
    step = until(late, "response_date", SEFTON_ANSWERS)
    assert step.warnings == ("The response due date, 23 January 2020, has passed.",)


def test_a_response_dated_before_receipt_is_rejected(tmp_path):
    engine = interview(tmp_path)
    step = until(engine, "response_date", SEFTON_ANSWERS)
    assert engine.check(step, "19/12/2019") == (
        "the response cannot be dated before the request was received (20/12/2019)"
    )
    assert engine.check(step, "20/12/2019") is None


@pytest.mark.parametrize(
    "key", ["reference", "request", "requester.salutation", f"{E0}.harm", "whole.estimate"]
)
def test_an_empty_required_answer_is_rejected(tmp_path, key):
    answers = {**SEFTON_ANSWERS, f"{Q0}.outcome": "cost" if key == "whole.estimate" else "withheld"}
    engine = interview(tmp_path)
    step = until(engine, key, answers)
    assert engine.check(step, "   ") == "this question needs an answer"


def test_bad_email_and_missing_factors_are_rejected(tmp_path):
    engine = interview(tmp_path)
    step = until(engine, "requester.email", SEFTON_ANSWERS)
    assert "does not look like an email address" in engine.check(step, "bob at example")
    assert engine.check(step, "") is None, "blank means reply by post"
    answers = {**SEFTON_ANSWERS, f"{E0}.public_interest.for.presets": []}
    engine = interview(tmp_path)
    step = until(engine, f"{E0}.public_interest.for.text", answers)
    assert engine.check(step, "") == "this question needs an answer"
    assert engine.check(step, "Openness.") is None


def test_reply_by_post_asks_for_the_address(tmp_path):
    answers = {**SEFTON_ANSWERS, "requester.email": "", "requester.address": "1 High St\nTown"}
    engine = interview(tmp_path)
    drive(engine, answers)
    assert engine.case().requester.address == ["1 High St", "Town"]


# --- resuming, changing, defaults -------------------------------------------------------------


def test_resume_skips_the_answered_steps(tmp_path):
    first = interview(tmp_path)
    until(first, f"{E0}.harm", SEFTON_ANSWERS)
    resumed = Interview(base=tmp_path, today=TODAY, answers=dict(first.answers))
    assert resumed.next_step().key == f"{E0}.harm"
    drive(resumed, SEFTON_ANSWERS)
    assert resumed.case().reference == "3396225"


def test_changing_an_answer_asks_it_again_with_the_old_answer_as_default(tmp_path):
    engine = interview(tmp_path)
    drive(engine, SEFTON_ANSWERS)
    engine.reopen(f"{E0}.level")
    step = engine.next_step()
    assert step.key == f"{E0}.level" and step.default == "would"
    assert engine.answer(step, "would be likely to") is None, "later answers are kept"
    assert engine.case().questions[1].exemptions[0].level == "would be likely to"


def test_changing_the_received_date_rechecks_the_response_date(tmp_path):
    engine = interview(tmp_path)
    drive(engine, {**SEFTON_ANSWERS, "response_date": "10/01/2020"})
    engine.reopen("received")
    step = engine.answer(engine.next_step(), "2020-01-15")
    assert step is not None and step.key == "response_date"
    assert "cannot be dated before the request was received" in step.warnings[-1]


def test_a_new_split_asks_the_outcomes_again(tmp_path):
    engine = interview(tmp_path)
    drive(engine, SEFTON_ANSWERS)
    engine.reopen("split.ok")
    step = engine.answer(engine.next_step(), False)
    assert step.key == "split.edit"
    step = engine.answer(step, "First question?\nSecond question?")
    assert step.key == f"{Q0}.outcome" and step.default == "withheld"


def test_an_earlier_case_gives_defaults_but_not_the_requester(tmp_path):
    example = EXAMPLES / "004-barnet-ncnd-s31.yaml"
    engine = Interview(
        base=tmp_path,
        today=TODAY,
        prior=yaml.safe_load(example.read_text()),
        prior_base=example.parent,
    )
    step = engine.next_step()
    assert step.key == "authority" and step.default == BARNET
    answers = {**SEFTON_ANSWERS, "authority": BARNET, f"{Q0}.outcome": "ncnd"}
    step = until(engine, "reference", answers)
    assert step.default is None
    assert until(engine, "requester.name", answers).default is None
    assert until(engine, f"{Q0}.outcome", answers).default == "ncnd"
    step = until(engine, f"{E0}.provision", answers)
    assert step.default == "s31(3)"
    engine.answer(step, step.default)
    assert engine.next_step().default == "would be likely to"


def test_a_broken_profile_is_refused_with_its_problem(tmp_path):
    engine = Interview(base=tmp_path, cwd=tmp_path, today=TODAY)
    step = engine.next_step()
    assert step.key == "authority" and step.default == "example"
    assert "not found" in engine.check(step, "missing/authority.yaml")
    (tmp_path / "authority.yaml").write_text("name: [unclosed\n")
    assert "YAML syntax error" in engine.check(step, "authority.yaml")
    assert engine.check(step, "example") is None


def test_guess_salutation():
    assert guess_salutation("Mr Jonathon Bartlett") == "Mr Bartlett"
    assert guess_salutation("Dr. Ann Lee Smith") == "Dr. Smith"
    assert guess_salutation("Sam Taylor") == "Sam Taylor"


# --- the request: files and questions ---------------------------------------------------------


def test_split_finds_bullets_and_numbers_with_continuation_lines():
    request = (
        "Dear Council,\nPlease tell me:\n1. How many staff\nwork in IT?\n2) What is the budget?\n"
        "\n(c) Who supplies it?\n* Any breaches?\n\nThank you\nA Person"
    )
    assert split_questions(request) == [
        "How many staff work in IT?",
        "What is the budget?",
        "Who supplies it?",
        "Any breaches?",
    ]
    assert split_questions("What is   your budget?\nThanks") == ["What is your budget? Thanks"]


def test_eml_request_gives_its_plain_text_and_sender(tmp_path):
    eml = tmp_path / "request.eml"
    eml.write_bytes(
        b"From: Ann Lee <ann@example.org>\r\nTo: foi@example.gov.uk\r\n"
        b"Date: Fri, 20 Dec 2019 10:00:00 +0000\r\nSubject: FOI\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nPlease send:\r\n- the budget\r\n"
        b"--b\r\nContent-Type: text/html\r\n\r\n<p>Please send</p>\r\n--b--\r\n"
    )
    found = read_request_file(eml)
    assert found.text == "Please send:\n- the budget"
    assert (found.sender_name, found.sender_email) == ("Ann Lee", "ann@example.org")
    assert found.sent == date(2019, 12, 20)


def test_a_request_file_gives_defaults_for_the_requester_and_received_date(tmp_path):
    (tmp_path / "req.txt").write_text("Please send me the budget.\n")
    engine = interview(tmp_path)
    answers = {**SEFTON_ANSWERS, "request.source": "file", "request.file": "req.txt"}
    step = until(engine, "request", answers)
    assert step.default == "Please send me the budget."
    assert step.message == "The request as read from the file (edit it if needed)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("request.pdf", b"%PDF", "only .txt and .eml files can be read"),
        ("empty.txt", b"  \n", "holds no request text"),
        ("html.eml", b"Content-Type: text/html\r\n\r\n<p>x</p>", "has no plain-text body"),
        ("folder.txt", "dir", "is a folder"),
    ],
)
def test_unreadable_request_files_are_refused_with_a_reason(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    engine = interview(tmp_path)
    step = until(engine, "request.file", {**SEFTON_ANSWERS, "request.source": "file"})
    assert message in engine.check(step, name)


def test_future_publication_asks_the_s22_public_interest_test_and_the_letter_passes(tmp_path):
    from foi_drafter.answers_file import prepare
    from foi_drafter.compose import compose
    from foi_drafter.letter_output import check_case

    answers = {k: v for k, v in SEFTON_ANSWERS.items() if not k.startswith(E0)}
    answers.update(
        {
            f"{Q0}.outcome": "future-publication",
            f"{Q0}.publication": "in our annual security report in March 2020",
            f"{E0}.public_interest.for.presets": ["pit-openness"],
            f"{E0}.public_interest.for.text": "",
            f"{E0}.public_interest.against.presets": [],
            f"{E0}.public_interest.against.text": "The report will give the figures in context.",
            f"{E0}.public_interest.balance": "publishing the report as planned serves it best",
        }
    )
    engine = interview(tmp_path)
    asked = drive(engine, answers)
    assert f"{E0}.public_interest.balance" in asked
    question = engine.case().questions[0]
    assert question.exemptions[0].provision == "s22"
    loaded = prepare(engine.case(), base=tmp_path)
    letter = compose(loaded, today=TODAY)
    assert "The report will give the figures in context." in letter.text
    assert not check_case(loaded, letter).errors
