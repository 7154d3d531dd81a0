"""The one entry point from a cached article to what the reader shows."""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.content.blocks import Document
from tui_reader.content.cleanup import tidy
from tui_reader.content.html import html_to_document, text_to_document
from tui_reader.content.metadata import Metadata, build_metadata, mark_caption
from tui_reader.content.quotes import Quote, find_quotes
from tui_reader.engine.models import Article


@dataclass(slots=True)
class ReadableArticle:
    article: Article
    document: Document
    quotes: list[Quote]
    metadata: Metadata


def to_document(article: Article) -> Document:
    """Blocks for the article body (content, else summary), before clean-ups."""
    body = article.body
    if article.content_type == "text":
        return text_to_document(body)
    return html_to_document(body, base_url=article.link)


def read_article(article: Article) -> ReadableArticle:
    """Article -> document -> clean-ups -> quotes -> metadata."""
    doc = tidy(to_document(article), title=article.title)
    mark_caption(doc)
    quotes = find_quotes(doc.prose())
    return ReadableArticle(article, doc, quotes, build_metadata(article, doc, quotes))
