"""Enclosures to files: a podcast episode or a video, downloaded into a folder.

Resumable: bytes go to a `.part` file beside the target; a later run asks for the rest
with an HTTP Range request, and a server that ignores Range (answers 200) starts the file
over. Stoppable from another thread (a `Stopper`): the .part is kept for that next run.
Capped at `max_bytes` (checked against Content-Length first, then as bytes arrive).
The finished file takes its name from the URL's path, cleaned to one safe file name, and
never replaces a file: a name taken becomes name-1.ext, name-2.ext … Only http(s).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from tui_reader.engine.enclosures import Stopper, amount, kept_bytes, part_path
from tui_reader.engine.errors import DownloadError, DownloadStopped
from tui_reader.engine.fetch import FetchLimits

_DEFAULT_LIMITS = FetchLimits()
Progress = Callable[[int, int | None], None]
"""(bytes so far, total bytes or None when the server does not say)."""


@dataclass(frozen=True, slots=True)
class Downloaded:
    path: Path
    size: int
    resumed: bool  # the server sent only the missing part of an earlier try


def download(
    url: str,
    folder: Path,
    name: str,
    *,
    max_bytes: int,
    limits: FetchLimits = _DEFAULT_LIMITS,
    on_progress: Progress | None = None,
    stop: Stopper | None = None,
) -> Downloaded:
    """Download `url` into `folder` as `name` (or name-1 …). DownloadError when it cannot
    be done or did not finish (the .part stays for the next try, unless over the cap);
    DownloadStopped when `stop` was used."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise DownloadError("only http(s) attachments can be downloaded")
    folder.mkdir(parents=True, exist_ok=True)
    part = part_path(folder, name, url)
    stop = stop or Stopper()
    seen = _Seen()
    try:
        with _client(limits) as client:
            size, resumed = _fetch(client, _Job(url, part, max_bytes, on_progress, stop, seen))
    except DownloadError:
        raise
    except Exception as exc:  # a stop shuts the socket: whatever the read then raised
        if stop.stopped():
            raise _stopped(name, part, seen.total) from None
        if not isinstance(exc, httpx.HTTPError):
            raise
        raise DownloadError(
            f"download interrupted after {kept_bytes(part):,} bytes ({_why(exc)}); "
            "run it again to resume"
        ) from None
    if seen.cut:
        raise _stopped(name, part, seen.total)
    return Downloaded(_place(part, folder, name), size, resumed)


def _stopped(name: str, part: Path, total: int | None) -> DownloadStopped:
    kept = kept_bytes(part)
    what = f"{amount(kept, total, percent=False)} kept" if kept else "nothing received yet"
    return DownloadStopped(f"download stopped: {name} ({what})", kept, total)


@dataclass(slots=True)
class _Seen:
    total: int | None = None  # the file's size, once the server has said it
    cut: bool = False  # stopped before the body's end (a whole file is kept, however late)


@dataclass(frozen=True, slots=True)
class _Job:
    url: str
    part: Path
    max_bytes: int
    on_progress: Progress | None
    stop: Stopper
    seen: _Seen

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: each connection's socket, as soon as it is open, so that
        a stop also ends a wait for the server's first byte."""
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            stream = info.get("return_value")
            get = getattr(stream, "get_extra_info", None)
            self.stop.watch(get("socket") if get is not None else None)


def _client(limits: FetchLimits) -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
        # identity: a byte range means the file's bytes, and Content-Length its size
        headers={"User-Agent": limits.user_agent, "Accept-Encoding": "identity"},
    )


def _fetch(client: httpx.Client, job: _Job) -> tuple[int, bool]:
    part, max_bytes, on_progress = job.part, job.max_bytes, job.on_progress
    if job.stop.stopped():
        job.seen.cut = True
        return 0, False
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with client.stream("GET", job.url, headers=headers, extensions={"trace": job.trace}) as resp:
        if resp.status_code == 416 and have:  # stale .part: start over
            part.unlink()
            return _fetch(client, job)
        if resp.status_code not in (200, 206):
            raise DownloadError(f"the server answered {resp.status_code} {resp.reason_phrase}")
        partial = resp.status_code == 206
        if partial and not _starts_at(resp, have):
            part.unlink(missing_ok=True)
            raise DownloadError("the server sent another part of the file; run it again")
        if not partial:
            have = 0  # no Range support: the whole file, from the start
        resumed = partial and have > 0
        length = resp.headers.get("Content-Length")
        total = have + int(length) if _number(length) else None
        if total is not None and total > max_bytes:
            raise DownloadError(_too_big(total, max_bytes))
        job.seen.total = total
        with part.open("ab" if partial else "wb") as out:
            for chunk in resp.iter_raw():  # as it comes: a break keeps all received
                if job.stop.stopped():
                    break
                have += len(chunk)
                if have > max_bytes:
                    out.close()
                    part.unlink(missing_ok=True)
                    raise DownloadError(_too_big(have, max_bytes))
                out.write(chunk)
                if on_progress is not None:
                    on_progress(have, total)
    if total is not None and have < total:
        raise httpx.RemoteProtocolError(f"the server sent {have:,} of {total:,} bytes")
    # No size: the body's end and the end a stop makes (its socket shut) look alike.
    job.seen.cut = total is None and job.stop.stopped()
    return have, resumed


def _starts_at(resp: httpx.Response, offset: int) -> bool:
    """Content-Range "bytes N-M/T" starting at `offset`."""
    value = resp.headers.get("Content-Range", "")
    unit, _, spec = value.partition(" ")
    start = spec.split("-", 1)[0]
    return unit.lower() == "bytes" and _number(start) and int(start) == offset


def _number(value: str | None) -> bool:
    """A header's byte count that int() takes: isdigit() is true for "²" and 5,000 digits
    make int() raise; a server's header is data."""
    return value is not None and value.isdecimal() and len(value) < 20


def _place(part: Path, folder: Path, name: str) -> Path:
    """Rename the finished .part to name, name-1 …, never over a file (a hard link fails
    on an existing name; where links are not allowed, an exclusive create reserves it)."""
    stem, dot, ext = name.rpartition(".")
    if not (dot and stem):
        stem, ext = name, ""
    for n in range(10_000):
        target = folder / (f"{stem}-{n}" if n else stem)
        target = target.with_name(target.name + ("." + ext if ext else ""))
        try:
            os.link(part, target)
        except FileExistsError:
            continue
        except OSError:
            try:
                target.open("x").close()
            except FileExistsError:
                continue
            os.replace(part, target)
            return target
        part.unlink()
        return target
    raise DownloadError(f"{folder} already holds 10,000 files named {name}")


def _too_big(size: int, max_bytes: int) -> str:
    mb = max_bytes / 1_000_000
    return f"the file is {size / 1_000_000:,.1f} MB, more than max_download_mb ({mb:g} MB)"


def _why(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
