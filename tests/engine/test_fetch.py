"""fetch_feed against a real local HTTP server: every failure is one short line, never a raise."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import time
import tracemalloc
from collections.abc import AsyncIterator
from email.utils import formatdate
from pathlib import Path

import httpx
import pytest

from tests.feedserver import RSS, FeedServer
from tui_reader.engine.fetch import FetchLimits, fetch_feed, is_local, local_path, make_client

LIMITS = FetchLimits(timeout=1.5, connect_timeout=1.0, max_bytes=2_000_000)
LM = "Mon, 01 Jan 2024 10:00:00 GMT"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(LIMITS) as c:
        yield c


async def fetch(client: httpx.AsyncClient, url: str, **kw: str):
    return await fetch_feed(client, url, limits=LIMITS, **kw)


# -- success and conditional GET ---------------------------------------------------------------


async def test_ok_stores_validators_and_sends_our_headers(client, feed_server: FeedServer):
    feed_server.add("/feed.xml", etag='"v1"', last_modified=LM)
    r = await fetch(client, feed_server.url("/feed.xml"))
    assert (r.status, r.body, r.error) == (200, RSS, None)
    assert (r.etag, r.last_modified) == ('"v1"', LM)
    assert r.content_type == "application/rss+xml; charset=utf-8"
    assert not r.not_modified and r.new_url is None
    sent = feed_server.requests[0].headers
    assert sent["user-agent"].startswith("tui-reader/")
    assert "br" in sent["accept-encoding"] and "gzip" in sent["accept-encoding"]
    assert "application/atom+xml" in sent["accept"]
    assert "if-none-match" not in sent


async def test_second_fetch_with_etag_is_not_modified(client, feed_server):
    feed_server.add("/feed.xml", etag='"v1"', last_modified=LM)
    first = await fetch(client, feed_server.url("/feed.xml"))
    again = await fetch(
        client, feed_server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified
    )
    assert again.not_modified and again.body is None and again.error is None
    assert (again.status, again.etag, again.last_modified) == (304, '"v1"', LM)
    sent = feed_server.requests[1].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', LM)


async def test_last_modified_alone_gives_not_modified(client, feed_server):
    feed_server.add("/feed.xml", last_modified=LM)
    r = await fetch(client, feed_server.url("/feed.xml"), last_modified=LM)
    assert r.not_modified and r.last_modified == LM
    assert feed_server.requests[0].headers["if-modified-since"] == LM


async def test_changed_etag_gets_the_new_body(client, feed_server):
    feed_server.add("/feed.xml", b"<rss>v2</rss>", etag='"v2"')
    r = await fetch(client, feed_server.url("/feed.xml"), etag='"v1"')
    assert (r.body, r.etag, r.not_modified) == (b"<rss>v2</rss>", '"v2"', False)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
async def test_compressed_bodies_are_decoded(client, feed_server, encoding):
    body = RSS * 200
    feed_server.add("/feed.xml", body, encoding=encoding)
    r = await fetch(client, feed_server.url("/feed.xml"))
    assert r.error is None and r.body == body


async def test_corrupt_compressed_body(client, feed_server):
    feed_server.add("/bad", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    r = await fetch(client, feed_server.url("/bad"))
    assert r.error == "could not decompress the body (gzip); it looks corrupt" and r.body is None


async def test_empty_body_and_html_come_back_unjudged(client, feed_server):
    feed_server.add("/empty", b"")
    feed_server.add("/page", b"<html><body>hi</body></html>", content_type="text/html")
    empty = await fetch(client, feed_server.url("/empty"))
    page = await fetch(client, feed_server.url("/page"))
    assert (empty.body, empty.error) == (b"", None)
    assert (page.body, page.content_type) == (b"<html><body>hi</body></html>", "text/html")


# -- redirects ---------------------------------------------------------------------------------


async def test_permanent_redirect_chain_sets_new_url(client, feed_server):
    feed_server.add("/new.xml")
    feed_server.redirect("/old", "/mid", 301)
    feed_server.redirect("/mid", feed_server.url("/new.xml"), 308)
    r = await fetch(client, feed_server.url("/old"))
    assert (r.status, r.body, r.error) == (200, RSS, None)
    assert r.url == feed_server.url("/old") and r.new_url == feed_server.url("/new.xml")


@pytest.mark.parametrize("status", [302, 303, 307])
async def test_temporary_redirect_keeps_url(client, feed_server, status):
    feed_server.add("/new.xml")
    feed_server.redirect("/old", "/mid", 301)
    feed_server.redirect("/mid", "/new.xml", status)
    r = await fetch(client, feed_server.url("/old"))
    assert r.body == RSS and r.new_url is None


async def test_redirect_loop(client, feed_server):
    feed_server.redirect("/a", "/b")
    feed_server.redirect("/b", "/a")
    r = await fetch(client, feed_server.url("/a"))
    assert r.error == "redirect loop" and r.body is None and r.new_url is None


async def test_too_many_redirects(client, feed_server):
    feed_server.add("/end")
    ok = await fetch(client, feed_server.url(feed_server.redirect_chain("/ok", 5, "/end")))
    bad = await fetch(client, feed_server.url(feed_server.redirect_chain("/r", 6, "/end")))
    assert ok.body == RSS and ok.new_url == feed_server.url("/end")
    assert bad.error == "too many redirects (more than 5)"


async def test_redirect_to_a_local_file_is_refused(client, feed_server, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(b"secret")
    feed_server.redirect("/evil", secret.as_uri())
    r = await fetch(client, feed_server.url("/evil"))
    assert r.body is None and r.error == "redirect to a non-http(s) URL; not followed"


# -- HTTP errors -------------------------------------------------------------------------------


async def test_404(client, feed_server):
    r = await fetch(client, feed_server.url("/missing"))
    assert (r.status, r.error, r.body, r.gone) == (404, "server said 404 Not Found", None, False)


async def test_410_is_gone(client, feed_server):
    feed_server.error("/dead", 410)
    r = await fetch(client, feed_server.url("/dead"))
    assert r.gone and r.error == "server said 410 Gone; it will not be fetched again"


async def test_429_retry_after_seconds(client, feed_server):
    feed_server.error("/busy", 429, retry_after="120")
    before = time.time()
    r = await fetch(client, feed_server.url("/busy"))
    assert r.retry_after is not None and before + 119 <= r.retry_after <= time.time() + 121
    assert r.error.startswith("server said 429 Too Many Requests; retry after ")


async def test_503_retry_after_http_date(client, feed_server):
    when = int(time.time()) + 3600
    feed_server.error("/down", 503, retry_after=formatdate(when, usegmt=True))
    r = await fetch(client, feed_server.url("/down"))
    assert r.retry_after == when and r.status == 503
    assert r.error.startswith("server said 503 Service Unavailable; retry after ")


async def test_500_without_retry_after(client, feed_server):
    feed_server.error("/boom", 500)
    r = await fetch(client, feed_server.url("/boom"))
    assert (r.error, r.retry_after) == ("server said 500 Internal Server Error", None)


# -- network trouble ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["trickle", "hang"])
async def test_slow_server_hits_the_total_timeout(client, feed_server, kind):
    if kind == "trickle":  # each byte arrives well within httpx's per-read timeout
        feed_server.slow("/slow", RSS, nbytes=5, every=0.2)
    else:
        feed_server.hang("/slow", 10)
    start = time.monotonic()
    r = await fetch(client, feed_server.url("/slow"))
    assert r.error == "timed out after 1.5 s" and r.body is None
    assert time.monotonic() - start < LIMITS.timeout + 1


async def test_connection_refused(client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = await fetch(client, f"http://127.0.0.1:{port}/feed.xml")
    assert (r.error, r.status, r.body) == ("connection refused", None, None)


async def test_reset_mid_body(client, feed_server):
    feed_server.reset("/flaky", after=100)
    r = await fetch(client, feed_server.url("/flaky"))
    assert r.error == "connection reset while reading the body" and r.body is None


async def test_gzip_bomb_stops_at_the_cap_quickly_and_small(client, feed_server):
    feed_server.gzip_bomb("/bomb", inflated=200_000_000)
    tracemalloc.start()
    start = time.monotonic()
    try:
        r = await fetch(client, feed_server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.error == "body larger than 2 MB; skipped" and r.body is None
    assert time.monotonic() - start < 5
    # The cap plus a decompression step or two; httpx's own decoder peaks near 150 MB here.
    assert peak < 4 * LIMITS.max_bytes


@pytest.mark.parametrize("chunked", [False, True])
async def test_oversized_body(client, feed_server, chunked):
    feed_server.oversized("/big", 50_000_000, chunked=chunked)
    start = time.monotonic()
    r = await fetch(client, feed_server.url("/big"))
    assert r.error == "body larger than 2 MB; skipped" and r.body is None
    assert time.monotonic() - start < 2


def _self_signed(tmp: Path) -> ssl.SSLContext:
    key, cert = tmp / "key.pem", tmp / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")
async def test_tls_error_is_one_short_line(client, tmp_path):
    with FeedServer(ssl_context=_self_signed(tmp_path)) as server:
        server.add("/feed.xml")
        r = await fetch(client, server.url("/feed.xml"))
        assert r.error is not None and r.error.startswith("TLS error: certificate verify failed")
        assert "\n" not in r.error and len(r.error) < 100
        # The same server works for a client that skips verification: the failure was trust.
        async with httpx.AsyncClient(verify=False) as lax:
            assert (await lax.get(server.url("/feed.xml"))).content == RSS


# -- local files and odd URLs ------------------------------------------------------------------


async def test_local_files(client, tmp_path, monkeypatch):
    path = tmp_path / "feed.xml"
    path.write_bytes(RSS)
    monkeypatch.chdir(tmp_path)
    for url in (str(path), path.as_uri(), "feed.xml", "./feed.xml"):
        r = await fetch(client, url)
        assert (r.body, r.error, r.status, r.url) == (RSS, None, None, url)
        assert r.content_type in ("application/xml", "text/xml")
    # Unchanged file -> not modified; a rewrite (even within the same second) -> new body.
    again = await fetch(client, str(path), etag=r.etag)
    assert again.not_modified and again.body is None
    path.write_bytes(RSS + b" ")
    assert (await fetch(client, str(path), etag=r.etag)).body == RSS + b" "


async def test_missing_and_oversized_local_files(client, tmp_path):
    missing = tmp_path / "nope.xml"
    r = await fetch(client, missing.as_uri())
    assert r.error == f"no such file: {missing}"
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * (LIMITS.max_bytes + 1))
    assert (await fetch(client, str(big))).error == "file larger than 2 MB; skipped"


async def test_non_http_scheme(client):
    assert (await fetch(client, "ftp://x")).error == "not an http(s) URL"
    assert (await fetch(client, "javascript:alert(1)")).error == "not an http(s) URL"
    assert (await fetch(client, "  ")).error == "no URL given"


@pytest.mark.parametrize("url", ["http://", "http://[::1", "https://:80/", "http://h:99999/"])
async def test_malformed_urls(client, url):
    assert (await fetch(client, url)).error == "not a valid URL"


async def test_normalised_url_is_not_a_new_url(client, feed_server):
    feed_server.add("/feed.xml")
    r = await fetch(client, feed_server.url("/feed.xml").replace("http", "HTTP") + "#top")
    assert r.body == RSS and r.new_url is None


def test_is_local_and_local_path(tmp_path):
    assert is_local("/tmp/a.xml") and is_local("feeds/a.xml") and is_local("file:///a.xml")
    assert is_local("C:\\feeds\\a.xml")
    assert not is_local("https://example.com/feed") and not is_local("ftp://x")
    assert local_path((tmp_path / "a b.xml").as_uri()) == tmp_path / "a b.xml"
    assert local_path("file://localhost/tmp/a.xml") == Path("/tmp/a.xml")
    assert local_path("~/a.xml") == Path.home() / "a.xml"
