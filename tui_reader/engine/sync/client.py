"""A Google Reader API client, on the subset FreshRSS (`p/api/greader.php`) and Miniflux
(`internal/googlereader`) both answer.

Every failure is a `SyncError` whose str() is one line for people (`AuthError` for a wrong
user or password, so callers can say so). Where the two servers differ, this speaks the
stricter dialect: `output=json` on every read (Miniflux needs it), the write token `T` in
the POST body as well as the auth header (Miniflux reads it only from the form), item ids
accepted in both forms (decimal from `stream/items/ids`, the long hex form from
`stream/items/contents`), continuation taken as an opaque string (FreshRSS's is an item
id, Miniflux's an offset), `subscription/edit` subscribing by `feed/<url>`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from tui_reader import __version__
from tui_reader.engine.sync.errors import AuthError, SyncError

__all__ = ["AuthError", "GReaderClient", "Subscription", "SyncError", "item_id", "long_id"]

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LONG_PREFIX = "tag:google.com,2005:reader/item/"
IDS_PAGE = 1000  # ids per stream/items/ids request
CONTENTS_BATCH = 250  # items per stream/items/contents request
EDIT_BATCH = 250  # items per edit-tag request


def item_id(text: str) -> int:
    """An item id in either form -> the decimal id. ValueError when it is neither."""
    text = text.strip()
    if text.startswith(LONG_PREFIX):
        return int(text[len(LONG_PREFIX) :], 16)
    if len(text) == 16 and not text.isdigit():  # the bare hex form Miniflux also takes
        return int(text, 16)
    if not text.isdigit() or len(text) > 20:
        raise ValueError(f"not an item id: {text[:40]!r}")
    return int(text)


def long_id(item: int) -> str:
    return f"{LONG_PREFIX}{item:016x}"


@dataclass(slots=True)
class Subscription:
    stream_id: str  # "feed/12"
    url: str
    title: str = ""
    site_url: str | None = None
    folders: list[str] = field(default_factory=list)


@dataclass
class Counter:
    """Requests made, by endpoint (the benchmark reads it)."""

    requests: int = 0
    by_path: dict[str, int] = field(default_factory=dict)


class GReaderClient:
    """One user's session with the service at `url` (its API base, e.g. …/api/greader.php)."""

    def __init__(self, url: str, user: str, password: str, *, timeout: float = 30.0) -> None:
        self.base = url.rstrip("/")
        self._user, self._password = user, password
        self._auth: str | None = None
        self._token: str | None = None
        self.counter = Counter()
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            headers={"User-Agent": f"tui-reader/{__version__}"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GReaderClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport ---------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        form: list[tuple[str, str]] | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """One request; a login that expired meanwhile (401 mid-sync) is renewed once."""
        for attempt in (1, 2):
            if auth and self._auth is None:
                self.login()
            response = self._send(method, path, params, form, auth)
            if response.status_code not in (401, 403):
                break
            self._auth = self._token = None
            if not auth:
                raise AuthError(
                    f"the sync service at {self.base} refused user {self._user!r} and its "
                    "password; check [sync] user and password_cmd"
                )
            if attempt == 2:
                raise AuthError(
                    f"the sync service at {self.base} refused our login during the sync"
                )
        if response.status_code >= 400:
            raise SyncError(
                f"the sync service at {self.base} failed: HTTP {response.status_code} on {path}"
            )
        return response

    def _send(
        self, method: str, path: str, params: Any, form: list[tuple[str, str]] | None, auth: bool
    ) -> httpx.Response:
        headers = {"Authorization": f"GoogleLogin auth={self._auth}"} if auth else {}
        content = None
        if form is not None:
            if auth and method == "POST":  # Miniflux takes the write token only from the form
                form = [*form, ("T", self.token())]
            # repeated keys (i=, i=, ...): encoded here, httpx's data= takes a dict
            content = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.counter.requests += 1
        name = path.split("/reader/api/0/")[-1].split("?")[0].rsplit("/", 1)[-1]
        self.counter.by_path[name] = self.counter.by_path.get(name, 0) + 1
        try:
            return self._http.request(
                method, self.base + path, params=params, content=content, headers=headers
            )
        except httpx.TimeoutException:
            raise SyncError(f"the sync service at {self.base} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise SyncError(
                f"cannot reach the sync service at {self.base}: {_reason(exc)}"
            ) from None

    def _json(self, path: str, params: list[tuple[str, str]]) -> dict[str, Any]:
        response = self._request("GET", path, params=[*params, ("output", "json")])
        return _object(response, path)

    def _post(self, path: str, form: list[tuple[str, str]], *, want_json: bool = False) -> Any:
        response = self._request("POST", path, form=form)
        if want_json:
            return _object(response, path)
        if response.text.strip() != "OK":
            raise SyncError(f"the sync service at {self.base} did not accept {path}")
        return None

    # -- endpoints ---------------------------------------------------------------------------

    def login(self) -> None:
        """ClientLogin: trade the user and password for the auth token."""
        form = [("Email", self._user), ("Passwd", self._password)]
        text = self._request("POST", "/accounts/ClientLogin", form=form, auth=False).text
        for line in text.splitlines():
            if line.startswith("Auth="):
                self._auth = line[5:].strip()
                return
        raise SyncError(f"the sync service at {self.base} gave no login token (is url right?)")

    def token(self) -> str:
        """The write token every POST carries."""
        if self._token is None:
            text = self._request("GET", "/reader/api/0/token").text.strip()
            if not text or "\n" in text or len(text) > 1000:
                raise SyncError(f"the sync service at {self.base} gave no write token")
            self._token = text
        return self._token

    def subscriptions(self) -> list[Subscription]:
        doc = self._json("/reader/api/0/subscription/list", [])
        found = []
        for sub in _list(doc.get("subscriptions"), "subscription/list"):
            if not isinstance(sub, dict) or not isinstance(sub.get("id"), str):
                continue
            folders = [
                c["label"]
                for c in sub.get("categories") or []
                if isinstance(c, dict) and isinstance(c.get("label"), str)
            ]
            url = sub.get("url")
            found.append(
                Subscription(
                    stream_id=sub["id"],
                    url=url if isinstance(url, str) and url else sub["id"],
                    title=_str(sub.get("title")),
                    site_url=_str(sub.get("htmlUrl")) or None,
                    folders=folders,
                )
            )
        return found

    def folders(self) -> list[str]:
        """tag/list's labels (folders); states such as starred are left out."""
        doc = self._json("/reader/api/0/tag/list", [])
        names = []
        for tag in _list(doc.get("tags"), "tag/list"):
            tag_id = tag.get("id") if isinstance(tag, dict) else None
            if isinstance(tag_id, str) and "/label/" in tag_id:
                names.append(tag_id.split("/label/", 1)[1])
        return names

    def item_ids(
        self, stream: str, *, exclude: str | None = None, since: int | None = None
    ) -> list[int]:
        """Every item id of `stream` (`exclude`: minus this one; `since`: epoch seconds),
        following continuation across pages."""
        ids: list[int] = []
        seen: set[str] = set()
        continuation: str | None = None
        while True:
            params = [("s", stream), ("n", str(IDS_PAGE))]
            if exclude:
                params.append(("xt", exclude))
            if since:
                params.append(("ot", str(since)))
            if continuation:
                params.append(("c", continuation))
            doc = self._json("/reader/api/0/stream/items/ids", params)
            for ref in _list(doc.get("itemRefs") or [], "stream/items/ids"):
                try:
                    ids.append(item_id(str(ref["id"])))
                except (KeyError, TypeError, ValueError):
                    continue
            nxt = doc.get("continuation")
            if not nxt or not isinstance(nxt, str | int) or str(nxt) in seen:
                return list(dict.fromkeys(ids))
            continuation = str(nxt)
            seen.add(continuation)

    def contents(self, items: Sequence[int]) -> Iterator[list[dict[str, Any]]]:
        """The items' JSON, one batch per request; items the service no longer has are
        simply missing from the answer."""
        for start in range(0, len(items), CONTENTS_BATCH):
            chunk = items[start : start + CONTENTS_BATCH]
            form = [("i", long_id(i)) for i in chunk]
            doc = self._post(
                "/reader/api/0/stream/items/contents?output=json", form, want_json=True
            )
            yield [i for i in _list(doc.get("items") or [], "contents") if isinstance(i, dict)]

    def edit_tag(
        self, items: Sequence[int], *, add: str | None = None, remove: str | None = None
    ) -> None:
        for start in range(0, len(items), EDIT_BATCH):
            form = [("i", str(i)) for i in items[start : start + EDIT_BATCH]]
            form += [("a", add)] if add else []
            form += [("r", remove)] if remove else []
            self._post("/reader/api/0/edit-tag", form)

    def mark_all_as_read(self, stream: str, ts_usec: int) -> None:
        """Everything in `stream` up to `ts_usec` (microseconds: items that arrived after
        the user's action stay unread)."""
        self._post("/reader/api/0/mark-all-as-read", [("s", stream), ("ts", str(ts_usec))])

    def subscribe(self, url: str, folder: str | None = None, title: str = "") -> None:
        form = [("ac", "subscribe"), ("s", f"feed/{url}")]
        form += [("a", f"user/-/label/{folder}")] if folder else []
        form += [("t", title)] if title else []
        self._post("/reader/api/0/subscription/edit", form)

    def unsubscribe(self, stream_id: str) -> None:
        self._post("/reader/api/0/subscription/edit", [("ac", "unsubscribe"), ("s", stream_id)])


def _object(response: httpx.Response, path: str) -> dict[str, Any]:
    try:
        doc = json.loads(response.content)
    except ValueError:
        doc = None
    if not isinstance(doc, dict):  # Miniflux answers [] to what it does not implement
        raise SyncError(
            f"the sync service gave no usable answer to {path} (not a Google Reader API?)"
        )
    return doc


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise SyncError(f"the sync service's answer to {what} is not what the API gives")
    return value


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _reason(exc: httpx.HTTPError) -> str:
    text = str(exc).strip() or type(exc).__name__
    if "Connection refused" in text or "ConnectError" in type(exc).__name__:
        return "connection refused (is it running?)" if "refused" in text else text.splitlines()[0]
    return text.splitlines()[0][:200]
