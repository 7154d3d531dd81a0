"""The million: how tui-reader's costs grow from 10,000 to 100,000 to 1,000,000 articles.

    python bench/million.py [--sizes 10k,100k,1m] [--out bench/out/scale]

Each cache is built once through the engine's own write path (bench/build.py: the corpus's
feeds as parsed documents into `Store.apply_parsed`, no HTTP) and kept under OUT for the next
run. For each size: start to first screen in a real terminal (tmux, median of 3) and the peak
memory there, search and related articles (in-process, bench/inproc.py), listing the unread
articles (`tui-reader unread > /dev/null`), the cache's size. Prints a table of the values and
how each grew, and writes OUT/million.md.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.build import build
from bench.corpus import Corpus
from bench.measures import inproc
from bench.screen import TmuxScreen
from bench.sections import Bench, log
from bench.tuireader import ROOT, TuiReader

HERE = Path(__file__).resolve().parent
MB = 1024 * 1024
SHAPES = {"10k": (100, 100), "100k": (1000, 100), "1m": (1000, 1000)}


@dataclass
class Row:
    what: str
    unit: str
    target: str = ""
    limit: float | None = None  # the target, at 1,000,000
    values: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def first_screen(tui: TuiReader, needle: str, runs: int = 3) -> tuple[float | None, float | None]:
    """Median seconds to the newest title on screen, and the highest peak memory (MB)."""
    times, peaks = [], []
    with TmuxScreen(socket="tui-reader-million") as scr:
        for _ in range(runs):
            shown = scr.start_and_wait(
                tui.ui_command(), needle, timeout=120, env=tui.ui_env(), cwd=ROOT
            )
            scr.quit("q", timeout=60)
            if shown.seconds is None or shown.peak_rss_mb is None:
                log(f"first screen failed: {shown.screen[-200:]!r}")
                return None, None
            times.append(shown.seconds)
            peaks.append(shown.peak_rss_mb)
    return statistics.median(times), max(peaks)


def measure(size: str, corpus: Corpus, folder: Path, rows: dict[str, Row]) -> None:
    tui = TuiReader(folder)
    log(f"{size}: building (or reusing) {corpus.total:,} articles in {folder}")
    build(folder, corpus, log=False)
    built = folder / "build-seconds.txt"
    rows["build"].values[size] = float(built.read_text()) if built.exists() else None
    rows["size"].values[size] = tui.cache_bytes() / MB
    log(f"{size}: first screen (tmux) x3")
    start, peak = first_screen(tui, corpus.newest.title[:28])
    rows["start"].values[size], rows["memory"].values[size] = start, peak
    b = Bench(folder, False, False, False, corpus, corpus, tui_big=tui)
    for key, what in (("search", "search"), ("related", "related")):
        log(f"{size}: {what} (in-process)")
        res = inproc(b, what, 900)
        if "error" in res:
            rows[key].notes.append(f"{size}: {res['error']}")
            continue
        rows[key].values[size] = res["median_ms"]
        if key == "related":
            rows["related_first"].values[size] = res.get("first_ms")
            rows["precision"].values[size] = 100 * (res.get("precision") or 0)
    log(f"{size}: unread > /dev/null")
    run = tui.unread(timeout=1800)
    rows["unread"].values[size] = run.seconds if run.error is None else None


def table(rows: dict[str, Row], sizes: list[str]) -> str:
    fmt: dict[str, Callable[[float], str]] = {
        "s": lambda v: f"{v:.2f} s",
        "ms": lambda v: f"{v:.1f} ms",
        "MB": lambda v: f"{v:,.0f} MB" if v >= 100 else f"{v:.1f} MB",
        "%": lambda v: f"{v:.0f} %",
    }
    names = {"10k": "10,000", "100k": "100,000", "1m": "1,000,000"}
    head = " | ".join(names[s] for s in sizes)
    grow = [f"x{a}->{b}" for a, b in itertools.pairwise(sizes)]
    out = [
        f"| what | {head} | {' | '.join(grow)} | target at 1,000,000 | ok? |",
        "|---|" + "---:|" * (len(sizes) + len(grow)) + "---|---|",
    ]
    for row in rows.values():
        cells = [fmt[row.unit](v) if (v := row.values.get(s)) is not None else "n/a" for s in sizes]
        ratios = []
        for a, b in itertools.pairwise(sizes):
            va, vb = row.values.get(a), row.values.get(b)
            ratios.append(f"{vb / va:.1f}x" if va and vb and row.unit != "%" else "")
        last = row.values.get("1m")
        ok = "" if row.limit is None or last is None else ("yes" if last < row.limit else "**NO**")
        out.append(
            f"| {row.what} | {' | '.join(cells)} | {' | '.join(ratios)} | {row.target} | {ok} |"
        )
    notes = [n for row in rows.values() for n in row.notes]
    return "\n".join(out + ([""] + [f"- {n}" for n in notes] if notes else [])) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1m")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "scale")
    args = ap.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s in SHAPES]
    rows = {
        "build": Row("build the cache (engine write path, no HTTP)", "s"),
        "size": Row("cache file (cache.db + WAL)", "MB", "reported"),
        "start": Row("start to first screen (tmux, median of 3)", "s", "< 1 s", 1.0),
        "memory": Row("peak memory, first screen", "MB", "< 150 MB", 150),
        "search": Row("search, median of 30 words (top 50, ranked)", "ms", "< 50 ms", 50),
        "related": Row("related articles, median of 30", "ms", "(< 30 ms at 100k)"),
        "related_first": Row("related articles, the first after start", "ms", "(info)"),
        "precision": Row("related articles: same-topic precision", "%", "(info)"),
        "unread": Row("list every unread article (`unread > /dev/null`)", "s", "(info)"),
    }
    for size in sizes:
        feeds, items = SHAPES[size]
        measure(size, Corpus(feeds, items), args.out / f"{feeds}x{items}", rows)
    text = "# tui-reader from 10,000 to 1,000,000 articles\n\n" + table(rows, sizes)
    (args.out / "million.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
