"""The seed story, read from the text file and from the bundled RSS feed, end to end."""

from __future__ import annotations

import calendar
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from rich.console import Console
from rich.theme import Theme

from tests.content.conftest import FEEDS, make_article
from tests.shared import SEED
from tui_reader.content.reading import ReadableArticle, read_article
from tui_reader.content.render import THEME, render_article, render_plain
from tui_reader.engine.models import Article

SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
TITLE = "Foreign Minister Supports ASEAN Efforts to Maintain Regional Stability"
CREDIT_AS_GIVEN = "Photo by TANG CHHIN SOTHY and TANG CHHIN SOTHY / AFP"


def seed_paragraphs() -> list[str]:
    """The seed's paragraphs as given: blank-line separated, title first."""
    return [p.strip() for p in re.split(r"\n\s*\n", SEED_TEXT) if p.strip()]


def from_text_file() -> Article:
    if not SEED_TEXT:
        pytest.skip("seed story not available")
    title, _, body = SEED_TEXT.partition("\n")
    return make_article(title=title.strip(), content=body, content_type="text")


def from_feed() -> Article:
    parsed = feedparser.parse(str(FEEDS / "asean.xml"))
    entry = parsed.entries[0]
    return make_article(
        feed_title=parsed.feed.title,
        title=entry.title,
        link=entry.link,
        authors=[entry.author],
        published=calendar.timegm(entry.published_parsed),
        categories=[t.term for t in entry.tags],
        content=entry.content[0].value,
        content_type="html",
    )


@pytest.fixture(params=["text file", "rss feed"])
def seed(request: pytest.FixtureRequest) -> ReadableArticle:
    return read_article(from_text_file() if request.param == "text file" else from_feed())


def test_the_feed_carries_the_seed_verbatim() -> None:
    if not SEED_TEXT:
        pytest.skip("seed story not available")
    entry = feedparser.parse(str(FEEDS / "asean.xml")).entries[0]
    html = entry.content[0].value
    given = seed_paragraphs()
    assert entry.title == given[0] == TITLE
    for paragraph in given[1:]:
        assert paragraph in html  # split paragraph and "Related Articles" included
    assert "\u00a0\u00a0" in html  # even the stray non-breaking spaces
    assert html.startswith("<figure><figcaption>" + given[1])


def test_speakers_and_scare_quote(seed: ReadableArticle) -> None:
    speech = {q.speaker: q for q in seed.quotes if q.kind == "speech"}
    assert set(speech) == {"the ministry", "a Western diplomat", "the ministers"}
    assert speech["the ministry"].text.startswith("In this context, [the minister] reiterated")
    assert speech["a Western diplomat"].text.endswith("and they don't want that to happen")
    assert speech["the ministers"].text.startswith("We reaffirmed ASEAN unity")
    phrases = [q for q in seed.quotes if q.kind == "phrase"]
    assert [(q.text, q.speaker) for q in phrases] == [("non-political representatives", None)]


def test_metadata(seed: ReadableArticle) -> None:
    meta = seed.metadata
    assert meta.dateline == "PHNOM PENH"
    assert meta.credit == "TANG CHHIN SOTHY / AFP"
    assert meta.caption is not None and meta.caption.endswith("on January 29, 2024.")
    assert meta.acronyms == {"5PC": "five-point consensus"}
    # speech, plus the bloc's own words quoted mid-sentence (“non-political representatives”,
    # a partial quotation: counted, styled as a phrase, no speaker)
    assert meta.quotes == 4
    assert meta.speakers == ["the ministry", "a Western diplomat", "the ministers"]
    # Words as given, minus the title, the caption and the dropped "Related Articles".
    body = seed_paragraphs()[2:-1] if SEED_TEXT else []
    if body:
        words = sum(len(p.split()) for p in body)
        assert meta.words == words
        assert meta.reading_time == f"{max(1, round(words / 230))} min"


def test_cleanups(seed: ReadableArticle) -> None:
    texts = [b.text for b in seed.document.blocks]
    joined = [t for t in texts if "much-needed support to those who have been affected" in t]
    assert len(joined) == 1 and joined[0].endswith("the ministry said.")
    assert not any(t.startswith("to those who") for t in texts)
    assert "Related Articles" not in texts
    assert all(t == t.strip() and "\u00a0" not in t and "  " not in t for t in texts)
    assert seed.document.blocks[0].kind == "caption"


def test_nothing_is_lost(seed: ReadableArticle) -> None:
    if not SEED_TEXT:
        pytest.skip("seed story not available")
    plain = " ".join(render_plain(seed, 80).split())
    for paragraph in seed_paragraphs()[:-1]:  # "Related Articles" is dropped on purpose
        paragraph = paragraph.replace(CREDIT_AS_GIVEN, "")
        for sentence in re.split(r"(?<=[.!?”])\s+", " ".join(paragraph.split())):
            assert sentence in plain, sentence
    assert "Photo: TANG CHHIN SOTHY / AFP" in plain
    assert "TANG CHHIN SOTHY and TANG CHHIN SOTHY" not in plain
    assert "a much-needed support to those who have been affected by the conflict" in plain
    assert "Related Articles" not in plain


def test_plain_rendering_wraps_to_the_measure(seed: ReadableArticle) -> None:
    lines = render_plain(seed, 200, measure=72).splitlines()
    assert max(len(line) for line in lines) <= 72
    assert lines[0] == TITLE


GOLDEN = Path(__file__).parent / "golden"
_AGE = re.compile(r"\(\d+(?:\s|\x1b\[[0-9;]*m)+years?(?:\s|\x1b\[[0-9;]*m)+ago\)")


def _without_age(text: str) -> str:
    """The relative date ("(2 years ago)") moves with the calendar; nothing else may."""
    return _AGE.sub("(AGE)", text)


def test_seed_renders_exactly_as_before() -> None:
    """The golden files are the seed's rendering by the reading layer as it was before
    this round's reader work (commit 870e0ca), plain and styled, at 100 columns."""
    ra = read_article(from_feed())
    plain = render_plain(ra, 100) + "\n"
    console = Console(
        file=io.StringIO(),
        width=100,
        theme=Theme(THEME),
        force_terminal=True,
        color_system="truecolor",
    )
    console.print(render_article(ra, 100, 80))
    styled = console.file.getvalue()  # type: ignore[attr-defined]
    want_plain = (GOLDEN / "seed_plain_100.txt").read_text(encoding="utf-8")
    want_styled = (GOLDEN / "seed_styled_100.ansi").read_text(encoding="utf-8")
    assert _without_age(plain) == _without_age(want_plain)
    assert _without_age(styled) == _without_age(want_styled)


def test_build_and_render_is_fast() -> None:
    article = from_feed()
    console = Console(file=io.StringIO(), width=100, theme=Theme(THEME), force_terminal=True)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        ra = read_article(article)
        console.print(render_article(ra, 100, 80))
        best = min(best, time.perf_counter() - start)
    assert best < 0.020


def test_demo_feeds() -> None:
    """The bundled feeds parse cleanly, are marked as demo, and every article reads well."""
    articles: list[Article] = []
    for name in ("asean.xml", "world.atom"):
        parsed = feedparser.parse(str(FEEDS / name))
        assert not parsed.bozo and parsed.feed.title.endswith(" (demo)")
        articles += [
            make_article(
                title=e.title,
                content=e.content[0].value,
                link=e.link,
                published=calendar.timegm(e.published_parsed),
            )
            for e in parsed.entries
        ]
    tech = json.loads((FEEDS / "tech.json").read_text(encoding="utf-8"))
    assert tech["version"] == "https://jsonfeed.org/version/1.1"
    assert tech["title"].endswith(" (demo)")
    articles += [
        make_article(title=i["title"], content=i["content_html"], link=i["url"])
        for i in tech["items"]
    ]
    assert len(articles) >= 4 + 8
    attachments = [a for i in tech["items"] for a in i.get("attachments", [])]
    assert any(a["mime_type"] == "audio/mpeg" and a["size_in_bytes"] > 0 for a in attachments)
    readable = [read_article(a) for a in articles]
    for ra in readable[1:]:
        assert 80 <= ra.metadata.words <= 250, ra.article.title
    assert sum("Myanmar" in ra.article.content for ra in readable) >= 6
    assert any(ra.document.links for ra in readable)
    assert any(b.kind == "list_item" for ra in readable for b in ra.document.blocks)
    assert any(len(q.pieces) > 1 for ra in readable for q in ra.quotes)  # multi-paragraph


def test_demo_opml_lists_the_three_feeds() -> None:
    root = ET.parse(FEEDS / "demo.opml").getroot()
    body = root.find("body")
    assert body is not None
    (folder,) = list(body)
    assert folder.get("text") == "Demo"
    assert [o.get("xmlUrl") for o in folder] == ["asean.xml", "world.atom", "tech.json"]
    for outline in folder:
        assert (FEEDS / str(outline.get("xmlUrl"))).exists()
