"""Hostile pages through the extraction pool: each costs one bounded, clear failure (or a clean
body), and the pool goes on working after a page was killed for its deadline or memory."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator

import pytest

from tests.engine.test_extract import STORY, SUMMARY, TITLE, URL, article, page
from tests.engine.test_sanitize import UNSAFE
from tui_reader.engine.extract import NO_ARTICLE, NOT_HTML, REFRESH, TOO_LARGE, extract_article
from tui_reader.engine.extract_pool import (
    CRASHED,
    OUT_OF_MEMORY,
    ExtractPool,
    PageRequest,
    too_slow,
)


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractPool]:
    with ExtractPool(max_workers=2) as shared:
        yield shared


def request(body: bytes, content_type: str | None = "text/html") -> PageRequest:
    return PageRequest(body, URL, content_type, title=TITLE, summary=SUMMARY)


def test_a_50_mb_page_is_refused_before_it_is_copied(pool: ExtractPool) -> None:
    huge = page(article()) + b"<p>" + b"x" * 50_000_000
    started = time.monotonic()
    result = pool.extract_sync(request(huge))
    assert result.html is None and result.reason and result.reason.startswith(TOO_LARGE)
    assert time.monotonic() - started < 1.0  # not sent to a worker, not parsed
    assert extract_article(huge, URL).reason == result.reason


def test_100k_nested_divs_cost_a_bounded_failure(pool: ExtractPool) -> None:
    nested = "<div>" * 100_000 + "".join(f"<p>{p}</p>" for p in STORY) + "</div>" * 100_000
    result = pool.extract_sync(request(page(nested)), timeout=15)
    assert result.reason == NO_ARTICLE  # libxml2 stops at 255 levels; the text is beyond


def test_an_article_before_100k_nested_divs_still_comes_out(pool: ExtractPool) -> None:
    body = article() + "<div>" * 100_000 + "deep" + "</div>" * 100_000
    result = pool.extract_sync(request(page(body)), timeout=15)
    assert result.html is not None and STORY[3] in result.html


def test_a_page_of_scripts_has_no_article(pool: ExtractPool) -> None:
    scripts = "".join(
        f"<script>var s{n} = '{'x' * 200}'; alert({n});</script>" for n in range(5000)
    )
    assert pool.extract_sync(request(page(scripts))).reason == NO_ARTICLE
    mixed = article(STORY, scripts[:20_000])
    result = pool.extract_sync(request(page(mixed)))
    assert result.html is not None and "alert" not in result.html and "var s1" not in result.html


@pytest.mark.parametrize(
    "body",
    [
        random.Random(11).randbytes(200_000),
        b"\x89PNG\r\n\x1a\n" + random.Random(12).randbytes(50_000),
        b"\x1f\x8b\x08\x00" + random.Random(13).randbytes(50_000),
    ],
    ids=["random", "png", "gzip"],
)
def test_binary_served_as_html_is_not_html(pool: ExtractPool, body: bytes) -> None:
    assert pool.extract_sync(request(body, "text/html; charset=utf-8")).reason == NOT_HTML


FRENCH = "Le café du pont a rouvert : les habitués saluent la décision, « enfin », dit-on."


@pytest.mark.parametrize(
    ("encoding", "content_type", "meta"),
    [
        ("latin-1", "text/html; charset=utf-8", ""),  # header lies: the bytes are latin-1
        ("utf-8", "text/html; charset=iso-8859-1", ""),  # servers' default label over UTF-8
        ("utf-8", "text/html; charset=x-no-such-charset", ""),
        ("cp1252", "text/html", '<meta charset="windows-1252">'),
        ("utf-8", "text/html", '<meta charset="utf-16">'),  # an ASCII page cannot be UTF-16
        ("utf-16", "text/html", ""),  # found by its byte-order mark
    ],
    ids=["latin1-as-utf8", "utf8-as-latin1", "unknown-label", "meta-cp1252", "meta-utf16", "bom"],
)
def test_wrong_and_odd_charsets_still_read_right(
    pool: ExtractPool, encoding: str, content_type: str, meta: str
) -> None:
    html = page(article([*STORY, FRENCH]), meta).decode()
    result = pool.extract_sync(request(html.encode(encoding), content_type))
    assert result.html is not None and FRENCH in result.html


def test_a_meta_refresh_is_reported_not_followed(pool: ExtractPool) -> None:
    head = '<meta http-equiv="Refresh" content="0; URL=https://elsewhere.example.com/">'
    body = page("<p>Redirecting… <a href='https://elsewhere.example.com/'>click</a></p>", head)
    assert pool.extract_sync(request(body)).reason == REFRESH


def slow_page() -> bytes:
    """4.4 MB of many small scored blocks: several seconds of readability's Python code."""
    block = "<div class=c><p>" + "word, " * 30 + "</p><span>a</span></div>"
    return page(block * 20_000)


async def test_a_page_over_its_deadline_is_one_failure_and_the_pool_goes_on() -> None:
    async with ExtractPool(max_workers=2) as pool:
        good = request(page(article()))
        slow, fine = await asyncio.gather(
            pool.extract(request(slow_page()), timeout=0.5), pool.extract(good, timeout=30)
        )
        assert slow.html is None and slow.reason == too_slow(0.5)
        assert fine.html is not None  # another page's kill cost it a retry, not a failure
        after = await pool.extract(good, timeout=30)
        assert after.html is not None and STORY[3] in after.html


def test_a_page_over_the_memory_cap_is_one_failure_and_the_pool_goes_on() -> None:
    with ExtractPool(max_workers=1, memory_limit=150_000_000) as pool:
        result = pool.extract_sync(request(slow_page()), timeout=60)
        assert result.html is None
        assert result.reason in (CRASHED, OUT_OF_MEMORY)
        after = pool.extract_sync(request(page(article())), timeout=30)
        assert after.html is not None


def test_failures_are_one_clean_line(pool: ExtractPool) -> None:
    for body in (b"", b"\x00" * 1000, page("<p>\x1b[31m</p>")):
        result = pool.extract_sync(request(body))
        assert result.reason and "\n" not in result.reason and not UNSAFE.search(result.reason)
