"""Time a terminal program to its first screen: run it in a private tmux server, poll the pane.

    with TmuxScreen() as scr:
        shown = scr.start_and_wait("newsboat -u urls ...", "Astronomy Dispatch", timeout=600)
        shown.seconds, shown.peak_rss_mb
        scr.quit("q")

The tmux server has its own socket (-L), so it never touches anyone's tmux sessions, and is
killed on exit. Peak memory is the program's VmHWM (the kernel's own high-water mark) read from
/proc just before it is asked to quit, after it has gone idle.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

SOCKET = "tui-reader-bench"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class FirstScreen:
    seconds: float | None  # None: the text never appeared within the timeout
    peak_rss_mb: float | None
    screen: str  # the pane's text when measuring ended (for diagnosis)
    exited: bool = False  # the program ended before showing the text


class TmuxScreen:
    def __init__(self, width: int = 120, height: int = 40, socket: str = SOCKET) -> None:
        self.width = width
        self.height = height
        self.socket = socket
        self._conf = tempfile.NamedTemporaryFile("w", suffix=".tmux.conf", delete=False)  # noqa: SIM115
        term = "tmux-256color" if _has_terminfo("tmux-256color") else "screen-256color"
        self._conf.write(
            f'set -g remain-on-exit on\nset -g status off\nset -g default-terminal "{term}"\n'
            "set -g history-limit 100\n"
        )
        self._conf.close()

    def _tmux(self, *args: str, check: bool = True) -> str:
        cmd = ["tmux", "-L", self.socket, "-f", self._conf.name, *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def capture(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "bench", check=False)

    def pane(self) -> tuple[int | None, bool]:
        """(pid of the program, whether it has exited)."""
        out = self._tmux(
            "list-panes", "-t", "bench", "-F", "#{pane_pid} #{pane_dead}", check=False
        ).split()
        if len(out) < 2:
            return None, True
        return int(out[0]), out[1] == "1"

    def start_and_wait(
        self,
        command: str,
        needle: str,
        *,
        timeout: float,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        interval: float = 0.02,
    ) -> FirstScreen:
        """Start `command` and time until `needle` is on screen; then measure peak memory."""
        self._tmux("kill-session", "-t", "bench", check=False)
        prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = f"exec env {prefix} {command}" if prefix else f"exec {command}"
        started = time.perf_counter()
        where = ["-c", str(cwd)] if cwd else []
        self._tmux(
            "new-session",
            "-d",
            "-s",
            "bench",
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            *where,
            line,
        )
        pid, dead = self.pane()
        seen: float | None = None
        text = ""
        deadline = started + timeout
        while time.perf_counter() < deadline:
            text = self.capture()
            if needle in text:
                seen = time.perf_counter() - started
                break
            pid, dead = self.pane()
            if dead:
                break
            time.sleep(interval)
        peak = None
        if seen is not None and pid is not None:
            wait_idle(pid, limit=30.0)
            peak = peak_rss_mb(pid)
            text = self.capture()
        return FirstScreen(seconds=seen, peak_rss_mb=peak, screen=text, exited=dead)

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "bench", *keys, check=False)

    def quit(self, *keys: str, timeout: float = 15.0) -> bool:
        """Send the quit keys and wait for the program to end; True when it did."""
        self.send(*keys)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, dead = self.pane()
            if dead:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        self._tmux("kill-server", check=False)
        Path(self._conf.name).unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _has_terminfo(name: str) -> bool:
    return any(
        Path(d, name[0], name).exists()
        for d in ("/lib/terminfo", "/usr/share/terminfo", "/etc/terminfo")
    )


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_idle(pid: int, limit: float, window: float = 0.5) -> None:
    """Wait until `pid` uses under 10% of a core over `window` seconds (at most `limit`)."""
    deadline = time.monotonic() + limit
    last = _cpu_ticks(pid)
    while last is not None and time.monotonic() < deadline:
        time.sleep(window)
        now = _cpu_ticks(pid)
        if now is None or (now - last) < 0.1 * window * CLK_TCK:
            return
        last = now


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of `pid` plus that of its children (threads share the parent's)."""
    total = 0
    pids = [pid, *_children(pid)]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024 if total else None


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(k) for k in kids]
    for k in list(out):
        out += _children(k)
    return out
