"""In-process measurements of tui-reader's engine, content layer and app, one per child process.

    python -m bench.inproc search  --data-dir D --feeds 1000 --items 100
    python -m bench.inproc related --data-dir D ...
    python -m bench.inproc open    --data-dir D
    python -m bench.inproc frames  --data-dir D

Each prints one JSON object on stdout: {"median_ms": ..., "p95_ms": ..., "n": ..., ...} or
{"error": "why"}. The runner starts these as subprocesses with a timeout, so a slow or broken
part of tui-reader costs one line of the table, not the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import Corpus, topic_of_link

SEED_TITLE = "Foreign Minister Supports ASEAN Efforts to Maintain Regional Stability"


def summary(times: list[float]) -> dict[str, Any]:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"median_ms": statistics.median(ms), "p95_ms": p95, "max_ms": ms[-1], "n": len(ms)}


def _open_store(data_dir: Path) -> Any:
    from tui_reader.engine.store import Store

    db = data_dir / "cache.db"
    if not db.exists():
        raise FileNotFoundError(f"no cache at {db}")
    return Store(db)


def measure_search(store: Any, corpus: Corpus) -> dict[str, Any]:
    from tui_reader.engine.query import ArticleQuery

    times, hits = [], []
    for word in corpus.search_words(30):
        started = time.perf_counter()
        rows = store.rows(ArticleQuery(search=word), 0, 50)
        times.append(time.perf_counter() - started)
        hits.append(len(rows))
    return {**summary(times), "mean_hits": statistics.mean(hits)}


def measure_filtered(store: Any, corpus: Corpus) -> dict[str, Any]:
    """Search inside the unread view, the starred view and one feed (30 words each)."""
    from tui_reader.engine.query import ArticleQuery

    feed = next(f for f in store.feeds(with_counts=False) if f.url.startswith("http"))
    views = {
        "unread": ArticleQuery(unread=True),
        "starred": ArticleQuery(starred=True),
        "one feed": ArticleQuery(feed_id=feed.id),
    }
    times: list[float] = []
    medians = {}
    for name, view in views.items():
        mine = []
        for word in corpus.search_words(30):
            started = time.perf_counter()
            store.rows(replace(view, search=word), 0, 50)
            mine.append(time.perf_counter() - started)
        medians[name] = f"{statistics.median(mine) * 1000:.1f} ms"
        times += mine
    return {**summary(times), "views": ", ".join(f"{k} {v}" for k, v in medians.items())}


def sample_article_ids(store: Any, n: int) -> list[int]:
    """`n` corpus articles spread evenly over the ids (demo articles skipped; no OFFSET scans)."""
    from tui_reader.engine.related import article_total

    corpus_feeds = {f.id for f in store.feeds(with_counts=False) if f.url.startswith("http")}
    total = article_total(store)
    ids: list[int] = []
    step = max(1, total // (n + 1))
    for article_id in range(step // 2 + 1, total + 1, step):
        article = store.get_article(article_id)
        if article is not None and article.feed_id in corpus_feeds:
            ids.append(article_id)
        if len(ids) == n:
            break
    return ids


def measure_related(store: Any, corpus: Corpus) -> dict[str, Any]:
    from tui_reader.engine.related import DocCounts, related_articles

    counts = DocCounts()  # kept across opens, as the Library keeps it with its connection
    times, precision, returned = [], [], []
    for article_id in sample_article_ids(store, 30):
        started = time.perf_counter()
        article = store.get_article(article_id)
        rows = related_articles(store, article, 10, counts)
        times.append(time.perf_counter() - started)
        returned.append(len(rows))
        topic = topic_of_link(article.link)
        if rows and topic:
            links = [store.get_article(r.id).link for r in rows]
            precision.append(sum(topic_of_link(link) == topic for link in links) / len(links))
    out = summary(times)
    out["first_ms"] = times[0] * 1000 if times else None  # a fresh connection, no counts
    out["precision"] = statistics.mean(precision) if precision else None
    out["mean_returned"] = statistics.mean(returned) if returned else 0
    return out


def find_seed(store: Any) -> int:
    from tui_reader.engine.query import ArticleQuery

    for query in (ArticleQuery(search="ASEAN regional stability"), ArticleQuery()):
        for offset in range(0, 2000, 200):
            rows = store.rows(query, offset, 200)
            for row in rows:
                if row.title.strip() == SEED_TITLE:
                    return row.id
            if len(rows) < 200:
                break
    raise LookupError(f"seed story not in the cache: {SEED_TITLE!r}")


def measure_open(store: Any, corpus: Corpus) -> dict[str, Any]:
    from rich.console import Console
    from rich.theme import Theme

    from tui_reader.content.reading import read_article
    from tui_reader.content.render import THEME, render_article

    seed = find_seed(store)
    sink = io.StringIO()
    console = Console(file=sink, width=100, force_terminal=True, color_system="truecolor")
    console.push_theme(Theme(THEME))
    times = []
    for _ in range(50):
        sink.seek(0)
        sink.truncate()
        started = time.perf_counter()
        readable = read_article(store.get_article(seed))
        console.print(render_article(readable, 100, 80))
        times.append(time.perf_counter() - started)
    return {**summary(times), "first_ms": times[0] * 1000, "chars": len(sink.getvalue())}


def measure_frames(store: Any, corpus: Corpus) -> dict[str, Any]:
    from bench.frames import drive, trivial_app
    from tui_reader.config import Config
    from tui_reader.library import Library
    from tui_reader.paths import resolve_paths
    from tui_reader.ui.app import ReaderApp

    try:  # the app waits this long on an article before ranking its related ones
        from tui_reader.ui.screens.reading import RELATED_DELAY as delay
    except ImportError:
        delay = None
    rest = (delay or 0.15) + 0.1
    home = store.path.parent  # the app opens its own library on the same cache
    with Library.open(resolve_paths(home), Config(), offline=True, demo=False) as library:
        keys = asyncio.run(drive(ReaderApp(library), rest=rest))
    floor = asyncio.run(drive(trivial_app(), (("j", 50, False),), hold=False))
    out = {**keys["j"]["settled"], "n": keys["j"]["n"], "keys": keys, "floor": floor["j"]}
    return {**out, "related_delay": delay}


MEASURES: dict[str, Callable[[Any, Corpus], dict[str, Any]]] = {
    "search": measure_search,
    "filtered": measure_filtered,
    "related": measure_related,
    "open": measure_open,
    "frames": measure_frames,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=sorted(MEASURES))
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=100)
    args = ap.parse_args(argv)
    corpus = Corpus(args.feeds, args.items)
    try:
        store = _open_store(args.data_dir)
        result = MEASURES[args.what](store, corpus)
    except Exception as exc:
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f" ({Path(tb.filename).name}:{tb.lineno})"
        result = {"error": f"{type(exc).__name__}: {exc}"[:200] + where}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
