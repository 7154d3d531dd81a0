"""tui-reader against newsboat on the same generated feeds, in one run.

    python bench/run.py [--quick] [--skip-newsboat] [--no-profile] [--out bench/out]

Serves a deterministic corpus from 127.0.0.1 and measures: cold, warm and everyday refresh
(200 feeds x 50 items; bench/everyday.py runs only these), a 100,000-article cache (1,000 x
100; --quick: the 10,000-article one), start to first screen and peak memory (in tmux; at
10,000 articles too), print-unread, search (also inside a filtered view), related articles,
opening an article, the list's key-press time and the 1,000,000-article lines
(bench/million.py's cache, built once; --no-million skips them).
Prints issue 12's target table first, then every line, and writes both to OUT/results.md;
tui-reader lines that miss their target are profiled into OUT/profiles/.
newsboat is installed with apt-get when missing and we are root.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import everyday, measures, newsboat, scale_lines, sections
from bench.corpus import Corpus
from bench.report import headline, markdown
from bench.sections import Bench, log

HERE = Path(__file__).resolve().parent


def _tui_version() -> str:
    from bench.tuireader import ROOT

    try:
        text = (ROOT / "tui_reader" / "__init__.py").read_text()
        return next(
            ln.split("=")[1].strip().strip("\"'")
            for ln in text.splitlines()
            if ln.startswith("__version__")
        )
    except (OSError, StopIteration):
        return "?"


def _section(b: Bench, name: str, fn: Callable[[Bench], None]) -> None:
    """Run one section; a crash in it is reported and the others still run."""
    started = time.monotonic()
    try:
        fn(b)
    except Exception as exc:
        log(f"section {name} crashed: {type(exc).__name__}: {exc}")
        b.hotspots.append(f"(section {name} crashed: {type(exc).__name__}: {exc})")
    log(f"section {name}: {time.monotonic() - started:.1f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--quick", action="store_true", help="10,000 articles instead of 100,000 (minutes less)"
    )
    ap.add_argument("--skip-newsboat", action="store_true", help="measure tui-reader only")
    ap.add_argument("--no-profile", action="store_true", help="do not profile missed targets")
    ap.add_argument("--no-million", action="store_true", help="skip the 1,000,000-article lines")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args(argv)
    if shutil.which("tmux") is None:
        log("tmux is not installed: start-up and memory will be n/a (apt-get install tmux)")

    nb_version = None if args.skip_newsboat else newsboat.ensure_installed()
    if not args.skip_newsboat and nb_version is None:
        log(f"newsboat not available; its column will be n/a ({newsboat.INSTALL_HINT})")
    args.out.mkdir(parents=True, exist_ok=True)
    small = Corpus(200, 50)
    b = Bench(
        out=args.out,
        quick=args.quick,
        compare=nb_version is not None,
        profile=not args.no_profile,
        small=small,
        big=small if args.quick else Corpus(1000, 100),
    )
    started = time.monotonic()
    _section(b, "refresh", sections.refresh_small)
    _section(b, "everyday refresh", everyday.everyday_refresh)
    if args.quick:
        _section(b, "cache", sections.reuse_small_as_big)
    else:
        _section(b, "cache", sections.build_big)
    _section(b, "first screen", sections.first_screen)
    _section(b, "print-unread", sections.print_unread)
    _section(b, "engine", measures.engine_measures)
    if not args.quick:  # --quick's first screen is already the 10,000-article one
        _section(b, "memory at 10k", scale_lines.memory_small)
    if not args.no_million:
        _section(b, "million", scale_lines.million)
    _keys(b, args.quick)

    header = (
        f"# tui-reader vs newsboat\n\n"
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; tui-reader {_tui_version()}, "
        f"{nb_version or 'newsboat not run'}; Python {platform.python_version()}; "
        f"{_cpus()} CPUs; {'quick' if args.quick else 'full'} run, "
        f"{time.monotonic() - started:.0f} s.\n"
        f"Command: `python bench/run.py{' --quick' if args.quick else ''}"
        f"{' --skip-newsboat' if args.skip_newsboat else ''}`\n"
    )
    table = headline(b.lines) + "\n## Every line\n\n" + markdown(b.lines)
    table = header + "\n## Issue 12's targets\n\n" + table
    if b.hotspots:
        table += "\n## Hotspots of missed targets (py-spy when installed, else cProfile)\n\n```\n"
        table += "\n".join(b.hotspots) + "\n```\n"
    (args.out / "results.md").write_text(table)
    print(table)
    log(f"written {args.out / 'results.md'}")
    return 0


# Lines the sections add without a key, by the start of their name: (start, key, at 100k only)
_KEYED = (
    ("cold refresh 200x50", "cold", False),
    ("everyday refresh 200x50", "everyday", False),
    ("warm refresh 200x50", "warm", False),
    ("list j at 100,000: key -> article in reader", "j", True),
    ("list G (to the last of 100,000): key -> cursor moved", "G_cursor", True),
    ("list G: key -> article in reader", "G_reader", True),
    ("related articles at 100,000, median", "related", True),
    ("related articles at 100,000: the first", "related_first", True),
    ("peak memory (first screen), 10,000 cached", "memory_10k", False),
)


def _keys(b: Bench, quick: bool) -> None:
    """Mark the lines that answer a row of the issue's table (the headline)."""
    for line in b.lines:
        for start, key, at_100k in _KEYED:
            if not line.key and line.what.startswith(start) and not (at_100k and quick):
                if key == "cold" and "newsboat 1 thread" in line.what:
                    continue
                line.key = key
        if line.key == "search_filtered" and quick:
            line.key = ""


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    raise SystemExit(main())
