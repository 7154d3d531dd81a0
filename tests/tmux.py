"""A real terminal for tests: tmux on its own socket, keys in, the screen out.

Everything waits for a condition with a deadline; nothing sleeps a fixed time to synchronise.

    with Tmux.session(tmp_path) as t:
        t.start_app(home)                  # `python -m tui_reader` in a 120x40 pane
        t.wait_for("All")                  # the first screen is up
        t.keys("j", "Enter")
        t.wait_for("Foreign Minister")
        t.keys("q"); t.wait_exit()
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, socket: str, workdir: Path) -> None:
        self.base = ["tmux", "-L", socket, "-f", "/dev/null"]
        self.workdir = workdir

    @classmethod
    @contextmanager
    def session(cls, workdir: Path) -> Iterator[Tmux]:
        t = cls(f"tui-reader-test-{os.getpid()}-{uuid.uuid4().hex[:8]}", workdir)
        try:
            yield t
        finally:
            t.kill()

    def __call__(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(
        self, command: str, env: dict[str, str], *, width: int = 120, height: int = 40
    ) -> None:
        """Run `command` in a new pane; the pane stays after it exits (for its last screen)."""
        go = self.workdir / f"go-{uuid.uuid4().hex[:8]}"
        # The command waits for `go`, so options are set before it prints anything.
        marker = self.workdir / "exit-status"
        marker.unlink(missing_ok=True)
        # It also waits for the terminal to have its size: twice in a full run under load the
        # app started while the pane's pty was still 0x0 and Textual fell back to 80x24.
        ready = f'[ -e {go} ] && [ "$(stty size 2>/dev/null)" = "{height} {width}" ]'
        gated = f"until {ready}; do sleep 0.02; done; {command}; echo $? > {marker}"
        self.kill()
        # COLUMNS and LINES, when the test process has them (pytest-xdist workers do), would
        # override the pane's size for Textual (shutil.get_terminal_size reads them first):
        # the app drew 80x24 in a 120x40 pane, once in about 12 runs under -n 2.
        env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
        self._new_session(env, width, height)
        self("set-option", "-g", "remain-on-exit", "on")
        self("set-option", "-g", "set-clipboard", "on")
        self("respawn-pane", "-k", "-t", "t", gated)
        self("select-pane", "-t", "t", "-T", "clean-title")
        go.touch()

    def _new_session(self, env: dict[str, str], width: int, height: int) -> None:
        # A server still exiting from kill() answers "server exited unexpectedly" (1 start in
        # 3 right after a kill, measured): try again until it is gone.
        command = [*self.base, "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height)]
        end = time.monotonic() + 10
        while True:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=10)
            if done.returncode == 0 and self._sized(width, height):
                return
            if time.monotonic() > end:
                raise AssertionError(f"tmux new-session failed: {done.stderr.strip()}")
            time.sleep(0.02)

    def _sized(self, width: int, height: int) -> bool:
        """The window has the size asked for. Under load a session came up at tmux's default
        80x24 once in a full run (the app then stacked its panes); set it again if so."""
        size = f"{width}x{height}"
        for _ in range(3):
            if (
                self("display-message", "-p", "-t", "t", "#{window_width}x#{window_height}").strip()
                == size
            ):
                return True
            self("resize-window", "-t", "t", "-x", str(width), "-y", str(height))
        return False

    def start_app(
        self,
        home: Path,
        *args: str,
        env: dict[str, str] | None = None,
        width: int = 120,
        height: int = 40,
    ) -> None:
        """`python -m tui_reader ARGS` with its cache and config in `home`."""
        full_env = {
            **os.environ,
            "TUI_READER_HOME": str(home),
            "TERM": "xterm-256color",
            "TZ": "UTC",
            **(env or {}),
        }
        full_env.pop("CI", None)  # Textual is not headless in a real terminal
        command = " ".join([sys.executable, "-m", "tui_reader", *args])
        self.start(command, full_env, width=width, height=height)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self("send-keys", "-t", "t", key)

    def burst(self, *keys: str) -> None:
        """All `keys` in one write, as a fast typist or a slow link delivers them."""
        self("send-keys", "-t", "t", *keys)

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "t")

    def title(self) -> str:
        return self("display-message", "-p", "-t", "t", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self("list-buffers").strip()

    def wait_until(self, check: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        """The screen once `check(screen)` holds; AssertionError with the screen at the deadline."""
        end = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if time.monotonic() > end:
                size = self("display-message", "-p", "-t", "t", "#{window_width}x#{window_height}")
                raise AssertionError(
                    f"{what} never happened within {timeout} s (window {size.strip()}):\n{screen}"
                )
            time.sleep(0.05)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        return self.wait_until(lambda s: text in s, f"{text!r} on screen", timeout)

    def wait_gone(self, text: str, timeout: float = 30) -> str:
        return self.wait_until(lambda s: text not in s, f"{text!r} gone", timeout)

    def exit_status(self) -> int | None:
        marker = self.workdir / "exit-status"
        try:
            return int(marker.read_text().strip())
        except (OSError, ValueError):
            return None

    def wait_exit(self, timeout: float = 10) -> tuple[int, float]:
        """(exit status, seconds waited) once the program in the pane has ended."""
        start = time.monotonic()
        end = start + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > end:
                raise AssertionError(
                    f"the program did not exit within {timeout} s:\n{self.screen()}"
                )
            time.sleep(0.02)
        return status, time.monotonic() - start

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=10)
