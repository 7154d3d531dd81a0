"""The headless command line, end to end: real files, a real local server, a real cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import rss, run
from tests.feedserver import FeedServer
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store

SEED_TITLE = "Foreign Minister Supports ASEAN Efforts to Maintain Regional Stability"


def test_first_use_loads_demo_feeds_offline(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "unread")
    assert code == 0
    assert SEED_TITLE in out
    lines = out.strip().splitlines()
    assert len(lines) >= 9
    first_id = lines[0].split("\t")[0]
    assert first_id.isdigit()
    # Ids are stable: the same id shows the same article in another command.
    code, shown, _ = run(capsys, "show", first_id, "--json")
    assert json.loads(shown)["title"] == lines[0].split("\t")[3]
    # The demo feeds are loaded once; removing them keeps them removed.
    code, out, _ = run(capsys, "feeds")
    assert "Southeast Asia desk (demo)" in out
    with Store(data_dir / "cache.db") as store:
        ids = [str(f.id) for f in store.feeds()]
    run(capsys, "remove", *ids)
    code, out, _ = run(capsys, "unread")
    assert out == ""


def test_data_dir_option_beats_environment(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "portable"
    assert run(capsys, "--data-dir", str(other), "feeds")[0] == 0
    assert (other / "cache.db").exists()
    assert not (data_dir / "cache.db").exists()


def test_xdg_dirs_are_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TUI_READER_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdata"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xconfig"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xcache"))
    assert run(capsys, "feeds")[0] == 0
    assert (tmp_path / "xdata" / "tui-reader" / "cache.db").exists()


def test_broken_config_names_file_and_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "config.toml").write_text('jobs = 4\nmeasure = "wide\n')
    code, _, err = run(capsys, "feeds")
    assert code == 2
    assert "config.toml" in err and "line 2" in err
    assert "Traceback" not in err


def test_add_refresh_search_show_remove_local_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "local.xml"
    path.write_bytes(rss("Local news", [("a1", "Pelican census", "<p>Pelicans counted</p>")]))
    code, out, _ = run(capsys, "add", str(path))
    assert code == 0 and "added" in out
    code, out, _ = run(capsys, "search", "pelican")
    assert "Pelican census" in out
    article_id = out.split("\t")[0]
    code, out, _ = run(capsys, "show", article_id)
    assert "Pelicans counted" in out
    code, out, _ = run(capsys, "remove", str(path))
    assert code == 0
    assert run(capsys, "search", "pelican")[1] == ""


def test_refresh_over_http_then_all_not_modified(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = []
    for n in range(5):
        items = [(f"f{n}-{i}", f"Feed {n} story {i}", f"<p>text {i}</p>") for i in range(10)]
        feed_server.add(f"/feed{n}.xml", rss(f"Feed {n}", items), etag=f'"e{n}"')
        urls.append(feed_server.url(f"/feed{n}.xml"))
    code, out, _ = run(capsys, "add", "--no-fetch", *urls)
    code, out, _ = run(capsys, "refresh", "--jobs", "3")
    assert code == 0
    assert "50 new articles" in out and "0 failed" in out
    code, out, _ = run(capsys, "refresh")
    assert code == 0
    # `add` on an empty cache brings in no demo feeds: only the five are refreshed.
    assert "0 new articles" in out and "5 feeds" in out and "5 not modified" in out
    for n in range(5):
        second = feed_server.requests_for(f"/feed{n}.xml")[-1]
        assert second.headers.get("if-none-match") == f'"e{n}"'


def test_refresh_failures_are_per_feed_and_exit_nonzero(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/good.xml", rss("Good", [("g1", "Fine story", "ok")], pages=None))
    feed_server.error("/missing.xml", 404)
    feed_server.add(
        "/page.html", b"<!doctype html><html><body>hi</body></html>", content_type="text/html"
    )
    urls = [feed_server.url(p) for p in ("/good.xml", "/missing.xml", "/page.html")]
    run(capsys, "add", "--no-fetch", *urls)
    code, out, _ = run(capsys, "refresh")
    assert code == 1
    assert "404" in out and "not a feed" in out and "Fine story" not in out
    assert "2 failed" in out
    code, out, _ = run(capsys, "search", "fine")
    assert "Fine story" in out
    code, out, _ = run(capsys, "feeds")
    assert "404" in out


def test_gone_feed_is_marked_and_skipped(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.error("/old.xml", 410)
    run(capsys, "add", "--no-fetch", feed_server.url("/old.xml"))
    code, out, _ = run(capsys, "refresh")
    assert code == 1 and "410" in out
    before = len(feed_server.requests_for("/old.xml"))
    run(capsys, "refresh")
    assert len(feed_server.requests_for("/old.xml")) == before
    with Store(data_dir / "cache.db") as store:
        (gone,) = [f for f in store.feeds() if f.url.endswith("/old.xml")]
        assert gone.gone


def test_permanent_redirect_updates_stored_url(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/new.xml", rss("Moved", [("m1", "Moved story", "x")]))
    feed_server.redirect("/old.xml", "/new.xml", status=301)
    run(capsys, "add", "--no-fetch", feed_server.url("/old.xml"))
    assert run(capsys, "refresh")[0] == 0
    with Store(data_dir / "cache.db") as store:
        urls = [f.url for f in store.feeds()]
        assert feed_server.url("/new.xml") in urls
        assert feed_server.url("/old.xml") not in urls
        assert store.count(ArticleQuery(search="moved")) == 1


def test_opml_export_import_round_trip(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add", "--no-fetch", "--folder", "World/Asia", "https://example.org/asia.xml")
    code, exported, _ = run(capsys, "export")
    assert code == 0 and "https://example.org/asia.xml" in exported
    opml = tmp_path / "subs.opml"
    opml.write_text(exported)
    other = tmp_path / "other"
    code, out, _ = run(capsys, "--data-dir", str(other), "import", str(opml))
    assert code == 0
    code, again, _ = run(capsys, "--data-dir", str(other), "export")
    assert again == exported
    code, out, _ = run(capsys, "--data-dir", str(other), "import", str(opml))
    assert "imported 0 new feeds" in out


@pytest.mark.parametrize("command", [[], ["unread"], ["refresh"]])
def test_damaged_cache_is_reported_and_kept(
    data_dir: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    junk = b"SQLite format 3\x00" + bytes(range(256)) * 64
    (data_dir / "cache.db").write_bytes(junk)
    code, _out, err = run(capsys, *command)
    assert code == 2
    assert "damaged" in err and "left untouched" in err and "Traceback" not in err
    assert (data_dir / "cache.db").read_bytes() == junk
