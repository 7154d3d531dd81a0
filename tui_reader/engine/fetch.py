"""The one place that speaks HTTP: conditional GET, hand-followed redirects, hard limits.

`fetch_feed` never raises for network or HTTP trouble; every failure becomes a one-line
`FetchResult.error` for people. Bodies are decompressed here (not by httpx) in bounded steps,
so a compression bomb costs at most `max_bytes` of memory before it is cut off.
"""

from __future__ import annotations

import asyncio
import email.utils
import mimetypes
import os
import re
import socket
import ssl
import stat
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.request import url2pathname

import httpx

from tui_reader import __version__
from tui_reader.engine.models import FetchResult

try:
    import sniffio  # noqa: F401
except ImportError:
    # httpcore imports sniffio for every lock it sets up; when it is missing that failed
    # import searches sys.path again each time (a third of a warm refresh). A None entry
    # makes the failure instant, and httpcore then assumes asyncio, which is what we run.
    sys.modules["sniffio"] = None  # type: ignore[assignment]

try:
    import brotli

    # Only brotli >= 1.2 can cap output per call; without that a br bomb is unbounded.
    _HAVE_BR = hasattr(brotli.Decompressor, "can_accept_more_data")
except ImportError:  # pragma: no cover - httpx[brotli] is a dependency
    _HAVE_BR = False

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/json;q=0.9, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
_BrotliError: type[Exception] = brotli.error if _HAVE_BR else zlib.error
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_STEP = 256 * 1024  # most bytes one decompression call may produce
_MAX_RETRY_AFTER = 7 * 24 * 3600  # a hostile or confused server can't park a feed for years


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 30.0  # whole fetch, redirects and body included
    connect_timeout: float = 10.0
    max_bytes: int = 20_000_000  # decompressed body cap
    max_redirects: int = 5
    user_agent: str = f"tui-reader/{__version__} (+https://github.com/tui-reader)"


def make_client(limits: FetchLimits, max_connections: int = 16) -> httpx.AsyncClient:
    """A client for `fetch_feed`; redirects stay off because we follow them by hand."""
    encodings = "gzip, deflate, br" if _HAVE_BR else "gzip, deflate"
    return httpx.AsyncClient(
        follow_redirects=False,
        timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
        limits=httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        ),
        headers={"User-Agent": limits.user_agent, "Accept": ACCEPT, "Accept-Encoding": encodings},
    )


def _scheme(url: str) -> str:
    # A regex, not urlsplit: that raises on junk like "http://[::1", and we must not raise.
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else ""


def is_local(url: str) -> bool:
    """True for file:// URLs and plain filesystem paths (no scheme, or a drive letter)."""
    scheme = _scheme(url)
    return scheme in ("", "file") or len(scheme) == 1


def local_path(url: str) -> Path:
    url = url.strip()
    if _scheme(url) != "file":
        return Path(url).expanduser()
    rest = url[5:]
    if rest.startswith("//"):  # file://host/path: the host (usually empty or localhost) is dropped
        rest = "/" + rest[2:].partition("/")[2]
    return Path(url2pathname(rest))


async def fetch_feed(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits = FetchLimits(),  # frozen, so one shared default is safe
) -> FetchResult:
    """Fetch one feed (HTTP(S) or local file); problems come back in `.error`, never raised."""
    if not url.strip():
        return FetchResult(url=url, error="no URL given")
    if is_local(url):
        try:  # a file on a stalled network mount must not hang the refresh either
            async with asyncio.timeout(limits.timeout):
                return await asyncio.to_thread(_read_local, url, etag, limits.max_bytes)
        except TimeoutError:
            return FetchResult(
                url=url, error=f"timed out reading the file after {limits.timeout:g} s"
            )
    if _scheme(url) not in ("http", "https"):
        return FetchResult(url=url, error="not an http(s) URL")
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    state = _State()
    try:
        async with asyncio.timeout(limits.timeout):
            return await _follow(client, url, headers, limits, state)
    except TimeoutError:
        return FetchResult(url=url, error=f"timed out after {limits.timeout:g} s")
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        return FetchResult(url=url, error="not a valid URL")
    except (httpx.HTTPError, OSError) as exc:
        return FetchResult(url=url, error=_describe(exc, state.phase, limits))


class _State:
    """Where the fetch got to, so an exception can say what it interrupted."""

    phase = "waiting for the response"


async def _follow(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    limits: FetchLimits,
    state: _State,
) -> FetchResult:
    current = httpx.URL(url.strip())
    if not _sane(current):
        return FetchResult(url=url, error="not a valid URL")
    seen = {str(current)}
    permanent = True
    for hop in range(limits.max_redirects + 1):
        state.phase = "waiting for the response"
        async with client.stream("GET", current, headers=headers) as resp:
            if resp.status_code not in _REDIRECTS:
                result = await _finish(resp, url, headers, limits, state)
                if hop and permanent and result.error is None:
                    result.new_url = str(current)
                return result
            location = resp.headers.get("Location")
        if not location:
            return FetchResult(
                url=url, status=resp.status_code, error=_said(resp) + " (no Location)"
            )
        permanent = permanent and resp.status_code in _PERMANENT
        current = current.join(location.strip()).copy_with(fragment=None)
        if current.scheme not in ("http", "https"):
            return FetchResult(url=url, error="redirect to a non-http(s) URL; not followed")
        if not _sane(current):
            return FetchResult(url=url, error="redirect to an invalid URL")
        if str(current) in seen:
            return FetchResult(url=url, error="redirect loop")
        seen.add(str(current))
    return FetchResult(url=url, error=f"too many redirects (more than {limits.max_redirects})")


def _sane(url: httpx.URL) -> bool:
    # httpx lets an empty host or port 99999 through to the socket layer, which then raises.
    return bool(url.host) and (url.port is None or 0 < url.port < 65536)


async def _finish(
    resp: httpx.Response,
    url: str,
    sent: dict[str, str],
    limits: FetchLimits,
    state: _State,
) -> FetchResult:
    """Turn a non-redirect response into a result, reading the body only on success."""
    code = resp.status_code
    result = FetchResult(
        url=url,
        status=code,
        content_type=(resp.headers.get("Content-Type") or "").strip()[:200] or None,
        etag=resp.headers.get("ETag"),
        last_modified=resp.headers.get("Last-Modified"),
    )
    if code == 304:
        # A 304 has no body; reading its end hands the connection back to the pool, so a
        # warm refresh reuses a few connections (TLS handshakes) instead of one per feed.
        await resp.aread()
        # A 304 need not repeat its validators; keep ours so the caller doesn't forget them.
        result.not_modified = True
        result.etag = result.etag or sent.get("If-None-Match")
        result.last_modified = result.last_modified or sent.get("If-Modified-Since")
    elif code == 410:
        result.gone = True
        result.error = _said(resp) + "; it will not be fetched again"
    elif code == 429 or code >= 500:
        result.retry_after = _retry_after(resp.headers.get("Retry-After"))
        result.error = _said(resp)
        if result.retry_after is not None:
            result.error += "; retry after " + _clock(result.retry_after)
    elif not 200 <= code < 300:
        result.error = _said(resp)
    else:
        state.phase = "reading the body"
        body, result.error = await _read_body(resp, limits.max_bytes)
        result.body = body if result.error is None else None
    return result


async def _read_body(resp: httpx.Response, cap: int) -> tuple[bytes, str | None]:
    too_big = f"body larger than {_size(cap)}; skipped"
    length = resp.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > cap:
        return b"", too_big
    try:
        decoder = _Decoder(resp.headers.get("Content-Encoding", ""))
    except ValueError as exc:
        return b"", str(exc)
    parts: list[bytes] = []
    raw = size = 0
    try:
        async for chunk in resp.aiter_raw():
            raw += len(chunk)
            for piece in decoder.feed(chunk):
                size += len(piece)
                if size > cap or raw > cap:
                    # Leaving the stream context closes the connection unread.
                    return b"", too_big
                parts.append(piece)
        for piece in decoder.flush():
            size += len(piece)
            if size > cap:
                return b"", too_big
            parts.append(piece)
    except (zlib.error, _BrotliError):
        return b"", f"could not decompress the body ({decoder.names}); it looks corrupt"
    return b"".join(parts), None


class _Decoder:
    """Undo Content-Encoding in steps of at most _STEP output bytes per call."""

    def __init__(self, header: str) -> None:
        names = [n.strip().lower() for n in header.split(",") if n.strip()]
        # Servers send junk like "utf-8" or "none" here; like browsers, treat it as identity.
        names = [n for n in names if n in ("gzip", "x-gzip", "deflate", "br")]
        if "br" in names and not _HAVE_BR:
            raise ValueError("server sent brotli, which this install cannot decode")
        self.names = ", ".join(names) or "identity"
        # Encodings apply in order, so undo them last-first.
        self._stages: list[_Stage] = [_Stage(n) for n in reversed(names)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(0, data)

    def _run(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            if data:
                yield data
            return
        for piece in self._stages[index].feed(data):
            yield from self._run(index + 1, piece)

    def flush(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            yield from self._run(index + 1, stage.flush())


class _Stage:
    def __init__(self, name: str) -> None:
        self.name = name
        self._first = True
        if name == "br":
            self._br = brotli.Decompressor()
        else:
            wbits = zlib.MAX_WBITS | 16 if name in ("gzip", "x-gzip") else zlib.MAX_WBITS
            self._z = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.name == "br":
            yield self._br.process(data, output_buffer_limit=_STEP)
            while not self._br.can_accept_more_data():
                yield self._br.process(b"", output_buffer_limit=_STEP)
            return
        if self._first and self.name == "deflate" and data:
            self._first = False
            try:  # "deflate" is meant to be zlib-wrapped, but many servers send it raw
                zlib.decompressobj().decompress(data[:64], 0)
            except zlib.error:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        while True:
            out = self._z.decompress(data, _STEP)
            yield out
            data = self._z.unconsumed_tail
            if not data and len(out) < _STEP:
                return

    def flush(self) -> bytes:
        return b"" if self.name == "br" else self._z.flush()


def _read_local(url: str, etag: str | None, cap: int) -> FetchResult:
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
        return FetchResult(url=url, error=f"file larger than {_size(cap)}; skipped")
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


def _said(resp: httpx.Response) -> str:
    # Our own phrase, not the server's reason text: that is untrusted and often wrong.
    try:
        phrase = HTTPStatus(resp.status_code).phrase
    except ValueError:
        phrase = ""
    return f"server said {resp.status_code} {phrase}".rstrip()


def _retry_after(value: str | None, now: float | None = None) -> int | None:
    """Retry-After as epoch seconds; accepts delta-seconds and HTTP-date forms."""
    if not value:
        return None
    now = time.time() if now is None else now
    value = value.strip()
    if value.isdigit():
        when = now + int(value)
    else:
        try:
            date = email.utils.parsedate_to_datetime(value)
            # HTTP-dates are GMT; a "-0000" zone parses as naive, which would mean local time.
            when = (date if date.tzinfo else date.replace(tzinfo=UTC)).timestamp()
        except (TypeError, ValueError, IndexError):
            return None
    if when <= now:
        return None
    return int(min(when, now + _MAX_RETRY_AFTER) + 0.999)


def _clock(epoch: int) -> str:
    """Local time for a message: HH:MM today, with the date when it is another day."""
    when = datetime.fromtimestamp(epoch)
    if when.date() == datetime.now().date():
        return when.strftime("%H:%M")
    return when.strftime("%Y-%m-%d %H:%M")


def _size(n: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def _describe(exc: BaseException, phase: str, limits: FetchLimits) -> str:
    """One short line for a network exception; walks the cause chain for the real reason."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 10:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for err in chain:
        if isinstance(err, ssl.SSLCertVerificationError):
            detail = f": {err.verify_message}" if err.verify_message else ""
            return f"TLS error: certificate verify failed{detail}"
        if isinstance(err, ssl.SSLError):
            reason = (err.reason or "handshake failed").replace("_", " ").lower()
            return f"TLS error: {reason}"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting after {limits.connect_timeout:g} s"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {limits.timeout:g} s"
    for err in chain:
        if isinstance(err, ConnectionRefusedError):
            return "connection refused"
        if isinstance(err, ConnectionResetError):
            return f"connection reset while {phase}"
        if isinstance(err, socket.gaierror):
            return "could not find the server (DNS lookup failed)"
    if isinstance(exc, httpx.RemoteProtocolError):
        if phase == "reading the body":
            return "connection closed while reading the body"
        return "server closed the connection or broke the HTTP protocol"
    for err in chain:
        if isinstance(err, OSError) and err.strerror:
            return f"network error while {phase}: {err.strerror.lower()}"
    return f"network error while {phase} ({type(exc).__name__})"
