"""The letter markup: user text stays literal, supported markup becomes blocks."""

import pytest

from foi_drafter.markup import (
    Heading,
    ListBlock,
    MarkupError,
    Paragraph,
    Quote,
    escape,
    parse,
    to_text,
)

HOSTILE = "1. *not bold* _x_ # <b>tag</b> & AT&T\n- not a list\n    four spaces\n===\n> not a quote"


def test_escaped_user_text_reads_back_exactly():
    blocks = parse(f"Intro: {escape(HOSTILE)}")
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    text = "".join(span.text for span in blocks[0].spans)
    assert text == "Intro: " + HOSTILE.replace("    four", "four")
    assert not any(span.bold or span.italic or span.link for span in blocks[0].spans)


def test_control_characters_from_email_are_removed():
    blocks = parse(escape("Bell\x07 and form feed\x0c gone"))
    assert to_text(blocks) == "Bell and form feed gone\n"


def test_supported_markup_becomes_blocks():
    blocks = parse(
        "# Title\n\nA **bold** and *italic* [link](https://ico.org.uk).\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n> quoted statute\n"
    )
    assert [type(b) for b in blocks] == [Heading, Paragraph, ListBlock, ListBlock, Quote]
    paragraph = blocks[1].spans
    assert any(s.bold and s.text == "bold" for s in paragraph)
    assert any(s.italic and s.text == "italic" for s in paragraph)
    assert any(s.link == "https://ico.org.uk" for s in paragraph)
    assert blocks[3].ordered and blocks[3].start == 1
    assert "link (https://ico.org.uk)" in to_text(blocks)


def test_nested_lists_are_refused():
    with pytest.raises(MarkupError, match="nested"):
        parse("- one\n  - nested\n")


def test_html_is_never_markup():
    blocks = parse("<b>bold?</b>")
    assert to_text(blocks) == "<b>bold?</b>\n"
