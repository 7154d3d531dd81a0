"""Shared by the CLI tests: a feed document builder and a runner for `main`."""

from __future__ import annotations

import pytest

from tui_reader.cli import main

# Item links: port 9 (discard) on 127.0.0.1, where nothing listens. Short descriptions look
# truncated, so a refresh fetches the pages ("auto" full text): refused at once, never the web.
PAGES = "http://127.0.0.1:9/"


def _no_page(guid: str) -> str:
    # A permalink guid would be taken for the link (feedparser): say it is none.
    return f'<guid isPermaLink="false">{guid}</guid>'


def rss(
    title: str,
    items: list[tuple[str, str, str]],
    link: str = "https://example.org/",
    *,
    pages: str | None = PAGES,
) -> bytes:
    """An RSS 2.0 document; each item is (guid, title, description), linking to the page
    `pages` + guid (no link, so no page to fetch, when `pages` is None)."""
    body = "".join(
        f"<item><title>{t}</title>"
        + (f"<guid>{g}</guid><link>{pages}{g}</link>" if pages else _no_page(g))
        + f"<pubDate>Tue, 0{1 + i % 8} Oct 2024 10:00:00 GMT</pubDate>"
        f"<description>{d}</description></item>"
        for i, (g, t, d) in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{link}</link>{body}</channel></rss>"
    ).encode()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`tui-reader ARGS` in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
