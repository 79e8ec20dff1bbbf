"""The DOCX writer, letterhead loading, atomic writing and the read-back used for golden tests."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from libreoffice import convert_to_pdf, pdf_text, require_libreoffice
from lxml import etree

from foi_drafter import markup
from foi_drafter.atomic import write_atomic
from foi_drafter.docx_reader import read_letter
from foi_drafter.docx_writer import build_document, write_letter
from foi_drafter.errors import FoiError
from foi_drafter.letterhead import StyleMap, bundled_letterhead, load_letterhead
from foi_drafter.markup import Paragraph, Span

REPO = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
HOSTILE = "1. *not bold* _x_ # <b> & AT&T\x07"
HOSTILE_SHOWN = "1. *not bold* _x_ # <b> & AT&T"

SAMPLE = f"""\
# Your request for information

Dear Requester,

We received your request on **1 May 2024**. Our reference is *FOI-2024-001*.\\
Please quote it in any reply.

## What you asked for

1. How many parking fines were issued?
2. What did the contract cost?

### Our response

You wrote:

{markup.escape(HOSTILE)}

1. First answer
2. Second answer

- We hold the information.
- It is **attached**.

3. Third, numbered from three
4. Fourth

> 43(2) Information is exempt information if its disclosure under this Act would, \
or would be likely to, prejudice the commercial interests of any person.

See [the ICO's guidance](https://ico.org.uk/for-the-public/) or write to <foi@example.gov.uk>.
"""

EXPECTED_STYLES = [
    "Heading 1",
    "Normal",
    "Normal",
    "Heading 2",
    "List Number",
    "List Number",
    "Heading 3",
    "Normal",
    "Normal",
    "List Number",
    "List Number",
    "List Bullet",
    "List Bullet",
    "List Number",
    "List Number",
    "Quote",
    "Normal",
]


@pytest.fixture(scope="module")
def blocks() -> list[markup.Block]:
    return markup.parse(SAMPLE)


@pytest.fixture(scope="module")
def letter(blocks, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("letter") / "letter.docx"
    return write_letter(blocks, out)


def xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(member))


def numbered_lists(path: Path) -> list[list[str]]:
    """The numIds of the List Number paragraphs, grouped into lists of consecutive items."""
    body = xml(path, "word/document.xml")
    groups: list[list[str]] = []
    last = -2
    for index, p in enumerate(body.iter(f"{{{W}}}p")):
        if p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "ListNumber":
            if index != last + 1:
                groups.append([])
            groups[-1].append(p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS))
            last = index
    return groups


def letterhead_variant(tmp_path: Path, edit: Callable[[docx.document.Document], None]) -> Path:
    """A copy of the bundled letterhead changed by ``edit``."""
    document = docx.Document(bundled_letterhead())
    edit(document)
    path = tmp_path / "letterhead.docx"
    document.save(path)
    return path


def delete_style(name: str) -> Callable[[docx.document.Document], None]:
    def edit(document: docx.document.Document) -> None:
        element = document.styles[name].element
        element.getparent().remove(element)

    return edit


# --- what the letter says and how it looks --------------------------------------------


def test_read_back_gives_the_same_text_as_the_markup(blocks, letter):
    assert read_letter(letter).text == markup.to_text(blocks)


def test_every_block_gets_its_letterhead_style(letter):
    assert read_letter(letter).paragraph_styles == EXPECTED_STYLES


def test_bold_and_italic_runs_and_line_breaks(letter):
    paragraph = next(p for p in docx.Document(letter).paragraphs if "1 May 2024" in p.text)
    formatting = {run.text: (bool(run.bold), bool(run.italic)) for run in paragraph.runs}
    assert formatting["1 May 2024"] == (True, False)
    assert formatting["FOI-2024-001"] == (False, True)
    assert formatting["We received your request on "] == (False, False)
    assert len(paragraph._p.xpath(".//w:br")) == 1
    assert paragraph.text.endswith("FOI-2024-001.\nPlease quote it in any reply.")


def test_each_numbered_list_restarts_with_its_own_numbering(letter):
    lists = numbered_lists(letter)
    assert [len(items) for items in lists] == [2, 2, 2]
    num_ids = [items[0] for items in lists]
    assert all(len(set(items)) == 1 for items in lists)
    assert len(set(num_ids)) == 3

    numbering = xml(letter, "word/numbering.xml")
    style_num = xml(letter, "word/styles.xml").xpath(
        "string(//w:style[@w:styleId='ListNumber']/w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS
    )
    style_abstract = numbering.xpath(
        f"string(w:num[@w:numId='{style_num}']/w:abstractNumId/@w:val)", namespaces=NS
    )
    for num_id, start in zip(num_ids, ["1", "1", "3"], strict=True):
        num = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)[0]
        assert num.xpath("string(w:abstractNumId/@w:val)", namespaces=NS) == style_abstract
        assert (
            num.xpath("string(w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val)", namespaces=NS)
            == start
        )

    text = read_letter(letter).text
    assert "1. How many parking fines were issued?\n2. What did the contract cost?" in text
    assert "1. First answer\n2. Second answer" in text
    assert "3. Third, numbered from three\n4. Fourth" in text


def test_links_are_real_hyperlinks_with_external_targets(letter):
    body = xml(letter, "word/document.xml")
    rels = xml(letter, "word/_rels/document.xml.rels")
    links = {}
    for hyperlink in body.iter(f"{{{W}}}hyperlink"):
        r_id = hyperlink.get(f"{{{R}}}id")
        rel = rels.xpath(f"*[@Id='{r_id}']")[0]
        assert rel.get("TargetMode") == "External"
        assert rel.get("Type").endswith("/hyperlink")
        text = "".join(hyperlink.itertext())
        links[text] = rel.get("Target")
        assert hyperlink.xpath("string(w:r/w:rPr/w:rStyle/@w:val)", namespaces=NS) == "Hyperlink"
    assert links == {
        "the ICO's guidance": "https://ico.org.uk/for-the-public/",
        "foi@example.gov.uk": "mailto:foi@example.gov.uk",
    }


def test_links_fall_back_to_blue_underline_without_a_hyperlink_style(tmp_path):
    letterhead = letterhead_variant(tmp_path, delete_style("Hyperlink"))
    blocks = markup.parse("See <https://ico.org.uk/>.")
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(blocks, letterhead=letterhead))
    run = xml(out, "word/document.xml").xpath("//w:hyperlink/w:r", namespaces=NS)[0]
    assert run.xpath("string(w:rPr/w:color/@w:val)", namespaces=NS) == "0563C1"
    assert run.xpath("string(w:rPr/w:u/@w:val)", namespaces=NS) == "single"
    assert read_letter(out).text == "See https://ico.org.uk/.\n"


def test_user_text_is_written_literally(letter):
    text = read_letter(letter).text
    assert f"You wrote:\n\n{HOSTILE_SHOWN}\n\n" in text
    for raw in ("**", "__", "{{", "\\"):
        assert raw not in text
    paragraph = next(p for p in docx.Document(letter).paragraphs if p.text == HOSTILE_SHOWN)
    assert paragraph.style.name == "Normal"
    assert not any(run.bold or run.italic for run in paragraph.runs)
    with zipfile.ZipFile(letter) as package:
        assert b"\x07" not in package.read("word/document.xml")


def test_span_text_is_never_reinterpreted(tmp_path):
    text = "**not bold** _x_ # 1. <i>&amp;</i>"
    blocks = [Paragraph((Span(text + "\x0b\x1f"), Span("\n"), Span("next", italic=True)))]
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(blocks))
    assert read_letter(out).text == f"{text}\nnext\n"
    runs = docx.Document(out).paragraphs[0].runs
    assert not runs[0].bold


# --- atomic writing ---------------------------------------------------------------------


def test_existing_file_is_not_overwritten_without_force(blocks, tmp_path):
    out = tmp_path / "letter.docx"
    out.write_text("the officer's earlier draft")
    with pytest.raises(FoiError, match="already exists; use --force") as error:
        write_letter(blocks, out)
    assert str(out) in str(error.value)
    assert out.read_text() == "the officer's earlier draft"
    write_letter(blocks, out, force=True)
    assert read_letter(out).text == markup.to_text(blocks)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_letter_is_readable_by_its_owner_only_whatever_the_umask(blocks, tmp_path):
    old = os.umask(0)
    try:
        out = write_letter(blocks, tmp_path / "letter.docx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx"]


def test_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    out = tmp_path / "letter.docx"
    with pytest.raises(FoiError, match="No space left on device") as error:
        write_atomic(out, b"data")
    assert str(out) in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_output_folder_is_reported(tmp_path):
    with pytest.raises(FoiError, match="does not exist"):
        write_atomic(tmp_path / "no-such-folder" / "letter.docx", "text")


# --- letterheads ------------------------------------------------------------------------


def test_missing_style_is_named_when_the_letterhead_is_loaded(tmp_path):
    letterhead = letterhead_variant(tmp_path, delete_style("List Number"))
    with pytest.raises(FoiError) as error:
        build_document([], letterhead=letterhead)
    message = str(error.value)
    assert str(letterhead) in message
    assert "style 'List Number' is missing" in message
    assert "role 'number' under styles:" in message


def test_another_style_can_be_mapped_to_a_role(tmp_path):
    letterhead = letterhead_variant(tmp_path, delete_style("List Number"))
    styles = StyleMap.from_mapping({"number": "List Number 2"})
    blocks = markup.parse("1. one\n2. two\n\ntext\n\n1. again\n")
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(blocks, letterhead=letterhead, styles=styles))
    read = read_letter(out, styles)
    assert read.paragraph_styles == ["List Number 2", "List Number 2", "Normal", "List Number 2"]
    assert read.text == "1. one\n2. two\n\ntext\n\n1. again\n"


def test_unknown_style_role_is_refused():
    with pytest.raises(FoiError, match="unknown style role 'numbered'") as error:
        StyleMap.from_mapping({"numbered": "List Number"}, where="authority.yaml")
    assert str(error.value).startswith("authority.yaml: ")


@pytest.mark.parametrize(
    "content",
    [b"Dear Sir, this is a text file renamed to .docx\n", b""],
    ids=["text-file", "empty-file"],
)
def test_a_letterhead_that_is_not_a_docx_is_refused(tmp_path, content):
    letterhead = tmp_path / "letterhead.docx"
    letterhead.write_bytes(content)
    with pytest.raises(FoiError, match=r"is not a Word \.docx file") as error:
        build_document([], letterhead=letterhead)
    assert str(letterhead) in str(error.value)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    letterhead = tmp_path / "letterhead.docx"
    with zipfile.ZipFile(letterhead, "w") as package:
        package.writestr("notes.txt", "not a document")
    with pytest.raises(FoiError, match=r"is not a Word \.docx file"):
        load_letterhead(letterhead, StyleMap())


def test_a_missing_letterhead_or_letter_is_named(tmp_path):
    missing = tmp_path / "nowhere.docx"
    with pytest.raises(FoiError, match="not found") as error:
        load_letterhead(missing, StyleMap())
    assert str(missing) in str(error.value)
    with pytest.raises(FoiError, match="not found"):
        read_letter(missing)


def test_a_word_template_can_be_the_letterhead(tmp_path):
    dotx = tmp_path / "letterhead.dotx"
    with zipfile.ZipFile(bundled_letterhead()) as source, zipfile.ZipFile(dotx, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, content)
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(markup.parse("Hello."), letterhead=dotx))
    assert read_letter(out).text == "Hello.\n"


def test_letterhead_keeps_header_and_footer_but_not_its_body_text(tmp_path):
    def edit(document: docx.document.Document) -> None:
        document.sections[0].header.paragraphs[0].text = "Example Borough Council"
        document.add_paragraph("Sample text the officer left in the letterhead")

    letterhead = letterhead_variant(tmp_path, edit)
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(markup.parse("Dear Requester,"), letterhead=letterhead))
    letter = docx.Document(out)
    assert [p.text for p in letter.paragraphs] == ["Dear Requester,"]
    section = letter.sections[0]
    assert section.header.paragraphs[0].text == "Example Borough Council"
    assert "PAGE" in "".join(section.footer._element.itertext())


def edit_remove_list_number_numbering(document: docx.document.Document) -> None:
    num_pr = document.styles["List Number"].element.pPr.numPr
    num_pr.getparent().remove(num_pr)


def edit_remove_numbering_part(document: docx.document.Document) -> None:
    part = document.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/numbering"):
            del part.rels[r_id]


@pytest.mark.parametrize(
    "edit",
    [edit_remove_list_number_numbering, edit_remove_numbering_part],
    ids=["style-without-numbering", "no-numbering-part"],
)
def test_lists_are_numbered_even_when_the_letterhead_style_is_not(tmp_path, edit):
    letterhead = letterhead_variant(tmp_path, edit)
    blocks = markup.parse("1. one\n2. two\n\ntext\n\n1. again\n")
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(blocks, letterhead=letterhead))
    numbering = xml(out, "word/numbering.xml")
    for items in numbered_lists(out):
        abstract = numbering.xpath(
            f"string(w:num[@w:numId='{items[0]}']/w:abstractNumId/@w:val)", namespaces=NS
        )
        assert (
            numbering.xpath(
                f"string(w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl/w:numFmt/@w:val)",
                namespaces=NS,
            )
            == "decimal"
        )
    assert read_letter(out).text == "1. one\n2. two\n\ntext\n\n1. again\n"


def test_bundled_letterhead_is_neutral_a4_with_all_styles_and_page_numbers():
    document = docx.Document(bundled_letterhead())
    names = {style.name: style.type for style in document.styles}
    for role in StyleMap.PARAGRAPH_ROLES:
        assert names[getattr(StyleMap(), role)] == WD_STYLE_TYPE.PARAGRAPH
    assert names["Hyperlink"] == WD_STYLE_TYPE.CHARACTER
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer._element
    assert "Page" in "".join(footer.itertext())
    assert footer.xpath("string(.//w:instrText)").strip() == "PAGE"
    assert [p.text for p in document.paragraphs] == []
    assert document.core_properties.author == ""
    assert document.core_properties.title == ""


def test_letterhead_generator_reproduces_the_bundled_file(tmp_path):
    out = tmp_path / "letterhead.docx"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_letterhead.py"), str(out)],
        check=True,
        capture_output=True,
    )

    def members(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as package:
            return {name: package.read(name) for name in package.namelist()}

    assert members(out) == members(bundled_letterhead())


# --- document properties and determinism ----------------------------------------------


def test_custom_properties_round_trip(blocks, tmp_path):
    custom = {"FOI reference": "FOI-2024-001", "Clauses": "s43(2) <v1> & review", "Empty": ""}
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(blocks, custom=custom))
    assert read_letter(out).custom_properties == custom

    types = xml(out, "[Content_Types].xml")
    override = types.xpath("*[@PartName='/docProps/custom.xml']")[0]
    assert override.get("ContentType") == (
        "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    )
    rel = xml(out, "_rels/.rels").xpath("*[@Target='docProps/custom.xml']")[0]
    assert rel.get("Type") == (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
    )
    properties = list(xml(out, "docProps/custom.xml"))
    assert [p.get("pid") for p in properties] == ["2", "3", "4"]
    assert {p.get("fmtid") for p in properties} == {"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"}
    assert {p[0].tag.split("}")[1] for p in properties} == {"lpwstr"}

    # A letterhead's own custom properties are kept; ours replace those of the same name.
    again = tmp_path / "again.docx"
    again.write_bytes(build_document([], letterhead=out, custom={"clauses": "new", "Hash": "ab"}))
    assert read_letter(again).custom_properties == {
        "FOI reference": "FOI-2024-001",
        "Empty": "",
        "clauses": "new",
        "Hash": "ab",
    }


def test_core_properties_replace_the_letterheads(blocks, tmp_path):
    core = {"title": "Response to FOI-2024-001", "author": "Information Governance Team"}
    when = datetime(2024, 5, 29, 9, 30, tzinfo=timezone.utc)
    out = tmp_path / "letter.docx"
    out.write_bytes(build_document(blocks, core=core, created=when))
    read = read_letter(out).core_properties
    assert read["title"] == "Response to FOI-2024-001"
    assert read["author"] == "Information Governance Team"
    assert read["subject"] == read["comments"] == ""
    assert read["created"] == read["modified"] == "2024-05-29T09:30:00+00:00"

    long_title = tmp_path / "long.docx"
    long_title.write_bytes(build_document([], core={"title": "x" * 300}))
    assert read_letter(long_title).core_properties["title"] == "x" * 254 + "\u2026"

    undated = tmp_path / "undated.docx"
    undated.write_bytes(build_document(blocks, core=core))
    core_xml = xml(undated, "docProps/core.xml")
    assert core_xml.find(qn("dcterms:created")) is None
    assert "python-docx" not in etree.tostring(core_xml).decode()


def test_same_input_gives_identical_bytes(blocks):
    first = build_document(blocks, core={"title": "T"}, custom={"ref": "1"})
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert build_document(blocks, core={"title": "T"}, custom={"ref": "1"}) == first


# --- LibreOffice -----------------------------------------------------------------------


def test_letter_renders_in_libreoffice(letter, tmp_path):
    require_libreoffice()
    text = pdf_text(convert_to_pdf(letter, tmp_path))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Your request for information" in lines
    assert HOSTILE_SHOWN in text
    assert "1. First answer" in lines and "2. Second answer" in lines
    assert "3. Third, numbered from three" in lines
    assert sum(line.startswith("1. ") for line in lines) == 3  # two restarts + the hostile text
    assert "\u2022 We hold the information." in lines
    assert "Page 1" in lines
