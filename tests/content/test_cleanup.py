"""Clean-ups: whitespace, split paragraphs, trailing boilerplate, title repeats."""

from __future__ import annotations

import pytest

from tui_reader.content.blocks import Block, Document, Span
from tui_reader.content.cleanup import (
    collapse_whitespace,
    drop_boilerplate,
    rejoin_split_paragraphs,
    tidy,
)
from tui_reader.content.html import html_to_document, text_to_document


def paragraphs(*texts: str) -> Document:
    return Document([Block("paragraph", t) for t in texts])


def test_collapse_keeps_spans_on_their_words() -> None:
    text = "  Rain \u00a0\u00a0 and\t\twind \n\n  tonight.\u00a0\u00a0 "
    block = Block("paragraph", text, spans=[Span(text.index("and"), text.index("and") + 3, "em")])
    # a span that starts on blank space snaps to the word after it
    block.spans.append(Span(text.index("\twind"), text.index("wind") + 4, "strong"))
    collapse_whitespace(block)
    assert block.text == "Rain and wind\ntonight."
    assert [block.text[s.start : s.end] for s in block.spans] == ["and", "wind"]


def test_collapse_leaves_preformatted_indentation() -> None:
    block = Block("pre", "\n\n  if x:\n\treturn 1   \n\n")
    collapse_whitespace(block)
    assert block.text == "  if x:\n    return 1"


def test_rejoin_seed_style_split() -> None:
    doc = paragraphs(
        "He also welcomed the initiative to provide a much-needed support",
        "to those who have been affected by the conflict, the ministry said.",
    )
    doc.blocks[1].spans.append(Span(3, 8, "em"))
    rejoin_split_paragraphs(doc)
    assert len(doc.blocks) == 1
    text = doc.blocks[0].text
    assert text == (
        "He also welcomed the initiative to provide a much-needed support to those who have "
        "been affected by the conflict, the ministry said."
    )
    assert [text[s.start : s.end] for s in doc.blocks[0].spans] == ["those"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The talks ended without a deal.", "the next round is due in March."),  # closed
        ("The talks ended without a deal", "Next round is due in March."),  # capital
        ("The report names the maker of the", "iPhone as a supplier."),  # mixed case
        ("Background", "officials say the talks ended."),  # too short: a label
        ("He said the talks would go on:", "first in Bangkok, then in Jakarta."),
        ("“The talks will go on,” he said”", "but not this week."),
    ],
)
def test_rejoin_leaves_whole_paragraphs(first: str, second: str) -> None:
    doc = paragraphs(first, second)
    rejoin_split_paragraphs(doc)
    assert [b.text for b in doc.blocks] == [first, second]


def test_rejoin_only_joins_paragraphs() -> None:
    doc = Document(
        [Block("heading", "Aid reaches the border areas"), Block("paragraph", "at last.")]
    )
    rejoin_split_paragraphs(doc)
    assert len(doc.blocks) == 2


@pytest.mark.parametrize(
    "tail",
    [
        ["Related Articles"],
        ["Related"],
        ["Read more:"],
        ["Share this"],
        ["Share this article on Facebook"],
        ["You may also like", "Related stories"],
        ["The post Talks resume appeared first on Example News."],
    ],
)
def test_trailing_boilerplate_is_dropped(tail: list[str]) -> None:
    doc = paragraphs("The story ends here.", *tail)
    drop_boilerplate(doc)
    assert [b.text for b in doc.blocks] == ["The story ends here."]


def test_boilerplate_words_inside_the_story_stay() -> None:
    doc = paragraphs("Related", "Two cousins were related to the minister.", "Share this with him.")
    doc.blocks.append(Block("list_item", "A related article", marker="•"))
    drop_boilerplate(doc)
    assert len(doc.blocks) == 4


def test_advertisement_lines_are_dropped_anywhere() -> None:
    doc = paragraphs("One.", "ADVERTISEMENT", "Two.")
    drop_boilerplate(doc)
    assert [b.text for b in doc.blocks] == ["One.", "Two."]


def test_tidy_drops_title_repeat_empty_blocks_and_dead_links() -> None:
    html = (
        "<h1>Talks Resume in Vientiane</h1><p>  </p><hr><p>Body with <a href='https://a.org'>a"
        " link</a>.</p><hr><hr><p>More.</p><p><a href='https://b.org/more'>Read more</a></p>"
    )
    doc = tidy(html_to_document(html), title="Talks resume in Vientiane!")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Body with a link."),
        ("rule", ""),
        ("paragraph", "More."),
    ]
    assert [k.url for k in doc.links] == ["https://a.org"]


def test_tidy_on_plain_text_with_trailing_spaces() -> None:
    doc = tidy(
        text_to_document("One line.\u00a0\u00a0 \n\n\n\nTwo\u00a0\u00a0lines.   \n\nRelated")
    )
    assert [b.text for b in doc.blocks] == ["One line.", "Two lines."]
