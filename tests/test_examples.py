"""Every example answers file renders to its golden text, to a DOCX that reads back
correctly, and to a PDF through LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from libreoffice import convert_to_pdf, pdf_text, require_libreoffice

from foi_drafter.docx_reader import read_letter
from foi_drafter.letter_output import render_one

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANSWERS = sorted(EXAMPLES.glob("*.yaml"))
SEEDS = [p for p in ANSWERS if p.name[:3].isdigit()]


def test_there_is_an_example_per_seed_and_per_extra_outcome():
    assert len(SEEDS) == 5
    names = " ".join(p.name for p in ANSWERS)
    for extra in ("s12", "s14", "s40", "s21"):
        assert extra in names


@pytest.mark.parametrize("answers", ANSWERS, ids=lambda p: p.stem)
def test_example_matches_its_golden_text(answers):
    golden = EXAMPLES / "golden" / f"{answers.stem}.txt"
    assert golden.exists(), "no golden file; run python scripts/regenerate_golden.py and read it"
    text = render_one(answers, text_only=True).text
    assert text == golden.read_text(encoding="utf-8"), (
        f"{answers.name} no longer renders to {golden.name}; if the change is intended, "
        "read it and run python scripts/regenerate_golden.py"
    )


def _render(answers: Path, tmp_path: Path) -> Path:
    out = tmp_path / f"{answers.stem}.docx"
    render_one(answers, out=out)
    return out


@pytest.mark.parametrize("answers", ANSWERS, ids=lambda p: p.stem)
def test_example_docx_reads_back(answers, tmp_path):
    docx = _render(answers, tmp_path)
    assert docx.stat().st_mode & 0o777 == 0o600
    readback = read_letter(docx)
    golden = (EXAMPLES / "golden" / f"{answers.stem}.txt").read_text(encoding="utf-8")
    assert readback.text.strip() == golden.strip()
    for raw in ("**", "__", "{{", "{%", "\\"):
        assert raw not in readback.text
    styles = set(readback.paragraph_styles)
    assert {"Normal", "Heading 1", "Heading 2"} <= styles
    assert "Our reference:" in readback.text
    assert re.search(r"Please write to us by \d{1,2} [A-Z][a-z]+ \d{4}", readback.text) or (
        "require a review" in readback.text
    )


def test_numbered_lists_restart_in_each_letter(tmp_path):
    docx = _render(EXAMPLES / "004-barnet-ncnd-s31.yaml", tmp_path)
    document = Document(str(docx))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 7
    num_ids = {
        p._p.pPr.numPr.numId.val
        for p in numbered
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    }
    assert len(num_ids) == 1
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.num_lst if n.numId in num_ids]
    assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_sefton_letter_gives_the_concrete_review_date():
    text = render_one(EXAMPLES / "002-sefton-s31-refusal.yaml", text_only=True).text
    assert (
        "18 March 2020" in text
    )  # 40 working days after 21 January 2020; 17 March is St Patrick's Day
    assert "section 31(1)(a)" in text
    assert "would prejudice the prevention or detection of crime" in text
    assert "refusal notice under section 17" in text


def test_barnet_groups_seven_ncnd_questions_into_one_section():
    text = render_one(EXAMPLES / "004-barnet-ncnd-s31.yaml", text_only=True).text
    assert text.count("section 31(3)") >= 1
    assert text.count("Public interest test") == 1
    for phrase in ("we do hold", "the information is exempt", "is withheld", "withholding"):
        assert phrase not in text.lower()


def test_an_existing_letter_is_not_overwritten(tmp_path, cli):
    answers = EXAMPLES / "002-sefton-s31-refusal.yaml"
    out = tmp_path / "letter.docx"
    first = cli("render", str(answers), "-o", str(out))
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    second = cli("render", str(answers), "-o", str(out))
    assert second.returncode == 2
    assert "already exists" in second.stderr and "--force" in second.stderr
    assert out.read_bytes() == before
    copy = tmp_path / "letter.answers.yaml"
    assert copy.exists() and copy.stat().st_mode & 0o777 == 0o600


def test_batch_render_into_a_folder(tmp_path, cli):
    result = cli("render", str(EXAMPLES), "--out-dir", str(tmp_path / "letters"), "--json")
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "letters").glob("*.docx"))
    assert written == sorted(f"{p.stem}.docx" for p in ANSWERS)


@pytest.mark.parametrize("answers", SEEDS, ids=lambda p: p.stem)
def test_libreoffice_opens_the_letter(answers, tmp_path):
    require_libreoffice()
    docx = _render(answers, tmp_path)
    pdf = convert_to_pdf(docx, tmp_path)
    text = re.sub(r"\s+", "", pdf_text(pdf))  # PDF text wraps lines anywhere
    golden = (EXAMPLES / "golden" / f"{answers.stem}.txt").read_text(encoding="utf-8")
    heading = next(line for line in golden.splitlines() if line.endswith(answers_reference(golden)))
    for line in ("Your right to ask for a review", "Yours sincerely", heading):
        assert re.sub(r"\s+", "", line) in text


def answers_reference(golden: str) -> str:
    return next(line for line in golden.splitlines() if line.startswith("Our reference:")).split(
        ": ", 1
    )[1]
