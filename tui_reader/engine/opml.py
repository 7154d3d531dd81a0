"""OPML subscription lists: read what other readers export, write what they import.

Reading is lenient (no <opml> or <body>, bare "&", HTML entities) but never expands an
entity or loads a DTD: the DTD is removed before expat sees the document.
"""

from __future__ import annotations

import codecs
import html.entities
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import FULL_TEXT_MODES
from tui_reader.engine.sanitize import clean_line, clean_url
from tui_reader.engine.tags import MAX_TAGS, check_tag, check_tags
from tui_reader.engine.xml_prep import fix_char_refs, strip_dtd

__all__ = ["OpmlFeed", "read_opml", "write_opml"]

MAX_FEEDS = 100_000
# Our own outline attribute (other readers ignore attributes they do not know): a feed's
# full-text mode, written only when it is not the default "auto".
FULL_TEXT_ATTR = "tuiReaderFullText"
MAX_DEPTH = 32  # folder nesting kept; deeper outlines land in the deepest kept folder

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_DECLARATION = re.compile(rb"\s*<\?xml\b[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})")
_BARE_AMP = re.compile(rb"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_ATTRIBUTE = re.compile(rb'=\s*"[^"<>]*<[^"]*"')  # a value holding a bare "<"
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


@dataclass(slots=True)
class OpmlFeed:
    url: str
    title: str
    folder: str | None = None  # nested folders joined with "/"
    site_url: str | None = None  # htmlUrl: the site the feed belongs to
    full_text: str = "auto"  # tuiReaderFullText: when to fetch its article pages
    tags: list[str] = field(default_factory=list)  # category="a,b": the feed's user tags


def read_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds (outlines with xmlUrl) of an OPML document, in order, each URL once."""
    root = _parse(_to_utf8(data))
    bodies = [el for el in root.iter() if _local(el.tag) == "body"]
    start = bodies[0] if bodies else root
    if _local(root.tag) != "opml" and not any(_local(el.tag) == "outline" for el in root.iter()):
        raise ParseError(f"not an OPML file (its root element is <{_local(root.tag)[:40]}>)")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    # Depth-first in document order, iteratively: nesting depth is the sender's choice.
    stack: list[tuple[ET.Element, tuple[str, ...]]] = [(el, ()) for el in reversed(start)]
    while stack and len(feeds) < MAX_FEEDS:
        node, path = stack.pop()
        if _local(node.tag) != "outline":
            continue
        attrs = {k.lower(): v for k, v in node.attrib.items()}
        url = clean_url(attrs.get("xmlurl"))
        if url:
            if url not in seen:
                seen.add(url)
                title = clean_line(attrs.get("title") or attrs.get("text"))
                site = clean_url(attrs.get("htmlurl")) or None
                full = (attrs.get(FULL_TEXT_ATTR.lower()) or "").strip().lower()
                full = full if full in FULL_TEXT_MODES else "auto"
                tags = _tags(attrs.get("category"))
                feeds.append(OpmlFeed(url, title, "/".join(path) or None, site, full, tags))
        else:
            name = clean_line(attrs.get("text") or attrs.get("title"))
            if name and len(path) < MAX_DEPTH:
                path = (*path, name)
        stack.extend((child, path) for child in reversed(node))
    return feeds[:MAX_FEEDS]


def write_opml(feeds: list[OpmlFeed], title: str = "tui-reader subscriptions") -> str:
    """An OPML 2.0 document listing `feeds`, folders as nested outlines.

    Sort `feeds` by folder for the tidiest output; any order round-trips through read_opml.
    """
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = clean_line(title)
    body = ET.SubElement(root, "body")
    # Folders stay open while consecutive feeds share them; a folder that comes back after
    # something else opens again, so reading the output gives exactly `feeds` back.
    chain: list[tuple[str, ET.Element]] = []
    for feed in feeds:
        url = clean_url(feed.url)
        if not url:
            continue
        parts = [p for p in (clean_line(p) for p in (feed.folder or "").split("/")) if p]
        parts = parts[:MAX_DEPTH]
        keep = 0
        while keep < min(len(chain), len(parts)) and chain[keep][0] == parts[keep]:
            keep += 1
        del chain[keep:]
        for part in parts[keep:]:
            parent = chain[-1][1] if chain else body
            chain.append((part, ET.SubElement(parent, "outline", text=part, title=part)))
        parent = chain[-1][1] if chain else body
        name = clean_line(feed.title)
        outline = ET.SubElement(parent, "outline", type="rss", text=name, title=name, xmlUrl=url)
        site = clean_url(feed.site_url)
        if site:
            outline.set("htmlUrl", site)
        if feed.full_text != "auto" and feed.full_text in FULL_TEXT_MODES:
            outline.set(FULL_TEXT_ATTR, feed.full_text)
        if tags := _tags(",".join(feed.tags)):
            outline.set("category", ",".join(tags))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _tags(category: str | None) -> list[str]:
    """OPML's category: comma-separated, each maybe a "/"-path (OPML 2.0 borrows RSS's
    form); read as tags, the ones that cannot be a tag dropped quietly."""
    names = [part.strip().strip("/") for part in (category or "").split(",")]
    found: list[str] = []
    for name in names:
        try:
            found.append(check_tag(name))
        except ValueError:
            continue
    return check_tags(found)[:MAX_TAGS]


def _to_utf8(data: bytes) -> bytes:
    """Decode by BOM or declared encoding (else UTF-8) and re-encode as UTF-8, declaration
    dropped, so the DTD can be found and removed byte-wise whatever the original encoding."""
    codec = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, codec = data[len(bom) :], name
            break
    if codec is None:
        m = _DECLARED_ENCODING.match(data.lstrip())
        codec = m.group(1).decode("ascii") if m else "utf-8"
    try:
        text = data.decode(codec, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    data = text.encode("utf-8", errors="replace")
    m = _DECLARATION.match(data)
    return data[m.end() :] if m else data.lstrip()


def _parse(data: bytes) -> ET.Element:
    if not data.strip():
        raise ParseError("not an OPML file: empty document")
    try:
        data = fix_char_refs(strip_dtd(data))
    except ParseError:
        raise ParseError("not an OPML file: malformed DOCTYPE") from None
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        first = exc
    # Hand-written and older exports often carry a bare "&" or an HTML entity; repair those.
    repaired = _NAMED_ENTITY.sub(_entity_to_number, _BARE_AMP.sub(b"&amp;", data))
    repaired = _ATTRIBUTE.sub(lambda m: m.group(0).replace(b"<", b"&lt;"), repaired)
    try:
        return ET.fromstring(repaired)
    except ET.ParseError:
        raise ParseError(f"not an OPML file: {clean_line(str(first), 160)}") from None
    except RecursionError:
        raise ParseError("not an OPML file: nested too deeply") from None


def _entity_to_number(m: re.Match[bytes]) -> bytes:
    name = m.group(1)
    if name in _XML_ENTITIES:
        return m.group(0)
    code = html.entities.name2codepoint.get(name.decode("ascii"))
    return b"&#%d;" % code if code else b"&amp;" + name + b";"


def _local(tag: object) -> str:
    """A tag without its namespace, lower-cased; comments and PIs have non-str tags."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
