"""Compliance rules: each one catches its defect, on the composed letter and on the DOCX,
and stays quiet on a letter without it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from foi_drafter.answers_file import LoadedCase, prepare, read_answers
from foi_drafter.authority import resolve_profile
from foi_drafter.case import Case
from foi_drafter.compliance import (
    ComplianceReport,
    check_docx,
    check_letter,
    check_text,
    load_rules,
)
from foi_drafter.compose import Letter, compose, compute_case_deadlines
from foi_drafter.errors import FoiError
from foi_drafter.letter_output import write_letter_file
from foi_drafter.library import load_library
from foi_drafter.markup import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

S31 = {
    "provision": "s31(1)(a)",
    "level": "would be likely to",
    "harm": "naming the supplier would help attackers to target its known weaknesses",
    "public_interest": {
        "for": ["Openness about how the Council protects its systems."],
        "against": ["Keeping the Council's systems secure from attack."],
        "balance": "the risk to the Council's systems outweighs the benefit of openness",
    },
}
BASE: dict[str, Any] = {
    "authority": "example",
    "regime": "foia",
    "reference": "T-1",
    "requester": {"name": "Ms T"},
    "received": "2024-06-27",  # due 26 July 2024 (12 July is a holiday in Northern Ireland)
    "response_date": "2024-07-12",
    "request": "Which company supplies your firewall?",
    "questions": [{"text": "Which firewall?", "outcome": "withheld", "exemptions": [S31]}],
}


def case(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(changes))
    return data


def withheld(**exemption: Any) -> list[dict[str, Any]]:
    return [{"text": "Which firewall?", "outcome": "withheld", "exemptions": [exemption]}]


def load(tmp_path: Path, data: dict[str, Any], clauses: tuple[Path, ...] = ()) -> LoadedCase:
    return prepare(Case.model_validate(data), base=tmp_path, extra_clauses=clauses)


def unchecked(tmp_path: Path, data: dict[str, Any]) -> LoadedCase:
    """A case the answers-file cross-checks would reject, to test the checker's own rule."""
    profile = resolve_profile("example", base=tmp_path)
    return LoadedCase(Case.model_validate(data), profile, load_library(()), None, "answers")


def handwritten(loaded: LoadedCase, markup: str) -> Letter:
    """A letter with the given text, for rules whose defect the built-in clauses never make."""
    deadlines = compute_case_deadlines(loaded, loaded.case.response_date)
    return Letter(markup=markup, blocks=parse(markup), deadlines=deadlines)


def rules(report: ComplianceReport) -> set[str]:
    return {f.rule for f in report.findings}


def check(tmp_path: Path, data: dict[str, Any], clauses: tuple[Path, ...] = ()):
    loaded = load(tmp_path, data, clauses)
    return check_letter(loaded, compose(loaded))


def overlay(tmp_path: Path, clause_id: str, text: str, **fields: Any) -> Path:
    """A clause folder overriding one clause with ``text``."""
    folder = tmp_path / f"overlay-{clause_id}"
    folder.mkdir(exist_ok=True)
    lines = [
        f"id: {clause_id}",
        "version: 99",
        "title: Mutated for a test",
        f"regimes: {fields.pop('regimes', '[foia, eir, foisa, eisr]')}",
        f"kind: {fields.pop('kind', 'paragraph')}",
        *(f"{key}: {value}" for key, value in fields.items()),
        "text: |",
        *(f"  {line}" for line in text.splitlines()),
        "samples:",
        "  - expected: |",
        "      x",
    ]
    (folder / f"{clause_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def profile_file(tmp_path: Path, drop: tuple[str, ...] = (), **changes: str) -> str:
    """An authority profile like the bundled example, with fields dropped or changed."""
    from foi_drafter.authority import bundled_profile_path

    lines = bundled_profile_path().read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.split(":")[0] not in (*drop, *changes)]
    lines += [f"{key}: {value}" for key, value in changes.items()]
    (tmp_path / "authority.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "authority.yaml"


# --- the rules file and clean letters ------------------------------------------------------


def test_every_rule_has_a_title_severity_and_a_legal_reference():
    found = load_rules()
    assert len(found) >= 20
    for rule in found.values():
        assert rule.title and rule.severity in ("error", "warning")
        assert rule.refs and all(ref.strip() for ref in rule.refs.values())
    assert "R10" in found["review-procedure"].refs["foia"]
    assert "reg 18" in found["regulator-right"].refs["eir"]
    assert "s47" in found["regulator-right"].refs["foisa"]


def test_a_compliant_refusal_has_no_findings(tmp_path):
    loaded = load(tmp_path, case())
    letter = compose(loaded)
    assert check_letter(loaded, letter).findings == []
    assert check_text(letter.text).findings == []


@pytest.mark.parametrize("answers", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_renders_without_compliance_errors(answers):
    loaded = read_answers(answers)
    letter = compose(loaded)
    assert check_letter(loaded, letter).errors == []
    assert check_text(letter.text).errors == []


# --- timing --------------------------------------------------------------------------------


def test_a_late_response_warns_and_offers_the_apology_paragraph(tmp_path):
    report = check(tmp_path, case(response_date="2024-07-30"))
    (late,) = [f for f in report.findings if f.rule == "late-response"]
    assert late.severity == "warning"
    assert "30 July 2024" in late.message and "26 July 2024" in late.message
    assert late.offer == "late-response-apology"
    assert report.errors == []


def test_a_late_response_that_apologises_offers_nothing_more(tmp_path):
    data = case(response_date="2024-07-30", paragraphs=["late-response-apology"])
    (late,) = [f for f in check(tmp_path, data).findings if f.rule == "late-response"]
    assert late.offer is None and "apologises" in late.message


def test_a_response_on_its_due_date_is_not_late(tmp_path):
    assert "late-response" not in rules(check(tmp_path, case(response_date="2024-07-26")))


def test_an_undecided_public_interest_test_gives_its_estimated_date(tmp_path):
    pending = {**S31, "public_interest": {"decision_by": "2024-08-09"}}
    report = check(tmp_path, case(questions=withheld(**pending)))
    assert not {"public-interest-estimate", "public-interest-reasons"} & rules(report)


def test_an_estimate_not_after_the_letter_is_an_error(tmp_path):
    pending = {**S31, "public_interest": {"decision_by": "2024-07-12"}}
    report = check(tmp_path, case(questions=withheld(**pending)))
    assert "public-interest-estimate" in {f.rule for f in report.errors}


def test_a_letter_without_the_estimated_date_is_caught(tmp_path):
    pending = {**S31, "public_interest": {"decision_by": "2024-08-09"}}
    folder = overlay(
        tmp_path, "public-interest-test", "We have not yet reached a decision.", regimes="[foia]"
    )
    report = check(tmp_path, case(questions=withheld(**pending)), (folder,))
    assert "public-interest-estimate" in rules(report)
    text_report = check_text(
        "Freedom of Information Act 2000\n\nWe have not yet reached a decision.\n"
    )
    assert "public-interest-estimate" in rules(text_report)


def test_no_public_interest_extension_under_the_eir(tmp_path):
    pending = {
        "provision": "reg 12(5)(a)",
        "level": "would",
        "harm": "it would show where to attack the flood defences",
        "public_interest": {"decision_by": "2024-08-09"},
    }
    report = check(tmp_path, case(regime="eir", questions=withheld(**pending)))
    assert "public-interest-extension" in {f.rule for f in report.errors}
    assert "public-interest-extension" not in rules(check(tmp_path, case()))


def test_an_estimate_beyond_40_working_days_is_a_warning(tmp_path):
    late = {**S31, "public_interest": {"decision_by": "2024-10-01"}}
    near = {**S31, "public_interest": {"decision_by": "2024-08-09"}}
    report = check(tmp_path, case(questions=withheld(**late)))
    assert [
        f.severity for f in report.findings if f.rule == "public-interest-extension-length"
    ] == ["warning"]
    assert "public-interest-extension-length" not in rules(
        check(tmp_path, case(questions=withheld(**near)))
    )


# --- what each refusal states -----------------------------------------------------------------


def test_an_exemption_cited_without_its_subsection_is_caught():
    vague = "Freedom of Information Act 2000\n\nThe information is exempt under section 31.\n"
    assert "exemption-cited" in rules(check_text(vague))
    specific = vague + "\nSection 31(1)(a) applies: disclosure would prejudice crime prevention.\n"
    assert "exemption-cited" not in rules(check_text(specific))


def test_a_prejudice_based_exemption_needs_its_harm_and_level(tmp_path):
    report = check(tmp_path, case(questions=withheld(**{**S31, "harm": None, "level": None})))
    assert {"exemption-reason", "prejudice-level"} <= {f.rule for f in report.errors}


def test_the_eir_test_is_would_adversely_affect(tmp_path):
    exception = {
        "provision": "reg 12(5)(a)",
        "level": "would be likely to",
        "harm": "it would show where to attack the flood defences",
        "public_interest": S31["public_interest"],
    }
    report = check(tmp_path, case(regime="eir", questions=withheld(**exception)))
    assert "prejudice-level" in rules(report)
    exception["level"] = "would"
    assert check(tmp_path, case(regime="eir", questions=withheld(**exception))).errors == []


def test_a_qualified_exemption_needs_factors_on_both_sides(tmp_path):
    report = check(tmp_path, case(questions=withheld(**{**S31, "public_interest": None})))
    assert "public-interest-reasons" in rules(report)
    one_sided = {**S31, "public_interest": {"against": ["Security."]}}
    assert "public-interest-reasons" in rules(
        check(tmp_path, case(questions=withheld(**one_sided)))
    )


def test_an_absolute_exemption_gets_no_public_interest_test(tmp_path):
    s40 = {"provision": "s40(2)", "harm": "the names would identify the staff concerned"}
    assert check(tmp_path, case(questions=withheld(**s40))).findings == []
    weighed = {**s40, "public_interest": S31["public_interest"]}
    assert "public-interest-absolute" in rules(check(tmp_path, case(questions=withheld(**weighed))))
    text = (
        "Freedom of Information Act 2000\n\nWe rely on section 40(2).\n\nPublic interest test\n\n"
        "We have weighed the public interest test.\n"
    )
    assert "public-interest-absolute" in rules(check_text(text))


# --- whole-request refusals -----------------------------------------------------------------

COST = {
    "ground": "cost",
    "estimate": [{"activity": "Searching 45 mailboxes", "hours": 20}],
    "advice": "You could limit your request to one year.",
}


def test_a_cost_refusal_states_limit_estimate_and_advice(tmp_path):
    assert check(tmp_path, case(questions=[], whole_request=COST)).findings == []
    cheap = {**COST, "estimate": [{"activity": "Searching one folder", "hours": 2}]}
    assert "cost-limit-details" in rules(check(tmp_path, case(questions=[], whole_request=cheap)))
    silent = {**COST, "advice": None}
    assert "cost-limit-details" in rules(check(tmp_path, case(questions=[], whole_request=silent)))
    text = "Freedom of Information Act 2000\n\nWe refuse under section 12, as it costs over £450.\n"
    finding = next(f for f in check_text(text).findings if f.rule == "cost-limit-details")
    assert "hours" in finding.message and "advice" in finding.message


def test_a_whole_request_refusal_cites_its_section(tmp_path):
    loaded = load(tmp_path, case(questions=[], whole_request=COST))
    letter = handwritten(loaded, "We will not answer: it would cost more than £450 (20 hours).")
    assert "whole-request-stated" in rules(check_letter(loaded, letter))


def test_the_eir_have_no_cost_limit(tmp_path):
    loaded = load(tmp_path, case(regime="eir", questions=[], whole_request=COST))
    letter = handwritten(loaded, "Environmental Information Regulations 2004\n\nNo.")
    assert "no-cost-limit" in rules(check_letter(loaded, letter))


# --- rights ----------------------------------------------------------------------------------


def test_foisa_letters_name_the_scottish_information_commissioner(tmp_path):
    foisa = {
        "provision": "s35(1)(a)",
        "level": "would",
        "harm": "it would help criminals",
        "public_interest": S31["public_interest"],
    }
    data = case(regime="foisa", questions=withheld(**foisa))
    assert check(tmp_path, data).findings == []
    folder = overlay(
        tmp_path,
        "regulator-sic",
        "You may complain to the Information Commissioner under section 50.",
        regimes="[foisa, eisr]",
    )
    finding = next(
        f for f in check(tmp_path, data, (folder,)).errors if f.rule == "regulator-right"
    )
    assert "Scottish Information Commissioner" in finding.message
    assert "section 47" in finding.message and "s47" in finding.ref


def test_the_link_to_the_complaint_form_is_a_warning(tmp_path):
    folder = overlay(
        tmp_path,
        "regulator-ico",
        "You may apply to {{ regulator.title }} under section 50 of the {{ regime.name }}.",
        regimes="[foia, eir]",
    )
    report = check(tmp_path, case(), (folder,))
    assert [(f.rule, f.severity) for f in report.findings] == [("regulator-link", "warning")]


# --- neither confirm nor deny ------------------------------------------------------------


def test_ncnd_wording_that_says_the_information_is_held_is_an_error():
    seed_001 = (
        "Freedom of Information Act 2000\n\nOur response\n\n"
        "This information is exempt from disclosure under Section 31(3) of the Freedom of "
        "Information Act 2000, which removes the duty to confirm or deny whether information "
        "is held.\n"
    )
    finding = next(f for f in check_text(seed_001).errors if f.rule == "ncnd-leak")
    assert "is exempt" in finding.message
    consistent = seed_001.replace("This information is exempt from disclosure under", "We rely on")
    assert "ncnd-leak" not in rules(check_text(consistent))


def test_an_ncnd_answer_that_also_discloses_is_flagged_for_review(tmp_path):
    ncnd = {**S31, "provision": "s31(3)"}
    question = {"text": "Attacks?", "outcome": "ncnd", "exemptions": [ncnd]}
    assert check(tmp_path, case(questions=[question])).findings == []
    question["answer"] = "We hold the incident report for 2023."
    report = check(tmp_path, case(questions=[question]))
    assert "ncnd-leak" in {f.rule for f in report.errors}
    assert "ncnd-mixed-disclosure" in {f.rule for f in report.warnings}


def test_the_requesters_own_words_are_not_judged(tmp_path):
    ncnd = {**S31, "provision": "s31(3)"}
    questions = [
        {"text": "Can you confirm that you hold a report under section 40?", "outcome": "ncnd",
         "exemptions": [ncnd]},
        {"text": "Is the report withheld from staff?", "outcome": "ncnd", "exemptions": [ncnd]},
    ]  # fmt: skip
    request = "Please confirm that the information is held, and is exempt under section 31."
    assert check(tmp_path, case(questions=questions, request=request)).findings == []


def test_seed_001_ncnd_with_a_confirmation_is_flagged_for_review():
    loaded = read_answers(EXAMPLES / "001-city-council-ncnd-s31.yaml")
    report = check_letter(loaded, compose(loaded))
    assert [f.rule for f in report.findings] == ["ncnd-mixed-disclosure"]
    other = read_answers(EXAMPLES / "004-barnet-ncnd-s31.yaml")
    assert check_letter(other, compose(other)).findings == []


def test_ncnd_only_where_the_regime_allows_it(tmp_path):
    eir = (
        "Environmental Information Regulations 2004\n\nOur response\n\nWe neither confirm nor "
        "deny whether we hold information of this kind, relying on regulation {}.\n"
    )
    assert "ncnd-unavailable" in rules(check_text(eir.format("12(5)(b)")))
    assert "ncnd-unavailable" not in rules(check_text(eir.format("12(6) and 12(5)(a)")))
    foisa = (
        "Freedom of Information (Scotland) Act 2002\n\nOur response\n\nWe neither confirm nor "
        "deny whether we hold information of this kind, under section 18 and section {}.\n"
    )
    assert "ncnd-unavailable" in rules(check_text(foisa.format("36(1)")))
    assert "ncnd-unavailable" not in rules(check_text(foisa.format("35(1)(a)")))
    question = {"text": "Q?", "outcome": "ncnd", "exemptions": [{"provision": "reg 12(5)(b)"}]}
    with pytest.raises(FoiError):
        load(tmp_path, case(regime="eir", questions=[question]))
    loaded = unchecked(tmp_path, case(regime="eir", questions=[question]))
    letter = handwritten(loaded, "Environmental Information Regulations 2004")
    assert "ncnd-unavailable" in rules(check_letter(loaded, letter))


# --- provisions that do not apply -----------------------------------------------------------


def test_section_35_is_not_for_councils(tmp_path):
    s35 = {"provision": "s35", "public_interest": S31["public_interest"]}
    markup = "Freedom of Information Act 2000\n\nWe rely on section 35."
    loaded = load(tmp_path, case(questions=withheld(**s35)))
    assert "provision-restricted" in rules(check_letter(loaded, handwritten(loaded, markup)))
    central = case(questions=withheld(**s35), authority=profile_file(tmp_path, body="central"))
    loaded = load(tmp_path, central)
    assert "provision-restricted" not in rules(check_letter(loaded, handwritten(loaded, markup)))


def test_section_36_needs_the_qualified_persons_opinion(tmp_path):
    s36 = {
        "provision": "s36(2)(b)(i)",
        "level": "would be likely to",
        "harm": "officers would be less candid in their advice",
        "public_interest": S31["public_interest"],
    }
    report = check(tmp_path, case(questions=withheld(**s36)))
    assert "qualified-person" in {f.rule for f in report.errors}
    s36["qualified_person"] = "the Monitoring Officer, on 8 July 2024"
    assert check(tmp_path, case(questions=withheld(**s36))).findings == []


# --- mutations: a required paragraph removed is caught in the answers and in the DOCX ----

MUTATIONS = [
    ("internal-review", "We hope this helps.", "review-procedure"),
    ("regulator-ico", "We hope this helps.", "regulator-right"),
    ("public-interest-test", "We have thought about it carefully.", "public-interest-reasons"),
    ("refusal-notice", "Please quote our reference {{ case.reference }}.", "refusal-stated"),
]
LETTERS = ["002-sefton-s31-refusal.yaml", "004-barnet-ncnd-s31.yaml"]


@pytest.mark.parametrize("example", LETTERS)
@pytest.mark.parametrize(("clause_id", "text", "rule"), MUTATIONS)
def test_removing_a_required_paragraph_is_caught(tmp_path, example, clause_id, text, rule):
    folder = overlay(tmp_path, clause_id, text)
    loaded = read_answers(EXAMPLES / example, extra_clauses=(folder,))
    letter = compose(loaded)
    assert rule in {f.rule for f in check_letter(loaded, letter).errors}
    with pytest.raises(FoiError) as stopped:
        write_letter_file(loaded, letter, tmp_path / "stopped.docx", force=False)
    assert stopped.value.exit_code == 1 and rule in str(stopped.value)
    assert not (tmp_path / "stopped.docx").exists()
    out = write_letter_file(loaded, letter, tmp_path / "forced.docx", force=True)
    assert rule in {f.rule for f in check_docx(out).errors}


def test_removing_the_prejudice_level_is_caught(tmp_path):
    folder = overlay(
        tmp_path,
        "s31-crime",
        "We are withholding it under {{ exemption.cite }}, because {{ exemption.harm }}.",
        regimes="[foia]",
        kind="exemption",
        provision="s31(1)(a)",
        status="qualified",
        test="prejudice",
    )
    loaded = read_answers(EXAMPLES / "002-sefton-s31-refusal.yaml", extra_clauses=(folder,))
    letter = compose(loaded)
    assert "prejudice-level" in rules(check_letter(loaded, letter))
    out = write_letter_file(loaded, letter, tmp_path / "forced.docx", force=True)
    assert "prejudice-level" in rules(check_docx(out))


def test_a_docx_naming_no_act_needs_the_regime():
    with pytest.raises(FoiError, match="--regime"):
        check_text("Dear Sir\n\nNo.\n")
