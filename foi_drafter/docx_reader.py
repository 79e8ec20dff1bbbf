"""Read a letter back from DOCX as plain text, to compare it with the golden text.

The text has the form :func:`foi_drafter.markup.to_text` gives: one line per
heading or paragraph, ``- `` for bullets, ``N.`` for numbered items (counted
as Word numbers them, restarts included), two spaces before quoted lines and
a blank line between blocks. Paragraphs are told apart by their style, so
pass the authority's :class:`StyleMap` when it maps other styles. Two quotes
directly after one another read back as one quote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from foi_drafter.letterhead import DEFAULT_STYLES, StyleMap, open_docx

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_CORE_FIELDS = ("title", "subject", "author", "keywords", "comments", "category")


@dataclass(frozen=True)
class ReadBack:
    """What a reader of the DOCX would see, in plain text, plus its styles and properties."""

    text: str
    paragraph_styles: list[str] = field(default_factory=list)
    custom_properties: dict[str, str] = field(default_factory=dict)
    core_properties: dict[str, str] = field(default_factory=dict)


def read_letter(path: Path, styles: StyleMap = DEFAULT_STYLES) -> ReadBack:
    """Read the body text, paragraph styles and document properties of a letter."""
    document = open_docx(Path(path))
    paragraphs = document.paragraphs
    return ReadBack(
        text=_body_text(document, paragraphs, styles),
        paragraph_styles=[p.style.name if p.style is not None else "" for p in paragraphs],
        custom_properties=_custom_properties(document),
        core_properties=_core_properties(document),
    )


def _roles(styles: StyleMap) -> dict[str, str]:
    """Style name (case-folded) to the kind of block it marks."""
    roles = {styles.body.casefold(): "paragraph"}
    for role in ("heading1", "heading2", "heading3"):
        roles[getattr(styles, role).casefold()] = "paragraph"
    roles[styles.bullet.casefold()] = "bullet"
    roles[styles.number.casefold()] = "number"
    roles[styles.quote.casefold()] = "quote"
    return roles


def _body_text(document: Document, paragraphs: list[Paragraph], styles: StyleMap) -> str:
    roles = _roles(styles)
    numbers = _Numbering(document)
    blocks: list[tuple[object, list[str]]] = []  # (group key, lines); equal keys join
    for paragraph in paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        kind = roles.get((name or "").casefold(), "paragraph")
        text = _line_text(paragraph)
        if kind in ("bullet", "number"):
            num_id, level = _numbering_of(paragraph)
            marker = f"{numbers.next(num_id, level)}." if kind == "number" else "-"
            key: object = (kind, num_id)
            line = f"{marker} " + text.replace("\n", "\n   ")
        elif kind == "quote":
            key, line = "quote", "  " + text.replace("\n", "\n  ")
        else:
            key, line = object(), text
        if blocks and blocks[-1][0] == key:
            blocks[-1][1].append(line)
        else:
            blocks.append((key, [line]))
    return "\n\n".join("\n".join(lines) for _, lines in blocks) + "\n"


def _line_text(paragraph: Paragraph) -> str:
    """The paragraph's text; a link shows its address unless its text is the address."""
    from docx.text.hyperlink import Hyperlink

    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            url, text = item.url, item.text
            shown = url and url not in (text, f"mailto:{text}")
            parts.append(f"{text} ({url})" if shown else text)
        else:
            parts.append(item.text)
    return "".join(parts)


def _numbering_of(paragraph: Paragraph) -> tuple[str | None, int]:
    """The numId and level of a list paragraph: its own, else its style's (or base style's)."""
    for element in _style_chain(paragraph):
        num_id = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_id:
            level = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            return num_id[0], int(level[0]) if level else 0
    return None, 0


def _style_chain(paragraph: Paragraph) -> Iterator[BaseOxmlElement]:
    """The paragraph's own element, then its style's and each base style's."""
    yield paragraph._p
    style = paragraph.style
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style.element
        style = style.base_style


class _Numbering:
    """Counts list items as Word does: a start override restarts its list."""

    def __init__(self, document: Document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            self.element = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            self.element = None
        self.counters: dict[tuple[str, str | None], int] = {}

    def next(self, num_id: str | None, level: int) -> int:
        key, start = ("num", num_id), 1
        if self.element is not None and num_id is not None:
            num = f'./w:num[@w:numId="{num_id}"]'
            override = self.element.xpath(
                f'{num}/w:lvlOverride[@w:ilvl="{level}"]/w:startOverride/@w:val'
            )
            abstract = self.element.xpath(f"{num}/w:abstractNumId/@w:val")
            if override:
                start = int(override[0])
            elif abstract:
                key = ("abstract", abstract[0])
                lvl_start = self.element.xpath(
                    f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]'
                    f'/w:lvl[@w:ilvl="{level}"]/w:start/@w:val'
                )
                start = int(lvl_start[0]) if lvl_start else 1
        self.counters[key] = self.counters.get(key, start - 1) + 1
        return self.counters[key]


def _custom_properties(document: Document) -> dict[str, str]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    found: dict[str, str] = {}
    for rel in document.part.package.rels.values():
        if rel.reltype != RT.CUSTOM_PROPERTIES:
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(rel.target_part.blob, parser)
        for prop in root.findall(f"{{{_CUSTOM_NS}}}property"):
            value = prop[0].text if len(prop) else None
            found[prop.get("name", "")] = value or ""
    return found


def _core_properties(document: Document) -> dict[str, str]:
    core = document.core_properties
    found = {name: getattr(core, name) or "" for name in _CORE_FIELDS}
    for name in ("created", "modified"):
        value = getattr(core, name)
        if value is not None:
            found[name] = value.isoformat()
    return found
