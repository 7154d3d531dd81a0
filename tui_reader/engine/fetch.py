"""The one place that speaks HTTP: conditional GET, hand-followed redirects, hard limits
(files are local.py's, decompression decoders.py's).

`fetch_feed` never raises for network or HTTP trouble; every failure becomes a one-line
`FetchResult.error` for people. Bodies are decompressed here (not by httpx) in bounded steps,
so a compression bomb costs at most `max_bytes` of memory before it is cut off.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import re
import socket
import ssl
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus

import httpx

from tui_reader import __version__
from tui_reader.engine.decoders import ACCEPT_ENCODING, DecodeError, MultiDecoder
from tui_reader.engine.local import is_local, local_path, local_problem, read_local, scheme
from tui_reader.engine.models import FetchResult, size_text

__all__ = [
    "FetchLimits",
    "fetch_feed",
    "is_local",
    "local_path",
    "local_problem",
    "make_client",
]

try:
    import sniffio  # noqa: F401
except ImportError:
    # httpcore imports sniffio for every lock it sets up; when it is missing that failed
    # import searches sys.path again each time (a third of a warm refresh). A None entry
    # makes the failure instant, and httpcore then assumes asyncio, which is what we run.
    sys.modules["sniffio"] = None  # type: ignore[assignment]

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/json;q=0.9, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_MAX_RETRY_AFTER = 7 * 24 * 3600  # a hostile or confused server can't park a feed for years
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d{1,12})")


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 30.0  # whole fetch, redirects and body included
    connect_timeout: float = 10.0
    max_bytes: int = 20_000_000  # decompressed body cap
    max_redirects: int = 5
    user_agent: str = f"tui-reader/{__version__} (+https://github.com/tui-reader)"


@functools.cache
def _tls() -> ssl.SSLContext:
    """httpx's own TLS settings, made once per process: loading the certificate store takes
    ~100 ms, and a refresh has two clients (feeds and pages), the app one run after another."""
    return httpx.create_ssl_context()


def make_client(limits: FetchLimits, max_connections: int = 16) -> httpx.AsyncClient:
    """A client for `fetch_feed`; redirects stay off because we follow them by hand."""
    return httpx.AsyncClient(
        verify=_tls(),
        follow_redirects=False,
        timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
        limits=httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        ),
        headers={
            "User-Agent": limits.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
    )


def make_cookieless_client(
    limits: FetchLimits, max_connections: int, accept: str
) -> httpx.AsyncClient:
    """A client for the pages and images an article links to: it asks for `accept` and
    keeps no cookie from any response (a site's cookie never follows us to the next)."""
    from http.cookiejar import DefaultCookiePolicy

    client = make_client(limits, max_connections=max_connections)
    client.headers["Accept"] = accept
    client.cookies.jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return client


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
                return await asyncio.to_thread(read_local, url, etag, limits.max_bytes)
        except TimeoutError:
            return FetchResult(
                url=url, error=f"timed out reading the file after {limits.timeout:g} s"
            )
    if scheme(url) not in ("http", "https"):
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
    if code == 304 or 200 <= code < 300:
        result.fresh_until = _fresh_until(resp.headers)
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
    too_big = f"body larger than {size_text(cap)}; skipped"
    length = resp.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > cap:
        return b"", too_big
    try:
        decoder = MultiDecoder(resp.headers.get("Content-Encoding", ""))
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
    except DecodeError:
        return b"", f"could not decompress the body ({decoder.names}); it looks corrupt"
    return b"".join(parts), None


def _said(resp: httpx.Response) -> str:
    # Our own phrase, not the server's reason text: that is untrusted and often wrong.
    try:
        phrase = HTTPStatus(resp.status_code).phrase
    except ValueError:
        phrase = ""
    return f"server said {resp.status_code} {phrase}".rstrip()


def _retry_after(
    value: str | None,
    now: float | None = None,
    *,
    cap: int = _MAX_RETRY_AFTER,
    seconds: bool = True,
) -> int | None:
    """Retry-After as epoch seconds; accepts delta-seconds and HTTP-date forms (only the
    date without `seconds`: Expires), at most `cap` seconds ahead; None when past."""
    if not value:
        return None
    now = time.time() if now is None else now
    value = value.strip()
    if value.isdigit():
        if not seconds:
            return None  # Expires: "0" or any number means "already expired"
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
    return int(min(when, now + cap) + 0.999)


def _fresh_until(headers: httpx.Headers, now: float | None = None) -> int | None:
    """How long the answer stays fresh (epoch seconds): Cache-Control max-age (less Age),
    else Expires, bounded by schedule.MAX_POLITE; None for no-cache, no-store or neither."""
    from tui_reader.engine.schedule import MAX_POLITE

    control = headers.get("Cache-Control", "").lower()
    directives = {d.strip().split("=", 1)[0]: d.strip() for d in control.split(",")}
    if "no-cache" in directives or "no-store" in directives:
        return None
    if m := _MAX_AGE.search(directives.get("max-age", "")):
        age = headers.get("Age", "").strip()
        left = int(m.group(1)) - (int(age) if age.isdigit() else 0)
        return _retry_after(str(max(0, left)), now, cap=MAX_POLITE)
    return _retry_after(headers.get("Expires"), now, cap=MAX_POLITE, seconds=False)


def _clock(epoch: int) -> str:
    """Local time for a message: HH:MM today, with the date when it is another day."""
    when = datetime.fromtimestamp(epoch)
    if when.date() == datetime.now().date():
        return when.strftime("%H:%M")
    return when.strftime("%Y-%m-%d %H:%M")


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
