"""A real HTTP server on 127.0.0.1 for tests and the benchmark, with misbehaviour on demand.

    with FeedServer() as srv:
        srv.add("/feed.xml", b"<rss>...</rss>", etag='"v1"')
        srv.redirect("/old", "/feed.xml", status=301)
        srv.error("/busy", 429, retry_after="120")
        url = srv.url("/feed.xml")
        ...
        assert srv.requests_for("/feed.xml")[-1].headers["if-none-match"] == '"v1"'

Every handler loop is bounded and watches a stop event, so `stop()` returns promptly even
while a trickle or a hanging response is in progress.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import ssl
import struct
import threading
import zlib
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test feed</title><link>http://example.com/</link>
<item><title>First</title><link>http://example.com/1</link><guid>1</guid></item>
</channel></rss>
"""
_CHUNK = 64 * 1024


@dataclass
class Route:
    """How one path answers. Build these with FeedServer's helpers rather than by hand."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None  # HTTP-date
    encoding: str | None = None  # "gzip" | "deflate" | "br": body is compressed on the fly
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length
    size: int | None = None  # synthetic body of this many b"x", never held in memory
    trickle: tuple[int, float] | None = None  # (n bytes, every t seconds)
    delay: float = 0.0  # seconds before the status line
    reset_after: int | None = None  # send this many body bytes, then RST the socket
    ranges: bool = False  # honour "Range: bytes=N-" with a 206 (and no reset_after)


@dataclass
class Request:
    path: str
    method: str
    headers: dict[str, str]  # keys lower-cased


class FeedServer:
    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._ssl = ssl_context
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Self:
        self._httpd = _Server(("127.0.0.1", 0), _Handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.close_all()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    def url(self, path: str = "/") -> str:
        scheme = "https" if self._ssl else "http"
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def requests_for(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # -- routes ------------------------------------------------------------------------------
    def add(self, path: str, body: bytes = RSS, **options: Any) -> Route:
        """Serve `body` at `path`; options are Route fields (status, etag, encoding, ...)."""
        route = Route(body=body, **options)
        self.routes[path] = route
        return route

    def redirect(self, path: str, to: str, status: int = 301) -> Route:
        """`to` is a path on this server or an absolute URL."""
        return self.add(path, b"", status=status, headers={"Location": to}, content_type=None)

    def redirect_chain(self, prefix: str, hops: int, to: str, status: int = 301) -> str:
        """prefix0 -> prefix1 -> ... -> prefix{hops-1} -> to; returns the first path."""
        for i in range(hops):
            self.redirect(f"{prefix}{i}", to if i == hops - 1 else f"{prefix}{i + 1}", status)
        return f"{prefix}0"

    def error(self, path: str, status: int, retry_after: str | None = None) -> Route:
        headers = {"Retry-After": retry_after} if retry_after else {}
        body = f"error {status}\n".encode()
        return self.add(path, body, status=status, headers=headers, content_type="text/plain")

    def slow(self, path: str, body: bytes = RSS, nbytes: int = 10, every: float = 0.5) -> Route:
        """Trickle `nbytes` every `every` seconds."""
        return self.add(path, body, trickle=(nbytes, every))

    def hang(self, path: str, seconds: float) -> Route:
        """Accept the request and say nothing for `seconds`."""
        return self.add(path, delay=seconds)

    def oversized(self, path: str, size: int, chunked: bool = False) -> Route:
        """A body of `size` bytes, generated as it is sent (with or without Content-Length)."""
        return self.add(path, b"", size=size, chunked=chunked)

    def gzip_bomb(self, path: str, inflated: int = 200_000_000) -> Route:
        """A few hundred KB of gzip that inflates to `inflated` zero bytes."""
        return self.add(
            path, _bomb(inflated), headers={"Content-Encoding": "gzip"}, content_type="text/xml"
        )

    def reset(self, path: str, body: bytes = RSS * 50, after: int = 100) -> Route:
        """Send headers and `after` body bytes, then reset the connection."""
        return self.add(path, body, reset_after=after)


@functools.cache
def _bomb(size: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    parts = [comp.compress(zeros) for _ in range(size >> 20)]
    parts.append(comp.compress(bytes(size & ((1 << 20) - 1))))
    parts.append(comp.flush())
    return b"".join(parts)


def _encode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    if encoding == "br":
        import brotli

        return brotli.compress(body)
    raise ValueError(f"unknown encoding {encoding}")


def _range_start(value: str | None) -> int | None:
    """N of "bytes=N-" (the only form a resuming download sends); None otherwise."""
    if not value or not value.startswith("bytes=") or not value.endswith("-"):
        return None
    number = value[len("bytes=") : -1]
    return int(number) if number.isdigit() else None


def _fresh(route: Route, headers: Any) -> bool:
    """True when the request's validators match, so a 304 is due (If-None-Match wins)."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return route.etag is not None and ("*" in tags or route.etag.removeprefix("W/") in tags)
    ims = headers.get("If-Modified-Since")
    if ims and route.last_modified:
        try:
            return parsedate_to_datetime(route.last_modified) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type, owner: FeedServer) -> None:
        self.owner = owner
        self.open: set[socket.socket] = set()
        super().__init__(address, handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = super().get_request()
        if self.owner._ssl is not None:
            # Handshake in the handler thread, so a failing client can't stall accept().
            sock = self.owner._ssl.wrap_socket(
                sock, server_side=True, do_handshake_on_connect=False
            )
        self.open.add(sock)
        return sock, addr

    def shutdown_request(self, request: Any) -> None:
        self.open.discard(request)
        super().shutdown_request(request)

    def close_all(self) -> None:
        for sock in list(self.open):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-response is the point of many tests


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5  # idle keep-alive connections close by themselves
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        owner = self.server.owner
        with owner._lock:
            headers = {k.lower(): v for k, v in self.headers.items()}
            owner.requests.append(Request(self.path, self.command, headers))
        route = owner.routes.get(self.path) or owner.routes.get(self.path.split("?")[0])
        if route is None:
            route = Route(status=404, body=b"not found\n", content_type="text/plain")
        try:
            self._respond(route, head, owner._stop)
        except OSError:
            self.close_connection = True

    def _respond(self, route: Route, head: bool, stop: threading.Event) -> None:
        if route.delay and stop.wait(route.delay):
            self.close_connection = True
            return
        status = 304 if route.status == 200 and _fresh(route, self.headers) else route.status
        body = route.body
        start = _range_start(self.headers.get("Range")) if route.ranges else None
        if start is not None and status == 200 and start < len(body):
            span = f"bytes {start}-{len(body) - 1}/{len(body)}"
            route = replace(
                route, reset_after=None, headers={**route.headers, "Content-Range": span}
            )
            status, body = 206, body[start:]
        if route.encoding and body:
            body = _encode(body, route.encoding)
        self.send_response(status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        if status == 304:
            self.end_headers()
            return
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        if route.encoding:
            self.send_header("Content-Encoding", route.encoding)
        size = route.size if route.size is not None else len(body)
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        if head:
            return
        if route.reset_after is not None:
            self._send_then_reset(body[: route.reset_after], stop)
        elif route.trickle:
            self._trickle(body, *route.trickle, stop, route.chunked)
        elif route.size is not None:
            self._synthetic(route.size, route.chunked, stop)
        else:
            self._write(body, route.chunked)
            self._end(route.chunked)

    def _write(self, data: bytes, chunked: bool) -> None:
        if not data:
            return
        if chunked:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        else:
            self.wfile.write(data)

    def _end(self, chunked: bool) -> None:
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _trickle(
        self, body: bytes, n: int, every: float, stop: threading.Event, chunked: bool
    ) -> None:
        for i in range(0, len(body), n):
            if i and stop.wait(every):
                self.close_connection = True
                return
            self._write(body[i : i + n], chunked)
        self._end(chunked)

    def _synthetic(self, size: int, chunked: bool, stop: threading.Event) -> None:
        block = b"x" * _CHUNK
        sent = 0
        while sent < size and not stop.is_set():
            piece = block[: min(_CHUNK, size - sent)]
            self._write(piece, chunked)
            sent += len(piece)
        self._end(chunked)

    def _send_then_reset(self, part: bytes, stop: threading.Event) -> None:
        self.wfile.write(part)
        stop.wait(0.2)  # let the client see headers and part of the body before the reset
        # SO_LINGER 0 makes close() send RST instead of an orderly FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True
