"""Sections 6-9: tui-reader's engine, content layer and app measured in-process at scale.

Each measure runs in a child process (bench/inproc.py) with a timeout; newsboat's search is
its own LIKE query on its cache file.
"""

from __future__ import annotations

import json
import statistics
import subprocess
from pathlib import Path

from bench.report import Line
from bench.sections import Bench, log
from bench.tuireader import ROOT, python, with_profiler


# -- 6-9: in-process measures ----------------------------------------------------------------
def inproc(b: Bench, what: str, timeout: float, profile: Path | None = None) -> dict:
    if b.tui_big is None:
        return {"error": "no cache"}
    argv = [
        python(),
        "-m",
        "bench.inproc",
        what,
        "--data-dir",
        str(b.tui_big.data_dir),
        "--feeds",
        str(b.big.feeds),
        "--items",
        str(b.big.items),
    ]
    if profile:
        argv = with_profiler(argv, profile)
    try:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": last[:160]}


def _ms_line(b: Bench, line: Line, what: str, timeout: float) -> dict:
    log(f"tui-reader: {what} (in-process)")
    res = inproc(b, what, timeout)
    if "error" in res:
        line.tui_na = res["error"]
    else:
        line.tui = res["median_ms"]
        line.notes.append(
            f"tui-reader p95 {res['p95_ms']:.1f} ms, max {res['max_ms']:.1f} ms over {res['n']}"
        )
    b.profiled(line, line.what, lambda dump: inproc(b, what, timeout, dump) and None)
    return res


def engine_measures(b: Bench) -> None:
    n = f"{b.big.total:,}"
    search = b.add(Line(f"search at {n}, median per query", "ms", "< 20 ms, ranked", ("max", 20)))
    res = _ms_line(b, search, "search", 600)
    if "mean_hits" in res:
        search.notes.append(
            f"tui-reader mean {res['mean_hits']:.0f} hits (limit 50), ranked; "
            "newsboat: LIKE on title+content over its cache.db, all hits by date"
        )
    if b.nb_big is None:
        search.nb_na = "skipped" if not b.compare else "no cache"
    else:
        log("newsboat: search (LIKE) on its cache")
        times = b.nb_big.search_seconds(b.big.search_words(30))
        search.nb = statistics.median(times) * 1000

    filtered = b.add(
        Line(f"search inside a filtered view at {n}, median", "ms", "< 20 ms", ("max", 20))
    )
    filtered.key = "search_filtered"
    res = _ms_line(b, filtered, "filtered", 600)
    filtered.nb_na = "not measured"
    if "views" in res:
        filtered.notes.append(f"tui-reader medians by view: {res['views']}")

    related = b.add(
        Line(f"related articles at {n}, median", "ms", "< 30 ms, whole cache", ("max", 30))
    )
    res = _ms_line(b, related, "related", 600)
    related.nb_na = "none in newsboat"
    first = b.add(
        Line(f"related articles at {n}: the first after start", "ms", "< 30 ms", ("max", 30))
    )
    first.nb_na = "none in newsboat"
    first.tui = res.get("first_ms")
    first.tui_na = "" if first.tui is not None else res.get("error", "no result")
    first.notes.append("a fresh process: new connection, no document counts, cold caches")
    if res.get("precision") is not None:
        prec = b.add(Line("related articles: same-topic precision", "%", "(info)"))
        prec.tui = 100 * res["precision"]
        prec.nb_na = "none in newsboat"
        prec.notes.append(f"mean {res['mean_returned']:.1f} related shown per article")

    opened = b.add(Line("open an article (seed story), median", "ms", "< 20 ms", ("max", 20)))
    res = _ms_line(b, opened, "open", 300)
    opened.nb_na = "not measured"
    if "first_ms" in res:
        opened.notes.append(f"first open {res['first_ms']:.1f} ms (cold imports and caches)")

    frame_lines(b, n)


def frame_lines(b: Bench, n: str) -> None:
    """Key presses in the app: cursor, whole screen, held key; a Textual floor for scale."""
    log("tui-reader: key presses in the app (in-process, headless)")
    res = inproc(b, "frames", 900)
    specs = [
        ("j", "first", f"list j at {n}: key -> cursor moved, median", "< 16 ms (1 frame)", 16),
        ("j", "reader", f"list j at {n}: key -> article in reader, median", "< 50 ms", 50),
        ("j_rest", "settled", f"list j at {n}: key -> related shown too, median", "(info)", None),
        ("G", "first", f"list G (to the last of {n}): key -> cursor moved", "< 16 ms", 16),
        ("G", "reader", "list G: key -> article in reader", "< 50 ms", 50),
    ]
    lines = []
    for key, kind, what, target, limit in specs:
        ln = b.add(Line(what, "ms", target, ("max", limit) if limit else None))
        ln.nb_na = "not measured"
        lines.append(ln)
        k = res.get("keys", {}).get(key)
        if "error" in res or not k:
            ln.tui_na = res.get("error", f"no {key} result")
            continue
        ln.tui = k[kind]["median_ms"]
        ln.notes.append(
            f"p95 {k[kind]['p95_ms']:.1f} ms over {k['n']} presses; CPU per key median "
            f"{k['cpu']['median_ms']:.1f} ms"
        )
        if kind == "settled" and res.get("related_delay"):
            ln.notes.append(
                f"includes the app's deliberate {1000 * res['related_delay']:.0f} ms rest "
                "(RELATED_DELAY) before it ranks related articles"
            )
    hold = b.add(
        Line(
            "hold j (30 repeats at 30/s): last key -> article in reader",
            "ms",
            "< 50 ms",
            ("max", 50),
        )
    )
    hold.nb_na = "not measured"
    lines.append(hold)
    if "hold" in res.get("keys", {}):
        hold.tui = res["keys"]["hold"]["lag_ms"]
        hold.notes.append(
            "median of 3 holds; until the whole screen settles (related pane too): "
            f"{res['keys']['hold']['settle_ms']:.0f} ms"
        )
    else:
        hold.tui_na = res.get("error", "no result")
    if "floor" in res:
        floor = res["floor"]
        hold.notes.append(
            "floor, a one-label Textual app: key -> update median "
            f"{floor['first']['median_ms']:.1f} ms, CPU {floor['cpu']['median_ms']:.1f} ms"
        )
    missed = next((ln for ln in lines if ln.ok is False), None)
    if missed is not None:
        b.profiled(
            missed, "key presses in the list", lambda dump: inproc(b, "frames", 900, dump) and None
        )
