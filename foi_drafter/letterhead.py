"""The authority's letterhead: a Word file that supplies styles, header, footer and logo only.

Every style the letter needs is checked when the letterhead is loaded, so a
letterhead that lacks one fails with a clear message instead of a ``KeyError``
halfway through writing a letter.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from foi_drafter.errors import FoiError
from foi_drafter.resources import data_dir

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle

_TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class StyleMap:
    """The letterhead's style name for each role a block of the letter can take."""

    body: str = "Normal"
    heading1: str = "Heading 1"
    heading2: str = "Heading 2"
    heading3: str = "Heading 3"
    bullet: str = "List Bullet"
    number: str = "List Number"
    quote: str = "Quote"
    hyperlink: str = "Hyperlink"

    # Roles whose paragraph style must exist; the hyperlink character style is optional.
    PARAGRAPH_ROLES: ClassVar[tuple[str, ...]] = (
        "body",
        "heading1",
        "heading2",
        "heading3",
        "bullet",
        "number",
        "quote",
    )

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any] | None, *, where: str | None = None) -> StyleMap:
        """Defaults overridden by an authority profile's ``styles:`` section."""
        roles = [f.name for f in fields(cls)]
        overrides: dict[str, str] = {}
        for role, name in (mapping or {}).items():
            if role not in roles:
                raise FoiError(
                    f"unknown style role {role!r} under styles:; use one of {', '.join(roles)}",
                    where=where,
                )
            if not isinstance(name, str) or not name.strip():
                raise FoiError(
                    f"styles: {role} must be the name of a Word style, e.g. {getattr(cls, role)!r}",
                    where=where,
                )
            overrides[role] = name.strip()
        return cls(**overrides)


DEFAULT_STYLES = StyleMap()


def bundled_letterhead() -> Path:
    """The neutral letterhead shipped with the tool."""
    return data_dir() / "letterhead.docx"


def open_docx(path: Path) -> Document:
    """Open a Word ``.docx`` (or ``.dotx`` template) file; anything else is a FoiError."""
    import docx

    where = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise FoiError("file not found; check the path", where=where) from None
    except IsADirectoryError:
        raise FoiError("is a folder, not a Word .docx file", where=where) from None
    except OSError as exc:
        raise FoiError(f"cannot be read: {exc.strerror}", where=where) from exc
    not_docx = "is not a Word .docx file; open it in Word and save it as 'Word Document (.docx)'"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FoiError(not_docx, where=where)
    try:
        return docx.Document(io.BytesIO(_template_as_document(data)))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise FoiError(not_docx, where=where) from exc


def _template_as_document(data: bytes) -> bytes:
    """A ``.dotx`` template differs from a ``.docx`` only in its main part's content type."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_MAIN not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_MAIN, _DOCUMENT_MAIN)
                target.writestr(info, content)
    return out.getvalue()


def find_style(document: Document, name: str) -> BaseStyle | None:
    """The style whose name (as Word shows it, ignoring case) is ``name``; no lookup by id."""
    wanted = name.casefold()
    return next((s for s in document.styles if (s.name or "").casefold() == wanted), None)


def paragraph_styles(document: Document, styles: StyleMap, where: str) -> dict[str, BaseStyle]:
    """The paragraph style for each role; a missing or wrong-type style is a FoiError."""
    from docx.enum.style import WD_STYLE_TYPE

    found: dict[str, BaseStyle] = {}
    for role in StyleMap.PARAGRAPH_ROLES:
        name = getattr(styles, role)
        style = find_style(document, name)
        if style is None:
            raise FoiError(
                f"style {name!r} is missing; add it in Word or map another style to the role "
                f"{role!r} under styles: in authority.yaml",
                where=where,
            )
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            raise FoiError(
                f"style {name!r} is not a paragraph style; map a paragraph style to the role "
                f"{role!r} under styles: in authority.yaml",
                where=where,
            )
        found[role] = style
    return found


def hyperlink_style(document: Document, styles: StyleMap) -> BaseStyle | None:
    """The character style for links, or None to fall back to blue underlined text."""
    from docx.enum.style import WD_STYLE_TYPE

    style = find_style(document, styles.hyperlink)
    return style if style is not None and style.type == WD_STYLE_TYPE.CHARACTER else None


def load_letterhead(path: Path | None, styles: StyleMap) -> Document:
    """Open the letterhead (None: the bundled neutral one), check its styles, empty its body.

    The header, footer, logo and page settings are kept; any body text is removed
    so the letter starts on an empty page.
    """
    path = bundled_letterhead() if path is None else Path(path)
    document = open_docx(path)
    paragraph_styles(document, styles, str(path))
    _empty_body(document)
    return document


def _empty_body(document: Document) -> None:
    """Remove the body's content but keep its final section properties."""
    from docx.oxml.ns import qn

    body = document.element.body
    removed: set[str] = set()
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            removed.update(child.xpath(".//@r:*"))
            body.remove(child)
    # Drop images and links that only the removed content used.
    still_used = set(document.element.xpath("//@r:*"))
    for r_id in removed - still_used:
        document.part.rels.pop(r_id, None)
