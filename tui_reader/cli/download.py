"""`tui-reader download ID`: an article's enclosure (a podcast episode, a video) to a file.

Ctrl+C stops the download as the app's stop key does: the bytes so far stay in the .part
file, one line says how many, the exit status is 130, and the next run resumes."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from tui_reader.cli.common import say
from tui_reader.engine.enclosures import Stopper
from tui_reader.engine.errors import DownloadError, DownloadStopped
from tui_reader.library import Library

_EVERY = 0.2  # seconds between progress lines on a terminal


def cmd_download(library: Library, args: argparse.Namespace) -> int:
    """Download to --to (else download_dir); prints the file's path on stdout."""
    tty = sys.stderr.isatty()
    shown = [0.0]

    def progress(done: int, total: int | None) -> None:
        now = time.monotonic()
        if not tty or now - shown[0] < _EVERY:
            return
        shown[0] = now
        of = f" of {total / 1e6:,.1f} MB ({done * 100 // total}%)" if total else " MB"
        sys.stderr.write(f"\r\x1b[Kdownloading {done / 1e6:,.1f}{of}")
        sys.stderr.flush()

    stop = Stopper()
    try:
        with _ctrl_c_stops(stop):
            done = library.download_enclosure(
                args.id, args.url, args.to.expanduser() if args.to else None, progress, stop
            )
    except DownloadStopped as exc:
        _end_line(tty)
        say(f"{exc}; run it again to resume")
        return 130
    except DownloadError as exc:
        _end_line(tty)
        say(str(exc))
        return 1
    except OSError as exc:
        _end_line(tty)
        say(f"cannot write the download: {exc.strerror or exc}")
        return 1
    _end_line(tty)
    how = "resumed, " if done.resumed else ""
    say(f"downloaded {done.size:,} bytes ({how}{done.path.name})")
    print(done.path)
    return 0


def _end_line(tty: bool) -> None:
    if tty:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


@contextmanager
def _ctrl_c_stops(stop: Stopper) -> Iterator[None]:
    """SIGINT stops the download (the read under way ends at once) instead of raising
    KeyboardInterrupt somewhere inside httpx; a second Ctrl+C interrupts as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        if stop.stopped():
            raise KeyboardInterrupt
        stop.stop()

    before = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
