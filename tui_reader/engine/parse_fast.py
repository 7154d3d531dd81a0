"""The fast path: common, well-formed RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) documents read with
lxml (libxml2, C) instead of feedparser's pure-Python SAX handlers; about 10x faster per feed.

feedparser stays the authority. `parse_fast` reads only a small set of elements whose
meaning it reproduces exactly as feedparser's path stores it (its whitespace stripping, its
mis-decoding repair, its guid-as-link rule, its summary-from-content copy, its date parser
for any date not in the two strict forms); anything else in an entry (an unknown element,
a repeated single field, markup or an entity where plain text is expected, xml:base, an
e-mail address in an author) and the document is declined: `None`, and parse.py hands it
to feedparser. tests/engine/test_fast_parse.py proves over every file of the shared corpus
that where this path accepts a document, the stored result is the same as feedparser's.

lxml is already installed (readability-lxml needs it), so this adds no dependency. The
parser never resolves entities, never touches the network and keeps libxml2's size limits;
it gets bytes, never a URL.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from tui_reader.engine.parse_dates import feed_date

Entry = dict[str, Any]  # an entry under feedparser's key names, for parse.py to read

ATOM = "{http://www.w3.org/2005/Atom}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"

# What a channel may hold besides title, link and items that feedparser stores nowhere we read.
_CHANNEL_SKIP = frozenset(
    "description lastBuildDate pubDate generator docs copyright category image"
    " textInput cloud skipDays skipHours webMaster managingEditor".split()
) | {f"{RSS1}description"}
_ATOM_FEED_SKIP = frozenset(
    ATOM + name
    for name in "subtitle updated generator icon logo rights category author contributor".split()
)
# Elements an entry may hold that feedparser stores nowhere we read: skipped.
_HARMLESS = frozenset(
    {
        "comments",
        "{http://wellformedweb.org/CommentAPI/}commentRss",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
    }
)
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_HTML_ISH = re.compile(r"[<&]")
_C1 = re.compile("[\x80-\x9f]")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LANG = frozenset({XML_LANG})
_XML_LANG_LOW = XML_LANG.lower()  # feedparser lower-cases attribute names
_TYPED = frozenset({"type"})
_TYPED_SRC = frozenset({"type", "src"})
_PERMALINK = frozenset({"isPermaLink"})
_DOMAIN = frozenset({"domain"})  # Atom text constructs: the type is read by _text_type


class Decline(Exception):
    """This document is feedparser's: the fast path cannot promise the same result."""


def parse_fast(data: bytes) -> dict[str, Any] | None:
    """`data` (UTF-8, DTD stripped: xml_prep.py) read as feedparser would, as a dict under
    feedparser's key names ("feed", "entries", "version"); None when feedparser must read it."""
    if b"xml:base" in data or b"<!ENTITY" in data:
        return None  # relative-URI bases and entities: feedparser's rules, not ours
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=False,  # a comment inside a text field must decline, not vanish
        remove_pis=False,
        encoding="utf-8",
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if len(parser.error_log):
        return None  # libxml2 took it but complained: expat may not
    try:
        lang = _lang(root, None)
        if root.tag == "rss":
            return _with_lang(_rss(root, lang), lang)
        if root.tag == ATOM + "feed":
            return _with_lang(_atom(root, lang), lang)
        if root.tag == RDF + "RDF":
            return _with_lang(_rdf(root, lang), lang)
    except Decline:
        return None
    return None


def _with_lang(result: dict[str, Any], root_lang: str | None) -> dict[str, Any]:
    """The feed's language as feedparser keeps it: the root's xml:lang, unless an RSS
    channel's <language> says otherwise."""
    feed = result["feed"]
    if "_language" in feed:
        feed["language"] = feed.pop("_language")
    elif root_lang:
        feed["language"] = root_lang.replace("_", "-")
    return result


# -- RSS 2.0 and RSS 1.0 -------------------------------------------------------------------------
def _rss(root: Any, lang: str | None) -> dict[str, Any]:
    channels = [c for c in root if isinstance(c.tag, str)]
    if len(channels) != 1 or channels[0].tag != "channel":
        raise Decline
    return _channel(channels[0], [], "", "rss20", lang)


def _rdf(root: Any, lang: str | None) -> dict[str, Any]:
    kids = [c for c in root if isinstance(c.tag, str)]
    channels = [c for c in kids if c.tag == RSS1 + "channel"]
    if len(channels) != 1 or any(c.tag not in (RSS1 + "channel", RSS1 + "item") for c in kids):
        raise Decline
    items = [(c, lang) for c in kids if c.tag == RSS1 + "item"]
    return _channel(channels[0], items, RSS1, "rss10", lang)


def _channel(
    channel: Any, items: list[tuple[Any, str | None]], ns: str, version: str, lang: str | None
) -> dict[str, Any]:
    feed: dict[str, Any] = {}
    entries: list[Entry] = []
    lang = _lang(channel, lang)
    for el in channel:
        tag = el.tag
        if not isinstance(tag, str) or tag in _CHANNEL_SKIP:
            continue
        if tag == ns + "title":
            _put(feed, "title", _text(el))
            feed["title_detail"] = {"type": _guess(feed["title"], "text/plain", False)}
        elif tag == ns + "link":
            _put(feed, "link", _link_text(_text(el)))
        elif tag == "ttl" and not ns:
            _put(feed, "ttl", _text(el))  # parse.py reads it as feedparser's
        elif tag == "language" and not ns:
            _put(feed, "_language", _text(el))  # see _with_lang
        elif tag == "item" and not ns:
            entries.append(_rss_item(el, ns, lang))
        elif tag == ATOM + "link" and not ns:
            if el.get("rel", "alternate") == "alternate":
                raise Decline  # sets the feed's link by feedparser's ordering rules
        elif not (ns and tag in (RSS1 + "items", RSS1 + "image", RSS1 + "textinput")):
            raise Decline
    entries += [_rss_item(el, ns, item_lang) for el, item_lang in items]
    return {"feed": feed, "entries": entries, "version": version}


def _rss_item(item: Any, ns: str, lang: str | None) -> Entry:
    e: Entry = {"links": [], "authors": [], "tags": [], "enclosures": []}
    lang = _lang(item, lang)
    if ns and (about := item.get(RDF + "about")):
        e["id"] = about
    guid_is_link = False
    for el in item:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == ns + "title":
            _put(e, "title", _text(el))
            e["title_detail"] = _detail(_guess(e["title"], "text/plain", False), el, lang)
        elif tag == ns + "link":
            _put(e, "link", _link_text(_text(el)))
        elif tag == ns + "description":
            _put(e, "summary", _text(el))
            e["summary_detail"] = _detail("text/html", el, lang)
        elif tag == CONTENT + "encoded":
            _put(e, "content", [{**_detail("text/html", el, lang), "value": _text(el)}])
        elif tag == "guid" and not ns:
            _put(e, "id", _text(el, _PERMALINK))
            guid_is_link = _attrs(el).get("ispermalink", "true") == "true"
        elif tag == "pubDate" and not ns:
            _put(e, "published_parsed", feed_date(_text(el)))
        elif tag == DC + "date":
            _put(e, "updated_parsed", feed_date(_text(el)))
        elif tag in (DC + "creator", "author"):
            e["authors"].append({"name": _creator(_text(el))})
        elif tag == "category" and not ns:
            e["tags"].append({"term": _text(el, _DOMAIN) or None, "label": None})
        elif tag == "enclosure" and not ns:
            e["enclosures"].append(_attrs(el))
        elif tag not in _HARMLESS:
            raise Decline
    if guid_is_link and "link" not in e:
        e["link"] = e["id"]
    elif "link" in e:
        e["links"].append({"rel": "alternate", "type": "text/html", "href": e["link"]})
    _summary_from_content(e)
    return e


# -- Atom 1.0 --------------------------------------------------------------------------------------
def _atom(root: Any, lang: str | None) -> dict[str, Any]:
    feed: dict[str, Any] = {}
    entries: list[Entry] = []
    for el in root:
        tag = el.tag
        if tag == ATOM + "title":
            _put(feed, "title", _text(el, _TYPED))
            feed["title_detail"] = {"type": _text_type(el)}
        elif tag == ATOM + "link":
            attrs = _atom_link(el)
            if attrs["rel"] == "alternate" and attrs["type"] in _HTML and "href" in attrs:
                feed["link"] = attrs["href"]
        elif tag == ATOM + "id":
            _put(feed, "id", _text(el))
        elif tag == ATOM + "entry":
            entries.append(_atom_entry(el, lang))
        elif isinstance(tag, str) and tag not in _ATOM_FEED_SKIP:
            raise Decline  # an extension: feedparser's rules
    if "link" not in feed and feed.get("id"):
        feed["link"] = feed["id"]  # an <id> stands in for a missing link, as in feedparser
    return {"feed": feed, "entries": entries, "version": "atom10"}


def _atom_entry(entry: Any, lang: str | None) -> Entry:
    e: Entry = {"links": [], "authors": [], "tags": []}
    lang = _lang(entry, lang)
    for el in entry:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == ATOM + "title":
            _put(e, "title", _text(el, _TYPED))
            e["title_detail"] = _detail(_text_type(el), el, lang)
        elif tag == ATOM + "link":
            e["links"].append(_atom_link(el))
        elif tag == ATOM + "id":
            _put(e, "id", _text(el))
        elif tag == ATOM + "published":
            _put(e, "published_parsed", feed_date(_text(el)))
        elif tag == ATOM + "updated":
            _put(e, "updated_parsed", feed_date(_text(el)))
        elif tag == ATOM + "author":
            e["authors"].append(_atom_author(el))
        elif tag == ATOM + "category":
            if len(el) or (el.text or "").strip():
                raise Decline  # text inside a category becomes a tag of its own
            e["tags"].append({"term": el.get("term"), "label": el.get("label")})
        elif tag == ATOM + "content":
            if el.get("src") is not None:
                raise Decline
            content = {**_detail(_text_type(el), el, lang), "value": _text(el, _TYPED_SRC)}
            _put(e, "content", [content])
        elif tag == ATOM + "summary":
            _put(e, "summary", _text(el, _TYPED))
            e["summary_detail"] = _detail(_text_type(el), el, lang)
        elif tag != ATOM + "contributor" and tag not in _HARMLESS:
            raise Decline
    for link in e["links"]:
        if link["rel"] == "alternate" and link["type"] in _HTML and "href" in link:
            e["link"] = link["href"]
    if "link" not in e and "id" in e:
        e["link"] = e["id"]  # an <id> stands in for a missing link, as in feedparser
    e["enclosures"] = [link for link in e["links"] if link["rel"] == "enclosure"]
    _summary_from_content(e)
    return e


def _atom_link(el: Any) -> dict[str, Any]:
    if len(el) or not el.get("href"):
        raise Decline  # a link's text stands in for a missing href in feedparser
    attrs = _attrs(el)
    attrs.setdefault("rel", "alternate")
    if attrs["rel"] not in _RELS:
        raise Decline  # IANA URIs, odd cases: feedparser's reading of them
    attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
    if "href" in attrs:
        attrs["href"] = _URI_FIXER.sub(r"\1\3", attrs["href"])
    return attrs


def _atom_author(el: Any) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    for part in el:
        if not isinstance(part.tag, str):
            continue
        if part.tag == ATOM + "name":
            _put(detail, "name", _text(part))
        elif part.tag == ATOM + "email":
            _put(detail, "email", _text(part))
        elif part.tag != ATOM + "uri":
            raise Decline
    return detail


# -- shared ------------------------------------------------------------------------------------
_HTML = ("text/html", "application/xhtml+xml")
_RELS = frozenset(
    "alternate self enclosure related via replies edit license next previous first last hub".split()
)


def _summary_from_content(e: Entry) -> None:
    """feedparser copies a text or HTML content into a missing summary."""
    if "content" in e and "summary" not in e:
        e["summary"] = e["content"][0]["value"]
        e["summary_detail"] = {k: e["content"][0][k] for k in ("type", "language")}


def _guess(text: str, ctype: str, atom: bool) -> str:
    if atom or ctype != "text/plain" or not _HTML_ISH.search(text):
        return ctype
    raise Decline  # RSS "plain" text with markup or entities: feedparser guesses, we do not


def _text_type(el: Any) -> str:
    kind = (el.get("type") or "text").lower()
    mapped = {"text": "text/plain", "plain": "text/plain", "html": "text/html"}.get(kind, kind)
    if el.get("mode") is not None or mapped not in ("text/plain", "text/html"):
        raise Decline  # xhtml, base64 and friends
    return mapped


def _lang(el: Any, inherited: str | None) -> str | None:
    """The xml:lang in force on `el` as feedparser tracks it: its own xml:lang (or bare
    lang) attribute, "" meaning none, else its parent's."""
    if not el.attrib:
        return inherited
    found: dict[str, str] = {}
    for name, value in el.attrib.items():
        low = name.lower()
        if low in (_XML_LANG_LOW, "lang"):
            found[low] = value
        elif low.endswith(("}lang", ":lang")):
            raise Decline  # a lang in some other namespace: feedparser's reading of it
    if not found:
        return inherited
    return found.get(_XML_LANG_LOW, found.get("lang")) or None


def _detail(ctype: str, el: Any, lang: str | None) -> dict[str, Any]:
    """A text field's type and xml:lang, under feedparser's names."""
    return {"type": ctype, "language": _lang(el, lang)}


def _put(node: dict[str, Any], key: str, value: Any) -> None:
    if key in node:
        raise Decline  # a repeated field: which one wins is feedparser's business
    node[key] = value


def _text(el: Any, allowed: frozenset[str] = frozenset()) -> str:
    """An element's text as feedparser's pop() leaves it: stripped, mis-decoding repaired."""
    if len(el) or (el.attrib and set(el.attrib.keys()) - allowed - _LANG):
        raise Decline  # child elements, comments or entity references inside a text field
    text: str = (el.text or "").strip()
    if not text.isascii():
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            text = text.encode("iso-8859-1").decode("utf-8")  # feedparser's repair
        if _C1.search(text):  # translate() with a dict is slow: only when it has work
            text = text.translate(_cp1252())
    return text


def _link_text(text: str) -> str:
    text = _URI_FIXER.sub(r"\1\3", text).replace("&amp;", "&")
    return _AMP_NAME.sub(r"&\g<1>", text)


_AMP_NAME = re.compile("&([A-Za-z0-9_]+);")


def _creator(text: str) -> str | None:
    if "@" in text or len(text) > 128:
        raise Decline  # "mail (Name)" splitting, and the cap on long authors (xml_prep.py)
    return text or None


def _attrs(el: Any) -> dict[str, Any]:
    """Attributes as feedparser keeps them: names lower-cased, url/uri renamed href."""
    attrs: dict[str, Any] = {k.lower(): v for k, v in el.attrib.items()}
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))
    if href:
        attrs.pop("url", None)
        attrs.pop("uri", None)
        attrs["href"] = href
    return attrs


def _cp1252() -> dict[int, str]:
    from feedparser.mixin import _cp1252 as table

    result: dict[int, str] = table
    return result
