"""Feeds that are files: a path or a file:// URL, read in a thread with the same limits as
the web (and only regular files: a FIFO or a device would hang or never end)."""

from __future__ import annotations

import mimetypes
import os
import re
import stat
from pathlib import Path
from urllib.request import url2pathname

from tui_reader.engine.models import FetchResult, size_text

BUNDLED = "bundled:"  # the demo feeds shipped inside the package (files, wherever it is)

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def scheme(url: str) -> str:
    # A regex, not urlsplit: that raises on junk like "http://[::1", and we must not raise.
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else ""


def is_local(url: str) -> bool:
    """True for file:// URLs and plain filesystem paths (no scheme, or a drive letter)."""
    found = scheme(url)
    return found in ("", "file") or len(found) == 1


def local_path(url: str) -> Path:
    url = url.strip()
    if scheme(url) != "file":
        return Path(url).expanduser()
    rest = url[5:]
    if rest.startswith("//"):  # file://host/path: the host (usually empty or localhost) is dropped
        rest = "/" + rest[2:].partition("/")[2]
    return Path(url2pathname(rest))


def read_local(url: str, etag: str | None, cap: int) -> FetchResult:
    path = local_path(url)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return FetchResult(url=url, error=f"no such file: {path}")
    except PermissionError:
        return FetchResult(url=url, error=f"permission denied: {path}")
    except OSError as exc:
        return FetchResult(url=url, error=f"could not read {path}: {exc.strerror or exc}")
    with os.fdopen(fd, "rb") as fh:
        # Only regular files: a FIFO or a device (/dev/zero) would hang or never end.
        st = os.fstat(fd)
        problem = _not_regular(st.st_mode, path)
        if problem:
            return FetchResult(url=url, error=problem)
        # A precise validator (ns mtime + size), so a rewrite within a second still shows.
        tag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        if etag == tag:
            return FetchResult(url=url, etag=tag, not_modified=True)
        try:
            body = fh.read(cap + 1)
        except OSError as exc:
            return FetchResult(url=url, error=f"could not read {path}: {exc.strerror or exc}")
    if len(body) > cap:
        return FetchResult(url=url, error=f"file larger than {size_text(cap)}; skipped")
    ctype, _ = mimetypes.guess_type(path.name)
    return FetchResult(url=url, body=body, content_type=ctype, etag=tag)


def local_problem(url: str) -> str | None:
    """Why a local feed `url` cannot be read (missing, not a regular file), or None; for
    refusing it before subscribing. stat() opens nothing, so a FIFO cannot block it."""
    path = local_path(url)
    try:
        return _not_regular(path.stat().st_mode, path)
    except FileNotFoundError:
        return f"no such file: {path}"
    except OSError as exc:
        return f"could not read {path}: {exc.strerror or exc}"


def _not_regular(mode: int, path: Path) -> str | None:
    if stat.S_ISDIR(mode):
        return f"is a folder, not a file: {path}"
    if not stat.S_ISREG(mode):
        return f"not a regular file (a pipe or device?): {path}"
    return None
