"""Every word kept: each of Mozilla's 130 Reader View test pages, rendered by the reader,
says the page's own words in the page's order, none changed and none dropped but the
boilerplate named below.

The page text is the text of `expected.html` (what Firefox Reader View shows), read the way
bench/extraction.py reads it. The reader's text is `render_plain` of the same HTML fed as an
article, with the reader's own additions taken away first: the header, link numbers ("[3]"),
placeholders ("[image 3: …]", whose alt text is no page text), list bullets and numbers and
the link list. Words are compared after NFKC, so a footnote mark "⁵" is the page's "5".
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass

import pytest

from bench.extraction import PAGE_URL, html_text
from tests.content.conftest import make_article
from tests.shared import EXTRACTION, needs
from tui_reader.content.blocks import Span
from tui_reader.content.header import render_header
from tui_reader.content.plain import render_plain
from tui_reader.content.reading import ReadableArticle, read_article

PAGES = EXTRACTION / "readability-test-pages"
pytestmark = needs(PAGES)

# The boilerplate the reader drops, by name. Anything else missing is a lost word.
NOT_TEXT = frozenset(  # elements whose content never shows (an embed shows a placeholder)
    "script style iframe object form noscript template svg select textarea button head title "
    "canvas map noembed noframes frameset applet video audio".split()
)
DROPPED = {
    "title repeat": "a first heading or paragraph that only repeats the article's title",
    "trailing boilerplate": '"Related Articles", "Share this", "Advertisement" lines',
    "invisible images": "1-pixel spacers the page text counts as a word break",
}
_BOILERPLATE = re.compile(
    r"(?i)(?:advertisement|sponsored|related\b.*|read (?:more|next|also)\b.*|share\b.*"
    r"|comments?|see also|more from\b.*)"
)
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def page_words(markup: str) -> list[str]:
    import lxml.html

    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for node in list(root.iter(*NOT_TEXT, "img")):
        invisible = node.tag == "img" and "1" in (node.get("width"), node.get("height"))
        if (node.tag != "img" or invisible) and node.getparent() is not None:
            node.drop_tree()  # its tail (the text after it) stays
    return words(html_text(lxml.html.tostring(root, encoding="unicode")))


def _without_additions(ra: ReadableArticle) -> None:
    """Take the reader's own additions out of the document, in place."""
    for block in ra.document.blocks:
        block.marker = ""
        for span in sorted(block.spans, key=lambda s: -s.start):
            if span.style == "image":  # a placeholder: "[image: alt]"
                size = span.end - span.start
                block.text = block.text[: span.start] + " " * size + block.text[span.end :]
        if block.kind == "image":
            block.text = ""
        numbers = {s.link for s in block.spans if s.link}
        block.spans = [Span(s.start, s.end, s.style) for s in block.spans if s.style != "image"]
        if block.kind == "table":  # cells hold link numbers and placeholders as text
            links = [rf"\[{n}\]" for n in numbers]
            marks = re.compile("|".join([*links, r"\[(?:image|embed|video|audio)[^\]]*\]"]))
            block.rows = [[marks.sub("", cell) for cell in row] for row in block.rows]
    ra.document.links = []


def reader_words(ra: ReadableArticle) -> list[str]:
    _without_additions(ra)
    text = render_plain(ra, 10**6, measure=10**6)  # no wrapping, tables as rows
    return words(text[len(render_header(ra).plain) :])


@dataclass(frozen=True)
class Difference:
    page: str
    kind: str  # "changed", "added" or "dropped"
    page_text: str
    reader_text: str


def differences(name: str) -> list[Difference]:
    folder = PAGES / name
    markup = (folder / "expected.html").read_text("utf-8")
    meta_file = folder / "expected-metadata.json"
    title = json.loads(meta_file.read_text("utf-8")).get("title") if meta_file.exists() else ""
    ra = read_article(make_article(title=title or "", content=markup, link=PAGE_URL))
    want, got = page_words(markup), reader_words(ra)
    found = []
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        page_text, reader_text = " ".join(want[a1:a2]), " ".join(got[b1:b2])
        if op == "equal":
            continue
        if op == "delete" and (
            (a1 == 0 and page_text == " ".join(words(title or "")))  # title repeat
            or (a2 == len(want) and _BOILERPLATE.fullmatch(page_text))  # trailing boilerplate
        ):
            continue
        kind = {"replace": "changed", "insert": "added", "delete": "dropped"}[op]
        found.append(Difference(name, kind, page_text[:200], reader_text[:200]))
    return found


@pytest.mark.slow
def test_every_word_of_every_test_page_is_kept() -> None:
    names = sorted(p.name for p in PAGES.iterdir() if (p / "expected.html").is_file())
    assert len(names) == 130
    found = [d for name in names for d in differences(name)]
    assert found == []


def test_the_comparison_sees_a_lost_and_a_changed_word() -> None:
    """The measure itself works: a page with a word the reader would drop or change."""
    markup = "<p>Fine words here.</p><form>Kept out</form><p>Curly 'quotes' and C++<sup>5</sup></p>"
    ra = read_article(make_article(title="", content=markup, link=PAGE_URL))
    assert page_words(markup) == reader_words(ra) == words("Fine words here. Curly quotes and C++5")
    ra = read_article(make_article(title="", content=markup.replace("here", "there")))
    assert page_words(markup) != reader_words(ra)
