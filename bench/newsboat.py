"""The newsboat side of the benchmark: install check, reload, print-unread, first screen, search.

newsboat keeps a cache in one SQLite file and searches it with LIKE; its own HOME is pointed at
the work folder so nothing of the user's is read or written.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "apt-get update && apt-get install -y newsboat"

# What newsboat 2.21 runs for a search (Cache::search_for_items), minus the columns it reads.
SEARCH_SQL = (
    "SELECT guid, title, author, url, pubDate, length(content), flags, feedurl, unread "
    "FROM rss_item WHERE (title LIKE ? OR content LIKE ?) AND deleted = 0 "
    "ORDER BY pubDate DESC, id DESC"
)


def version() -> str | None:
    exe = shutil.which("newsboat")
    if exe is None:
        return None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
    first = (out.stdout or out.stderr).splitlines()
    return first[0].split(" - ")[0] if first else "newsboat"


def ensure_installed() -> str | None:
    """newsboat's version, installing it with apt-get when we are root and it is missing."""
    found = version()
    if found or not shutil.which("apt-get"):
        return found
    if os.geteuid() != 0:
        print(
            f"bench: newsboat is not installed; to compare, run: sudo {INSTALL_HINT}",
            file=sys.stderr,
        )
        return None
    print(f"bench: installing newsboat ({INSTALL_HINT}) ...", file=sys.stderr)
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "newsboat"]):
        try:
            subprocess.run(cmd, capture_output=True, timeout=600, check=True)
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"bench: could not install newsboat: {exc}", file=sys.stderr)
            return None
    return version()


@dataclass
class Run:
    seconds: float
    returncode: int
    output: str  # the last lines of stdout+stderr, for a failure's reason


class Newsboat:
    """One newsboat setup: a work folder with urls, config and cache.db."""

    def __init__(self, folder: Path, urls: list[str], threads: int = 8) -> None:
        self.folder = folder
        self.home = folder / "home"
        self.urls_file = folder / "urls"
        self.config = folder / "config"
        self.cache = folder / "cache.db"
        folder.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(exist_ok=True)
        self.urls_file.write_text("\n".join(urls) + "\n")
        self.set_threads(threads)

    def set_threads(self, threads: int) -> None:
        self.config.write_text(
            f"reload-threads {threads}\n"
            "download-timeout 60\n"
            "show-read-feeds yes\n"
            "confirm-exit no\n"
            "max-items 0\n"
        )

    def reset(self) -> None:
        for p in self.folder.glob("cache.db*"):
            p.unlink()

    def argv(self, *extra: str) -> list[str]:
        return [
            "newsboat",
            "-u",
            str(self.urls_file),
            "-c",
            str(self.cache),
            "-C",
            str(self.config),
            *extra,
        ]

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local/share"),
        }

    def run(self, *extra: str, timeout: float, stdout_null: bool = False) -> Run:
        started = time.perf_counter()
        try:
            done = subprocess.run(
                self.argv(*extra),
                env=self.env(),
                timeout=timeout,
                text=True,
                stdout=subprocess.DEVNULL if stdout_null else subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return Run(time.perf_counter() - started, -1, f"timed out after {timeout:.0f} s")
        seconds = time.perf_counter() - started
        tail = "\n".join(((done.stdout or "") + (done.stderr or "")).splitlines()[-5:])
        return Run(seconds, done.returncode, tail)

    def reload(self, timeout: float = 1800) -> Run:
        return self.run("-x", "reload", timeout=timeout)

    def print_unread(self, timeout: float = 1800) -> Run:
        return self.run("-x", "print-unread", timeout=timeout, stdout_null=True)

    def ui_command(self) -> str:
        return " ".join(shlex.quote(a) for a in self.argv())

    def ui_env(self) -> dict[str, str]:
        return {"HOME": str(self.home)}

    def cache_bytes(self) -> int:
        return sum(
            p.stat().st_size
            for p in self.folder.glob("cache.db*")
            if p.is_file() and not p.name.endswith(".lock")
        )

    def item_count(self) -> int:
        with sqlite3.connect(f"file:{self.cache}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM rss_item").fetchone()[0]

    def search_seconds(self, words: list[str]) -> list[float]:
        """newsboat's search (a LIKE over title and content) on its own cache, per word."""
        times = []
        conn = sqlite3.connect(f"file:{self.cache}?mode=ro", uri=True)
        try:
            for w in words:
                pattern = f"%{w}%"
                started = time.perf_counter()
                conn.execute(SEARCH_SQL, (pattern, pattern)).fetchall()
                times.append(time.perf_counter() - started)
        finally:
            conn.close()
        return times
