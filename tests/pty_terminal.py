"""A terminal played by the test: the app runs under a pty whose other end is ours. We read
everything the app writes and answer its queries the way a given terminal would (kitty, a
Sixel terminal, or one that answers nothing), so what the app sends a graphics terminal can
be asserted byte for byte. Everything waits for a condition with a deadline.

    with PtyTerminal.start(home, answers=KITTY) as term:
        term.wait_for(b"Harbour pictures")
        term.keys(b"\\r")
        term.wait_for(b"\\x1b_Ga=t")
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

KITTY_QUERY = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
CELL_QUERY = b"\x1b[16t"
DA1_QUERY = b"\x1b[c"

# What each terminal answers to each query, modelled on kitty's and foot's replies.
KITTY = {
    KITTY_QUERY: b"\x1b_Gi=31;OK\x1b\\",
    CELL_QUERY: b"\x1b[6;20;10t",
    DA1_QUERY: b"\x1b[?62;c",
}
SIXEL = {CELL_QUERY: b"\x1b[6;20;10t", DA1_QUERY: b"\x1b[?62;4;22c"}
PLAIN = {DA1_QUERY: b"\x1b[?1;2c"}  # an xterm without Sixel: DA1 only
SILENT: dict[bytes, bytes] = {}  # answers nothing at all
_SGR = re.compile(rb"\x1b\[[\d;]*m")


def plain(out: bytes) -> bytes:
    """The output without its colours and styles: text a line wrote in several styles joined."""
    return _SGR.sub(b"", out)


class PtyTerminal:
    def __init__(
        self,
        proc: subprocess.Popen[bytes],
        master: int,
        answers: dict[bytes, bytes],
        delay: float = 0.0,
    ):
        self.proc, self.master, self.answers = proc, master, answers
        self.delay = delay  # seconds before each reply: a slow link
        self.output = bytearray()
        self._lock = threading.Lock()
        self._answered = {query: 0 for query in answers}  # where each query was last seen
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @classmethod
    @contextmanager
    def start(
        cls,
        home: Path,
        *args: str,
        answers: dict[bytes, bytes],
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (40, 120),
        command: list[str] | None = None,
        delay: float = 0.0,
    ) -> Iterator[PtyTerminal]:
        """`python -m tui_reader ARGS` (or `python COMMAND`) with its cache in `home`."""
        master, slave = os.openpty()
        rows, cols = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {
            **os.environ,
            "TUI_READER_HOME": str(home),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "TZ": "UTC",
            **(env or {}),
        }
        # COLUMNS and LINES (set under xdist) would override the size the pty says.
        for name in ("CI", "TMUX", "STY", "NO_COLOR", "COLUMNS", "LINES"):
            full_env.pop(name, None)
        proc = subprocess.Popen(
            [sys.executable, *(command or ["-m", "tui_reader", *args])],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,  # the pty becomes its terminal, as a shell's would
        )
        os.close(slave)
        term = cls(proc, master, answers, delay)
        try:
            yield term
        finally:
            term.close()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the app exited and the pty closed
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk
                try:
                    self._answer()
                except OSError:
                    return

    def _answer(self) -> None:
        for query, reply in self.answers.items():
            found = self.output.find(query, self._answered[query])
            while found >= 0:
                if self.delay:
                    threading.Timer(self.delay, self._reply, (reply,)).start()
                else:
                    os.write(self.master, reply)
                self._answered[query] = found + len(query)
                found = self.output.find(query, self._answered[query])

    def _reply(self, reply: bytes) -> None:
        with contextlib.suppress(OSError):  # the app (and its pty) may be gone
            os.write(self.master, reply)

    def seen(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def mark(self) -> int:
        """Where the output is now: wait_until(..., after=mark) looks only at what follows."""
        return len(self.seen())

    def keys(self, data: bytes) -> None:
        os.write(self.master, data)

    def wait_until(
        self, check: Callable[[bytes], bool], what: str, *, after: int = 0, timeout: float = 30
    ) -> bytes:
        end = time.monotonic() + timeout
        while True:
            out = self.seen()[after:]
            if check(out):
                return out
            if time.monotonic() > end or self.proc.poll() is not None:
                tail = self.seen()[-2000:]
                raise AssertionError(
                    f"{what} never happened within {timeout} s; last output:\n{tail!r}"
                )
            time.sleep(0.02)

    def wait_for(self, data: bytes, *, after: int = 0, timeout: float = 30) -> bytes:
        return self.wait_until(
            lambda out: data in out, f"{data!r} written", after=after, timeout=timeout
        )

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._reader.join(timeout=5)  # it ends on the pty's EIO once the app is gone
        os.close(self.master)
