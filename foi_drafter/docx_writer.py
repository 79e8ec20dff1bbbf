"""Write the letter's blocks to DOCX on top of the authority's letterhead.

Text is written exactly as the spans give it: the markup layer has already
decided what is bold, italic or a link, so nothing here reinterprets ``*``,
``_``, ``#``, ``<``, ``&`` or a leading ``1.``. Every numbered list gets its own
numbering instance with a start override, so each list restarts at its own
first number instead of continuing the previous list.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from foi_drafter.atomic import ensure_writable_target, write_atomic
from foi_drafter.letterhead import (
    DEFAULT_STYLES,
    StyleMap,
    bundled_letterhead,
    hyperlink_style,
    load_letterhead,
    paragraph_styles,
)
from foi_drafter.markup import Block, Heading, Line, ListBlock, Paragraph, Quote, Span
from foi_drafter.markup import strip_control_characters as _strip

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.numbering import CT_Numbering
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph as DocxParagraph
    from docx.text.run import Run

CORE_FIELDS = ("title", "subject", "author", "keywords", "comments", "category")
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_LIMIT = 255  # python-docx refuses longer core property values


def build_document(
    blocks: list[Block],
    *,
    letterhead: Path | None = None,
    styles: StyleMap = DEFAULT_STYLES,
    core: dict[str, str] | None = None,
    custom: dict[str, str] | None = None,
    created: datetime | None = None,
) -> bytes:
    """The letter as DOCX bytes.

    ``core`` sets the document's title, subject, author, keywords, comments and
    category; the letterhead's own values are cleared. ``custom`` adds custom
    document properties (text). ``created`` sets the created and modified
    dates; without it the letter carries no dates, so the same input gives
    the same bytes.
    """
    document = load_letterhead(letterhead, styles)
    _Writer(document, styles, str(letterhead or bundled_letterhead())).write(blocks)
    _set_core_properties(document, core or {}, created)
    if custom:
        _set_custom_properties(document, custom)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def write_letter(
    blocks: list[Block],
    out: Path,
    *,
    force: bool = False,
    letterhead: Path | None = None,
    styles: StyleMap = DEFAULT_STYLES,
    core: dict[str, str] | None = None,
    custom: dict[str, str] | None = None,
    created: datetime | None = None,
) -> Path:
    """Build the letter and write it atomically to ``out``, readable by the owner only."""
    ensure_writable_target(Path(out), force)
    data = build_document(
        blocks, letterhead=letterhead, styles=styles, core=core, custom=custom, created=created
    )
    return write_atomic(Path(out), data, force=force, mode=0o600)


def deterministic_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and attributes so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info))
    return out.getvalue()


def _clean(text: str) -> str:
    """Text as Word may hold it: no XML-illegal characters, ``\\n`` for every line break."""
    return _strip(text.replace("\r\n", "\n").replace("\r", "\n"))


class _Writer:
    """Appends blocks to a letterhead whose styles have been checked."""

    def __init__(self, document: Document, styles: StyleMap, where: str) -> None:
        self.document = document
        self.paragraph_styles = paragraph_styles(document, styles, where)
        self.link_style = hyperlink_style(document, styles)
        self.numbering = _numbering(document)
        self._abstract: dict[str, tuple[str, int]] = {}

    def write(self, blocks: list[Block]) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self._paragraph(f"heading{min(max(block.level, 1), 3)}", block.spans)
            elif isinstance(block, Paragraph):
                self._paragraph("body", block.spans)
            elif isinstance(block, ListBlock):
                self._list(block)
            elif isinstance(block, Quote):
                for line in block.paragraphs:
                    self._paragraph("quote", line)
            else:
                raise TypeError(f"not a letter block: {block!r}")

    def _paragraph(self, role: str, spans: Line) -> DocxParagraph:
        paragraph = self.document.add_paragraph(style=self.paragraph_styles[role])
        for span in spans:
            text = _clean(span.text)
            link = _clean(span.link or "")
            if link and text:
                self._format(self._hyperlink(paragraph, link, text), span, link=True)
            elif text:
                self._format(paragraph.add_run(text), span, link=False)
        return paragraph

    def _hyperlink(self, paragraph: DocxParagraph, target: str, text: str) -> Run:
        """A real ``w:hyperlink`` with an external relationship, holding one run."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.text.run import Run

        r_id = self.document.part.relate_to(target, RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink", attrs={qn("r:id"): r_id, qn("w:history"): "1"})
        paragraph._p.append(hyperlink)
        run_element = OxmlElement("w:r")
        hyperlink.append(run_element)
        run = Run(run_element, paragraph)
        run.text = text
        return run

    def _format(self, run: Run, span: Span, *, link: bool) -> None:
        from docx.shared import RGBColor

        if span.bold:
            run.bold = True
        if span.italic:
            run.italic = True
        if link and self.link_style is not None:
            run.style = self.link_style
        elif link:
            run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            run.font.underline = True

    def _list(self, block: ListBlock) -> None:
        """A list with its own numbering instance; numbered lists restart at ``block.start``."""
        from docx.oxml.ns import qn

        role = "number" if block.ordered else "bullet"
        abstract_id, level = self._abstract_numbering(role)
        num = self.numbering.add_num(int(abstract_id))
        if block.ordered:
            num.add_lvlOverride(ilvl=level).add_startOverride(block.start)
        for item in block.items:
            paragraph = self._paragraph(role, item)
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().set(qn("w:val"), str(level))
            num_pr.get_or_add_numId().set(qn("w:val"), str(num.numId))

    def _abstract_numbering(self, role: str) -> tuple[str, int]:
        """The abstract numbering (and level) the role's style uses, or a plain one of ours."""
        if role not in self._abstract:
            found = _style_numbering(self.paragraph_styles[role], self.numbering)
            self._abstract[role] = found or (self._add_abstract(ordered=role == "number"), 0)
        return self._abstract[role]

    def _add_abstract(self, *, ordered: bool) -> str:
        """A one-level decimal or bullet definition, for a list style without numbering."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        existing = self.numbering.xpath("./w:abstractNum/@w:abstractNumId")
        new_id = str(max((int(i) for i in existing), default=-1) + 1)
        fmt, text = ("decimal", "%1.") if ordered else ("bullet", "\u2022")
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new_id}">'
            '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
            "</w:lvl></w:abstractNum>"
        )
        abstracts = self.numbering.findall(qn("w:abstractNum"))
        nums = self.numbering.findall(qn("w:num"))
        if abstracts:
            abstracts[-1].addnext(element)
        elif nums:
            nums[0].addprevious(element)
        else:
            self.numbering.append(element)
        return new_id


def _numbering(document: Document) -> CT_Numbering:
    """The document's numbering definitions, adding an empty numbering part if it has none."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.parts.numbering import NumberingPart

    part = document.part
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        numbering = NumberingPart(
            PackURI("/word/numbering.xml"),
            CT.WML_NUMBERING,
            parse_xml(f"<w:numbering {nsdecls('w')}/>"),
            part.package,
        )
        part.relate_to(numbering, RT.NUMBERING)
        return numbering.element


def _style_numbering(style: BaseStyle, numbering: CT_Numbering) -> tuple[str, int] | None:
    """The abstractNumId and level a paragraph style (or a style it is based on) numbers with."""
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        num_id = style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_id:
            if num_id[0] == "0":  # numbering explicitly switched off
                return None
            abstract = numbering.xpath(f'./w:num[@w:numId="{num_id[0]}"]/w:abstractNumId/@w:val')
            level = style.element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            return (abstract[0], int(level[0]) if level else 0) if abstract else None
        style = style.base_style
    return None


def _set_core_properties(
    document: Document, core: dict[str, str], created: datetime | None
) -> None:
    """Replace the letterhead's metadata with the letter's; no dates unless ``created``."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    unknown = sorted(set(core) - set(CORE_FIELDS))
    if unknown:
        raise ValueError(f"unknown core properties {unknown}; use {', '.join(CORE_FIELDS)}")
    properties = document.core_properties
    for name in CORE_FIELDS:
        value = _clean(str(core.get(name, ""))).replace("\n", " ")
        if len(value) > _CORE_LIMIT:
            value = value[: _CORE_LIMIT - 1] + "\u2026"
        setattr(properties, name, value)
    properties.last_modified_by = ""
    properties.revision = 1
    if created is not None:
        properties.created = created
        properties.modified = created
        return
    element = document.part.package.part_related_by(RT.CORE_PROPERTIES).element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for child in element.findall(qn(tag)):
            element.remove(child)


def _set_custom_properties(document: Document, custom: dict[str, str]) -> None:
    """Write docProps/custom.xml; the letterhead's other custom properties are kept."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    package = document.part.package
    values = {_clean(str(name)).strip(): _clean(str(value)) for name, value in custom.items()}
    if "" in values:
        raise ValueError("a custom property needs a name")
    replaced = {name.casefold() for name in values}
    kept = []
    for rel in [r for r in package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES]:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        old = etree.fromstring(rel.target_part.blob, parser)
        kept += [
            p
            for p in old.findall(f"{{{_CUSTOM_NS}}}property")
            if (p.get("name") or "").casefold() not in replaced
        ]
        del package.rels[rel.rId]

    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for prop in kept:
        root.append(prop)
    for name, value in values.items():
        prop = etree.SubElement(
            root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid="", name=name
        )
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    for pid, prop in enumerate(root, start=2):
        prop.set("pid", str(pid))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
