"""What the reader's header announces about quotes over every readability test page.

    .venv/bin/python -m bench.quotes [--pages ../shared/extraction/readability-test-pages]

Each page's expected.html is read as a feed item (the way the reader gets an article) and
the header's "N quotes: speakers" is printed, with the detected language, then totals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_reader.content.quotes.lang import detect
from tui_reader.content.reading import read_article
from tui_reader.engine.models import Article

PAGES = Path(__file__).resolve().parents[1].parent / "shared/extraction/readability-test-pages"


def _article(html: str) -> Article:
    return Article(
        id=1, feed_id=1, feed_title="bench", key="k", link="https://example.com/a", title="t",
        authors=[], published=None, updated=None, summary="", content=html,
        content_type="html", categories=[], enclosures=[], read=False, starred=False,
        first_seen=0,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    args = parser.parse_args(argv)
    pages = sorted(p for p in args.pages.iterdir() if (p / "expected.html").exists())
    announcing = total = 0
    for page in pages:
        ra = read_article(_article((page / "expected.html").read_text(encoding="utf-8")))
        meta = ra.metadata
        announcing += meta.quotes > 0
        total += meta.quotes
        lang = detect(ra.document.prose())
        print(f"{page.name:32} {lang}  {meta.quotes:4}  {', '.join(meta.speakers)[:80]}")
    print(f"{len(pages)} pages; {announcing} announce quotes; {total} quotes in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
