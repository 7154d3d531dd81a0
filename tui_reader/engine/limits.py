"""What the feed parsers (parse.py, jsonfeed.py) share: the limits on what they keep,
and the helpers that apply them to a field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from tui_reader.engine.sanitize import clean_url

MAX_BYTES = 20_000_000
MAX_ENTRIES = 10_000
MAX_PER_ENTRY = 50  # authors, categories, enclosures
LINE_LIMIT = 2048
BODY_LIMIT = 4_000_000
AUTHOR_CAP = 2048  # what feedparser's author e-mail regex may see (see load_feedparser)

_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def absolute_url(raw: Any, base: str) -> str | None:
    """A cleaned URL, joined to `base` (the feed's own http(s) URL) when it is relative."""
    url = clean_url(raw) if isinstance(raw, str) else None
    if url and base and not _HAS_SCHEME.match(url):
        try:
            url = clean_url(urljoin(base, url))
        except ValueError:  # e.g. a broken IPv6 host in base or url
            return None
    return url


def unique(values: Iterable[str | None], limit: int = MAX_PER_ENTRY) -> list[str]:
    """Non-empty values in first-seen order, at most `limit` of them."""
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
            if len(out) >= limit:
                break
    return out
