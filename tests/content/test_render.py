"""Rendering: styles by name, link numbers, measure, plain text, JSON, and safety."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.theme import Theme

from tui_reader.content.reading import read_article
from tui_reader.content.render import (
    THEME,
    article_to_json,
    render_article,
    render_body,
    render_header,
    render_plain,
)
from tui_reader.engine.models import Article, Enclosure

NOW = 1_706_600_000 + 3 * 86400
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BODY = (
    "<p>VIENTIANE – Laos took the chair. He said: “Our task is to keep every door open.”</p>"
    "<p>The plan was called a \"new start\" by <a href='/analysis'>our analysts</a>; see "
    "<a href='https://evil.example/x'>www.un.org</a>.</p>"
    "<ul><li>first point that is long enough to wrap around the narrow measure we use</li>"
    "<li>second</li></ul><blockquote><p>A quoted passage that is long enough to wrap over "
    "more than one line at forty columns.</p></blockquote>"
    "<table><tr><th>Year</th><th>Chair</th></tr><tr><td>2024</td><td>Laos</td></tr></table>"
    "<pre>  indented(code)\n    more</pre>"
)


def console(width: int = 100, theme: bool = True) -> Console:
    return Console(
        record=True,
        width=width,
        file=io.StringIO(),
        theme=Theme(THEME) if theme else None,
        color_system="truecolor",
        force_terminal=True,
    )


def segments(c: Console, renderable: object) -> list[Segment]:
    return list(c.render(renderable, c.options))  # type: ignore[arg-type]


def demo(article: Callable[..., Article]) -> Article:
    return article(
        title="Laos opens its chair year",
        feed_title="Demo desk",
        authors=["Ann Lee"],
        published=1_706_600_000,
        categories=["ASEAN"],
        link="https://example.com/news/laos",
        content=BODY,
    )


def test_header_is_compact_and_has_no_none(article: Callable[..., Article]) -> None:
    ra = read_article(demo(article))
    header = render_header(ra, now=NOW).plain.split("\n")
    assert header[0] == "Laos opens its chair year"
    assert header[1].startswith("Demo desk · By Ann Lee · ")
    assert header[1].endswith("(3 days ago)")
    # speech only ("new start" is a phrase); "He" names nobody, so no speaker is listed
    assert "VIENTIANE" in header[2] and header[2].endswith("1 quote")
    bare = read_article(article(title="", feed_title="", link=None, content="<p>x</p>"))
    assert "None" not in render_header(bare).plain


def test_body_styles_links_and_measure(article: Callable[..., Article]) -> None:
    ra = read_article(demo(article))
    c = console(width=120)
    c.print(render_body(ra, 120, measure=40))
    out = c.export_text()
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 40  # the measure, not the pane
    flat = " ".join(out.split())
    assert "our analysts[1]" in flat
    assert "www.un.org[2 → evil.example]" in flat
    assert "“new start”" in flat  # straight quotes shown curly
    assert "• first point" in out and "  wrap" in out  # hanging indent under the bullet
    quote_lines = [line for line in lines if "quoted passage" in line or "at forty" in line]
    assert quote_lines and all(line.startswith("▌ ") for line in quote_lines)
    assert "Links" in out and "[1] https://example.com/analysis" in out
    assert "\n    indented(code)\n      more" in out
    assert "(text shows another site: goes to evil.example)" in flat


def test_named_styles_resolve_and_mean_something(article: Callable[..., Article]) -> None:
    ra = read_article(demo(article))
    c = console()
    segs = segments(c, render_article(ra, 100, now=NOW))

    def style_of(fragment: str) -> Style:
        found = [s.style for s in segs if fragment in s.text and s.style is not None]
        exact = [s.style for s in segs if fragment == s.text.strip() and s.style is not None]
        return (exact or found)[0]

    assert style_of("Our task").italic  # speech
    assert style_of("He").bold  # its speaker
    assert style_of("new start").italic  # a phrase
    assert style_of("our analysts").underline
    assert style_of("VIENTIANE").bold  # dateline
    assert style_of("Laos opens its chair year").bold  # title
    used = _style_names(render_article(ra, 100, now=NOW))
    assert {"reader.quote", "reader.speaker", "reader.phrase", "reader.link"} <= used
    assert used <= set(THEME) | {"none"}
    Theme(THEME)  # every value parses


def _style_names(renderable: object) -> set[str]:
    """Every style name in a tree of Groups, Constrains, prefixed blocks, Tables and Texts."""
    if isinstance(renderable, Text):
        return {str(renderable.style)} | {str(span.style) for span in renderable.spans} - {""}
    names = {str(getattr(renderable, "style", "") or "")} - {""}
    for child in (
        list(getattr(renderable, "renderables", []))
        + [getattr(renderable, name, None) for name in ("renderable", "body")]
        + [cell for column in getattr(renderable, "columns", []) for cell in column._cells]
        + [column.header for column in getattr(renderable, "columns", [])]
    ):
        if child is not None:
            names |= _style_names(child)
    return names - {""}


def test_renders_without_the_theme(article: Callable[..., Article]) -> None:
    c = console(theme=False)
    c.print(render_article(read_article(demo(article)), 80))
    assert "Our task is to keep every door open" in " ".join(c.export_text().split())


def test_plain_text(article: Callable[..., Article]) -> None:
    out = render_plain(read_article(demo(article)), 60, now=NOW)
    lines = out.splitlines()
    assert max(len(line) for line in lines if not line.startswith("    [")) <= 60
    assert lines[0] == "Laos opens its chair year"
    assert "He said: “Our task is to keep every door open.”" in " ".join(out.split())
    assert "• first point" in out and "> A quoted passage" in out
    assert "Year | Chair" in out and "2024 | Laos" in out
    assert "      indented(code)\n        more" in out  # four-space pre indent + its own
    assert " ".join(out.split()).endswith("(text shows another site: goes to evil.example)")
    assert "[1] https://example.com/analysis  our analysts" in out


def test_json(article: Callable[..., Article]) -> None:
    enclosure = Enclosure("https://example.com/a.mp3", "audio/mpeg", 2_000_000)
    ra = read_article(article(title="T", content=BODY, enclosures=[enclosure]))
    data = json.loads(json.dumps(article_to_json(ra, now=NOW)))
    assert data["quotes"] == [
        {"text": "Our task is to keep every door open.", "speaker": "He", "kind": "speech"},
        {"text": "new start", "speaker": None, "kind": "phrase"},
    ]
    assert data["links"] == [
        {
            "number": 1,
            "url": "https://example.com/analysis",
            "text": "our analysts",
            "openable": True,
        },
        {
            "number": 2,
            "url": "https://evil.example/x",
            "text": "www.un.org",
            "openable": True,
            "real_host": "evil.example",
        },
    ]
    assert data["enclosures"][0]["size"] == "2.0 MB"
    assert "published" not in data and "authors" not in data
    assert data["text"].startswith("VIENTIANE – Laos took the chair.")


NASTY = [
    "[bold]x[/]",
    "[/]",
    "[@click=app.quit]y[/]",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b[31m",
    "\x9b",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\u202egnp.exe",
]
LITERAL = ["[bold]x[/]", "[/]", "[@click=app.quit]y[/]"]


def nasty_article(article: Callable[..., Article], content_type: str) -> Article:
    joined = " ".join(NASTY)
    body = (
        f"<p>{joined}</p><p>“{joined},” said {joined}.</p><a href='https://x.org/\x1b[31m'>"
        f"{joined}</a><img alt='{joined}'><table><tr><td>{joined}</td><td>b</td></tr></table>"
        if content_type == "html"
        else f"{joined}\n\n“{joined},” said {joined}.\n\nhttps://x.org/{joined}"
    )
    return article(
        title=joined,
        feed_title=joined,
        authors=[joined],
        categories=[joined],
        link=f"https://example.com/{joined}",
        published=1_706_600_000,
        content=body,
        content_type=content_type,
        enclosures=[Enclosure(f"https://example.com/{joined}.mp3", joined, 10)],
    )


@pytest.mark.parametrize("content_type", ["html", "text"])
def test_rendering_is_safe(stored: Callable[..., Article], content_type: str) -> None:
    ra = read_article(nasty_article(stored, content_type))
    c = console(width=80)
    renderable = render_article(ra, 80, now=NOW)
    for seg in segments(c, renderable):
        assert not CONTROL.search(seg.text), repr(seg.text)
        if seg.style is not None:
            assert seg.style.link is None and not seg.style.meta, seg
    c.print(renderable)
    shown = c.export_text()
    assert not CONTROL.search(shown)
    title_line = shown.splitlines()[0]
    for literal in LITERAL:
        assert literal in title_line
    flat = "".join(shown.split())
    assert flat.count("[@click=app.quit]y[/]") >= 4  # title, source, body, speaker …
    plain = render_plain(ra, 80, now=NOW)
    assert not CONTROL.search(plain) and "[@click=app.quit]y[/]" in plain
    data = json.dumps(article_to_json(ra, now=NOW), ensure_ascii=False)
    assert not CONTROL.search(json.loads(data)["title"])
    assert not CONTROL.search(json.loads(data)["text"])


# "Set the window title to x", and a right-to-left override that makes "exe.gnp" of "png.exe".
ENTITY_ESC = "&#27;]2;x&#7;&#x202e;&#x2067;"  # an RLM would stay: test_rtl.py


def test_entities_that_decode_to_controls_are_cleaned_where_decoded(
    stored: Callable[..., Article],
) -> None:
    # The parser stores the body as HTML, entities and all: they are decoded, and so become
    # control characters, only in the content layer, which must clean them there. (Python's
    # decoder already drops C0/C1 references such as &#27;; the bidi ones it keeps.)
    e = ENTITY_ESC
    body = (
        f"<h2>Head {e}line</h2><p>before {e} after &#x1b;[31mred&#x9b;2J and "
        f"<a href='/x{e}'>a link {e}</a>.</p><ul><li>item {e}</li></ul>"
        f"<blockquote>“Quoted {e} words,” she said.</blockquote><pre>  code {e}</pre>"
        f"<table><tr><th>A{e}</th><th>B</th></tr><tr><td>1 {e}</td><td>2</td></tr></table>"
        f"<img src='/p{e}.png' alt='alt {e}'><iframe src='https://v.example/{e}' title='t {e}'>"
        f"</iframe><figure><figcaption>Caption {e}. Photo: A {e} / AFP</figcaption></figure>"
    )
    ra = read_article(stored(content=body))
    assert ENTITY_ESC in ra.article.content  # stored as given: decoding happens later
    c = console(width=60)
    renderable = render_article(ra, 60, now=NOW)
    for seg in segments(c, renderable):
        assert not CONTROL.search(seg.text), repr(seg.text)
    plain = render_plain(ra, 60, now=NOW)
    assert not CONTROL.search(plain), plain
    assert "before ]2;x after [31mred›2J and a link ]2;x[1]." in " ".join(plain.split())
    data = json.dumps(article_to_json(ra, now=NOW))
    assert not CONTROL.search(json.loads(data)["text"])
    assert not any(CONTROL.search(k.url + k.text) for k in ra.document.links)


def test_header_text_objects_hold_no_markup(stored: Callable[..., Article]) -> None:
    ra = read_article(nasty_article(stored, "html"))
    header = render_header(ra, now=NOW)
    assert isinstance(header, Text)
    assert "[bold]x[/]" in header.plain
    assert all(not str(span.style).startswith("@") for span in header.spans)


FRAGMENTS = [
    "<p>", "</p>", "<b>", "</b>", "<a href='/x'>", "<a href='javascript:x'>", "</a>", "<ul>",
    "<li>", "</ul>", "<table>", "<tr>", "<td>", "<th>", "</td>", "</table>", "<blockquote>",
    "</blockquote>", "<pre>", "</pre>", "<br>", "<hr>", "<img alt='x'>", "<h2>", "</h2>",
    "<figure>", "<figcaption>", "</figcaption>", "<script>", "</script>", "<!--", "-->", "“",
    "”", '"', "'", "‘", "’", " said ", " he ", "Smith", ",", ".", ":", " ", "\n\n", "\xa0",
    "(ABC)", " According to ", "PHNOM PENH – ", "Photo by A and A / AFP", "\x1b[31m", "\x9b",
    "[bold]", "&amp;", "&#x1b;", "word ", "<video>", "</video>",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_random_tag_soup_never_breaks(stored: Callable[..., Article], seed: int) -> None:
    import random

    rng = random.Random(seed)
    c = console(width=60)
    for _ in range(100):
        body = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 120)))
        ra = read_article(stored(content=body, content_type=rng.choice(["html", "text"])))
        c.print(render_article(ra, rng.randint(10, 120), rng.randint(20, 100)))
        assert not CONTROL.search(render_plain(ra, rng.randint(10, 120)))
        json.dumps(article_to_json(ra))
        for q in ra.quotes:
            for p in q.pieces:
                assert 0 <= p.start < p.end <= len(ra.document.blocks[p.block].text)
        for b in ra.document.blocks:
            assert all(0 <= s.start <= s.end <= len(b.text) for s in b.spans)
    assert not CONTROL.search(c.export_text())
