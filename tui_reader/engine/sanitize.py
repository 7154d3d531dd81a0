"""The one boundary for untrusted text: every string a feed gives us passes through here.

What comes out holds no terminal control sequences, no C0/C1 controls, no lone surrogates
(which SQLite and the terminal cannot encode) and no bidi override, embedding or invisible
format character that could make text look like something it is not (the direction marks
and paired isolates right-to-left text needs stay: see _INVISIBLE). Markup-looking text such
as `[bold]` is left alone on purpose: it is data, and the renderers show it literally.

The rule: text from outside passes through here once, where it enters.
- Feed fields: the parsers (parse.py, jsonfeed.py, opml.py, and sync/items.py for a sync
  service's items) clean every field they read, so what the store writes is clean (and
  encodable: no lone surrogates).
- The cache: only the store writes it, and only what the parsers made, so it is ours and
  not input; nothing cleans what it reads back.
- Text the content layer decodes out of a stored HTML body: decoding makes new text
  (`&#x202e;` becomes a bidi override, `%1b` in a file name an ESC), so content/html.py
  cleans each text run, content/media.py each attribute it shows, content/links.py each
  href. That is a boundary, not a repeat.
Stored strings, and everything the store returns, are clean. Later layers never clean
"once more to be safe": a second pass hides where the first one is missing. They still
never treat text as markup: widgets get `rich.text.Text` (or Textual `Content`) built from
these strings, never a markup string or an f-string into one. Shaping a clean string for
layout (`single_line`) is not cleaning and may happen anywhere.

Each character category is one compiled regex, so a clean string costs a single C-level
scan; Python code runs only when something must be removed.
"""

from __future__ import annotations

import html
import re

ELLIPSIS = "…"

# Whole ESC sequences go first so their parameters ("[31m", "]52;c;...") do not remain as
# stray text; an unterminated one loses its introducer and the rest is inert. 8-bit C1
# introducers are dropped on their own: they also turn up in honest but mis-decoded text
# (cp1252 read as latin-1), where eating the following "parameters" would eat words.
_ESCAPES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC (title, hyperlink, clipboard)
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)"  # DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # any other ESC sequence (or a bare ESC)
)
# Characters that are never shown: C0 except tab/newline/CR, DEL, C1, lone surrogates, bidi
# embeddings and overrides (LRE RLE PDF LRO RLO: they make "exe.txt" read as "txt.exe"),
# BOM / zero-width no-break space, invisible operators, deprecated format controls and
# interlinear annotations.
# Kept: the marks LRM, RLM, ALM (U+200E, U+200F, U+061C) and the isolates LRI, RLI, FSI, PDI
# (U+2066-2069), which real Arabic, Hebrew and Persian text relies on to put a number or a
# Latin name the right way round, and which cannot reorder text outside their own run. An
# isolate that is not closed in the same string (or a PDI that closes nothing) would spill
# into what a widget draws next to it, so unpaired ones go (`_pair_isolates`).
_INVISIBLE = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
    "\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
)
_DROP = re.compile(f"{_ESCAPES}|[{_INVISIBLE}]")
# Every escape sequence starts with ESC, which _INVISIBLE holds: no match here, nothing to drop.
# A character-class scan is ~10x faster than _DROP's alternation on a clean 3 KB body.
_ANY_DROP = re.compile(f"[{_INVISIBLE}]")
_ISOLATES = re.compile("[\u2066-\u2069]")
_PDI = "\u2069"
_LINE_SPACE = re.compile(r"\s+")  # \t \n \r, U+2028/2029, NBSP and the other Unicode spaces
_TEXT_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
_URL_SPACE = re.compile(r"[\t\n\r]+")  # browsers drop these inside URLs, so do we

_OPENABLE = re.compile(r"(?:https?://[^/?#\s]|mailto:\S)", re.IGNORECASE)

# For the search index: script/style bodies and comments vanish (unterminated ones run to
# the end, as in a browser, which also keeps the scan linear); a tag is "<" + letter, "/",
# "!" or "?" up to the next ">" but never across another "<" (linear on "<<<<...").
_HTML_SKIP = re.compile(
    r"<(script|style)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<[a-zA-Z/!?][^<>]*>",
    re.DOTALL | re.IGNORECASE,
)


def _drop(s: str) -> str:
    if _ANY_DROP.search(s):
        s = _DROP.sub("", s)
    return _pair_isolates(s) if _ISOLATES.search(s) else s


def _pair_isolates(s: str) -> str:
    """Isolates that open and close in `s`, others removed (an unclosed RLI would turn the
    rest of a list row around; a stray PDI could close a widget's own isolate)."""
    opened: list[int] = []
    drop: list[int] = []
    for m in _ISOLATES.finditer(s):
        if m.group() != _PDI:
            opened.append(m.start())
        elif opened:
            opened.pop()
        else:
            drop.append(m.start())
    if not drop and not opened:
        return s
    gone = set(drop + opened)
    return "".join(c for i, c in enumerate(s) if i not in gone)


# Whitespace that _INVISIBLE also holds: where one occurs, dropping and collapsing differ.
_ODD_SPACE = re.compile("[\x0b\x0c\x1c-\x1f\x85]")


def _one_line(s: str) -> str:
    """_drop, then whitespace runs to one space, stripped; the same result as
    `_LINE_SPACE.sub(" ", _drop(s)).strip()`, several times faster on clean text.

    str.split() splits on exactly the characters `\\s` matches, and a printable result
    cannot hold anything _DROP would remove (all of it is in Unicode's Cc, Cf or Cs).
    """
    if not _ODD_SPACE.search(s):
        joined = " ".join(s.split())
        if joined.isprintable():
            return joined
    return _LINE_SPACE.sub(" ", _drop(s)).strip()


def _cap(s: str, limit: int) -> str:
    if len(s) <= limit:
        return s
    if limit <= 1:
        return ELLIPSIS[:limit]
    return s[: limit - 1].rstrip() + ELLIPSIS


def single_line(s: str, limit: int = 2048) -> str:
    """Layout, not cleaning: whitespace runs (line breaks too) to one space, capped with an
    ellipsis. For strings that are already clean; it removes nothing else."""
    return _cap(" ".join(s.split()), limit)


def clean_line(s: str | None, limit: int = 2048) -> str:
    """A one-line field (title, author, category): controls gone, whitespace collapsed."""
    if not s:
        return ""
    return _cap(_one_line(s), limit)


def clean_text(s: str | None, limit: int = 4_000_000) -> str:
    """A multi-line body (HTML or text): like clean_line but newlines and tabs are kept.

    Other whitespace is left as it is: a body may hold preformatted text.
    """
    if not s:
        return ""
    s = _drop(s)
    if "\r" in s or "\u2028" in s or "\u2029" in s:
        s = _TEXT_BREAKS.sub("\n", s)
    return _cap(s.strip(), limit)


def clean_url(url: str | None, limit: int = 4096) -> str | None:
    """A URL with controls and surrounding whitespace removed; None if empty or too long.

    A cut URL would point somewhere else, so an over-long one is dropped, not shortened.
    """
    if not url:
        return None
    url = _URL_SPACE.sub("", _drop(url)).strip()
    if not url or len(url) > limit:
        return None
    return url.replace(" ", "%20")


def is_openable(url: str | None) -> bool:
    """True only for http(s) URLs with a host and mailto: links; never javascript:, data: ..."""
    url = clean_url(url)
    return bool(url and _OPENABLE.match(url))


def html_to_plain(html_text: str) -> str:
    """Plain text of an HTML body for the full-text index: cheap and deterministic.

    Not a renderer: tags become spaces, entities are decoded, whitespace collapses. The
    store re-derives this text to delete old index entries, so it must never change for
    the same input.
    """
    if not html_text:
        return ""
    text = _HTML_SKIP.sub(" ", html_text)
    if "&" in text:
        text = html.unescape(text)
    return _one_line(text)


# A BCP 47 language tag (RFC 5646) as feeds and pages write it: a 2-3 letter language (or
# 4-8 letters, registered but rare), then subtags of 1-8 letters or digits. 35 characters is
# the length RFC 5646 asks implementations to hold; longer is not a tag we can use.
_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,7}")
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})  # undetermined, several, none, other
LANG_LIMIT = 35


def clean_lang(value: object) -> str | None:
    """A declared language (`<language>`, xml:lang, `<html lang>`, JSON Feed `language`) as a
    BCP 47 tag in its usual case ("de-DE", "zh-Hant-TW"), or None for anything that is not
    one: markup, controls, free text, an over-long value, "und"."""
    if not isinstance(value, str) or len(value) > 4 * LANG_LIMIT:
        return None
    tag = value.strip().replace("_", "-")
    if len(tag) > LANG_LIMIT or not _LANG_TAG.fullmatch(tag):
        return None
    first, *rest = tag.split("-")
    if first.lower() in _NO_LANGUAGE:
        return None
    # RFC 5646's case conventions: language lower, script title, region upper.
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)
