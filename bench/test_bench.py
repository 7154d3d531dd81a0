"""Self-checks of the benchmark harness (not of tui-reader): .venv/bin/pytest bench/test_bench.py"""

from __future__ import annotations

import time

import feedparser
import httpx

from bench.corpus import TOPIC_NAMES, Corpus, topic_of_link
from bench.report import Line, markdown
from bench.server import CorpusServer


def test_corpus_is_deterministic_and_feed_independent() -> None:
    a, b = Corpus(30, 5), Corpus(30, 5)
    assert a.feed_bytes(17) == b.feed_bytes(17)
    assert Corpus(30, 5, seed=2).feed_bytes(17) != a.feed_bytes(17)


def test_feeds_parse_as_rss_and_atom_with_topics() -> None:
    c = Corpus(4, 20)
    for feed in range(4):
        parsed = feedparser.parse(c.feed_bytes(feed))
        assert not parsed.bozo
        assert parsed.version.startswith("rss20" if feed % 2 == 0 else "atom")
        assert len(parsed.entries) == 20
        topics = [topic_of_link(e.link) for e in parsed.entries]
        assert all(t in TOPIC_NAMES for t in topics)
        assert topics.count(c.feed_topic(feed)) >= 12  # most items are on the feed's topic
        html = parsed.entries[0].get("content", [{}])[0].get("value") or parsed.entries[0].summary
        assert 1800 < len(html) < 3600 and "<p>" in html


def test_newest_item_is_first_of_feed_zero() -> None:
    c = Corpus(50, 10)
    newest = c.newest
    assert all(it.published < newest.published for f in range(1, 50) for it in c.items_of(f))
    assert len(set(c.search_words(30))) == 30


def test_server_answers_304_and_counts() -> None:
    c = Corpus(3, 4)
    with CorpusServer(c, idle=30, life=60) as srv:
        first = httpx.get(srv.url(1))
        assert first.status_code == 200 and first.content == c.feed_bytes(1)
        again = httpx.get(srv.url(1), headers={"If-None-Match": first.headers["etag"]})
        since = httpx.get(srv.url(1), headers={"If-Modified-Since": first.headers["last-modified"]})
        assert (again.status_code, since.status_code) == (304, 304)
        assert httpx.get(srv.url(1).replace("0001", "0009")).status_code == 404
        counts = srv.counts()
        assert counts["requests"] == 4 and counts["conditional"] == 2
        assert (counts["200"], counts["304"], counts["404"]) == (1, 2, 1)


def test_server_stops_when_idle() -> None:
    srv = CorpusServer(Corpus(1, 1), idle=0.5, life=10).start()
    deadline = time.monotonic() + 5
    while srv._threads[0].is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not srv._threads[0].is_alive()
    srv.stop()


def test_report_rules_and_na() -> None:
    faster = Line("warm", "s", rule=("speedup", 5), tui=0.5, nb=3.0)
    slow = Line("start", "s", rule=("max", 1.0), tui=2.5)
    missing = Line("x", "ms", rule=("max", 20), tui_na="ImportError: no module")
    assert faster.ok and faster.ratio == 6.0
    assert slow.ok is False and "2.5x over" in slow.miss_by()
    assert missing.ok is None
    text = markdown([faster, slow, missing])
    assert "n/a (ImportError: no module)" in text and "**NO**" in text


def test_everyday_documents_add_new_items_on_top_of_the_known_ones() -> None:
    from bench.everyday import documents

    before, after, stamps = documents(Corpus(4, 10), new=2)
    for old, new, stamp in zip(before, after, stamps, strict=True):
        known, grown = feedparser.parse(old).entries, feedparser.parse(new).entries
        assert (len(known), len(grown)) == (10, 12)
        assert [e.id for e in grown[2:]] == [e.id for e in known]
        assert stamp > time.mktime(known[0].published_parsed) - 86400
