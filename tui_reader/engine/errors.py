"""Exceptions the engine raises for bad input or state; `str(e)` is one short line for people."""

from __future__ import annotations


class ParseError(Exception):
    """A document could not be read as a feed (or OPML); the message says why."""


class StoreError(Exception):
    """The cache database cannot be opened, upgraded or written; the message says why."""


class DownloadError(Exception):
    """A download that did not finish; str() says why in one line. Here, not in download.py,
    so that catching it does not import httpx (5 MB of every start of the app)."""
