"""Big caches built through the engine's own write path, without HTTP or feed parsing.

    python -m bench.build --feeds 1000 --items 1000 --out bench/out/million/1000x1000

Each corpus feed becomes the `ParsedFeed` the parser would hand the store (text cleaned by
`engine.sanitize`, as the parser cleans it), and `Store.apply_parsed` writes it: one
transaction per feed, the same insert, index and bookkeeping as a refresh. Items are generated
in worker processes (generation is pure Python: ~0.15 ms an item); the one writer stores.
A finished cache carries a stamp file, so a rerun with the same shape reuses it at once.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import Corpus

FEED_URL = "http://127.0.0.1:9/{name}"  # never fetched: the caches are read offline


def _parsed(args: tuple[int, int, int]) -> tuple[int, object]:
    """In a worker: one corpus feed as the parser's output (cleaned as the parser cleans)."""
    from tui_reader.engine.models import ParsedArticle, ParsedFeed
    from tui_reader.engine.sanitize import clean_line, clean_text, clean_url

    feeds, items, feed = args
    corpus = Corpus(feeds, items)
    articles = [
        ParsedArticle(
            guid=clean_line(it.guid),
            link=clean_url(it.link),
            title=clean_line(it.title),
            authors=[clean_line(it.author)],
            published=it.published,
            content=clean_text(it.html),
            content_type="html",
            categories=[it.topic],
        )
        for it in corpus.items_of(feed)
    ]
    return feed, ParsedFeed(title=corpus.feed_title(feed), kind="rss", articles=articles)


def stamp_of(corpus: Corpus) -> str:
    return f"feeds={corpus.feeds} items={corpus.items} seed={corpus.seed} v=1\n"


def is_built(folder: Path, corpus: Corpus) -> bool:
    stamp = folder / "built.txt"
    return stamp.exists() and stamp.read_text() == stamp_of(corpus)


def build(folder: Path, corpus: Corpus, jobs: int = 2, log: bool = True) -> float:
    """Build (or reuse) the cache at folder/cache.db; returns the seconds spent building."""
    from tui_reader.engine.bootstrap import skip_demo_feeds
    from tui_reader.engine.store import Store

    if is_built(folder, corpus):
        return 0.0
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    store = Store(folder / "cache.db")
    try:
        skip_demo_feeds(store)
        ids = [
            store.add_feed(FEED_URL.format(name=corpus.feed_name(i)), "")[0].id
            for i in range(corpus.feeds)
        ]
        work = [(corpus.feeds, corpus.items, i) for i in range(corpus.feeds)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for done, (feed, parsed) in enumerate(pool.imap(_parsed, work, chunksize=4), 1):
                store.apply_parsed(ids[feed], parsed)  # type: ignore[arg-type]
                if log and done % max(1, corpus.feeds // 20) == 0:
                    rate = done * corpus.items / (time.perf_counter() - started)
                    print(f"  {done}/{corpus.feeds} feeds, {rate:,.0f} articles/s", flush=True)
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    seconds = time.perf_counter() - started
    (folder / "built.txt").write_text(stamp_of(corpus))
    (folder / "build-seconds.txt").write_text(f"{seconds:.1f}\n")
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, required=True)
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    seconds = build(args.out, Corpus(args.feeds, args.items), args.jobs)
    print(f"{args.out}: built in {seconds:.0f} s" if seconds else f"{args.out}: already built")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
