"""Generate the neutral letterhead bundled as foi_drafter/data/letterhead.docx.

Run ``python scripts/make_letterhead.py [OUT]``; OUT defaults to the bundled file.
The output is deterministic: running it again gives the same bytes.

The letterhead is A4 with 25 mm margins, Arial 11 pt body text, plain black
headings, indented quotes, a Hyperlink character style and a centred
"Page N" footer. It carries no authority's name.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from foi_drafter.docx_writer import deterministic_zip  # noqa: E402

OUT = REPO / "foi_drafter" / "data" / "letterhead.docx"
FONT = "Arial"
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
LINK = RGBColor(0x05, 0x63, 0xC1)
# Heading levels 1-3: (size, space before, space after) in points.
HEADINGS = {1: (14, 18, 6), 2: (12, 14, 4), 3: (11, 12, 4)}


def set_fonts(rpr: CT_RPr, size: float | None = None) -> None:
    """Give run properties explicit Arial fonts (replacing theme fonts) and a size."""
    fonts = rpr.get_or_add_rFonts()
    fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        rpr.sz_val = Pt(size)


def plain_bullet(document: Document) -> None:
    """Make List Bullet's bullet a plain Unicode one instead of a Symbol-font glyph."""
    numbering = document.part.numbering_part.element
    num_id = document.styles["List Bullet"].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
    abstract_id = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')[0]
    level = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl')[0]
    level.find(qn("w:lvlText")).set(qn("w:val"), "\u2022")
    set_fonts(level.find(qn("w:rPr")))


def page_number_paragraph(paragraph: Paragraph) -> None:
    """'Page N', centred, with N a PAGE field."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {nsdecls('w')}><w:t>1</w:t></w:r>",
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


def build() -> bytes:
    document = docx.Document()
    styles = document.styles

    # Document defaults and Normal: plain sans 11 pt, space after each paragraph.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    set_fonts(defaults.find(qn("w:rPr")), 11)
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
    normal = styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), 11)
    normal.font.color.rgb = TEXT
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15

    for level, (size, before, after) in HEADINGS.items():
        style = styles[f"Heading {level}"]
        rpr = style.element.rPr
        if rpr is not None:
            style.element.remove(rpr)
        set_fonts(style.element.get_or_add_rPr(), size)
        style.font.bold = True
        style.font.color.rgb = TEXT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True

    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(4)
    plain_bullet(document)

    quote = styles["Quote"]
    quote.font.italic = False
    quote.font.color.rgb = TEXT
    quote.paragraph_format.left_indent = Mm(10)
    quote.paragraph_format.right_indent = Mm(10)

    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    hyperlink.base_style = styles["Default Paragraph Font"]
    hyperlink.font.color.rgb = LINK
    hyperlink.font.underline = True

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(25)
    section.header_distance = section.footer_distance = Mm(12.5)
    footer = section.footer
    footer.is_linked_to_previous = False
    page_number_paragraph(footer.paragraphs[0])

    # No preview picture of python-docx's blank page, and no metadata or dates.
    package = document.part.package
    for rel in [r for r in package.rels.values() if r.reltype == RT.THUMBNAIL]:
        del package.rels[rel.rId]
    core = document.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "category"):
        setattr(core, name, "")
    core.last_modified_by = ""
    core.revision = 1
    element = package.part_related_by(RT.CORE_PROPERTIES).element
    for tag in ("dcterms:created", "dcterms:modified"):
        for child in element.findall(qn(tag)):
            element.remove(child)

    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.write_bytes(build())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
