"""The everyday refresh: every feed is known, and every feed answers 200 with 2 new items on
top of the 50 it had (what a reader meets every morning); plus a refresh-only run.

    python bench/everyday.py [--skip-newsboat] [--reps 3] [--out bench/out]

runs just the refresh lines (cold, newsboat with 1 thread, warm, everyday), both programs
against the same 127.0.0.1 server, and prints their table: the quick way to see the ratios
that count (each in one run) without the 10-minute full benchmark. bench/run.py runs the
everyday line through `everyday_refresh` after its own refresh section.

Each repetition starts from a fresh cache (tui-reader: a new data folder; newsboat: no
cache.db) that is filled from the 50-item documents untimed; then the server switches every
feed to its 52-item document (new ETag and Last-Modified) and the refresh that follows is
timed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import Corpus, _atom, _rss
from bench.newsboat import Newsboat
from bench.report import Line
from bench.sections import Bench, _counts_note, _times_note, log
from bench.server import CorpusServer
from bench.tuireader import TuiReader

NEW = 2  # items each feed gains


def documents(c: Corpus, new: int = NEW) -> tuple[list[bytes], list[bytes], list[int]]:
    """Per feed: the document with `c.items` items, the one with `new` newer items on top,
    and the newer one's Last-Modified (its newest item's date)."""
    grown = Corpus(c.feeds, c.items + new, c.seed)
    before, after, stamps = [], [], []
    for feed in range(c.feeds):
        items = grown.items_of(feed)  # newest first
        make = _rss if c.feed_kind(feed) == "rss" else _atom
        before.append(make(c, feed, items[new:]).encode())
        after.append(make(c, feed, items).encode())
        stamps.append(items[0].published)
    return before, after, stamps


class _Switch:
    """Serves the old documents, or the grown ones, on one server."""

    def __init__(self, srv: CorpusServer, c: Corpus) -> None:
        self.srv, self.c = srv, c
        self.before, self.after, self.stamps = documents(c)

    def old(self) -> None:
        for i, body in enumerate(self.before):
            self.srv.serve(self.c.feed_name(i), body, self.stamps[i] - 3600)

    def grown(self) -> None:
        for i, body in enumerate(self.after):
            self.srv.serve(self.c.feed_name(i), body, self.stamps[i])


def everyday_refresh(b: Bench, reps: int = 3) -> None:
    c = b.small
    label = f"{c.feeds}x{c.items}"
    line = b.add(
        Line(
            f"everyday refresh {label} (every feed 200, +{NEW} new items)",
            "s",
            ">= 2x faster than newsboat",
            ("speedup", 2),
        )
    )
    with CorpusServer(c, idle=600, life=4 * 3600) as srv:
        switch = _Switch(srv, c)
        tui = TuiReader(b.out / "work" / "tui-everyday")
        times: list[float] = []
        for _ in range(reps):
            switch.old()
            tui.reset()
            sub = tui.subscribe(srv.urls())
            first = tui.refresh(timeout=900)
            if sub.error or first.returncode != 0:
                line.tui_na = f"priming failed: {sub.error or first.error}"
                break
            switch.grown()
            srv.reset_counts()
            run = tui.refresh(timeout=900)
            if run.returncode != 0:
                line.tui_na = run.error or "failed"
                break
            times.append(run.seconds)
        if times:
            line.tui = statistics.median(times)
            line.notes.append(f"tui-reader {_counts_note(srv.counts())}")
            line.notes.append(_times_note("tui-reader", times))
        if not b.compare:
            line.nb_na = "skipped"
            return
        nb = Newsboat(b.out / "work" / "nb-everyday", srv.urls(), threads=8)
        times = []
        for _ in range(reps):
            switch.old()
            nb.reset()
            nb.reload(timeout=900)
            switch.grown()
            srv.reset_counts()
            run = nb.reload(timeout=900)
            if run.returncode != 0:
                line.nb_na = run.output.splitlines()[-1][:120] if run.output else "failed"
                return
            times.append(run.seconds)
        line.nb = statistics.median(times)
        line.notes.append(f"newsboat {_counts_note(srv.counts())}")
        line.notes.append(_times_note("newsboat", times))


def main(argv: list[str] | None = None) -> int:
    from bench import newsboat, sections
    from bench.report import markdown

    ap = argparse.ArgumentParser(description="the refresh lines only: cold, warm, everyday")
    ap.add_argument("--skip-newsboat", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = ap.parse_args(argv)
    version = None if args.skip_newsboat else newsboat.ensure_installed()
    small = Corpus(200, 50)
    b = Bench(args.out, True, version is not None, False, small, small)
    log("refresh: cold and warm")
    sections.refresh_small(b, args.reps)
    log("refresh: everyday")
    everyday_refresh(b, args.reps)
    print(markdown(b.lines, f"# refresh lines, {version or 'newsboat not run'}\n"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
