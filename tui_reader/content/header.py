"""The article header: title, then source / authors / dates, dateline / length / quotes,
tags, acronyms, attachments and the article's address."""

from __future__ import annotations

from rich.text import Text

from tui_reader.content.metadata import human_duration, human_size, local_time, relative_time
from tui_reader.content.reading import ReadableArticle
from tui_reader.engine.fulltext import looks_truncated, reserved_link
from tui_reader.engine.models import Enclosure, EnclosureState
from tui_reader.engine.sanitize import html_to_plain, single_line

_SEP = " · "


def _piece(*parts: tuple[str, str]) -> Text:
    """One header item from (text, style) parts, every text cleaned to one line."""
    return Text.assemble(
        *((single_line(text) if text != " " else " ", style) for text, style in parts)
    )


def _meta_lines(ra: ReadableArticle, now: float | None) -> list[list[Text]]:
    """Header lines; the items of a line are joined with a middle dot."""
    meta = ra.metadata
    first: list[Text] = []
    if meta.source:
        first.append(_piece((meta.source, "reader.source")))
    if meta.authors:
        first.append(_piece(("By " + ", ".join(meta.authors), "reader.meta")))
    for label, stamp in (("", meta.published), ("updated ", meta.updated)):
        if stamp is not None:
            first.append(
                _piece(
                    (label + local_time(stamp), "reader.meta"),
                    (" ", "reader.meta"),
                    (f"({relative_time(stamp, now)})", "reader.relative"),
                )
            )
    second: list[Text] = []
    if meta.dateline:
        second.append(_piece((meta.dateline, "reader.dateline")))
    if meta.words or meta.characters:
        counts = [f"{meta.words} words"] if meta.words else []
        counts += [f"{meta.characters} characters"] if meta.characters else []
        length = ", ".join([*counts, f"{meta.reading_time} read"])
        second.append(_piece((length, "reader.meta")))
    if meta.quotes:
        who = f": {', '.join(meta.speakers)}" if meta.speakers else ""
        count = f"{meta.quotes} quote{'s' if meta.quotes != 1 else ''}"
        second.append(_piece((count + who, "reader.meta")))
    lines = [first, second]
    source = text_source(ra, now)
    if source:
        lines.append([_piece((source, "reader.meta"))])
    mine = _user_tags(ra)
    if mine:
        lines.append(mine)
    if meta.categories:  # the feed's categories (its words), kept apart from the user's tags
        lines.append([_piece(("Tags: " + ", ".join(meta.categories), "reader.tag"))])
    if meta.acronyms:
        pairs = "; ".join(f"{k} = {v}" for k, v in meta.acronyms.items())
        lines.append([_piece(("Acronyms: " + pairs, "reader.meta"))])
    for enc in meta.enclosures:
        lines.append(_attachment(enc, ra.article.enclosure_state.get(enc.url)))
    if meta.link:
        lines.append([_piece((meta.link, "reader.meta.label"))])
    return [line for line in lines if line]


def _attachment(enc: Enclosure, state: EnclosureState | None) -> list[Text]:
    """Attachment: its kind, size and address; then what the user did with it."""
    kind = single_line(enc.type or "", limit=60) or "file"
    size = f", {human_size(enc.length)}" if enc.length else ""
    size += f", {human_duration(enc.duration)}" if enc.duration else ""
    line = [_piece((f"Attachment: {kind}{size} {enc.url}", "reader.meta"))]
    if state is not None and state.downloading:  # the status line counts the bytes
        line.append(_piece(("downloading", "reader.source")))
    elif state is not None and state.kept:
        of = f" of {human_size(enc.length)}" if enc.length else ""
        line.append(_piece((f"stopped: {human_size(state.kept)}{of} kept", "reader.source")))
    if state is not None and state.file:
        line.append(_piece((f"downloaded: {state.file}", "reader.source")))
    if state is not None and state.played_at:
        line.append(_piece(("played", "reader.source")))
    return line


def _user_tags(ra: ReadableArticle) -> list[Text]:
    """The user's tags: the article's own, then those it has from its feed."""
    a = ra.article
    line = []
    if a.tags:
        line.append(_piece(("Your tags: " + " ".join("#" + t for t in a.tags), "reader.source")))
    if a.feed_tags:
        inherited = " ".join("#" + t for t in a.feed_tags)
        line.append(_piece(("from its feed: " + inherited, "reader.meta")))
    return line


def text_source(ra: ReadableArticle, now: float | None = None) -> str | None:
    """Which text is shown, when it matters: "Full text from the page · fetched 2 hours
    ago", "Feed text · full text failed: <why>", "Feed text · full text not fetched" (only
    when the feed's text looks truncated and its page could be fetched). None for a feed
    that gives the whole article."""
    a = ra.article
    if ra.shows_full_text:
        when = f" · fetched {relative_time(a.full_fetched, now)}" if a.full_fetched else ""
        return "Full text from the page" + when
    if ra.has_full_text:
        return "Feed text · full text available"
    if a.full_error:
        return f"Feed text · full text failed: {a.full_error}"
    # Not when there is no page to fetch: the feed is set to never, or the link is on a
    # name reserved for examples (the demo feeds'), which is never fetched.
    if not a.link or a.feed_full_text == "never" or reserved_link(a.link):
        return None
    text = a.body if a.content_type == "text" else html_to_plain(a.body)
    return "Feed text · full text not fetched" if looks_truncated(text) else None


def render_header(ra: ReadableArticle, now: float | None = None) -> Text:
    """A compact header: title, then source/author/date, dateline/length/quotes, tags …"""
    out = Text()
    out.append(ra.metadata.title or "(untitled)", style="reader.title")
    for line in _meta_lines(ra, now):
        out.append("\n")
        for i, piece in enumerate(line):
            if i:
                out.append(_SEP, style="reader.meta.label")
            out.append_text(piece)
    return out
