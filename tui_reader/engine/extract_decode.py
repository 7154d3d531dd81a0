"""Bytes of an article page -> text: is it HTML at all, and in which charset.

The order is the browser's: a byte-order mark, then the HTTP header's charset, then a
`<meta charset>` near the top, then UTF-8 (with replacement characters where a few bytes are
bad), else windows-1252 (the web's old default). Two common lies are caught on the way:
a header that says ISO-8859-1 (servers' default) over a page that is valid UTF-8, and a
declared charset the bytes do not decode in.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["HTML_TYPES", "decode_page", "not_html_reason"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]{1,40})", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?([\w.:-]{1,40})", re.IGNORECASE)
_PRESCAN = 4096  # browsers look for <meta charset> in the first 1024 bytes; pages are sloppier
# Labels browsers read as windows-1252 (a superset): their bytes never fail to decode, so a
# UTF-8 page behind such a label can only be told by its being valid UTF-8.
_LATIN = frozenset({"iso8859-1", "ascii", "cp1252"})  # as codecs names them
# Binary formats that servers mislabel as text/html most often.
_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
_TAG = re.compile(r"<[a-zA-Z!/?]")


def not_html_reason(page: bytes, content_type: str | None) -> str | None:
    """Why `page` is not an HTML page, or None when it may be one."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media and media not in HTML_TYPES:
        return "page is not HTML"
    head = page[:_PRESCAN]
    if head.startswith(_MAGIC):
        return "page is not HTML"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # UTF-16 text is full of NULs; anything else with them is binary
    # A few stray control bytes happen in real pages; in binary data 1 byte in 10 is one.
    if len(_CONTROL_BYTES.findall(head)) * 100 > len(head):
        return "page is not HTML"
    return None


def decode_page(page: bytes, content_type: str | None) -> str:
    """The page as text, by the first charset that fits (see the module docstring)."""
    for bom, encoding in _BOMS:
        if page.startswith(bom):
            return page[len(bom) :].decode(encoding, "replace")
    for label in (_header_label(content_type), _meta_label(page)):
        text = _decode_as(page, label)
        if text is not None:
            return text
    return _utf8_or_cp1252(page)


def _utf8_or_cp1252(page: bytes) -> str:
    """UTF-8 if most non-ASCII bytes form valid UTF-8 (a stray bad byte in a UTF-8 page must
    not turn all its text into mojibake), else windows-1252, the web's old default."""
    text = page.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if not bad or len(_NON_ASCII.findall(text)) > bad:
        return text
    return page.decode("cp1252", "replace")  # 5 of its bytes are unassigned


def has_markup(text: str) -> bool:
    """True when the text holds at least one tag in its first part."""
    return bool(_TAG.search(text, 0, 65536))


def _header_label(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1).lower() if match else None


def _meta_label(page: bytes) -> str | None:
    match = _META_CHARSET.search(page, 0, _PRESCAN)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    # A page that could hold this meta in ASCII bytes is not UTF-16 (WHATWG reads it as UTF-8)
    return "utf-8" if label.startswith(("utf-16", "utf16")) else label


def _decode_as(page: bytes, label: str | None) -> str | None:
    """The page in `label`'s charset; None if the label is unknown or the bytes do not fit."""
    if not label:
        return None
    try:
        encoding = codecs.lookup(label).name
    except LookupError:
        return None
    if encoding in _LATIN:
        try:
            return page.decode("utf-8")  # valid UTF-8 with any non-ASCII byte is UTF-8
        except UnicodeDecodeError:
            return page.decode("cp1252", "replace")  # 5 bytes are unassigned in it
    try:
        return page.decode(encoding)
    except UnicodeDecodeError:
        return None
