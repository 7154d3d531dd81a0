"""The one entry point from a cached article to what the reader shows."""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.content.blocks import Document
from tui_reader.content.cleanup import tidy
from tui_reader.content.html import html_to_document, text_to_document
from tui_reader.content.metadata import Metadata, build_metadata, mark_caption
from tui_reader.content.quotes import Quote, find_quotes
from tui_reader.content.quotes.lang import choose
from tui_reader.engine.models import Article


@dataclass(slots=True)
class ReadableArticle:
    article: Article
    document: Document
    quotes: list[Quote]
    metadata: Metadata
    shows_full_text: bool = False  # the document is the page's full text, not the feed's
    lang: str = "en"  # the language it is read in (quotes): a base code of quotes.lang
    lang_declared: bool = False  # `lang` is what the article declares, not a guess

    @property
    def has_full_text(self) -> bool:
        """Is there a full text to show (so toggling full/feed text makes sense)?"""
        return bool(self.article.full_html)


def to_document(article: Article, *, feed_text: bool = False) -> Document:
    """Blocks for the article body before clean-ups: the page's full text when there is
    one (unless `feed_text`), else the feed's content, else its summary."""
    if article.full_html and not feed_text:
        return html_to_document(article.full_html, base_url=article.link)
    body = article.body
    if article.content_type == "text":
        return text_to_document(body)
    return html_to_document(body, base_url=article.link)


def read_article(article: Article, *, feed_text: bool = False) -> ReadableArticle:
    """Article -> document -> clean-ups -> quotes -> metadata. The full text is shown when
    stored, unless `feed_text` asks for the feed's own text."""
    doc = tidy(to_document(article, feed_text=feed_text), title=article.title)
    mark_caption(doc)
    full = bool(article.full_html) and not feed_text
    prose = doc.prose()
    lang, declared = choose(article.declared_lang(full_text=full), prose)
    quotes = find_quotes(prose, lang)
    metadata = build_metadata(article, doc, quotes)
    return ReadableArticle(article, doc, quotes, metadata, full, lang, declared)
