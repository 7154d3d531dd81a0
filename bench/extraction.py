"""Article extraction quality and time on Mozilla's Reader View test pages.

    python bench/extraction.py [--pages DIR] [--only NAME ...]

For each page of ../shared/extraction/readability-test-pages/ the extracted text is compared
with the text of `expected.html` (what Firefox Reader View extracts) by word 4-gram
("shingle") precision, recall and F1, averaged over pages, and the time per page is taken.
Candidates: trafilatura (when installed: `pip install trafilatura`; not a dependency),
readability-lxml (the chosen library), and tui-reader's `extract_article`, given the page's
title and excerpt as a feed would give them. When `extract_article` refuses a page, the
reader shows the feed's own text, so that text is what is scored for it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TUI_READER_SHARED") or ROOT.parent / "shared")
PAGES = SHARED / "extraction" / "readability-test-pages"
PAGE_URL = "http://fakehost/test/page.html"  # the URL Readability's own tests give every page

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    source: bytes
    expected_text: str
    title: str
    excerpt: str


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float


def pages(folder: Path = PAGES) -> Iterator[Page]:
    import json

    for path in sorted(p for p in folder.iterdir() if (p / "source.html").is_file()):
        meta_path = path / "expected-metadata.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
        yield Page(
            path.name,
            (path / "source.html").read_bytes(),
            html_text((path / "expected.html").read_text("utf-8")),
            meta.get("title") or "",
            meta.get("excerpt") or "",
        )


# Elements that break words apart; inline ones (a, span, em ...) do not: "W<span>hale</span>"
# is one word on screen, and a tool that unwraps the span must not score worse for it.
_BREAKS = frozenset(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr td th caption "
    "figure figcaption section article header footer aside main nav hr img".split()
)


def html_text(markup: str | None) -> str:
    """The visible text of an HTML fragment, the same way for every candidate."""
    if not markup or not markup.strip():
        return ""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for node in root.xpath("//script|//style"):
        node.drop_tree()
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.lower() in _BREAKS:
            node.text = " " + (node.text or "")
            node.tail = " " + (node.tail or "")
    return "".join(root.itertext())


def score(extracted: str, expected: str, n: int = 4) -> Score:
    """Shingle precision, recall and F1 (multisets); two empty texts agree fully."""
    got, want = _shingles(extracted, n), _shingles(expected, n)
    if not got or not want:
        same = float(not got and not want)
        return Score(same, same, same)
    hits = sum((got & want).values())
    precision, recall = hits / sum(got.values()), hits / sum(want.values())
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return Score(precision, recall, f1)


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def readability_text(page: Page) -> str:
    from readability import Document

    return html_text(Document(page.source, url=PAGE_URL).summary(html_partial=True))


def trafilatura_text(page: Page) -> str:
    import trafilatura

    options = {"include_comments": False, "include_tables": True}
    return trafilatura.extract(page.source, url=PAGE_URL, **options) or ""


def wrapper_text(page: Page) -> str:
    """What the reader shows: the extracted body, or the feed's text when it was refused."""
    from tui_reader.engine.extract import extract_article

    result = extract_article(page.source, PAGE_URL, title=page.title, summary=page.excerpt)
    return html_text(result.html) if result.html is not None else page.excerpt


CANDIDATES: dict[str, Callable[[Page], str]] = {
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
    "tui-reader extract_article": wrapper_text,
}


def measure(extract: Callable[[Page], str], corpus: list[Page]) -> tuple[list[Score], list[float]]:
    scores, seconds = [], []
    for page in corpus:
        started = time.perf_counter()
        text = extract(page)
        seconds.append(time.perf_counter() - started)
        scores.append(score(text, page.expected_text))
    return scores, seconds


def row(name: str, scores: list[Score], seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    mean = [statistics.fmean(getattr(s, f) for s in scores) for f in ("f1", "precision", "recall")]
    return (
        f"| {name} | {mean[0]:.3f} | {mean[1]:.3f} | {mean[2]:.3f} "
        f"| {statistics.median(ms):.1f} | {p95:.1f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--only", nargs="*", choices=list(CANDIDATES))
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"no test pages at {args.pages}", file=sys.stderr)
        return 1
    corpus = list(pages(args.pages))
    print(f"{len(corpus)} pages, word 4-gram scores averaged over pages, time per page\n")
    print("| extractor | F1 | precision | recall | median ms | p95 ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in args.only or CANDIDATES:
        try:
            scores, seconds = measure(CANDIDATES[name], corpus)
        except ImportError as exc:
            print(f"| {name} | not installed ({exc.name}) | | | | |")
            continue
        print(row(name, scores, seconds), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
