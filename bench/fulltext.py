"""Full text through tui-reader's whole path: quality, time, memory and cache size.

    python bench/fulltext.py [--pages DIR] [--entries 200]

1. Quality: each of Mozilla's Reader View test pages (../shared/extraction/readability-
   test-pages) is served from 127.0.0.1; a feed links to them, with the page's expected
   title and excerpt as each item's title and summary. `add --full-text`, `refresh`, then
   `show ID --json`'s `text` is scored against expected.html exactly as bench/extraction.py
   scores the extractor alone (word 4-gram F1; a refused page scores the feed's text).
   The reader's own annotations are not page text, so they are taken out before scoring
   (link numbers "[3]" after a link, "[image 2 → host: alt]" lines); the F1 with them in is
   printed too: their digits break word 4-grams (0.906 against 0.957 on the 130 pages).
2. Time per page: a fresh cache holding the same entries (full text "never"), whose pages
   are then fetched one at a time through the engine (fetch from 127.0.0.1, extraction in
   the warm worker pool, sanitise, store), each timed; beside the extractor alone in-process.
3. A refresh of N summary-only entries (the test pages, cycled) in a `tui-reader refresh`
   process, with and without full text: wall time, and the peak of the whole process tree's
   resident memory (main process, fork server and workers; /proc sampled every 20 ms).
4. Cache growth per 1,000 full-text articles: the cache file of (3) with full text minus
   without, scaled.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import PAGES, Page, measure, pages, score, wrapper_text
from tests.feedserver import FeedServer

_LINK_NUMBER = re.compile(r"\[\d+\]")
_IMAGE_LINE = re.compile(r"^\[image \d+[^\n]*\]$", re.MULTILINE)


def page_text(shown: str) -> str:
    """`show --json` text without the reader's annotations (link numbers, image lines)."""
    return _IMAGE_LINE.sub("", _LINK_NUMBER.sub("", shown))


ROOT = Path(__file__).resolve().parents[1]


def serve(server: FeedServer, corpus: list[Page], entries: int, path: str = "/feed.xml") -> None:
    """The pages at /p/<n>.html, and a feed of `entries` items linking to them (cycled)."""
    for n, page in enumerate(corpus):
        server.add(f"/p/{n}.html", page.source, content_type="text/html")
    items = []
    for i in range(entries):
        n = i % len(corpus)
        page = corpus[n]
        items.append(
            f"<item><title>{escape(page.title or page.name)}</title><guid>{i}</guid>"
            f"<link>{server.url(f'/p/{n}.html')}</link>"
            f"<description>{escape(page.excerpt)}</description></item>"
        )
    doc = '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
    server.add(path, (doc + "".join(items) + "</channel></rss>").encode())


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def article_ids(home: Path) -> dict[int, int]:
    """guid (the entry's number) -> article id."""
    import sqlite3

    (db,) = home.rglob("*.db")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT key, id FROM articles").fetchall()
    return {int(key[2:]): article_id for key, article_id in rows}


def quality(corpus: list[Page], work: Path) -> tuple[list[float], list[float], float]:
    """F1 per page through add --full-text / refresh / show --json (annotations out, and
    in); and the refresh's time."""
    home = work / "quality"
    with FeedServer() as server:
        serve(server, corpus, len(corpus))
        cli(home, "add", "--no-fetch", "--full-text", server.url("/feed.xml"))
        started = time.perf_counter()
        cli(home, "refresh")
        seconds = time.perf_counter() - started
    f1, raw = [], []
    for n, article_id in sorted(article_ids(home).items()):
        shown = json.loads(cli(home, "show", str(article_id), "--json").stdout).get("text", "")
        f1.append(score(page_text(shown), corpus[n].expected_text).f1)
        raw.append(score(shown, corpus[n].expected_text).f1)
    return f1, raw, seconds


def page_times(corpus: list[Page], work: Path) -> list[float]:
    """Seconds per page, one page at a time through the engine with warm workers."""
    from tui_reader.engine.extract_pool import ExtractPool
    from tui_reader.engine.pages import PageFetcher, make_page_client, page_limits
    from tui_reader.engine.refresh import RefreshOptions
    from tui_reader.engine.runs import Writer

    home = work / "times"
    with FeedServer() as server:
        serve(server, corpus, len(corpus))
        cli(home, "add", "--no-fetch", "--full-text=never", server.url("/feed.xml"))
        cli(home, "refresh")
        (db,) = home.rglob("*.db")
        ids = [article_ids(home)[n] for n in range(len(corpus))]

        async def run() -> list[float]:
            options = RefreshOptions()
            write = Writer(asyncio.get_running_loop())
            store = await write.open(db)
            jobs = await write(store.page_jobs, ids)
            seconds = []
            async with make_page_client(page_limits(options), 8) as client, ExtractPool() as pool:
                fetcher = PageFetcher(client, pool, write, options, None)
                await fetcher.fetch(jobs[0])  # start the workers: not a page's cost
                for job in jobs:
                    started = time.perf_counter()
                    await fetcher.fetch(job)
                    seconds.append(time.perf_counter() - started)
            await write.close()
            return seconds

        return asyncio.run(run())


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants now (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(") ", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def timed_refresh(home: Path) -> tuple[float, int]:
    """(seconds, peak tree RSS bytes) of `tui-reader refresh` in its own process."""
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "refresh"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, tree_rss(proc.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return seconds, peak


def cache_bytes(home: Path) -> int:
    import sqlite3

    (db,) = home.rglob("*.db")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def refresh_cost(corpus: list[Page], work: Path, entries: int) -> dict[str, tuple[float, int, int]]:
    """mode -> (seconds, peak RSS, cache bytes) for a refresh of `entries` entries."""
    out = {}
    for mode in ("never", "always"):
        home = work / f"refresh-{mode}"
        with FeedServer() as server:
            serve(server, corpus, entries)
            cli(home, "add", "--no-fetch", f"--full-text={mode}", server.url("/feed.xml"))
            seconds, peak = timed_refresh(home)
        out[mode] = (seconds, peak, cache_bytes(home))
    return out


def ms_row(name: str, f1: list[float], seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"| {name} | {statistics.fmean(f1):.3f} | {statistics.median(ms):.1f} | {p95:.1f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--entries", type=int, default=200)
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"no test pages at {args.pages}", file=sys.stderr)
        return 1
    corpus = list(pages(args.pages))
    alone_scores, alone_seconds = measure(wrapper_text, corpus)
    alone_f1 = [s.f1 for s in alone_scores]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path_f1, raw_f1, refresh_seconds = quality(corpus, work)
        times = page_times(corpus, work)
        cost = refresh_cost(corpus, work, args.entries)
    print(f"{len(corpus)} pages; word 4-gram F1 averaged over pages; ms per page\n")
    print("| path | F1 | median ms | p95 ms |\n| --- | --- | --- | --- |")
    print(ms_row("extract_article alone (in-process)", alone_f1, alone_seconds))
    print(ms_row("tui-reader: 127.0.0.1 -> worker -> store -> show --json", path_f1, times))
    print(ms_row("the same, reader annotations left in the text", raw_f1, times))
    gap = statistics.fmean(path_f1) - statistics.fmean(alone_f1)
    print(f"\nF1 difference (path - alone): {gap:+.4f}")
    print(
        f"refresh of {len(corpus)} full-text pages (add --full-text; refresh): "
        f"{refresh_seconds:.1f} s\n"
    )
    print(f"| refresh of {args.entries} summary-only entries | time s | peak RSS MB | cache MB |")
    print("| --- | --- | --- | --- |")
    for mode, label in (("never", "without full text"), ("always", "with full text")):
        seconds, peak, size = cost[mode]
        print(f"| {label} | {seconds:.1f} | {peak / 1e6:.0f} | {size / 1e6:.2f} |")
    growth = (cost["always"][2] - cost["never"][2]) / args.entries * 1000
    print(f"\ncache growth per 1,000 full-text articles: {growth / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
