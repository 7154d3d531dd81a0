"""Tags and per-feed settings from the command line: tag, untag, feed set, export/import,
show --json, and the views they change (a tag's view, All without hidden feeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store


def _ids(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, out, _ = run(capsys, "unread")
    assert code == 0
    return [line.split("\t")[0] for line in out.splitlines()]


def test_tag_and_untag_articles(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _ids(capsys)[:2]
    code, out, _ = run(capsys, "tag", f"{first},{second}", "Later", "py")
    assert code == 0
    assert f"{first}\tLater, py" in out
    # Matched without case: the first spelling stays, no second tag appears.
    run(capsys, "tag", first, "later", "PY")
    code, out, _ = run(capsys, "show", first, "--json")
    data = json.loads(out)
    assert data["tags"] == ["Later", "py"]
    assert data["feed_tags"] == []
    code, out, _ = run(capsys, "untag", first, "LATER")
    assert f"{first}\tpy" in out
    with Store(data_dir / "cache.db") as store:
        assert store.count(ArticleQuery(tag="later")) == 1
        assert store.count(ArticleQuery(tag="PY")) == 2
        counts = {c.tag: (c.total, c.unread) for c in store.tag_counts()}
    assert counts == {"Later": (1, 1), "py": (2, 2)}


def test_unknown_ids_and_bad_tags_are_one_line_errors(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _ids(capsys)[0]
    code, out, err = run(capsys, "tag", f"{first},999999,x", "ok")
    assert code == 1
    assert f"{first}\tok" in out  # the known one is tagged
    assert err.strip() == "tui-reader: no article with id 999999, x; nothing done for it"
    for bad in ("two words", "a,b", "+plus", "tab\there", ""):
        code, _, err = run(capsys, "tag", first, bad)
        assert code == 1, bad
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, _ = run(capsys, "show", first, "--json")
    assert json.loads(out)["tags"] == ["ok"]


def test_feed_tags_apply_to_its_articles(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = _ids(capsys)[0]
    code, shown, _ = run(capsys, "show", article, "--json")
    feed_id = str(json.loads(shown)["feed_id"])
    code, out, _ = run(capsys, "tag", "--feed", feed_id, "news", "asia")
    assert code == 0 and out.strip().endswith("asia, news")
    run(capsys, "tag", article, "mine")
    data = json.loads(run(capsys, "show", article, "--json")[1])
    assert data["tags"] == ["mine"]
    assert data["feed_tags"] == ["asia", "news"]
    run(capsys, "tag", article, "ASIA")  # its own too: counted once
    data = json.loads(run(capsys, "show", article, "--json")[1])
    assert (data["tags"], data["feed_tags"]) == (["asia", "mine"], ["news"])
    with Store(data_dir / "cache.db") as store:
        feed_total = store.count(ArticleQuery(feed_id=int(feed_id)))
        assert store.count(ArticleQuery(tag="NEWS")) == feed_total
        counts = {c.tag: c.total for c in store.tag_counts()}
        assert counts == {"asia": feed_total, "mine": 1, "news": feed_total}
        # Never copied onto the articles: untagging the feed untags them all.
        run(capsys, "untag", "--feed", feed_id, "news")
        assert store.count(ArticleQuery(tag="news")) == 0
    code, _, err = run(capsys, "tag", "--feed", "12345", "x")
    assert code == 2 and "no such feed: 12345" in err


def test_feed_set_changes_settings(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "feeds")
    with Store(data_dir / "cache.db") as store:
        feed = store.feeds()[0]
        all_before = store.count(ArticleQuery())
        own = store.count(ArticleQuery(feed_id=feed.id))
    code, out, err = run(
        capsys,
        "feed",
        "set",
        str(feed.id),
        "title=My desk",
        "folder=News/Asia",
        "hide=yes",
        "interval=2h",
        "full_text=never",
        "tags=a,B",
    )
    assert code == 0, err
    assert out.strip() == (
        f"{feed.id} My desk: folder=News/Asia hide=yes interval=2h full_text=never tags=a,B"
    )
    with Store(data_dir / "cache.db") as store:
        changed = store.get_feed(feed.id)
        assert changed is not None and changed.refresh_interval == 7200
        # Hidden from All and Unread (and their counts), still its own view.
        assert store.count(ArticleQuery()) == all_before - own
        assert store.count(ArticleQuery(unread=True)) == all_before - own
        assert store.count(ArticleQuery(feed_id=feed.id)) == own
        assert store.count(ArticleQuery(folder="News")) == own
        # A search looks everywhere, hidden feeds too.
        title = store.rows(ArticleQuery(feed_id=feed.id), 0, 1)[0].title
        hits = store.rows(ArticleQuery(search=title), 0, 10)
        assert any(r.feed_id == feed.id for r in hits)
    for bad, words in (
        ("colour=red", "unknown setting “colour”"),
        ("hide=maybe", "hide=maybe: say yes or no"),
        ("interval=soon", "interval “soon” is not like 30m, 2h, 1d or default"),
        ("interval=10s", "outside 1m … 30d"),
        ("full_text=sometimes", "full_text=sometimes: say auto, always, never"),
        ("tags=a b", "space or control character"),
        ("title", "is not KEY=VALUE"),
    ):
        code, _, err = run(capsys, "feed", "set", str(feed.id), bad)
        assert code == 1, bad
        assert words in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "feed", "set", str(feed.id), "hide=no", "interval=default")
    assert "hide=no interval=default" in out
    with Store(data_dir / "cache.db") as store:
        assert store.count(ArticleQuery()) == all_before


def test_opml_keeps_feed_tags(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline text="A" xmlUrl="https://a.example/feed" category="/news,Tech, bad tag"/>'
        '<outline text="B" xmlUrl="https://b.example/feed"/>'
        "</body></opml>"
    )
    assert run(capsys, "import", str(opml))[0] == 0
    run(capsys, "tag", "--feed", "https://b.example/feed", "later")
    _, out, _ = run(capsys, "export")
    assert 'category="news,Tech"' in out
    assert 'category="later"' in out
    again = tmp_path / "out.opml"
    again.write_text(out)
    other = tmp_path / "other"
    assert run(capsys, "--data-dir", str(other), "import", str(again))[0] == 0
    with Store(other / "cache.db") as store:
        tags = {f.url: f.tags for f in store.feeds()}
    assert tags == {"https://a.example/feed": ["news", "Tech"], "https://b.example/feed": ["later"]}
