"""The query language as a user meets it on the command line: `search`, `--view`, `rules`."""

from __future__ import annotations

import json
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer

DAY = 86400
NOW = time.time()


def feed(title: str, items: list[tuple[str, str, str, float]]) -> bytes:
    """RSS with (guid, title, author, date) items; each body names its guid (and n2's
    mentions the harbour)."""
    body = "".join(
        f"<item><title>{t}</title><guid isPermaLink='false'>{g}</guid>"
        f"<author>{a}</author><pubDate>{formatdate(when)}</pubDate>"
        f"<description>&lt;p&gt;Body of {g}{' by the harbour' * (g == 'n2')}.&lt;/p&gt;"
        "</description></item>"
        for g, t, a, when in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://example.org/</link>{body}</channel></rss>"
    ).encode()


# 2024-03-10 12:00 local time, a fixed day for after:/before:
MARCH = time.mktime((2024, 3, 10, 12, 0, 0, 0, 0, -1))
NEWS = [
    ("n1", "Harbour expansion approved", "x@example.org (Ann Lee)", NOW - DAY),
    ("n2", "Sponsored: buy our boats", "x@example.org (Press Release)", NOW - 2 * DAY),
    ("n3", "Storm closes the harbour", "x@example.org (Bo Park)", MARCH),
]
TECH = [
    ("t1", "Rust async in practice", "x@example.org (Ann Lee)", NOW - 3 * DAY),
    ("t2", "Python packaging again", "x@example.org (Cy Dunn)", MARCH - 30 * DAY),
]


@pytest.fixture
def cache(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    (tmp_path / "news.xml").write_bytes(feed("Harbour News", NEWS))
    (tmp_path / "tech.xml").write_bytes(feed("Tech Weekly", TECH))
    assert run(capsys, "add", str(tmp_path / "news.xml"))[0] == 0
    assert run(capsys, "add", "--folder", "Work/Tech", str(tmp_path / "tech.xml"))[0] == 0
    return data_dir


def titles(capsys: pytest.CaptureFixture[str], *query: str) -> list[str]:
    code, out, err = run(capsys, "search", *query, "--json")
    assert code == 0, err
    return [json.loads(line)["title"] for line in out.splitlines()]


def config(data_dir: Path, text: str) -> None:
    (data_dir / "config.toml").write_text(text, encoding="utf-8")


def test_words_phrases_operators_negation_and_or(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert titles(capsys, "harbour") == [
        "Harbour expansion approved",
        "Storm closes the harbour",
        "Sponsored: buy our boats",  # the word only in its body: ranked last
    ]
    assert titles(capsys, '"closes the harbour"') == ["Storm closes the harbour"]
    assert titles(capsys, "title:harbour -storm") == ["Harbour expansion approved"]
    assert titles(capsys, 'author:"ann lee"') == [
        "Harbour expansion approved",
        "Rust async in practice",
    ]
    assert set(titles(capsys, "title:rust or title:python")) == {
        "Rust async in practice",
        "Python packaging again",
    }
    # and binds tighter than or: (harbour storm) or rust
    assert set(titles(capsys, "harbour storm or rust")) == {
        "Storm closes the harbour",
        "Rust async in practice",
    }
    assert titles(capsys, "feed:weekly") == ["Rust async in practice", "Python packaging again"]
    assert titles(capsys, "folder:work") == titles(capsys, "folder:Work/Tech")
    assert titles(capsys, "folder:Work/Tec") == []  # a folder is matched whole
    assert titles(capsys, "-feed:weekly newer:2d") == ["Harbour expansion approved"]
    assert titles(capsys, "newer:1w") == [
        "Harbour expansion approved",
        "Sponsored: buy our boats",
        "Rust async in practice",
    ]
    assert titles(capsys, "after:2024-03-10 before:2024-03-11") == ["Storm closes the harbour"]
    # Terms as separate words, one starting with "-" first: no quoting or `--` needed.
    assert titles(capsys, "-title:harbour", "or", "title:storm") == titles(
        capsys, "-title:harbour or title:storm"
    )
    assert len(titles(capsys, "-title:harbour", "or", "title:storm")) == 4
    assert titles(capsys, "before:2024-03-10") == ["Python packaging again"]


def test_state_and_hidden(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "search", "expansion", "--json")[1]
    (first,) = [json.loads(line)["id"] for line in out.splitlines()]
    run(capsys, "mark", "read", str(first))
    run(capsys, "mark", "star", str(first))
    assert titles(capsys, "is:read") == ["Harbour expansion approved"]
    assert titles(capsys, "is:starred harbour") == ["Harbour expansion approved"]
    assert "Harbour expansion approved" not in titles(capsys, "is:unread")
    assert titles(capsys, "is:hidden") == []


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("harbour colour:red", "colour:"),
        ("after:2024-13-01", "after:2024-13-01"),
        ("before:yesterday", "before:yesterday"),
        ("is:sleepy", "is:sleepy"),
        ("newer:7x", "newer:7x"),
        ("-tag:", "-tag:"),
        ("or harbour", "'or'"),
    ],
)
def test_bad_terms_are_one_line_naming_them(
    cache: Path, capsys: pytest.CaptureFixture[str], query: str, named: str
) -> None:
    code, out, err = run(capsys, "search", "--", query)  # `--`: a query may start with -
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and named in err
    assert "fts5" not in err.lower() and "syntax" not in err.lower()


def test_rules_dry_run_then_apply_then_queries_see_them(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(
        cache,
        """
[[rules]]
match = 'title:sponsored or author:"Press Release"'
action = "hide"

[[rules]]
match = "feed:weekly"
action = "tag:tech"
""",
    )
    code, out, _ = run(capsys, "rules", "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        'rule 1 (title:sponsored or author:"Press Release" -> hide): 1 article match; '
        "1 would be hidden",
        "rule 2 (feed:weekly -> tag:tech): 2 articles match; 2 would be tagged tech",
    ]
    assert "Sponsored: buy our boats" in titles(capsys, "boats")  # a dry run changes nothing
    code, out, _ = run(capsys, "rules")
    assert out.splitlines() == [
        'rule 1 (title:sponsored or author:"Press Release" -> hide): 1 hidden',
        "rule 2 (feed:weekly -> tag:tech): 2 tagged tech",
    ]
    assert titles(capsys, "boats") == []  # hidden: out of every view...
    assert titles(capsys, "boats is:hidden") == ["Sponsored: buy our boats"]  # ...unless asked
    assert titles(capsys, "tag:tech") == ["Rust async in practice", "Python packaging again"]
    assert titles(capsys, "tag:TECH -title:rust") == ["Python packaging again"]
    assert "0 hidden" in run(capsys, "rules")[1]  # applied again: nothing more to do
    code, out, _ = run(capsys, "unread", "--json")
    assert "Sponsored" not in out
    (news,) = [ln for ln in run(capsys, "feeds")[1].splitlines() if "Harbour News" in ln]
    assert "\t2/2\t" in news  # the feed's counts agree with its view


def test_rules_apply_as_a_refresh_stores_new_articles(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config(
        data_dir,
        """
[[rules]]
match = "title:sponsored"
action = "read"

[[rules]]
match = "harbour"
action = "star"
""",
    )
    feed_server.add("/news.xml", feed("Harbour News", NEWS[:1]))
    run(capsys, "add", "--no-fetch", feed_server.url("/news.xml"))
    assert run(capsys, "refresh")[0] == 0
    assert titles(capsys, "is:starred") == ["Harbour expansion approved"]
    run(capsys, "mark", "unstar", str(json.loads(run(capsys, "unread", "--json")[1])["id"]))
    feed_server.add("/news.xml", feed("Harbour News", NEWS))
    assert run(capsys, "refresh")[0] == 0
    # Only the new articles get the rules: the one unstarred by hand stays unstarred.
    assert titles(capsys, "is:starred") == [
        "Sponsored: buy our boats",
        "Storm closes the harbour",
    ]
    assert titles(capsys, "is:read") == ["Sponsored: buy our boats"]


def test_saved_views_list_and_bad_ones_are_warnings(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(
        cache,
        """jobs = 2

[views]
recent = "newer:1w -title:sponsored"
broken = "harbour when:today"
""",
    )
    code, out, err = run(capsys, "search", "--view", "recent", "--json")
    assert code == 0
    assert [json.loads(x)["title"] for x in out.splitlines()] == [
        "Harbour expansion approved",
        "Rust async in practice",
    ]
    assert "config.toml, line 5: [views] broken:" in err and "'when:'" in err
    assert titles(capsys, "--view", "recent", "rust") == ["Rust async in practice"]
    code, _, err = run(capsys, "search", "--view", "broken")
    assert code == 1 and "no saved view 'broken' (saved views: recent)" in err


def test_bad_rules_are_warnings_naming_their_line(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(
        cache,
        """[[rules]]
match = "title:x"
action = "delete"

[[rules]]
match = "after:2024-02-30"
action = "hide"
""",
    )
    code, _, err = run(capsys, "rules", "--dry-run")
    assert code == 0
    lines = err.strip().splitlines()
    assert "config.toml, line 3: [[rules]] 1: action must be" in lines[0]
    assert "config.toml, line 6: [[rules]] 2: 'after:2024-02-30': not a date" in lines[1]
    assert "no rules" in lines[2]


@pytest.mark.parametrize(
    "query",
    [
        'feed:"x\' OR 1=1 --"',
        "tag:%",
        "folder:_",
        'author:"NEAR(a b)"',
        "title:AND",
        '"unclosed phrase',
        '-"\'); DROP TABLE articles; --"',
    ],
)
def test_hostile_values_are_data(
    cache: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    """Operator values and words reach SQLite as parameters and quoted FTS strings: they
    match what they say (here: nothing, or everything for the negation), never SQL or FTS."""
    code, out, err = run(capsys, "search", "--json", "--", query)
    assert code == 0, err
    found = len(out.splitlines())
    assert found == (5 if query.startswith("-") else 0)
    assert len(titles(capsys, "harbour")) == 3  # the cache is as it was
