"""Hostile documents: entity bombs, external entities, parser crashes, regex blow-ups, control
sequences in every field, and the pool's deadline. Each goes through the real parser."""

from __future__ import annotations

import asyncio
import dataclasses
import http.server
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import ParsedFeed
from tui_reader.engine.opml import read_opml
from tui_reader.engine.parse import parse_feed
from tui_reader.engine.parse_pool import ParsePool

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff]")


def strings(value: object) -> Iterator[str]:
    """Every string inside a parsed feed, however deep."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def rss(item: bytes, prolog: bytes = b"", channel: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0"?>' + prolog + b'<rss version="2.0" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        b"<channel><title>T</title>" + channel + b"<item>" + item + b"</item></channel></rss>"
    )


def timed(body: bytes, limit: float) -> ParsedFeed:
    start = time.perf_counter()
    feed = parse_feed(body)
    assert time.perf_counter() - start < limit
    return feed


# -- entity expansion ----------------------------------------------------------------------------

LAUGHS = b'<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
)


@pytest.mark.parametrize("broken", [False, True], ids=["strict", "loose"])
def test_billion_laughs(broken: bool) -> None:
    body = rss(
        b"<title>&lol9;</title><description>&lol9;&lol9;</description>",
        b"<!DOCTYPE rss [" + LAUGHS + b"]>",
    )
    if broken:
        body = body.replace(b"</channel>", b"</channel><unclosed>")  # force the loose parser
    feed = timed(body, 2.0)
    assert all(len(s) < 100 for s in strings(feed))


def test_quadratic_blowup() -> None:
    big = b"x" * 100_000
    body = rss(
        b"<title>&a;</title><description>" + b"&a;" * 10_000 + b"</description>",
        b'<!DOCTYPE rss [<!ENTITY a "' + big + b'">]>',
    )
    feed = timed(body, 2.0)  # 1 GB if it were expanded
    assert all(len(s) < 40_000 for s in strings(feed))


def test_doctype_variants_are_all_removed() -> None:
    for prolog in [
        b"<!DOCTYPE rss [<!ENTITY a 'A'>]><!DOCTYPE rss [<!ENTITY b 'B'>]>",
        b"<!-- c --><?pi x?><!doctype rss [<!ENTITY a 'A'> <!-- ] > --> ]>",
        b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "rss-0.91.dtd">',
        b"<!ENTITY a 'stray declaration'>",
    ]:
        feed = parse_feed(rss(b"<title>&a;</title>", prolog))
        assert feed.articles[0].title in ("&a;", "")


def test_unterminated_doctype_is_refused() -> None:
    with pytest.raises(ParseError, match="DOCTYPE"):
        parse_feed(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x"> <rss/>')


# -- nothing external is ever fetched or read ----------------------------------------------------


class Canary(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Canary.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.end_headers()
        self.wfile.write(b'<!ENTITY canary "CANARY-FETCHED">')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[str]:
    Canary.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def external_documents(base: str) -> list[bytes]:
    url = base.encode()
    return [
        rss(b"<title>&x;</title>", b'<!DOCTYPE rss [<!ENTITY x SYSTEM "' + url + b'/entity">]>'),
        rss(b"<title>&canary;</title>", b'<!DOCTYPE rss SYSTEM "' + url + b'/dtd">'),
        rss(b"<title>&canary;</title>", b'<!DOCTYPE rss PUBLIC "-//X//Y" "' + url + b'/public">'),
        rss(
            b"<title>&canary;</title>",
            b'<!DOCTYPE rss [<!ENTITY % p SYSTEM "' + url + b'/pe"> %p;]>',
        ),
        rss(b"<title>t</title>", b'<?xml-stylesheet type="text/xsl" href="' + url + b'/xsl"?>'),
        rss(
            b'<title>t</title><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="'
            + url
            + b'/xinclude"/>'
        ),
    ]


def test_no_external_entity_or_dtd_is_fetched(canary: str) -> None:
    for body in external_documents(canary):
        for variant in (body, body.replace(b"</rss>", b"</rss><junk>")):  # strict and loose
            feed = parse_feed(variant, canary + "/feed.xml")
            assert not any("CANARY" in s for s in strings(feed))
    assert Canary.hits == []


def test_opml_fetches_nothing_either(canary: str) -> None:
    url = canary.encode()
    for prolog in (
        b'<!DOCTYPE opml [<!ENTITY x SYSTEM "' + url + b'/o-entity">]>',
        b'<!DOCTYPE opml SYSTEM "' + url + b'/o-dtd">',
        b'<!DOCTYPE opml [<!ENTITY % p SYSTEM "' + url + b'/o-pe"> %p;]>',
    ):
        data = (
            b'<?xml version="1.0"?>'
            + prolog
            + b'<opml><body><outline text="&x;" xmlUrl="http://f/"/></body></opml>'
        )
        feeds = read_opml(data)
        assert feeds and "CANARY" not in feeds[0].title
    assert Canary.hits == []


def test_local_files_are_never_read() -> None:
    for prolog in (
        b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE rss [<!ENTITY x SYSTEM "/etc/passwd">]>',
        b'<!DOCTYPE rss SYSTEM "file:///etc/passwd">',
    ):
        feed = parse_feed(rss(b"<title>&x;</title><description>&x;</description>", prolog))
        assert not any("root:" in s for s in strings(feed))
    for body in (b"/etc/passwd", b"file:///etc/passwd"):  # feedparser would open these as paths
        with pytest.raises(ParseError):
            parse_feed(body)


# -- inputs that crash or stall feedparser ---------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        b"&#xD800;",
        b"&#55296;",
        b"&#x110000;",
        b"&#99999999999999999999;",
        b"&#x" + b"f" * 5000 + b";",
        b"&#0;",
        b"&#x1b;",
    ],
    ids=["surrogate", "surrogate-dec", "beyond-unicode", "huge-dec", "5000-digits", "nul", "esc"],
)
def test_bad_character_references_do_not_raise(ref: bytes) -> None:
    feed = parse_feed(rss(b"<title>a" + ref + b"b</title><description>" + ref + b"</description>"))
    (item,) = feed.articles
    assert item.title.startswith("a") and item.title.endswith("b")
    assert not any(UNSAFE.search(s) for s in strings(feed))


@pytest.mark.parametrize(
    "author",
    [
        b"<author>" + b"a" * 1_000_000 + b"</author>",
        b"<author>a@" + b"a." * 500_000 + b"!</author>",  # upstream's worst case (issue 562)
        b"<dc:creator>" + b"x" * 1_000_000 + b"</dc:creator>",
        b"<itunes:author>" + b"b" * 1_000_000 + b"</itunes:author>",
        b"<author>" + b"&#97;" * 200_000 + b"</author>",  # a run hidden behind references
        b"<author>" + (b"c" * 5_000 + b"<x/>") * 200 + b"</author>",  # split by child elements
    ],
    ids=["author", "dotted", "dc-creator", "itunes", "charrefs", "children"],
)
def test_megabyte_author_parses_fast(author: bytes) -> None:
    feed = timed(rss(b"<title>t</title>" + author), 1.0)
    assert all(len(a) <= 2048 for a in feed.articles[0].authors)


def test_megabyte_channel_webmaster_parses_fast() -> None:
    feed = timed(
        rss(b"<title>t</title>", channel=b"<webMaster>" + b"w" * 1_000_000 + b"</webMaster>"), 1.0
    )
    assert feed.title == "T"


def test_oversized_title_is_capped() -> None:
    feed = parse_feed(
        rss(b"<title>" + b"T" * 1_000_000 + b"</title><category>" + b"c" * 100_000 + b"</category>")
    )
    (item,) = feed.articles
    assert len(item.title) == 2048 and item.title.endswith("…")
    assert len(item.categories[0]) == 2048


@pytest.mark.parametrize("form", ["escaped", "cdata", "xhtml"])
def test_deeply_nested_html_content(form: str) -> None:
    depth = 100_000
    if form == "xhtml":
        body = (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id><title>e</title>'
            b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
            + b"<div>" * depth
            + b"x"
            + b"</div>" * depth
            + b"</div></content></entry></feed>"
        )
    elif form == "cdata":
        body = rss(
            b"<description><![CDATA["
            + b"<div>" * depth
            + b"x"
            + b"</div>" * depth
            + b"]]></description>"
        )
    else:
        body = rss(
            b"<description>"
            + b"&lt;div&gt;" * depth
            + b"x"
            + b"&lt;/div&gt;" * depth
            + b"</description>"
        )
    (item,) = timed(body, 5.0).articles
    assert "x" in (item.content or item.summary)


def test_entry_count_is_capped() -> None:
    body = rss(b"<title>0</title>" + b"</item><item><title>n</title>" * 10_050)
    assert len(timed(body, 5.0).articles) == 10_000


# -- control sequences and markup in every field -------------------------------------------------

ESC = (
    "\x1b[31mR\x1b[0m\x1b]0;title\x07\x1b]8;;http://evil\x1b\\L\x1b]8;;\x1b\\\x1b]52;c;ZXZpbA==\x07"
)
BIDI = "\u202e\u2066\u202d"  # an RLM would stay (tests/content/test_rtl.py)
MARKUP = "[bold]b[/] [/] [@click=app.quit]q[/] $accent [link=http://evil]l[/link]"
DIRTY = ESC + BIDI + MARKUP


def dirty_documents() -> dict[str, bytes]:
    # Raw ESC is not allowed in XML 1.0, so these also go the loose-parser way; C1 and
    # bidi characters are legal XML and come through the strict parser.
    x = DIRTY.encode()
    c1 = "\u009b31m\u009d0;t\u009c\u0085".encode()
    rss_doc = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:media="http://search.yahoo.com/mrss/"><channel><title>' + x + c1 + b"</title>"
        b"<link>https://site.example/" + x + b"</link><item><title>" + x + b"</title>"
        b"<link>https://a.example/" + c1 + b"</link><guid>" + x + b"</guid>"
        b"<author>" + x + b"</author><dc:creator>" + c1 + x + b"</dc:creator>"
        b"<category>" + x + b"</category><description>" + x + c1 + b"</description>"
        b'<enclosure url="https://e.example/' + c1 + b'" type="' + x + b'" length="1"/>'
        b'<media:content url="https://m.example/' + x + b'"/></item></channel></rss>'
    )
    atom_doc = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>' + c1 + b"</title><entry>"
        b"<id>" + c1 + b"</id><title>" + c1 + MARKUP.encode() + b"</title>"
        b"<author><name>" + c1 + b"</name><email>" + c1 + b"</email></author>"
        b'<category term="' + c1 + b'"/><summary>' + c1 + b"</summary>"
        b'<content type="html">' + c1 + b"&amp;#27;[31m</content></entry></feed>"
    )
    return {
        "rss-loose": rss_doc,
        "atom-strict": atom_doc,
        "rss-charrefs": rss_doc.replace(b"\x1b", b"&#27;"),
    }


@pytest.mark.parametrize("name", ["rss-loose", "atom-strict", "rss-charrefs"])
def test_no_control_character_survives_any_field(name: str) -> None:
    feed = parse_feed(dirty_documents()[name], "https://feed.example/rss")
    found = list(strings(feed))
    assert len(found) > 8
    assert not [s for s in found if UNSAFE.search(s)]
    assert any("[bold]b[/]" in s for s in found)  # markup is data: kept as literal text
    if name == "rss-loose":
        (item,) = feed.articles
        assert item.title == "RL" + MARKUP and item.authors[0] == "RL" + MARKUP


# -- the pool: deadline and recovery -------------------------------------------------------------


def slow_document(items: int = 4_000) -> bytes:
    item = (
        b"<item><title>t</title><description>"
        + b"&lt;p&gt;text&lt;/p&gt; " * 20
        + b"</description></item>"
    )
    return rss(b"<title>first</title>" + b"</item>" + item * items + b"<item><title>last</title>")


async def test_pool_deadline_then_pool_still_works() -> None:
    small = rss(b"<title>small</title>")
    async with ParsePool(max_workers=2) as pool:
        assert (await pool.parse(small, "", None)).articles[0].title == "small"
        with pytest.raises(ParseError, match=r"^parse took too long \(over 0.05 s\); skipped$"):
            await pool.parse(slow_document(), "", None, timeout=0.05)
        assert (await pool.parse(small, "", None)).articles[0].title == "small"
        # neighbours in flight when the slow one's workers are killed are retried, not failed
        jobs = [pool.parse(slow_document(), "", None, timeout=0.05)]
        jobs += [pool.parse(small, "", None, timeout=10) for _ in range(6)]
        results = await asyncio.gather(*jobs, return_exceptions=True)
        assert isinstance(results[0], ParseError)
        assert all(isinstance(r, ParsedFeed) for r in results[1:])
        with pytest.raises(ParseError, match="not a feed: got an HTML page"):
            await pool.parse(b"<html><body>hi</body></html>", "", "text/html")


def test_pool_sync_and_crash() -> None:
    with ParsePool(max_workers=1) as pool:
        assert pool.parse_sync(rss(b"<title>s</title>"), "", None).articles[0].title == "s"
        with pytest.raises(ParseError, match="too long"):
            pool.parse_sync(slow_document(), "", None, timeout=0.05)
        assert pool.parse_sync(rss(b"<title>again</title>"), "", None).articles[0].title == "again"


def test_pool_worker_killed_mid_parse_is_a_parse_error_and_the_pool_recovers() -> None:
    # What the OOM killer (or the address-space limit) does to a worker, done for real.
    def kill_workers() -> None:
        for child in multiprocessing.active_children():
            if child.pid:
                os.kill(child.pid, signal.SIGKILL)

    with ParsePool(max_workers=1) as pool:
        pool.parse_sync(rss(b"<title>warm</title>"), "", None)  # worker started
        timer = threading.Timer(0.1, kill_workers)
        timer.start()
        with pytest.raises(ParseError, match=r"crashed"):
            pool.parse_sync(slow_document(20_000), "", None, timeout=30)
        timer.join()
        assert pool.parse_sync(rss(b"<title>after</title>"), "", None).articles[0].title == "after"


ORPHAN_SCRIPT = """
import multiprocessing, os, signal, sys
from tui_reader.engine.parse_pool import ParsePool
pool = ParsePool(max_workers=2)
pool.parse_sync(b'<rss version="2.0"><channel><title>t</title></channel></rss>', "", None)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the app dies without any cleanup
"""


def test_workers_of_a_killed_app_exit_on_their_own() -> None:
    app = subprocess.Popen([sys.executable, "-c", ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        pids = [int(p) for p in app.stdout.readline().split()]
        assert app.wait(timeout=30) == -signal.SIGKILL and pids
        deadline = time.monotonic() + 10
        while any(_running(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(p) for p in pids)
    finally:
        app.kill()
        if app.stdout:
            app.stdout.close()


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:  # a zombie is as good as gone
            return stat.read().rsplit(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False
