"""A day left running, compressed: the app in a real terminal refreshing itself every minute.

    python bench/dayrun.py [--minutes 8] [--feeds 50] [--out bench/out/dayrun]

The app runs in tmux (not --offline) with `refresh_interval = 1` against FEEDS feeds on a
127.0.0.1 server. Each feed gains 2 items once every feed has been fetched in the current
round, so every refresh has new articles to store. Sampled from outside, after each refresh:
the articles in the cache (every refresh must land: 2 more per feed each round), the app's
resident memory (VmRSS of the app and its worker processes), its open file descriptors and
its worker processes; after `q`, none of those workers may be alive. Prints a report and
writes OUT/dayrun.md.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import Corpus, _atom, _rss
from bench.screen import TmuxScreen, _children
from bench.server import CorpusServer, _Doc
from bench.tuireader import ROOT, TuiReader

HERE = Path(__file__).resolve().parent
BASE_ITEMS = 20  # items each feed has at the first refresh
GAIN = 2  # items each feed gains per round


class GrowingServer(CorpusServer):
    """The corpus server, whose feeds gain GAIN items once all were fetched in a round."""

    def __init__(self, corpus: Corpus, rounds: int) -> None:
        self.pool = Corpus(corpus.feeds, BASE_ITEMS + GAIN * rounds)
        self._items = [self.pool.items_of(i) for i in range(corpus.feeds)]
        self.round = 0
        self._asked: set[str] = set()
        super().__init__(corpus, idle=900, life=4 * 3600)
        self._publish()
        handler = self._srv.RequestHandlerClass
        original = handler._answer  # type: ignore[attr-defined]
        server = self

        def answer(this: object, head: bool) -> None:
            original(this, head)
            server._seen(this.path.split("?", 1)[0])  # type: ignore[attr-defined]

        handler._answer = answer  # type: ignore[attr-defined]

    def expected(self, rounds_done: int) -> int:
        """Corpus articles in the cache once `rounds_done` refreshes have landed."""
        return self.corpus.feeds * (BASE_ITEMS + GAIN * (rounds_done - 1)) if rounds_done else 0

    def _publish(self) -> None:
        shown = BASE_ITEMS + GAIN * self.round
        for feed, items in enumerate(self._items):
            visible = items[len(items) - shown :]  # the oldest first; each round adds newer
            make = _rss if self.corpus.feed_kind(feed) == "rss" else _atom
            body = make(self.pool, feed, visible).encode()
            self._srv.docs["/" + self.corpus.feed_name(feed)] = _Doc(body, visible[0].published)

    def _seen(self, path: str) -> None:
        with self._srv.lock:
            self._asked.add(path)
            if len(self._asked) >= self.corpus.feeds:
                self._asked = set()
                self.round += 1
                self._publish()


@dataclass
class Sample:
    at: float  # seconds since the app started
    refreshes: int  # refreshes landed (from the cache)
    articles: int
    rss_mb: float
    fds: int
    workers: int


def _status(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _fds(pid: int) -> int:
    try:
        return len(list(Path(f"/proc/{pid}/fd").iterdir()))
    except OSError:
        return 0


def corpus_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(
                "SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id "
                "WHERE f.url LIKE 'http://127.0.0.1:%'"
            ).fetchone()[0]
    except sqlite3.Error:
        return -1


def run(minutes: float, feeds: int, out: Path) -> str:
    corpus = Corpus(feeds, BASE_ITEMS)
    rounds = int(minutes) + 3
    tui = TuiReader(out / "home")
    tui.reset()
    (tui.data_dir / "config.toml").write_text("refresh_interval = 1\n")
    samples: list[Sample] = []
    seen_workers: set[int] = set()
    with GrowingServer(corpus, rounds) as srv, TmuxScreen(socket="tui-reader-dayrun") as scr:
        sub = tui.subscribe(srv.urls())
        if sub.error:
            return f"subscribing failed: {sub.error}"
        argv = " ".join(tui.argv())
        shown = scr.start_and_wait(argv, "All", timeout=60, env=tui.ui_env(), cwd=ROOT)
        pid, _ = scr.pane()
        if shown.seconds is None or pid is None:
            return f"the app did not start: {shown.screen[-300:]}"
        started = time.monotonic()
        landed = 0
        while time.monotonic() - started < minutes * 60:
            time.sleep(2)
            count = corpus_articles(tui.db)
            while count >= srv.expected(landed + 1) > 0 and srv.round > landed:
                landed += 1
            kids = _children(pid)
            seen_workers.update(kids)
            if not samples or samples[-1].refreshes != landed:
                time.sleep(3)  # let the refresh finish its bookkeeping; then sample
                rss = (_status(pid, "VmRSS:") + sum(_status(k, "VmRSS:") for k in kids)) / 1024
                samples.append(
                    Sample(time.monotonic() - started, landed, count, rss, _fds(pid), len(kids))
                )
                print(
                    f"[{samples[-1].at:5.0f} s] refreshes {landed}, articles {count}, "
                    f"RSS {rss:.1f} MB, fds {samples[-1].fds}, workers {len(kids)}",
                    flush=True,
                )
        # A refresh under way when the time is up is let finish (quitting cancels it).
        deadline = time.monotonic() + 60
        while corpus_articles(tui.db) < srv.expected(srv.round) and time.monotonic() < deadline:
            time.sleep(1)
        quit_ok = scr.quit("q", timeout=30)
        time.sleep(2)
        alive = [k for k in seen_workers if Path(f"/proc/{k}").exists()]
        final_count = corpus_articles(tui.db)
    return report(samples, srv, quit_ok, alive, final_count, minutes, feeds)


def report(
    samples: list[Sample],
    srv: GrowingServer,
    quit_ok: bool,
    alive: list[int],
    final_count: int,
    minutes: float,
    feeds: int,
) -> str:
    landed = [s for s in samples if s.refreshes >= 1]
    lines = [
        f"# A day left running: {minutes:g} minutes, refresh_interval = 1, {feeds} feeds",
        "",
        "| after refresh | at | corpus articles (expected) | RSS | open fds | worker processes |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for s in landed:
        lines.append(
            f"| {s.refreshes} | {s.at:.0f} s | {s.articles} ({srv.expected(s.refreshes)}) | "
            f"{s.rss_mb:.1f} MB | {s.fds} | {s.workers} |"
        )
    second = next((s for s in landed if s.refreshes == 2), None)
    verdicts = []
    if second and landed:
        growth = 100 * (landed[-1].rss_mb - second.rss_mb) / second.rss_mb
        verdicts.append(f"RSS growth from refresh 2 to {landed[-1].refreshes}: {growth:+.1f} %")
        fds = {s.fds for s in landed if s.refreshes >= 2}
        verdicts.append(f"open fds from refresh 2 on: {min(fds)}..{max(fds)}")
    rounds = srv.round
    verdicts.append(
        f"refreshes landed: {landed[-1].refreshes if landed else 0} of {rounds} rounds served; "
        f"final corpus articles {final_count} (expected {srv.expected(rounds)})"
    )
    verdicts.append(f"quit on q: {'yes' if quit_ok else 'NO'}; workers alive after: {alive}")
    return "\n".join(lines + [""] + [f"- {v}" for v in verdicts]) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=8)
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "dayrun")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    text = run(args.minutes, args.feeds, args.out)
    (args.out / "dayrun.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
