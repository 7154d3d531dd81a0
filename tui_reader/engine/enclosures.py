"""What the user did with an article's enclosures (played, downloaded): the enclosure_state
table, read with the article and written by the play and download actions; and the names a
download's files take (light: the app opens an episode without loading httpx)."""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import socket
import threading
import time
import unicodedata
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from tui_reader.engine.db import Db
from tui_reader.engine.models import Article, EnclosureState

MAX_NAME = 120  # characters of a file name, extension included
# Bytes of it in UTF-8: file systems count bytes (NAME_MAX 255), and the .part beside it
# adds ".1234abcd.part" and a taken name "-9999": 120 emoji alone are 480 bytes.
MAX_NAME_BYTES = 200


class Stopper:
    """Stops a download from another thread or a signal handler (the app's key, its quit,
    the CLI's Ctrl+C). The read under way ends at once: its socket is shut down, where a
    flag alone would wait for the next bytes (a stalled server: up to the 30 s timeout).
    No lock: stop() sets the flag before it looks at the socket and watch() sets the socket
    before it looks at the flag, so one of the two always shuts it."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._socket: socket.socket | None = None

    def stopped(self) -> bool:  # a method: mypy would take a property's first answer
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        _shut(self._socket)

    def watch(self, sock: socket.socket | None) -> None:
        """The socket the download reads from now."""
        self._socket = sock
        if self.stopped():
            _shut(sock)


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    # The plain socket's shutdown, also for TLS: ssl.SSLSocket's own also drops its TLS
    # object, which the reading thread is still in; this only ends that read with an EOF.
    with contextlib.suppress(OSError):  # closed already
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def states(db: Db, article_id: int) -> dict[str, EnclosureState]:
    rows = db.select(
        "SELECT url, played_at, file, bytes FROM enclosure_state WHERE article_id = ?",
        (article_id,),
    )
    return {r["url"]: EnclosureState(r["played_at"], r["file"], r["bytes"]) for r in rows}


def add_progress(article: Article, folder: Path, downloading: Collection[str]) -> None:
    """Fill in each enclosure's unfinished download: the bytes its .part in `folder` holds
    and whether it is being downloaded (`downloading`: URLs)."""
    for enc in article.enclosures:
        name = safe_name(enc.url, f"article-{article.id}", enc.type)
        kept = kept_bytes(part_path(folder, name, enc.url))
        running = enc.url in downloading
        if kept or running:
            state = article.enclosure_state.get(enc.url, EnclosureState())
            article.enclosure_state[enc.url] = replace(state, kept=kept, downloading=running)


def mark_played(db: Db, article_id: int, url: str, when: int | None = None) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT INTO enclosure_state (article_id, url, played_at) VALUES (?, ?, ?) "
            "ON CONFLICT (article_id, url) DO UPDATE SET played_at = excluded.played_at",
            (article_id, url, int(time.time()) if when is None else when),
        )


def mark_downloaded(db: Db, article_id: int, url: str, file: str, size: int) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT INTO enclosure_state (article_id, url, file, bytes) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (article_id, url) DO UPDATE SET file = excluded.file, "
            "bytes = excluded.bytes",
            (article_id, url, file, size),
        )


def safe_name(url: str, fallback: str, kind: str | None = None) -> str:
    """A file name from the URL's last path segment: no folders, no control characters,
    no leading dots; `fallback` (plus an extension guessed from `kind`) when none is left."""
    last = unquote(PurePosixPath(urlsplit(url).path).name)
    last = last.replace("\\", "_").replace("/", "_")
    kept = "".join(
        "_" if unicodedata.category(ch).startswith(("C", "Z")) and ch != " " else ch for ch in last
    )
    name = kept.strip(" .")
    if not name:
        ext = mimetypes.guess_extension(kind or "") or ""
        name = fallback + ext
    if len(name) > MAX_NAME or len(name.encode()) > MAX_NAME_BYTES:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:16] if dot and stem else ""
        stem = name[: MAX_NAME - len(ext) - 1]
        room = MAX_NAME_BYTES - len(ext.encode()) - 1
        # Cut in bytes, then drop the character the cut split (an emoji's first bytes).
        stem = stem.encode()[:room].decode("utf-8", "ignore")
        name = stem.rstrip(" .") + ("." + ext if ext else "")
    return name


def part_path(folder: Path, name: str, url: str) -> Path:
    """Where the bytes of an unfinished download wait: beside the target, tagged by URL (two
    episodes both named episode.mp3 never share one)."""
    tag = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return folder / f"{name}.{tag}.part"


def kept_bytes(part: Path) -> int:
    try:
        return part.stat().st_size
    except OSError:
        return 0


def amount(done: int, total: int | None, *, percent: bool = True) -> str:
    """ "1.2 MB of 3.4 MB (35%)"; "1.2 MB" when the size is not known."""
    if not total:
        return _mb(done)
    share = f" ({min(done * 100 // total, 100)}%)" if percent else ""
    return f"{_mb(done)} of {_mb(total)}{share}"


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 1_000_000 else f"{size / 1e3:,.1f} kB"
