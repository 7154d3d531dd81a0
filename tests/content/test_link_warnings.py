"""The "text shows another site" warning: true for a disguised link, never for a subdomain of
the named site or for a file name that looks like a host."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui_reader.content.links import site
from tui_reader.content.plain import render_plain
from tui_reader.content.reading import read_article
from tui_reader.engine.models import Article

WARNING = "text shows another site"


@pytest.mark.parametrize(
    ("source", "html"),
    [
        # readability-test-pages/001/expected.html: a library named like a file
        ("001", '<p>Use <a href="http://blanketjs.org/">Blanket.js</a> for coverage.</p>'),
        # readability-test-pages/bug-1255978/expected.html: an image whose alt is its file
        (
            "bug-1255978",
            '<p><img src="https://static.independent.co.uk/s3fs-public/styles/story_medium/'
            'public/thumbnails/image/2014/03/18/10/bandb2.jpg" alt="bandb2.jpg" '
            'title="bandb2.jpg" width="564" height="423" /></p>',
        ),
        ("subdomain", '<p>See <a href="https://cooking.nytimes.com/recipes">nytimes.com</a>.</p>'),
        ("country domain", '<p><a href="https://www.bbc.co.uk/news">news.bbc.co.uk</a></p>'),
        ("download", '<p>Get <a href="https://cdn.example.org/f/77">setup.exe</a> here.</p>'),
    ],
)
def test_no_false_warning(source: str, html: str, article: Callable[..., Article]) -> None:
    plain = render_plain(read_article(article(content=html)), 100)
    assert WARNING not in plain and "→" not in plain


@pytest.mark.parametrize(
    ("text", "href", "real"),
    [
        ("www.paypal.com", "https://evil.example/login", "evil.example"),
        ("paypal.com", "https://paypal.com.evil.example/", "paypal.com.evil.example"),
        ("alice.github.io", "https://mallory.github.io/", "mallory.github.io"),
        ("bbc.co.uk", "https://bbc.co.uk.example.com/", "bbc.co.uk.example.com"),
        ("https://setup.exe/", "https://evil.example/", "evil.example"),
    ],
)
def test_disguised_links_still_warn(
    text: str, href: str, real: str, article: Callable[..., Article]
) -> None:
    ra = read_article(article(content=f'<p>Log in at <a href="{href}">{text}</a> now.</p>'))
    (link,) = ra.document.links
    assert link.real_host == real
    assert f"[1 → {real}]" in render_plain(ra, 100)


def test_site_is_the_registrable_domain() -> None:
    assert site("cooking.nytimes.com") == "nytimes.com"
    assert site("news.bbc.co.uk") == "bbc.co.uk"
    assert site("www3.nhk.or.jp") == "nhk.or.jp"
    assert site("alice.github.io") == "alice.github.io"
    assert site("x.s3.amazonaws.com") == "x.s3.amazonaws.com"
