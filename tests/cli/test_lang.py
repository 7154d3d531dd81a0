"""The language an article declares, as a user meets it: real feed bytes from 127.0.0.1
through the real parser into the cache file, then `show --json` (its quotes and "lang")."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer

# Short and ambiguous: too few stop words to tell German from English by the words alone.
GERMAN = "„Wir handeln“, sagte Scholz, „und zwar schnell.“"
JAPANESE = (
    "首相は記者会見で「経済の立て直しを最優先に取り組む」と述べた。野党は「説明が足りない」"
    "と批判し、国会での議論が続いている。政府は来月にも新たな対策をまとめる方針だ。"
)
GERMAN_BLOG = (
    "Am Montag hat der Rat der Stadt über die neue Brücke beraten, und die Bürger waren "
    "sich nicht einig. Die einen sagten, es sei zu teuer, die anderen wollten sie schnell. "
    "Der Bürgermeister sagte, man werde auch mit den Anwohnern sprechen, bevor etwas "
    "entschieden wird. Für die Stadt ist das nicht die erste Debatte über den Verkehr."
)


def feed(language: str, items: list[tuple[str, str]], root: str = "") -> bytes:
    """RSS with a channel <language> (raw XML, "" for none) and items (guid, description)."""
    body = "".join(
        f'<item><title>{g}</title><guid isPermaLink="false">{g}</guid>'
        f"<description><![CDATA[<p>{text}</p>]]></description></item>"
        for g, text in items
    )
    lang = f"<language>{language}</language>" if language else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{root}><channel>'
        f"<title>News</title><link>https://example.org/</link>{lang}{body}</channel></rss>"
    ).encode()


def add(capsys: pytest.CaptureFixture[str], server: FeedServer, path: str, doc: bytes) -> None:
    server.add(path, doc)
    code, _, err = run(capsys, "add", server.url(path))
    assert code == 0, err


def show(capsys: pytest.CaptureFixture[str], article_id: int) -> dict[str, object]:
    code, out, err = run(capsys, "show", str(article_id), "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def ids_by_title(data_dir: Path) -> dict[str, int]:
    (path,) = data_dir.rglob("*.db")
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT title, id FROM articles").fetchall())


def test_a_declared_german_feed_pairs_and_attributes_a_short_quote_the_german_way(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    add(capsys, feed_server, "/de.xml", feed("de-DE", [("declared", GERMAN)]))
    add(capsys, feed_server, "/none.xml", feed("", [("undeclared", GERMAN)]))
    ids = ids_by_title(data_dir)

    declared = show(capsys, ids["declared"])
    assert declared["lang"] == {"declared": "de-DE", "read_as": "de", "by": "declared"}
    assert declared["quotes"] == [
        {"text": "Wir handeln", "speaker": "Scholz", "kind": "speech"},
        {"text": "und zwar schnell.", "speaker": "Scholz", "kind": "speech"},
    ]
    # The same words with no declaration are read as English: the speaker is missed.
    undeclared = show(capsys, ids["undeclared"])
    assert undeclared["lang"] == {"declared": None, "read_as": "en", "by": "detected"}
    assert all(q["speaker"] is None for q in undeclared["quotes"])  # type: ignore[attr-defined]


def test_a_mislabelled_feed_falls_back_to_what_the_text_is(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [("japanese", JAPANESE), ("german", GERMAN_BLOG)]
    add(capsys, feed_server, "/en.xml", feed("en-US", items))
    ids = ids_by_title(data_dir)
    japanese = show(capsys, ids["japanese"])
    assert japanese["lang"] == {"declared": "en-US", "read_as": "ja", "by": "detected"}
    assert [q["text"] for q in japanese["quotes"]] == [  # type: ignore[union-attr]
        "経済の立て直しを最優先に取り組む",
        "説明が足りない",
    ]
    german = show(capsys, ids["german"])
    assert german["lang"] == {"declared": "en-US", "read_as": "de", "by": "detected"}


@pytest.mark.parametrize(
    "hostile",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<![CDATA[de<b>x</b>]]>",
        "de\x1b[31m",
        "de&#x202e;",
        "de-" + "x" * 10_000,
        "Deutsch (Deutschland)",
    ],
    ids=["markup", "cdata-markup", "escape", "bidi", "10KB", "free-text"],
)
def test_a_hostile_language_value_is_dropped(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], hostile: str
) -> None:
    root = f' xml:lang="{hostile}"' if "<" not in hostile and "\x1b" not in hostile else ""
    add(capsys, feed_server, "/x.xml", feed(hostile, [("item", GERMAN)], root))
    (article_id,) = ids_by_title(data_dir).values()
    data = show(capsys, article_id)
    assert data["lang"] == {"declared": None, "read_as": "en", "by": "detected"}
    (path,) = data_dir.rglob("*.db")
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT f.lang, a.lang FROM articles a JOIN feeds f").fetchall()
    assert stored == [(None, None)]


def test_an_entrys_own_language_wins_over_its_feeds(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xml:lang="en-GB"><title>Desk</title><id>urn:desk</id>'
        '<entry xml:lang="de"><title>de</title><id>urn:1</id>'
        f'<content type="html">&lt;p&gt;{GERMAN}&lt;/p&gt;</content></entry>'
        f'<entry><title>en</title><id>urn:2</id><content type="html">{GERMAN}</content></entry>'
        "</feed>"
    ).encode()
    add(capsys, feed_server, "/atom.xml", atom)
    ids = ids_by_title(data_dir)
    german = show(capsys, ids["de"])
    assert german["lang"] == {"declared": "de", "read_as": "de", "by": "declared"}
    assert {q["speaker"] for q in german["quotes"]} == {"Scholz"}  # type: ignore[union-attr]
    inherited = show(capsys, ids["en"])
    assert inherited["lang"] == {"declared": "en-GB", "read_as": "en", "by": "declared"}
