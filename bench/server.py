"""A local HTTP server for the corpus: 127.0.0.1 only, conditional GET, stops by itself.

    with CorpusServer(corpus) as srv:     # feeds made up front, served from memory
        srv.url(0)                        # http://127.0.0.1:PORT/feed-0000.xml
        ...
        srv.counts()                      # {"requests": 200, "200": 0, "304": 200, ...}

ETag and Last-Modified are sent with every feed; If-None-Match / If-Modified-Since that match
get 304 Not Modified. The server shuts down after `idle` seconds without a request or `life`
seconds in all, whichever comes first, so a crashed benchmark never leaves it running.
    python bench/server.py --feeds 200 --items 50 --life 600
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import Corpus


class _Doc:
    __slots__ = ("body", "etag", "last_modified", "modified_ts")

    def __init__(self, body: bytes, modified_ts: int) -> None:
        self.body = body
        self.etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        self.modified_ts = modified_ts
        self.last_modified = format_datetime(datetime.fromtimestamp(modified_ts, UTC), usegmt=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    docs: dict[str, _Doc]
    counter: Counter[str]
    lock: threading.Lock
    last_request: float


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.counter["connections"] += 1

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        srv = self.server
        doc = srv.docs.get(self.path.split("?", 1)[0])
        status = 404 if doc is None else 304 if self._fresh(doc) else 200
        with srv.lock:
            srv.last_request = time.monotonic()
            srv.counter["requests"] += 1
            srv.counter[str(status)] += 1
            srv.counter["conditional"] += bool(
                self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
            )
        if doc is None:
            self._send(404, b"not found\n", {"Content-Type": "text/plain"}, head)
            return
        headers = {
            "ETag": doc.etag,
            "Last-Modified": doc.last_modified,
            "Cache-Control": "max-age=0",
        }
        if status == 304:
            self._send(304, b"", headers, head=True)
            return
        headers["Content-Type"] = "application/xml; charset=utf-8"
        self._send(200, doc.body, headers, head)

    def _fresh(self, doc: _Doc) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return any(tag.strip().removeprefix("W/") == doc.etag for tag in inm.split(","))
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(ims).timestamp() >= doc.modified_ts
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)


class CorpusServer:
    """Serves every feed of `corpus` at /feed-NNNN.xml from memory."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        idle: float = 300.0,
        life: float = 3600.0,
        folder: Path | None = None,
    ) -> None:
        self.corpus = corpus
        self.idle = idle
        self.life = life
        self._srv = _Server(("127.0.0.1", 0), _Handler)
        self._srv.docs = {}
        self._srv.counter = Counter()
        self._srv.lock = threading.Lock()
        self._srv.last_request = time.monotonic()
        for i in range(corpus.feeds):
            name = corpus.feed_name(i)
            path = folder / name if folder else None
            body = path.read_bytes() if path and path.exists() else corpus.feed_bytes(i)
            self._srv.docs["/" + name] = _Doc(body, corpus.last_modified(i))
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()

    @property
    def port(self) -> int:
        return self._srv.server_address[1]

    def url(self, feed: int) -> str:
        return f"http://127.0.0.1:{self.port}/{self.corpus.feed_name(feed)}"

    def urls(self) -> list[str]:
        return [self.url(i) for i in range(self.corpus.feeds)]

    def serve(self, name: str, body: bytes, modified_ts: int) -> None:
        """Serve `body` at /name from now on (a feed that changed: new ETag, Last-Modified)."""
        doc = _Doc(body, modified_ts)
        with self._srv.lock:
            self._srv.docs["/" + name] = doc

    def counts(self) -> dict[str, int]:
        with self._srv.lock:
            return dict(self._srv.counter)

    def reset_counts(self) -> None:
        with self._srv.lock:
            self._srv.counter.clear()

    def start(self) -> Self:
        serve = threading.Thread(
            target=self._srv.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="bench-server",
            daemon=True,
        )
        watch = threading.Thread(target=self._watchdog, name="bench-server-watchdog", daemon=True)
        self._threads = [serve, watch]
        for t in self._threads:
            t.start()
        return self

    def _watchdog(self) -> None:
        started = time.monotonic()
        while not self._stopped.wait(0.5):
            now = time.monotonic()
            with self._srv.lock:
                quiet = now - self._srv.last_request
            if quiet > self.idle or now - started > self.life:
                print(f"bench server: stopping by itself (idle {quiet:.0f} s)", file=sys.stderr)
                self._srv.shutdown()
                break

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        if self._threads and self._threads[0].is_alive():
            self._srv.shutdown()
        self._srv.server_close()
        for t in self._threads:
            t.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="serve the benchmark corpus on 127.0.0.1")
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--idle", type=float, default=120.0, help="stop after this long unused")
    ap.add_argument("--life", type=float, default=1800.0, help="stop after this long in all")
    args = ap.parse_args(argv)
    with CorpusServer(
        Corpus(args.feeds, args.items, args.seed), idle=args.idle, life=args.life
    ) as srv:
        print(
            f"serving {args.feeds} feeds at {srv.url(0)} ... (idle {args.idle:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
        srv._threads[0].join()
        print(f"requests: {srv.counts()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
