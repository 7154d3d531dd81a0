"""The tui-reader side of the benchmark, through its command line (as a person runs it).

Every call is a fresh process, timed from spawn to exit, with a timeout; a failure comes back
as a `Run` whose `error` says why, so the table can print "n/a (why)" instead of crashing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


def python() -> str:
    return str(PYTHON) if PYTHON.exists() else sys.executable


def py_spy() -> str | None:
    """py-spy (pip install py-spy) samples every thread and worker process; optional."""
    beside = Path(python()).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def with_profiler(argv: list[str], dump: Path) -> list[str]:
    """`python -m ...` under py-spy (writes dump.raw) or else cProfile (dump.prof)."""
    spy = py_spy()
    if spy:
        out = dump.with_suffix(".raw")
        return [
            spy,
            "record",
            "--subprocesses",
            "-r",
            "250",
            "--format",
            "raw",
            "-o",
            str(out),
            "--",
            *argv,
        ]
    return [argv[0], "-m", "cProfile", "-o", str(dump.with_suffix(".prof")), *argv[1:]]


@dataclass
class Run:
    seconds: float
    returncode: int
    output: str  # last lines of stderr (and stdout, when kept)

    @property
    def error(self) -> str | None:
        if self.returncode == 0:
            return None
        last = self.output.strip().splitlines()[-1:] or [f"exit status {self.returncode}"]
        return last[0][:160]


class TuiReader:
    """One tui-reader data folder (cache.db + config), driven through `python -m tui_reader`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    @property
    def db(self) -> Path:
        return self.data_dir / "cache.db"

    def argv(self, *args: str, profile: Path | None = None) -> list[str]:
        argv = [python(), "-m", "tui_reader", "--data-dir", str(self.data_dir), *args]
        return with_profiler(argv, profile) if profile else argv

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}

    def run(
        self, *args: str, timeout: float, keep_stdout: bool = False, profile: Path | None = None
    ) -> Run:
        started = time.perf_counter()
        try:
            done = subprocess.run(
                self.argv(*args, profile=profile),
                cwd=ROOT,
                env=self.env(),
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                stdout=subprocess.PIPE if keep_stdout else subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return Run(time.perf_counter() - started, -1, f"timed out after {timeout:.0f} s")
        seconds = time.perf_counter() - started
        text = (done.stdout or "") + (done.stderr or "")
        return Run(seconds, done.returncode, "\n".join(text.splitlines()[-8:]))

    def reset(self) -> None:
        if self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(parents=True)

    def subscribe(self, urls: list[str], timeout: float = 600) -> Run:
        """`add --no-fetch` in batches, after a first reading command that loads the demo
        feeds (as a user's first start does; `add` on an empty cache no longer brings them,
        and the seed story the "open" line reads is one of them)."""
        total = self.run("feeds", timeout=timeout)
        if total.returncode != 0:
            return total
        for start in range(0, len(urls), 250):
            run = self.run("add", "--no-fetch", *urls[start : start + 250], timeout=timeout)
            total = Run(total.seconds + run.seconds, run.returncode, run.output)
            if run.returncode != 0:
                break
        return total

    def refresh(self, timeout: float = 1800, profile: Path | None = None) -> Run:
        return self.run("refresh", timeout=timeout, profile=profile)

    def unread(self, timeout: float = 600, profile: Path | None = None) -> Run:
        return self.run("unread", timeout=timeout, profile=profile)

    def ui_command(self, profile: Path | None = None) -> str:
        return " ".join(shlex.quote(a) for a in self.argv("--offline", profile=profile))

    def ui_env(self) -> dict[str, str]:
        return {"PYTHONPATH": str(ROOT)}

    def cache_bytes(self) -> int:
        """cache.db plus its write-ahead log (the -shm index is not data)."""
        return sum(
            p.stat().st_size for p in (self.db, self.db.with_name("cache.db-wal")) if p.exists()
        )
