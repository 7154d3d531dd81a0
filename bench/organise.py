"""Undo, cleanup and sorting at 100,000 articles, through the Library as the app calls it.

    python -m bench.organise [--out /tmp/organise] [--feeds 100] [--items 1000]

Builds (once, kept in --out) a cache of feeds x items synthetic articles with bodies of a
few hundred words, then prints one line per measure:
- mark-all-read of the whole cache, and its undo (each one transaction);
- a page of 50 rows at the top and in the middle of All in each sort order;
- cleanup of the read articles older than a cut-off (planning, deleting with their index
  entries, and reclaiming the space), with the file's size before and after.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.config import Config
from tui_reader.engine.models import ParsedArticle, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.library import Library
from tui_reader.paths import resolve_paths

WORDS = (
    "asean myanmar junta rust compiler football recipe storm harbour election minister "
    "market river bridge council school museum garden railway summit treaty vaccine"
).split()
START = 1_600_000_000


def build(home: Path, feeds: int, items: int) -> Path:
    paths = resolve_paths(home)
    if paths.db_path.exists():
        return paths.db_path
    paths.ensure()
    rng = random.Random(1)
    with Store(paths.db_path) as store:
        for f in range(feeds):
            feed, _ = store.add_feed(f"https://feeds.example/{f}.xml", f"Feed {f:04d}")
            articles = []
            for i in range(items):
                n = f * items + i
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 400)))
                articles.append(
                    ParsedArticle(
                        guid=f"{f}-{i}",
                        title=f"{rng.choice(WORDS).title()} story {n:06d}",
                        published=START + rng.randrange(items * feeds * 60),
                        content=f"<p>{body}</p>",
                    )
                )
            store.apply_parsed(feed.id, ParsedFeed(title=f"Feed {f:04d}", articles=articles))
    return paths.db_path


def timed(call: object, *args: object, **kwargs: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = call(*args, **kwargs)  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000, result


def bench_undo(home: Path) -> None:
    with Library.open(resolve_paths(home), Config(), demo=False) as library:
        library.set_read([1, 2, 3])  # read before: must stay read after the undo
        ms, marked = timed(library.mark_view_read, ArticleQuery())
        print(f"mark-all-read: {marked:,} articles in one transaction: {ms:.0f} ms")
        ms, what = timed(library.undo)
        unread = library.unread_count(ArticleQuery())
        print(f"undo ({what}): {ms:.0f} ms; unread again: {unread:,}")
        library.undo()  # the three marked read above


def bench_cleanup(home: Path) -> None:
    from tui_reader.engine.retention import Limits, plan, reclaim, remove

    paths = resolve_paths(home)
    with Library.open(paths, Config(), demo=False) as library:
        library.mark_view_read(ArticleQuery())
    size = paths.db_path.stat().st_size
    with Store(paths.db_path) as store:
        days = (time.time() - START) / 86_400 - 35  # about half the articles are older
        ms, todo = timed(plan, store, Limits(keep_days=int(days)))
        print(f"cleanup plan: {len(todo.ids):,} read articles past the limit: {ms:.0f} ms")
        ms, removed = timed(remove, store, todo.ids)
        print(f"cleanup remove (rows + index entries, one transaction): {removed:,}: {ms:.0f} ms")
        ms, _ = timed(reclaim, store)
        after = paths.db_path.stat().st_size
        print(
            f"cleanup reclaim (optimize + VACUUM): {ms:.0f} ms; file {size / 1e6:.0f} MB "
            f"-> {after / 1e6:.0f} MB"
        )


def bench_sort(home: Path) -> None:
    from tui_reader.engine.query import SORTS

    with Store(resolve_paths(home).db_path) as store:
        for sort in SORTS:
            query = ArticleQuery(sort=sort)
            total = store.count(query)
            line = []
            for name, offset in (("top", 0), ("middle", total // 2), ("end", total - 50)):
                times = []
                for _ in range(5):
                    ms, _ = timed(store.rows, query, offset, 50, total=total)
                    times.append(ms)
                line.append(f"{name} {statistics.median(times):.1f}")
            middle = store.rows(query, total // 2, 1, total=total)[0].id
            ms_pos, _ = timed(store.position, query, middle)
            ms_next, _ = timed(store.next_unread, query, middle)
            print(
                f"sort {sort}: page of 50 (median of 5, ms): {', '.join(line)}; "
                f"position {ms_pos:.1f} ms; next unread {ms_next:.1f} ms"
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/tui-organise"))
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--items", type=int, default=1000)
    args = ap.parse_args()
    base = args.out / f"cache-{args.feeds}x{args.items}"
    started = time.perf_counter()
    db = build(base, args.feeds, args.items)
    print(f"cache: {db} ({db.stat().st_size / 1e6:.0f} MB; {time.perf_counter() - started:.0f} s)")
    work = args.out / "work"
    shutil.rmtree(work, ignore_errors=True)
    resolve_paths(work).ensure()
    shutil.copyfile(db, resolve_paths(work).db_path)
    bench_sort(work)
    bench_undo(work)
    bench_cleanup(work)


if __name__ == "__main__":
    main()
