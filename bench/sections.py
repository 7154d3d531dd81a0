"""The benchmark's sections: each measures both programs and appends Lines to the report.

A section never raises for a broken program: the value becomes n/a with the reason. Every
subprocess has a timeout; the servers stop by themselves.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import profiles
from bench.corpus import Corpus
from bench.newsboat import Newsboat
from bench.report import Line
from bench.screen import FirstScreen, TmuxScreen
from bench.server import CorpusServer
from bench.tuireader import ROOT, TuiReader

MB = 1024 * 1024
_T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[{time.monotonic() - _T0:7.1f} s] {msg}", file=sys.stderr, flush=True)


@dataclass
class Bench:
    out: Path
    quick: bool
    compare: bool  # newsboat installed and wanted
    profile: bool
    small: Corpus
    big: Corpus
    lines: list[Line] = field(default_factory=list)
    hotspots: list[str] = field(default_factory=list)
    tui_big: TuiReader | None = None
    nb_big: Newsboat | None = None

    def add(self, line: Line) -> Line:
        self.lines.append(line)
        return line

    def profiled(self, line: Line, title: str, run: Callable[[Path], None]) -> None:
        """Profile tui-reader's side of a line that missed its target."""
        if not self.profile or line.ok is not False:
            return
        folder = self.out / "profiles"
        folder.mkdir(parents=True, exist_ok=True)
        slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
        dump = folder / slug  # the profiler adds .raw (py-spy) or .prof (cProfile)
        for old in folder.glob(f"{slug}.*"):
            old.unlink()
        log(f"profiling: {title}")
        try:
            run(dump)
            made = [p for p in (dump.with_suffix(".raw"), dump.with_suffix(".prof")) if p.exists()]
            if made:
                self.hotspots += profiles.write_summary(made[0], title, dump.with_suffix(".txt"))
                self.hotspots.append("")
        except Exception as exc:  # a profile is a bonus, never a reason to stop
            log(f"profile of {title} failed: {exc}")


def article_count(db: Path, table: str) -> int | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return None


def _counts_note(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('requests', 0)} requests: {counts.get('200', 0)} x 200, "
        f"{counts.get('304', 0)} x 304, over {counts.get('connections', 0)} connections"
    )


def _times_note(who: str, times: list[float]) -> str:
    shown = ", ".join(f"{t:.2f}" for t in times)
    return f"{who} median of {len(times)} runs ({shown} s)"


def _tui_refresh(
    line: Line,
    tui: TuiReader,
    srv: CorpusServer,
    reps: int,
    prepare: Callable[[], str | None] | None = None,
    timeout: float = 900,
) -> None:
    """tui-reader's `refresh`, `reps` times (each after `prepare`, untimed); the median counts."""
    times = []
    for _ in range(reps):
        if prepare is not None and (why := prepare()):
            line.tui_na = why
            return
        srv.reset_counts()
        run = tui.refresh(timeout=timeout)
        if run.returncode not in (0, 1):  # 1: some feeds failed; the time still counts
            line.tui_na = run.error or "failed"
            return
        if run.returncode == 1:
            line.notes.append(f"tui-reader reported failed feeds: {run.error}")
        times.append(run.seconds)
    line.tui = statistics.median(times)
    line.notes.append(f"tui-reader {_counts_note(srv.counts())}")
    if reps > 1:
        line.notes.append(_times_note("tui-reader", times))


def _nb_reload(
    line: Line,
    nb: Newsboat,
    srv: CorpusServer,
    reps: int,
    prepare: Callable[[], None] | None = None,
    timeout: float = 900,
) -> None:
    times = []
    for _ in range(reps):
        if prepare is not None:
            prepare()
        srv.reset_counts()
        run = nb.reload(timeout=timeout)
        if run.returncode != 0:
            line.nb_na = run.output.splitlines()[-1][:120] if run.output else "failed"
            return
        times.append(run.seconds)
    line.nb = statistics.median(times)
    line.notes.append(f"newsboat {_counts_note(srv.counts())}")
    if reps > 1:
        line.notes.append(_times_note("newsboat", times))


# -- 1 + 2: cold and warm refresh of the small corpus ------------------------------------------
def refresh_small(b: Bench, reps: int = 3) -> None:
    c = b.small
    label = f"{c.feeds}x{c.items}"
    tui = TuiReader(b.out / "work" / "tui-small")
    cold = b.add(
        Line(f"cold refresh {label}", "s", ">= 1.5x faster than newsboat", ("speedup", 1.5))
    )
    nb1 = b.add(Line(f"cold refresh {label}, newsboat 1 thread", "s"))
    warm = b.add(
        Line(f"warm refresh {label} (all 304)", "s", ">= 5x faster than newsboat", ("speedup", 5))
    )
    with CorpusServer(c, idle=600, life=4 * 3600) as srv:

        def fresh() -> str | None:
            tui.reset()
            sub = tui.subscribe(srv.urls())
            return f"add failed: {sub.error}" if sub.error else None

        log(f"tui-reader: cold refresh {label} x{reps} (each from a fresh data dir)")
        _tui_refresh(cold, tui, srv, reps, fresh)
        if cold.tui is None:
            warm.tui_na = cold.tui_na
        else:
            n = article_count(tui.db, "articles")
            cold.notes.append(f"tui-reader stored {n} articles (corpus {c.total} + demo)")
            log(f"tui-reader: warm refresh x{reps}")
            _tui_refresh(warm, tui, srv, reps)
        if b.compare:
            nb = Newsboat(b.out / "work" / "nb-small", srv.urls())
            for threads, line in ((1, nb1), (8, cold)):
                log(f"newsboat: cold reload {label}, {threads} thread(s) x{reps}")
                nb.set_threads(threads)
                _nb_reload(line, nb, srv, reps, nb.reset)
            # newsboat 2.21 stores a feed's ETag only from its second fetch on (the first
            # UPDATE runs before the feed's row exists), so one more reload primes it.
            log(f"newsboat: priming reload, then warm reload x{reps}")
            nb.reload(timeout=600)
            _nb_reload(warm, nb, srv, reps)
            nb1.notes.append(f"newsboat stored {nb.item_count()} items")
        else:
            for line in (cold, nb1, warm):
                line.nb_na = "skipped"
        b.profiled(cold, f"cold refresh {label}", lambda dump: _profile_cold(tui, srv, dump))
        b.profiled(warm, f"warm refresh {label}", lambda dump: _profile_warm(tui, dump))


def _profile_cold(tui: TuiReader, srv: CorpusServer, dump: Path) -> None:
    prof = TuiReader(tui.data_dir.with_name("tui-profile"))
    prof.reset()
    prof.subscribe(srv.urls())
    prof.refresh(timeout=900, profile=dump)


def _profile_warm(tui: TuiReader, dump: Path) -> None:
    tui.refresh(timeout=900, profile=dump)


# -- 3: the 100,000-article cache ------------------------------------------------------------------
def build_big(b: Bench) -> None:
    c = b.big
    label = f"{c.feeds}x{c.items}"
    tui = TuiReader(b.out / "work" / "tui-big")
    build = b.add(
        Line(
            f"build cache: cold refresh {label}",
            "s",
            "faster than newsboat (8 threads)",
            ("below_nb", 1),
        )
    )
    size = b.add(
        Line(f"cache file at {c.total:,} articles", "MB", "below newsboat's", ("below_nb", 1))
    )
    folder = b.out / f"corpus-{label}"
    log(f"corpus {label}: writing files to {folder} (kept for the next run)")
    c.write(folder)
    with CorpusServer(c, idle=900, life=4 * 3600, folder=folder) as srv:
        log(f"tui-reader: subscribing to {label}")
        tui.reset()
        sub = tui.subscribe(srv.urls())
        if sub.error:
            build.tui_na = size.tui_na = f"add failed: {sub.error}"
        else:
            log(f"tui-reader: refresh {label} (builds the {c.total:,}-article cache)")
            _tui_refresh(build, tui, srv, 1, timeout=1800)
            n = article_count(tui.db, "articles")
            build.notes.append(f"tui-reader stored {n} articles")
            if n:
                size.tui = tui.cache_bytes() / MB
                b.tui_big = tui
            else:
                size.tui_na = "no articles stored"
        if b.compare:
            nb = Newsboat(b.out / "work" / "nb-big", srv.urls(), threads=8)
            log(f"newsboat: reload {label} (slow: minutes)")
            nb.reset()
            _nb_reload(build, nb, srv, 1, timeout=3600)
            if build.nb is not None:
                build.notes.append(f"newsboat stored {nb.item_count()} items")
                size.nb = nb.cache_bytes() / MB
                b.nb_big = nb
            else:
                size.nb_na = build.nb_na
        else:
            build.nb_na = size.nb_na = "skipped"


def reuse_small_as_big(b: Bench) -> None:
    """--quick: the small corpus's caches stand in for the large ones."""
    b.big = b.small
    tui = TuiReader(b.out / "work" / "tui-small")
    size = b.add(
        Line(f"cache file at {b.small.total:,} articles", "MB", "below newsboat's", ("below_nb", 1))
    )
    if article_count(tui.db, "articles"):
        b.tui_big = tui
        size.tui = tui.cache_bytes() / MB
    else:
        size.tui_na = "no cache"
    nb_folder = b.out / "work" / "nb-small"
    if b.compare and (nb_folder / "cache.db").exists():
        b.nb_big = Newsboat(nb_folder, (nb_folder / "urls").read_text().split())
        size.nb = b.nb_big.cache_bytes() / MB
    else:
        size.nb_na = "skipped" if not b.compare else "no cache"


# -- 4 + 5: first screen, peak memory, print-unread -----------------------------------------------
def first_screen(b: Bench) -> None:
    n = f"{b.big.total:,}"
    start = b.add(Line(f"start to first screen, {n} cached", "s", "< 1 s", ("max", 1.0)))
    mem = b.add(
        Line(f"peak memory (first screen), {n} cached", "MB", "below newsboat's", ("below_nb", 1))
    )
    needle = b.big.newest.title[:28]
    start.notes.append(
        f"tui-reader: until the newest title ({needle!r}) shows; newsboat: "
        "until its feed list shows (its first screen lists feeds, not articles)"
    )
    with TmuxScreen() as scr:
        if b.tui_big is None:
            start.tui_na = mem.tui_na = "no cache"
        else:
            log("tui-reader: start to first screen (tmux) x3")
            times, peaks = [], []
            for _ in range(3):
                shown = scr.start_and_wait(
                    b.tui_big.ui_command(), needle, timeout=120, env=b.tui_big.ui_env(), cwd=ROOT
                )
                if not scr.quit("q"):
                    start.notes.append("tui-reader did not quit on q within 15 s")
                if shown.seconds is None or shown.peak_rss_mb is None:
                    break
                times.append(shown.seconds)
                peaks.append(shown.peak_rss_mb)
            _screen_result(b, start, mem, shown, "tui", is_tui=True)
            if len(times) == 3:
                start.tui, mem.tui = statistics.median(times), max(peaks)
                start.notes.append(_times_note("tui-reader", times) + "; memory: the highest")
            b.profiled(
                start, "start to first screen", lambda dump: _profile_start(b.tui_big, needle, dump)
            )
        if b.nb_big is None:
            start.nb_na = mem.nb_na = "skipped" if not b.compare else "no cache"
        else:
            log("newsboat: start to first screen (tmux; slow at 100k)")
            shown = scr.start_and_wait(
                b.nb_big.ui_command(),
                b.big.feed_title(0),
                timeout=1200,
                env=b.nb_big.ui_env(),
                cwd=b.nb_big.folder,
            )
            _screen_result(b, start, mem, shown, "newsboat", is_tui=False)
            scr.quit("q", timeout=120)


def _screen_result(
    b: Bench, start: Line, mem: Line, shown: FirstScreen, name: str, is_tui: bool
) -> None:
    (b.out / f"screen-{name}.txt").write_text(shown.screen)
    if shown.seconds is None:
        why = "exited" if shown.exited else "timed out"
        last = [ln for ln in shown.screen.splitlines() if ln.strip()][-1:] or [""]
        reason = f"{why}; screen in screen-{name}.txt: {last[0].strip()[:80]}"
        if is_tui:
            start.tui_na = mem.tui_na = reason
        else:
            start.nb_na = mem.nb_na = reason
        return
    if is_tui:
        start.tui, mem.tui = shown.seconds, shown.peak_rss_mb
    else:
        start.nb, mem.nb = shown.seconds, shown.peak_rss_mb


def _profile_start(tui: TuiReader | None, needle: str, dump: Path) -> None:
    if tui is None:
        return
    with TmuxScreen() as scr:
        scr.start_and_wait(
            tui.ui_command(profile=dump), needle, timeout=300, env=tui.ui_env(), cwd=ROOT
        )
        scr.quit("q", timeout=60)


def print_unread(b: Bench) -> None:
    line = b.add(
        Line(f"print unread ({b.big.total:,} cached)", "s", "faster than newsboat", ("below_nb", 1))
    )
    line.notes.append(
        "tui-reader `unread > /dev/null` (one line per article) vs `newsboat -x print-unread`"
    )
    if b.tui_big is None:
        line.tui_na = "no cache"
    else:
        log("tui-reader: unread")
        run = b.tui_big.unread(timeout=900)
        line.tui, line.tui_na = (run.seconds, "") if run.error is None else (None, run.error)
        b.profiled(
            line,
            "print unread",
            lambda dump: b.tui_big and b.tui_big.unread(timeout=900, profile=dump) and None,
        )
    if b.nb_big is None:
        line.nb_na = "skipped" if not b.compare else "no cache"
    else:
        log("newsboat: print-unread (slow at 100k)")
        run = b.nb_big.print_unread(timeout=1800)
        line.nb, line.nb_na = (run.seconds, "") if run.returncode == 0 else (None, run.output)
