"""Exceptions the engine raises for bad input or state; `str(e)` is one short line for people."""

from __future__ import annotations


class ParseError(Exception):
    """A document could not be read as a feed (or OPML); the message says why."""


class StoreError(Exception):
    """The cache database cannot be opened, upgraded or written; the message says why."""


class DownloadError(Exception):
    """A download that did not finish; str() says why in one line. Here, not in download.py,
    so that catching it does not import httpx (5 MB of every start of the app)."""


class DownloadStopped(DownloadError):
    """A download the user stopped (a key in the app, Ctrl+C in the CLI): its bytes are
    kept in the .part file, and the next try resumes from there."""

    def __init__(self, message: str, kept: int, total: int | None) -> None:
        super().__init__(message)
        self.kept = kept
        self.total = total
