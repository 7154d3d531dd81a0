"""Full text for offline reading, as a user meets it on the command line: pages served from
127.0.0.1, fetched by `add`/`refresh`/`fetch-text`, read back with the server gone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer

PARAGRAPHS = [
    f"Paragraph {n}: the harbour council met on Tuesday and {word} residents spoke for "
    "an hour about the new sea wall, the ferry timetable and the price of the car park, "
    "while the mayor listened and took notes for the next meeting of the board."
    for n, word in enumerate(
        ["angry", "patient", "curious", "tired", "hopeful", "loud", "quiet", "many"]
    )
]
TEASER = "The harbour council met on Tuesday [&#8230;]"
ONLY_ON_PAGE = "zanzibarite"  # a word in the page's text, not in the feed's


def article_page(title: str, paragraphs: list[str], extra: str = "") -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}{extra}</article>"
        "<footer><p>Copyright the Harbour Gazette</p></footer></body></html>"
    ).encode()


def feed(server: FeedServer, items: list[tuple[str, str, str]]) -> bytes:
    """RSS whose items (guid, title, description) link to /pages/<guid>.html."""
    body = "".join(
        f"<item><title>{t}</title><guid>{g}</guid>"
        f"<link>{server.url(f'/pages/{g}.html')}</link><description>{d}</description></item>"
        for g, t, d in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        f"<link>{server.url('/')}</link>{body}</channel></rss>"
    ).encode()


def serve_story(server: FeedServer, guid: str, title: str) -> None:
    paragraphs = [*PARAGRAPHS[:-1], PARAGRAPHS[-1] + f" A {ONLY_ON_PAGE} was seen."]
    server.add(f"/pages/{guid}.html", article_page(title, paragraphs), content_type="text/html")


def show_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def db(data_dir: Path) -> sqlite3.Connection:
    (path,) = data_dir.rglob("*.db")
    return sqlite3.connect(path)


def test_add_full_text_then_refresh_keeps_the_whole_article_for_offline_reading(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(feed_server, "s1", "Harbour council meets")
    serve_story(feed_server, "s2", "Ferry timetable changes")
    feed_server.add(
        "/feed.xml",
        feed(
            feed_server,
            [("s1", "Harbour council meets", TEASER), ("s2", "Ferry timetable changes", TEASER)],
        ),
    )
    assert run(capsys, "add", "--no-fetch", "--full-text", feed_server.url("/feed.xml"))[0] == 0
    code, out, _ = run(capsys, "refresh")
    assert code == 0
    assert out.splitlines()[-1].startswith("1 feed, 2 new articles, 2 pages fetched, 0 failed")
    feed_server.stop()  # offline from here on

    data = show_json(capsys, "show", "1")
    assert PARAGRAPHS[3] in str(data["text"]) and ONLY_ON_PAGE in str(data["text"])
    full = data["full_text"]
    assert isinstance(full, dict) and full["status"] == "stored" and full["shown"] is True
    code, out, _ = run(capsys, "--offline", "show", "2")
    assert code == 0 and PARAGRAPHS[5] in " ".join(out.split())
    assert "Full text from the page · fetched just now" in out
    # The feed's own text is still there, and the search index holds the page's text.
    feed_text = show_json(capsys, "show", "1", "--feed-text")
    assert (
        ONLY_ON_PAGE not in str(feed_text["text"])
        and "harbour council" in str(feed_text["text"]).lower()
    )
    code, out, _ = run(capsys, "search", ONLY_ON_PAGE)
    assert code == 0 and len(out.splitlines()) == 2


def test_add_with_full_text_fetches_the_pages_of_what_it_stores(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(feed_server, "s1", "Harbour council meets")
    feed_server.add("/feed.xml", feed(feed_server, [("s1", "Harbour council meets", TEASER)]))
    code, out, _ = run(capsys, "add", "--full-text", feed_server.url("/feed.xml"))
    assert code == 0 and "1 page fetched, 0 failed" in out
    with db(data_dir) as conn:
        assert conn.execute("SELECT full_text FROM feeds").fetchone() == ("always",)
    assert ONLY_ON_PAGE in str(show_json(capsys, "show", "1")["text"])


def test_pages_that_fail_keep_the_feeds_text_and_say_why(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "config.toml").write_text("timeout = 1\n")
    wall = (
        "<div class='paywall'><p>Subscribe to continue reading. Already a subscriber? "
        "Log in.</p></div>"
    )
    cases = {
        "paywall": "page looks like a paywall",
        "missing": "server said 404 Not Found",
        "huge": "larger than 5 MB",
        "slow": "timed out after 1 s",
    }
    feed_server.add(
        "/pages/paywall.html",
        article_page("Paywalled", PARAGRAPHS[:1], wall),
        content_type="text/html",
    )
    feed_server.oversized("/pages/huge.html", 6_000_000)
    feed_server.hang("/pages/slow.html", 5)
    items = [(g, f"Story {g}", f"Feed text of {g} [&#8230;]") for g in cases]
    feed_server.add("/feed.xml", feed(feed_server, items))
    run(capsys, "add", "--no-fetch", "--full-text", feed_server.url("/feed.xml"))
    code, out, _ = run(capsys, "refresh")
    assert code == 0  # the feed itself was fine
    assert "0 pages fetched, 4 failed" in out
    with db(data_dir) as conn:
        ids = dict(conn.execute("SELECT key, id FROM articles").fetchall())
    for guid, reason in cases.items():
        data = show_json(capsys, "show", str(ids[f"g:{guid}"]))
        assert data["text"] == f"Feed text of {guid} […]"
        full = data["full_text"]
        assert isinstance(full, dict) and full["status"] == "failed"
        assert reason in str(full["error"]), guid
        code, out, _ = run(capsys, "show", str(ids[f"g:{guid}"]))
        assert "Feed text · full text failed: " + str(full["error"]) in " ".join(out.split())


def test_auto_fetches_pages_of_a_truncated_feed_and_not_of_a_full_one(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(feed_server, "t1", "Teaser")
    serve_story(feed_server, "f1", "Full")
    feed_server.add("/teasers.xml", feed(feed_server, [("t1", "Teaser", TEASER)]))
    whole = escape("".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    feed_server.add("/full.xml", feed(feed_server, [("f1", "Full", whole)]))
    run(capsys, "add", "--no-fetch", feed_server.url("/teasers.xml"), feed_server.url("/full.xml"))
    code, out, _ = run(capsys, "refresh")
    assert code == 0 and "1 page fetched, 0 failed" in out
    assert len(feed_server.requests_for("/pages/t1.html")) == 1
    assert feed_server.requests_for("/pages/f1.html") == []
    # A second refresh brings nothing new: no page is fetched again.
    run(capsys, "refresh")
    assert len(feed_server.requests_for("/pages/t1.html")) == 1


def test_full_text_never_fetches_nothing_and_the_mode_is_a_command(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(feed_server, "t1", "Teaser")
    feed_server.add("/feed.xml", feed(feed_server, [("t1", "Teaser", TEASER)]))
    run(capsys, "add", "--no-fetch", "--full-text=never", feed_server.url("/feed.xml"))
    code, out, _ = run(capsys, "full-text", "1")
    assert code == 0 and out.strip().endswith("full text never")
    run(capsys, "refresh")
    assert feed_server.requests_for("/pages/t1.html") == []
    data = show_json(capsys, "show", "1")
    assert data["full_text"] == {"status": "not fetched", "shown": False}
    code, out, _ = run(capsys, "show", "1")
    assert "full text" not in out  # never is the user's choice: no nagging about it
    assert run(capsys, "full-text", "1", "always")[0] == 0
    assert "full text not fetched" in run(capsys, "show", "1")[1]
    with db(data_dir) as conn:
        assert conn.execute("SELECT full_text FROM feeds").fetchone() == ("always",)
    with pytest.raises(SystemExit):  # argparse: a usage error names the modes
        run(capsys, "full-text", "1", "sometimes")
    assert "choose from 'auto', 'always', 'never'" in capsys.readouterr().err


def test_fetch_text_is_one_line_per_article_and_names_failures(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(feed_server, "ok", "Works")
    items = [("ok", "Works", TEASER), ("gone", "Missing page", TEASER)]
    feed_server.add("/feed.xml", feed(feed_server, items))
    run(capsys, "add", "--no-fetch", "--full-text=never", feed_server.url("/feed.xml"))
    run(capsys, "refresh")
    code, out, err = run(capsys, "fetch-text", "1", "2", "77")
    assert code == 1
    lines = sorted(out.splitlines())
    assert lines == [
        "1 Works: full text stored",
        "2 Missing page: server said 404 Not Found",
        "77: no such article",
    ]
    assert err.strip() == "tui-reader: no full text for 2, 77; the feed's text stays"
    code, out, _ = run(capsys, "--offline", "fetch-text", "1")
    assert code == 1 and "offline" in out


def test_a_refetch_of_an_unchanged_page_changes_nothing_and_a_new_text_replaces_it(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_story(feed_server, "s1", "Harbour council meets")
    feed_server.add("/feed.xml", feed(feed_server, [("s1", "Harbour council meets", TEASER)]))
    run(capsys, "add", "--no-fetch", "--full-text", feed_server.url("/feed.xml"))
    run(capsys, "refresh")
    with db(data_dir) as conn:
        before = conn.execute("SELECT full_content, full_digest FROM articles").fetchone()
    # The same story with other whitespace and one more line of boilerplate.
    spaced = [p.replace(" ", "  ") for p in PARAGRAPHS[:-1]]
    spaced.append(PARAGRAPHS[-1] + f" A {ONLY_ON_PAGE} was seen.")
    page = article_page("Harbour council meets", spaced, "<p>Advertisement</p>")
    feed_server.add("/pages/s1.html", page, content_type="text/html")
    assert run(capsys, "fetch-text", "1")[0] == 0
    with db(data_dir) as conn:
        assert conn.execute("SELECT full_content, full_digest FROM articles").fetchone() == before
    # A rewritten story replaces the text, and the index forgets the old words.
    rewritten = [p.replace("harbour", "airport") for p in PARAGRAPHS]
    feed_server.add("/pages/s1.html", article_page("Airport", rewritten), content_type="text/html")
    assert run(capsys, "fetch-text", "1")[0] == 0
    assert "airport" in str(show_json(capsys, "show", "1")["text"])
    assert run(capsys, "search", ONLY_ON_PAGE)[1] == ""
    assert run(capsys, "search", "airport")[1].startswith("1\t")
