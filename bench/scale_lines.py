"""The issue-12 lines that need their own section: peak memory at 10,000 articles (on the
refresh section's caches) and the million (bench/million.py's 1,000,000-article cache, built
once through the engine's write path and kept under OUT/scale).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bench import sections
from bench.build import build
from bench.corpus import Corpus
from bench.measures import inproc
from bench.million import SHAPES, first_screen
from bench.newsboat import Newsboat
from bench.report import Line
from bench.sections import MB, Bench, article_count, log
from bench.tuireader import TuiReader

NO_NB_MILLION = "not measured: newsboat took 92 s to its first screen at 100,000"


def memory_small(b: Bench) -> None:
    """First screen and peak memory on the 10,000-article caches of the refresh section."""
    tui = TuiReader(b.out / "work" / "tui-small")
    nb_folder = b.out / "work" / "nb-small"
    small = dataclasses.replace(
        b,
        big=b.small,
        lines=[],
        hotspots=[],
        tui_big=tui if article_count(tui.db, "articles") else None,
        nb_big=(
            Newsboat(nb_folder, (nb_folder / "urls").read_text().split())
            if b.compare and (nb_folder / "cache.db").exists()
            else None
        ),
    )
    sections.first_screen(small)
    for line in small.lines:
        if line.what.startswith("peak memory"):
            line.key = "memory_10k"
        b.add(line)
    b.hotspots += small.hotspots


def million(b: Bench) -> None:
    """The 1,000,000-article lines (the cache is built on the first run: tens of minutes)."""
    feeds, items = SHAPES["1m"]
    corpus = Corpus(feeds, items)
    folder: Path = b.out / "scale" / f"{feeds}x{items}"
    start = b.add(Line("1,000,000 articles: start to first screen", "s", "< 1 s", ("max", 1.0)))
    memory = b.add(
        Line("1,000,000 articles: peak memory, first screen", "MB", "< 150 MB", ("max", 150))
    )
    search = b.add(Line("1,000,000 articles: search, median", "ms", "< 50 ms", ("max", 50)))
    size = b.add(Line("1,000,000 articles: cache size", "MB", "reported"))
    related = b.add(Line("1,000,000 articles: related articles, median", "ms", "(info)"))
    start.key, memory.key, search.key, size.key = (
        "million_start",
        "million_memory",
        "million_search",
        "million_size",
    )
    for line in (start, memory, search, size, related):
        line.nb_na = NO_NB_MILLION
    log(f"million: building (or reusing) {folder}")
    seconds = build(folder, corpus, log=False)
    if seconds:
        size.notes.append(f"built in {seconds:.0f} s through Store.apply_parsed (no HTTP)")
    tui = TuiReader(folder)
    size.tui = tui.cache_bytes() / MB
    log("million: first screen (tmux) x3")
    start.tui, memory.tui = first_screen(tui, corpus.newest.title[:28])
    if start.tui is None:
        start.tui_na = memory.tui_na = "did not show the newest title within 120 s"
    sub = dataclasses.replace(b, big=corpus, tui_big=tui)
    for line, what in ((search, "search"), (related, "related")):
        log(f"million: {what} (in-process)")
        res = inproc(sub, what, 1800)
        if "error" in res:
            line.tui_na = res["error"]
            continue
        line.tui = res["median_ms"]
        line.notes.append(f"p95 {res['p95_ms']:.1f} ms over {res['n']}")
        if what == "related" and res.get("first_ms") is not None:
            line.notes.append(f"the first after start {res['first_ms']:.1f} ms")
