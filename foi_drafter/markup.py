"""The letter markup: a small Markdown subset parsed by markdown-it-py into blocks.

Clause and template text is written in this subset: paragraphs, ``#``/``##``
headings, ``**bold**``, ``*italic*``, ``-`` bullet lists, ``1.`` numbered lists,
``>`` quotes (for statute), ``[text](url)`` and ``<url>`` links, and a
backslash at the end of a line for a line break. Nothing else is markup: no
HTML, no code blocks, no tables. Text typed by users is passed through
:func:`escape` so that it is always written literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Characters XML 1.0 forbids; they arrive in text pasted from email.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis and an optional link target. ``"\\n"`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    spans: Line


@dataclass(frozen=True)
class Heading:
    level: int
    spans: Line


@dataclass(frozen=True)
class ListBlock:
    """A bullet (``ordered=False``) or numbered list; each item is one line of spans."""

    ordered: bool
    items: tuple[Line, ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    """Quoted text, e.g. the words of the Act; one line of spans per paragraph."""

    paragraphs: tuple[Line, ...]


Block = Paragraph | Heading | ListBlock | Quote


class MarkupError(ValueError):
    """Markup outside the supported subset (e.g. a nested list)."""


def strip_control_characters(text: str) -> str:
    """Remove characters XML cannot hold (pasted from email); keep tabs and newlines."""
    return _XML_ILLEGAL.sub("", text)


def escape(text: str) -> str:
    """Make user text literal in markup: escape every ASCII punctuation mark.

    Line breaks within the text become markup line breaks, and blank lines are
    kept as line breaks too, so that user text stays inside the block it was put in.
    Leading indentation is dropped, so it can never start a nested block.
    """
    lines = [line.strip() for line in strip_control_characters(str(text)).splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    escaped = [_ASCII_PUNCTUATION.sub(r"\\\1", line) for line in lines]
    return "\\\n".join(escaped)


@cache
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("zero").enable(
        [
            "heading",
            "list",
            "blockquote",
            "emphasis",
            "link",
            "autolink",
            "escape",
            "newline",
            "entity",
        ]
    )


def _spans(inline) -> Line:
    spans: list[Span] = []
    bold = italic = 0
    link: str | None = None
    for token in inline.children or []:
        kind = token.type
        if kind == "text" and token.content:
            spans.append(Span(token.content, bold > 0, italic > 0, link))
        elif kind in ("softbreak",):
            spans.append(Span(" ", bold > 0, italic > 0, link))
        elif kind == "hardbreak":
            spans.append(Span("\n"))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(token.attrs.get("href", ""))
        elif kind == "link_close":
            link = None
    return _merge(spans)


def _merge(spans: list[Span]) -> Line:
    """Join neighbouring spans that share their formatting."""
    merged: list[Span] = []
    for span in spans:
        if (
            merged
            and span.text != "\n"
            and merged[-1].text != "\n"
            and (merged[-1].bold, merged[-1].italic, merged[-1].link)
            == (span.bold, span.italic, span.link)
        ):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic, span.link)
        else:
            merged.append(span)
    return tuple(merged)


def parse(markup: str) -> list[Block]:
    """Parse markup into blocks; raise MarkupError for anything outside the subset."""
    tokens = _parser().parse(strip_control_characters(markup))
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            blocks.append(Heading(int(token.tag[1]), _spans(tokens[i + 1])))
            i += 3
        elif token.type == "paragraph_open":
            blocks.append(Paragraph(_spans(tokens[i + 1])))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            start = int(token.attrs.get("start", 1)) if ordered else 1
            items, i = _list_items(tokens, i + 1, token.type.replace("_open", "_close"))
            blocks.append(ListBlock(ordered, items, start))
        elif token.type == "blockquote_open":
            paragraphs, i = _quote(tokens, i + 1)
            blocks.append(Quote(paragraphs))
        else:
            raise MarkupError(f"unsupported markup {token.type!r} at line {_line(token)}")
    return blocks


def _line(token) -> int:
    return token.map[0] + 1 if token.map else 0


def _list_items(tokens, i: int, close: str) -> tuple[tuple[Line, ...], int]:
    items: list[Line] = []
    current: list[Line] = []
    while tokens[i].type != close:
        kind = tokens[i].type
        if kind == "inline":
            current.append(tokens[i].children and _spans(tokens[i]) or ())
        elif kind == "list_item_close":
            items.append(_join_lines(current))
            current = []
        elif kind in ("bullet_list_open", "ordered_list_open", "blockquote_open", "heading_open"):
            raise MarkupError(
                f"nested {kind.split('_open')[0]} inside a list at line {_line(tokens[i])}"
            )
        i += 1
    return tuple(items), i + 1


def _quote(tokens, i: int) -> tuple[tuple[Line, ...], int]:
    paragraphs: list[Line] = []
    while tokens[i].type != "blockquote_close":
        kind = tokens[i].type
        if kind == "inline":
            paragraphs.append(_spans(tokens[i]))
        elif kind not in ("paragraph_open", "paragraph_close"):
            raise MarkupError(f"only paragraphs may be quoted (line {_line(tokens[i])})")
        i += 1
    return tuple(paragraphs), i + 1


def _join_lines(lines: list[Line]) -> Line:
    joined: list[Span] = []
    for n, line in enumerate(lines):
        if n:
            joined.append(Span("\n"))
        joined.extend(line)
    return tuple(joined)


def line_text(spans: Line) -> str:
    """The plain text of a line of spans; a link shows its address unless the text is it."""
    return "".join(
        f"{span.text} ({span.link})"
        if span.link and span.link not in (span.text, f"mailto:{span.text}")
        else span.text
        for span in spans
    )


def to_text(blocks: list[Block]) -> str:
    """Plain text of the letter: one line per paragraph, blank lines between blocks.

    This is the form used for previews, golden files and rendered diffs.
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(line_text(block.spans))
        elif isinstance(block, ListBlock):
            lines = []
            for n, item in enumerate(block.items, start=block.start):
                marker = f"{n}." if block.ordered else "-"
                lines.append(f"{marker} " + line_text(item).replace("\n", "\n   "))
            out.append("\n".join(lines))
        elif isinstance(block, Quote):
            out.append(
                "\n".join("  " + line_text(p).replace("\n", "\n  ") for p in block.paragraphs)
            )
    return "\n\n".join(out) + "\n"
