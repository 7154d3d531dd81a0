"""extract_article on pages built here: walls, comment threads and login forms are refused with
their reason, the feed's words pick the article, and what comes out is clean and safe."""

from __future__ import annotations

import re

import pytest

from tests.engine.test_sanitize import UNSAFE
from tui_reader.engine.extract import (
    COMMENTS,
    COOKIE_WALL,
    LOGIN,
    NO_ARTICLE,
    NO_GAIN,
    NOT_HTML,
    PAYWALL,
    Extraction,
    extract_article,
)

URL = "https://news.example.org/2024/05/bridge.html"
STORY = [
    "The town council voted on Tuesday to rebuild the old stone bridge over the river, "
    "ending a dispute that has divided residents for more than a decade.",
    "Engineers say the bridge, built in 1887, can no longer carry delivery lorries, and the "
    "detour adds twenty minutes to every journey between the two halves of the town.",
    "Work will start in September and should take eighteen months, the council said, with a "
    "temporary footbridge kept open for pedestrians and cyclists throughout.",
    "Opponents of the plan, who wanted a new crossing further downstream, said they would "
    "not challenge the decision in court but would watch the budget closely.",
]
TITLE = "Council votes to rebuild the old stone bridge"
SUMMARY = STORY[0]


def page(body: str, head: str = "") -> bytes:
    head = f"<title>{TITLE}</title>{head}"
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()


def article(paragraphs: list[str] = STORY, extra: str = "") -> str:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<article class='story'><h1>{TITLE}</h1>{ps}{extra}</article>"


def test_an_article_page_gives_its_body_without_the_title() -> None:
    result = extract_article(page(article()), URL, title=TITLE, summary=SUMMARY)
    assert result.reason is None and result.html is not None
    for paragraph in STORY:
        assert paragraph in result.html
    assert TITLE not in result.html  # the reader's header shows it
    assert result.text_chars == len(" ".join(STORY))


PAYWALL_PROMPT = (
    "<div class='paywall'><p>Subscribe to continue reading. Already a subscriber? "
    "<a href='/login'>Log in</a></p><button>Subscribe now</button></div>"
)
COOKIE_PROMPT = (
    "<div id='consent'><p>We use cookies to improve your experience. By continuing you "
    "consent to cookies.</p><button>Accept all cookies</button></div>"
)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (article(STORY[:1], PAYWALL_PROMPT), PAYWALL),
        (article(STORY[:1]) + PAYWALL_PROMPT, PAYWALL),
        (COOKIE_PROMPT + "<main><p>Loading…</p></main>", COOKIE_WALL),
        (
            "<form action='/login'><h2>Sign in to your account</h2><p>Use your email address "
            "and password to sign in to read the article.</p><input name='email'>"
            "<input type='password' name='pw'><button>Sign in</button></form>",
            LOGIN,
        ),
    ],
    ids=["paywall-inside", "paywall-beside", "cookie-wall", "login"],
)
def test_walls_are_refused_with_their_reason(body: str, reason: str) -> None:
    result = extract_article(page(body), URL, title=TITLE, summary=SUMMARY)
    assert result == Extraction(None, 0, reason)


def test_a_wall_prompt_inside_a_full_article_is_dropped_not_the_article() -> None:
    long_story = STORY * 2  # over a teaser's length
    result = extract_article(page(article(long_story, PAYWALL_PROMPT)), URL, summary=SUMMARY)
    assert result.html is not None and STORY[3] in result.html
    assert "Subscribe" not in result.html and "subscriber" not in result.html


def comment(n: int) -> str:
    return (
        f"<li class='comment' id='comment-{n}'><div class='comment-author'>reader{n}</div>"
        f"<p>I have lived here for {n + 3} years and I think the council has wasted money on "
        f"studies of this bridge again and again, number {n} of my complaints.</p>"
        f"<a href='#reply-{n}'>Reply</a></li>"
    )


def test_a_comment_thread_is_refused() -> None:
    thread = "<ol class='comments'>" + "".join(comment(n) for n in range(30)) + "</ol>"
    body = f"<p>{TITLE}: what readers say.</p>" + thread
    result = extract_article(page(body), URL, title=TITLE, summary="Readers discuss the plan.")
    assert result == Extraction(None, 0, COMMENTS)


def test_comments_under_an_article_stay_out_of_its_body() -> None:
    thread = "<ol class='comments'>" + "".join(comment(n) for n in range(5)) + "</ol>"
    result = extract_article(page(article() + thread), URL, title=TITLE, summary=SUMMARY)
    assert result.html is not None and STORY[3] in result.html
    assert "reader1" not in result.html and "complaints" not in result.html


def test_the_feed_summary_picks_the_article_over_a_longer_block() -> None:
    # readability's class weights sink the story ("sidebar") and favour the long boilerplate
    junk = "".join(
        f"<p>Our newsroom, founded in {1900 + n}, covers sport, weather, business, culture, "
        f"politics, science, travel, food, and more, every day, in print and online.</p>"
        for n in range(12)
    )
    body = f"<div class='sidebar-story'>{article()}</div><div class='content'>{junk}</div>"
    plain = extract_article(page(body), URL)
    assert plain.html is not None and STORY[2] not in plain.html  # the library alone
    result = extract_article(page(body), URL, title=TITLE, summary=SUMMARY)
    assert result.html is not None and all(p in result.html for p in STORY)
    assert "newsroom" not in result.html


def test_a_page_with_no_more_text_than_the_feed_is_no_gain() -> None:
    summary = " ".join(STORY)
    result = extract_article(page(article()), URL, title=TITLE, summary=f"<p>{summary}</p>")
    assert result == Extraction(None, 0, NO_GAIN)


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", "text/html", NO_ARTICLE),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", None, NO_ARTICLE),
        (b"%PDF-1.7\n...", "text/html", NOT_HTML),
        (page(article()), "application/pdf", NOT_HTML),
        (b"just some words, no markup at all", "text/html", NOT_HTML),
    ],
)
def test_pages_that_are_not_articles(body: bytes, content_type: str | None, reason: str) -> None:
    assert extract_article(body, URL, content_type=content_type).reason == reason


HOSTILE = (
    "<p>Bell\x07 and escape \x1b[31mred\x1b[0m and &#x1b;]52;c;AAAA&#x07; and bidi "
    "\u202etxt.exe and &#x202e;gnp.exe and a bad byte @BAD@ and NUL\x00 end.</p>"
    "<p>Café owners in the naïve town — “finally” — welcomed the decision.</p>"
    "<p><a href='javascript:alert(1)'>js link</a> <a href=' java\tscript:alert(2)'>tab js</a> "
    "<a href='data:text/html,<script>alert(3)</script>'>data</a> <a href='/next\x1b[2J'>next</a> "
    "<a href='//cdn.example.net/x'>proto-relative</a> <a href='ftp://example.com/f'>ftp</a> "
    "<a href='https://example.com/&#x202e;evil'>bidi href</a></p>"
    "<p><img src='data:image/png;base64,AAAA' data-src='/lazy.jpg' alt='a\x1b[1mlazy'>"
    "<img src='javascript:alert(4)'><img src='img/photo.jpg' onerror='alert(5)'></p>"
    "<script>alert(6)</script><style>p{}</style><iframe src='javascript:alert(7)'></iframe>"
    "<object data='x.swf'>obj</object><p onclick='alert(8)' style='color:red'>styled</p>"
)


def test_everything_returned_is_clean_and_links_are_absolute_http() -> None:
    body = article(STORY, HOSTILE)
    raw = page(body).replace(b"@BAD@", b"\xed\xa0\x80\xff")  # a UTF-16 surrogate, and junk
    result = extract_article(raw, URL, title=TITLE, summary=SUMMARY)
    assert result.html is not None
    assert not UNSAFE.search(result.html)
    for bad in ("alert", "javascript", "data:", "<script", "<style", "<iframe", "<object",
                "onclick", "onerror", "style="):  # fmt: skip
        assert bad not in result.html
    urls = re.findall(r'(?:href|src)="([^"]*)"', result.html)
    assert urls and all(re.match(r"https?://[^/?#\s]", u) for u in urls)
    assert any(u.startswith("https://news.example.org/next") for u in urls)
    assert URL not in urls  # javascript: links were not turned into links to the page
    assert "https://cdn.example.net/x" in urls
    assert "https://news.example.org/lazy.jpg" in urls
    assert "https://news.example.org/2024/05/img/photo.jpg" in urls
    assert "Bell and escape red and" in result.html and "end." in result.html
    assert "and a bad byte \ufffd" in result.html  # the rest is still read as UTF-8:
    assert "Café owners in the naïve town — “finally” —" in result.html


def test_only_simple_tags_come_out() -> None:
    body = (
        "<article><div><section><h1>Heading one</h1><h5>Small heading</h5>"
        + "".join(f"<div><span>{p}</span></div>" for p in STORY)
        + "<figure><img src='/a.jpg' alt='A bridge'><figcaption>The bridge</figcaption></figure>"
        "<pre><code>x  =  1\n  y</code></pre><table><tr><th>Year</th><td>1887</td></tr></table>"
        "<blockquote><p>We will watch the budget.</p></blockquote></section></div></article>"
    )
    result = extract_article(page(body), URL)
    assert result.html is not None
    tags = set(re.findall(r"</?([a-z0-9]+)", result.html))
    allowed = "p h2 h3 h4 blockquote ul ol li pre code em strong br table thead tbody tfoot tr"
    allowed += " td th caption figure figcaption img a"
    assert tags <= set(allowed.split()), tags - set(allowed.split())
    assert "<pre><code>x  =  1\n  y</code></pre>" in result.html  # layout kept in pre
    for paragraph in STORY:
        assert f"<p>{paragraph}</p>" in result.html  # loose text in divs became paragraphs
