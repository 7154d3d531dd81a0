"""Images, embeds, video and audio: what their placeholder says and which URL it numbers.

Their URLs become numbered links like any other, so `f` / `1..9` can open what the reader
cannot show. The placeholder text is "[image: alt]"; renderers put the number in
("[image 3: alt]"), as they add "[3]" after link text (see blocks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from posixpath import basename
from urllib.parse import unquote, urlsplit

from tui_reader.content.links import host
from tui_reader.engine.sanitize import clean_line

# The word each element shows as; <img> is "image", <iframe> "embed".
KIND = {"img": "image", "iframe": "embed", "video": "video", "audio": "audio"}
MAX_LABEL = 300

_TINY = re.compile(r"\s*[0-2](?:\.\d*)?\s*(?:px)?\s*$")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:width|height)\s*:\s*[0-2]px", re.I
)


@dataclass(slots=True)
class OpenMedia:
    """A <video> or <audio> being read: its URL may come from a later <source>."""

    tag: str
    attrs: dict[str, str | None]
    url: str | None


def is_invisible(attrs: dict[str, str | None]) -> bool:
    """A tracking pixel or an image hidden by its style: nothing a reader would see."""
    width, height = attrs.get("width") or "", attrs.get("height") or ""
    return bool(
        _TINY.match(width) or _TINY.match(height) or _HIDDEN_STYLE.search(attrs.get("style") or "")
    )


def image_source(attrs: dict[str, str | None]) -> str | None:
    """An <img>'s URL: src, else a lazy loader's data-src, else the first srcset candidate."""
    for name in ("src", "data-src"):
        value = attrs.get(name)
        if value and value.strip() and not value.strip().lower().startswith("data:"):
            return value
    srcset = (attrs.get("srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else attrs.get("src")


def file_name(url: str | None) -> str:
    """The last path segment of a URL, decoded: ".../Laos%20chair.jpg" -> "Laos chair.jpg"."""
    if not url:
        return ""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    return basename(unquote(path.rstrip("/")))


def given_label(kind: str, attrs: dict[str, str | None]) -> str:
    """The author's name for it: an image's alt, else its title; anything else's title.

    Attribute values arrive entity-decoded from the HTML parser, so this is their boundary:
    `&#27;` in an alt is an ESC by now, and clean_line removes it.
    """
    for name in ("alt", "title") if kind == "image" else ("title",):
        text = clean_line(attrs.get(name), limit=MAX_LABEL)
        if text:
            return text
    return ""


def url_label(kind: str, url: str | None) -> str:
    """A name from the URL when the author gave none: an embed's host, else the file name
    (percent-decoding can make control characters, so it is cleaned too)."""
    name = host(url) if kind == "embed" and url else file_name(url)
    return clean_line(name, limit=MAX_LABEL)


def placeholder(kind: str, text: str) -> str:
    return f"[{kind}: {text}]" if text else f"[{kind}]"


def number_at(text: str, start: int) -> int:
    """Where a placeholder's link number goes: "[image" + " 3" + ": alt]"."""
    end = len(text)
    for mark in (":", "]"):
        found = text.find(mark, start, end)
        if found != -1:
            end = found
    return end
