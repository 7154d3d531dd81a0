"""The query language at 100,000 articles: plain words, searches inside filtered views, and
operator queries, each answered as the app answers it (the count and the first page).

    python bench/query.py --data-dir /tmp/qbench            # builds the cache once, then measures
    python bench/query.py --data-dir /tmp/qbench --feeds 100  # 10,000 articles

The cache is built through the engine's write path (Store.apply_parsed: insert + index, the
same call a refresh makes) from bench/corpus.py's generated feeds, then given some state: 70 %
read, 1 % starred, 0.5 % hidden, 2 % tagged by hand and ten feeds tagged. Prints a table and
one JSON line per category.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import Corpus

PAGE = 50  # rows of the first page, as `tui-reader search` prints by default
REPEAT = 5


def build(db: Path, corpus: Corpus) -> None:
    from tui_reader.engine.models import ParsedArticle, ParsedFeed
    from tui_reader.engine.store import Store

    started = time.perf_counter()
    with Store(db) as store:
        for n in range(corpus.feeds):
            folder = f"{corpus.feed_topic(n)}/{'even' if n % 2 == 0 else 'odd'}"
            feed, _ = store.add_feed(f"https://feeds.bench.example/{n}", "", folder)
            articles = [
                ParsedArticle(
                    guid=item.guid,
                    link=item.link,
                    title=item.title,
                    authors=[item.author],
                    published=item.published,
                    content=item.html,
                )
                for item in corpus.items_of(n)
            ]
            store.apply_parsed(feed.id, ParsedFeed(title=corpus.feed_title(n), articles=articles))
        _give_state(store)
    print(
        f"built {corpus.total} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )


def _give_state(store: Any) -> None:
    rng = random.Random(7)
    total = store.number("SELECT max(id) FROM articles")
    with store.write() as conn:
        conn.execute("UPDATE articles SET read = 1 WHERE id % 10 < 7")
        conn.execute("UPDATE articles SET starred = 1 WHERE id % 100 = 3")
        conn.execute("UPDATE articles SET hidden = 1 WHERE id % 200 = 5")
        tagged = [(i, rng.choice(["later", "work", "long read"])) for i in range(1, total, 50)]
        conn.executemany("INSERT OR IGNORE INTO article_tags VALUES (?, ?)", tagged)
        conn.executemany(
            "INSERT OR IGNORE INTO feed_tags VALUES (?, 'science')",
            [(i,) for i in range(1, 100, 10)],
        )


def queries(corpus: Corpus) -> dict[str, list[Any]]:
    from tui_reader.engine.query import ArticleQuery

    words = corpus.search_words(30)
    feed = corpus.feeds // 2 + 1
    person = corpus.items_of(3)[0].author
    topic = corpus.feed_topic(4)
    any_query = [
        f"tag:later {words[0]}",
        "tag:science",
        "-tag:work is:starred",
        f"is:unread {words[1]}",
        "is:unread -is:starred",
        "is:hidden",
        f"title:{words[2]}",
        f'author:"{person}"',
        f"feed:{corpus.feed_title(7)}",
        f"folder:{topic}",
        f"folder:{topic} {words[3]}",
        "after:2025-01-01 before:2025-02-01",
        f"newer:600d {words[4]}",
        f"{words[5]} or {words[6]}",
        f"{words[7]} -{words[8]}",
        f"-{words[9]}",
        f'"{words[10]} the"',
        f"title:{words[11]} or author:{person.split()[0]}",
        f"{words[12]} is:unread -tag:later newer:900d",
        f"{words[13]} or tag:work or is:starred",
    ]
    return {
        "plain word": [ArticleQuery(search=w) for w in words],
        "word in a filtered view (unread, starred, one feed)": [
            q
            for w in words[:10]
            for q in (
                ArticleQuery(unread=True, search=w),
                ArticleQuery(starred=True, search=w),
                ArticleQuery(feed_id=feed, search=w),
            )
        ],
        "operator queries (tag, is, title, author, feed, folder, dates, or, -)": [
            ArticleQuery(search=q) for q in any_query
        ],
    }


# The search before the query language (commit cacd925's articles.py): the same work for a
# plain word without hidden articles to leave out; run beside ours, as a control for the
# machine's load.
_OLD_COUNT = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
_OLD_ROWS = (
    "SELECT a.id, a.feed_id, coalesce(nullif(f.title, ''), f.url) AS feed_title, a.title, "
    "a.sort_time AS date, a.read, a.starred FROM (SELECT rowid, "
    "bm25(articles_fts, 8.0, 3.0, 1.0) AS score FROM articles_fts WHERE articles_fts MATCH ? "
    "ORDER BY score, rowid DESC LIMIT ? OFFSET 0) m JOIN articles a ON a.id = m.rowid "
    "JOIN feeds f ON f.id = a.feed_id ORDER BY m.score, a.id DESC"
)


class _OldSearch:
    """Answers a plain word the way the search did before (count + first page)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def count(self, query: Any) -> int:
        return int(self.store.number(_OLD_COUNT, (f'"{query.search}"*',)))

    def rows(self, query: Any, offset: int, limit: int) -> list[Any]:
        return list(self.store.select(_OLD_ROWS, (f'"{query.search}"*', limit)))


def measure(answerers: list[Any], group: list[Any]) -> list[dict[str, Any]]:
    """Per query and answerer: the median of REPEAT answers (count + first page), the
    answerers taking turns so the machine's load falls on each alike; then over queries."""
    per_query: list[list[float]] = [[] for _ in answerers]
    slowest: list[tuple[str, float]] = [("", 0.0) for _ in answerers]
    for query in group:
        times: list[list[float]] = [[] for _ in answerers]
        for _ in range(REPEAT):
            for n, answerer in enumerate(answerers):
                started = time.perf_counter()
                answerer.count(query)
                answerer.rows(query, 0, PAGE)
                times[n].append(time.perf_counter() - started)
        for n in range(len(answerers)):
            median = statistics.median(times[n]) * 1000
            per_query[n].append(median)
            if median > slowest[n][1]:
                slowest[n] = (query.search or "", median)
    return [
        {
            "median_ms": round(statistics.median(ms), 2),
            "max_ms": round(max(ms), 2),
            "slowest": slow[0],
            "n": len(ms),
        }
        for ms, slow in zip(per_query, slowest, strict=True)
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=100)
    args = ap.parse_args(argv)
    from tui_reader.engine.store import Store

    corpus = Corpus(args.feeds, args.items)
    db = args.data_dir / "cache.db"
    if not db.exists():
        args.data_dir.mkdir(parents=True, exist_ok=True)
        build(db, corpus)
    with Store(db) as store:
        total = store.number("SELECT count(*) FROM articles")
        print(f"{total} articles; each line: median over queries of (count + first {PAGE} rows)")
        for name, group in queries(corpus).items():
            for query in group[:3]:  # warm the page cache as a running app has it
                store.count(query)
            control = name == "plain word"
            result, *old = measure([store, _OldSearch(store)] if control else [store], group)
            print(
                f"{name}: median {result['median_ms']} ms, slowest {result['max_ms']} ms "
                f"({result['slowest']!r}), {result['n']} queries"
            )
            print(json.dumps({"what": name, **result}))
            if old:
                print(f"  control, the search before the query language: {old[0]['median_ms']} ms")
                print(json.dumps({"what": "plain word, old search", **old[0]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
