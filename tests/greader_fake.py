"""A fake Google Reader API service on 127.0.0.1, for what a real one will not do on demand:
answer slowly, expire a login mid-sync, fail with a 500, page ids across continuations, lose
an item between listing and fetching it. `dialect="miniflux"` speaks Miniflux's variant (as
its internal/googlereader/README.md documents it): `output=json` required, POSTs
authenticated only by the form's `T`, `edit-tag`'s a/r read from the body only, numeric
offsets as continuation, `[]` for what it does not implement.

    with FakeReader() as fake:
        fake.add_feed("feed/1", "http://127.0.0.1/a.xml", "Alpha", folder="Tech")
        fake.add_items("feed/1", 3)
        fake.base  # the API base URL for [sync] url
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

PREFIX = "tag:google.com,2005:reader/item/"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"


@dataclass
class Item:
    id: int
    stream: str
    title: str
    body: str = "<p>text</p>"
    published: int = 1_700_000_000
    read: bool = False
    starred: bool = False


@dataclass
class Feed:
    stream: str
    url: str
    title: str
    folder: str | None = None


@dataclass
class FakeReader:
    user: str = "me"
    password: str = "secret"
    dialect: str = "freshrss"  # or "miniflux"
    feeds: dict[str, Feed] = field(default_factory=dict)
    items: dict[int, Item] = field(default_factory=dict)
    # misbehaviour on demand
    delay: dict[str, float] = field(default_factory=dict)  # path suffix -> seconds
    fail: dict[str, int] = field(default_factory=dict)  # path suffix -> status, every time
    vanished: set[int] = field(default_factory=set)  # listed, never given by contents
    expire_login_at: int | None = None  # after this many API requests, tokens are void once
    max_page: int | None = None  # ids per page, whatever n says
    requests: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tokens: set[str] = set()
        self._logins = 0
        self._api_requests = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/greader.php"

    def add_feed(self, stream: str, url: str, title: str, folder: str | None = None) -> None:
        self.feeds[stream] = Feed(stream, url, title, folder)

    def add_items(self, stream: str, count: int, *, start: int | None = None) -> list[int]:
        first = start if start is not None else 1_700_000_000_000_000 + len(self.items)
        ids = [first + n for n in range(count)]
        for n, i in enumerate(ids):
            self.items[i] = Item(i, stream, f"Item {n}", published=1_700_000_000 + n)
        return ids

    def count(self, path_suffix: str) -> int:
        return sum(1 for _, path, _ in self.requests if path.endswith(path_suffix))

    def unread(self) -> set[int]:
        return {i.id for i in self.items.values() if not i.read}

    def starred(self) -> set[int]:
        return {i.id for i in self.items.values() if i.starred}

    # -- the API -------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        form: list[tuple[str, str]],
        auth: str | None,
    ) -> tuple[int, str | bytes]:
        with self._lock:
            self.requests.append((method, path, query + form))
        for suffix, seconds in self.delay.items():
            if path.endswith(suffix):
                time.sleep(seconds)
        for suffix, status in self.fail.items():
            if path.endswith(suffix):
                return status, "failed"
        if path.endswith("/accounts/ClientLogin"):
            return self._login(dict(query + form))
        params = query + form if method == "POST" else query
        if not self._authorised(method, auth, dict(form if self.dialect == "miniflux" else params)):
            return 401, "Unauthorized"
        json_needed = method == "GET" and not path.endswith("/token")
        if self.dialect == "miniflux" and json_needed and ("output", "json") not in params:
            return 400, '{"error_message": "output=json required"}'
        name = path.split("/reader/api/0/", 1)[-1]
        body = form if (self.dialect == "miniflux" and name == "edit-tag") else params
        handler = getattr(self, "_" + name.replace("/", "_").replace("-", "_"), None)
        if handler is None:
            return (200, "[]") if self.dialect == "miniflux" else (404, "not found")
        result: tuple[int, str | bytes] = handler(body)
        return result

    def _login(self, form: dict[str, str]) -> tuple[int, str]:
        if form.get("Email") != self.user or form.get("Passwd") != self.password:
            return 401, '{"error_message": "access unauthorized"}'
        self._logins += 1
        token = f"{self.user}/token{self._logins}"
        self._tokens.add(token)
        return 200, f"SID={token}\nLSID={token}\nAuth={token}\n"

    def _authorised(self, method: str, auth: str | None, params: dict[str, str]) -> bool:
        self._api_requests += 1
        if self.expire_login_at is not None and self._api_requests > self.expire_login_at:
            self._tokens.clear()  # once: the next login works again
            self.expire_login_at = None
        if method == "POST" and self.dialect == "miniflux":
            return params.get("T") in self._tokens  # Miniflux: POSTs by the form's T only
        token = (auth or "").removeprefix("GoogleLogin auth=")
        if method == "POST" and params.get("T") not in self._tokens:
            return False
        return token in self._tokens

    def _token(self, _: list[tuple[str, str]]) -> tuple[int, str]:
        return 200, sorted(self._tokens)[-1]

    def _subscription_list(self, _: list[tuple[str, str]]) -> tuple[int, str]:
        subs = [
            {
                "id": f.stream,
                "title": f.title,
                "url": f.url,
                "htmlUrl": f.url,
                "categories": [{"id": f"user/-/label/{f.folder}", "label": f.folder}]
                if f.folder
                else [],
            }
            for f in self.feeds.values()
        ]
        return 200, json.dumps({"subscriptions": subs})

    def _tag_list(self, _: list[tuple[str, str]]) -> tuple[int, str]:
        folders = sorted({f.folder for f in self.feeds.values() if f.folder})
        tags = [{"id": STARRED}] + [{"id": f"user/-/label/{f}", "type": "folder"} for f in folders]
        return 200, json.dumps({"tags": tags})

    def _stream_items_ids(self, params: list[tuple[str, str]]) -> tuple[int, str]:
        p = dict(params)
        stream, excluded = p.get("s", ""), {v for k, v in params if k == "xt"}
        found = sorted(self.items.values(), key=lambda i: i.id, reverse=True)
        if stream == STARRED:
            found = [i for i in found if i.starred]
        elif stream.startswith("feed/"):
            found = [i for i in found if i.stream == stream]
        if READ in excluded:
            found = [i for i in found if not i.read]
        if "ot" in p:
            found = [i for i in found if i.published >= int(p["ot"])]
        n = min(int(p.get("n", "20")), self.max_page or 10**9)
        start = int(p.get("c", "0")) if self.dialect == "miniflux" else _after(found, p.get("c"))
        page = found[start : start + n]
        doc: dict[str, Any] = {"itemRefs": [{"id": str(i.id)} for i in page]}
        if start + n < len(found):
            doc["continuation"] = (
                str(start + n) if self.dialect == "miniflux" else f"x{page[-1].id}"
            )
        return 200, json.dumps(doc)

    def _stream_items_contents(self, params: list[tuple[str, str]]) -> tuple[int, str]:
        wanted = [_item_id(v) for k, v in params if k == "i"]
        items = [self.items[i] for i in wanted if i in self.items and i not in self.vanished]
        return 200, json.dumps({"id": READING_LIST, "items": [self._json(i) for i in items]})

    def _json(self, item: Item) -> dict[str, Any]:
        states = (
            [READING_LIST] + ([READ] if item.read else []) + ([STARRED] if item.starred else [])
        )
        feed = self.feeds[item.stream]
        doc: dict[str, Any] = {
            "id": f"{PREFIX}{item.id:016x}",
            "title": item.title,
            "published": item.published,
            "categories": states,
            "origin": {"streamId": item.stream, "title": feed.title, "htmlUrl": feed.url},
            "alternate": [{"href": f"http://127.0.0.1:9/{item.id}", "type": "text/html"}],
            "summary": {"content": item.body},
        }
        if self.dialect == "miniflux":
            doc["content"] = {"direction": "ltr", "content": item.body}
            doc["crawlTimeMsec"] = str(item.published * 1000)
        return doc

    def _edit_tag(self, params: list[tuple[str, str]]) -> tuple[int, str]:
        ids = [_item_id(v) for k, v in params if k == "i"]
        add = {v for k, v in params if k == "a"}
        remove = {v for k, v in params if k == "r"}
        for i in ids:
            item = self.items.get(i)
            if item is None:
                continue
            item.read = True if READ in add else False if READ in remove else item.read
            item.starred = True if STARRED in add else False if STARRED in remove else item.starred
        return 200, "OK"

    def _mark_all_as_read(self, params: list[tuple[str, str]]) -> tuple[int, str]:
        p = dict(params)
        ts = int(p.get("ts", "0")) // 1_000_000 or 10**12
        for item in self.items.values():
            if item.published <= ts and p.get("s") in (READING_LIST, item.stream):
                item.read = True
        return 200, "OK"


def _after(found: list[Item], continuation: str | None) -> int:
    """FreshRSS-like: the continuation names the last id given; resume after it."""
    if not continuation:
        return 0
    last = int(continuation[1:])
    return next((n + 1 for n, i in enumerate(found) if i.id == last), len(found))


def _item_id(text: str) -> int:
    return int(text[len(PREFIX) :], 16) if text.startswith(PREFIX) else int(text)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve("GET", b"")

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        self._serve("POST", self.rfile.read(size))

    def _serve(self, method: str, body: bytes) -> None:
        fake: FakeReader = self.server.fake  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        query = parse_qsl(url.query, keep_blank_values=True)
        form = parse_qsl(body.decode(), keep_blank_values=True)
        try:
            status, text = fake.handle(
                method, url.path, query, form, self.headers.get("Authorization")
            )
        except (BrokenPipeError, ConnectionResetError):
            return
        data = text if isinstance(text, bytes) else text.encode()
        try:
            self.send_response(status)
            self.send_header(
                "Content-Type", "application/json" if data[:1] in b"{[" else "text/plain"
            )
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
