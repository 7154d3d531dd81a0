"""Every file of the peer corpus (4,048 real and test-suite feeds) through parse_feed.

The only exception allowed out is ParseError; wherever feedparser alone finds entries we
must find some too; and nothing we return holds a control character.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from tests.engine.test_hostile_parse import UNSAFE, strings
from tests.shared import CORPUS
from tui_reader.engine.errors import ParseError
from tui_reader.engine.parse import parse_feed

SOURCES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


def corpus_files(source: str) -> Iterator[Path]:
    for path in sorted((CORPUS / source).rglob("*")):
        if path.is_file() and not path.name.startswith("LICENSE") and path.name != "README.md":
            yield path


def reference_entries(data: bytes) -> int:
    # Same options as ours: entry counts do not depend on them, and it is 3x faster.
    result = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    return len(result.entries)


@pytest.mark.skipif(not SOURCES, reason="corpus not present")
@pytest.mark.parametrize("source", SOURCES)
def test_corpus_source(source: str) -> None:
    problems: list[str] = []
    files = 0
    for path in corpus_files(source):
        files += 1
        data = path.read_bytes()
        name = str(path.relative_to(CORPUS))
        try:
            feed = parse_feed(data, "https://example.com/" + name)
        except ParseError as exc:
            message = str(exc)
            if not message or "\n" in message or len(message) > 200:
                problems.append(f"{name}: unhelpful message {message!r}")
            ours = 0
        except Exception as exc:  # the point of the test: nothing else may escape
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        else:
            ours = len(feed.articles)
            dirty = [s for s in strings(feed) if UNSAFE.search(s)]
            if dirty:
                problems.append(f"{name}: unsanitised {dirty[0][:60]!r}")
        theirs = reference_entries(data) if path.suffix != ".json" else 0
        if theirs and not ours:
            problems.append(f"{name}: feedparser found {theirs} entries, we found none")
    assert files
    assert problems == []


@pytest.mark.skipif(not SOURCES, reason="corpus not present")
def test_real_feeds_with_leading_whitespace_parse_cleanly() -> None:
    # 23 real captures start with whitespace before <?xml; they must not come back as bozo.
    padded = [
        p
        for source in SOURCES
        for p in corpus_files(source)
        if p.suffix != ".json" and re.match(rb"(\xef\xbb\xbf)?\s+<\?xml", p.read_bytes())
    ]
    assert len(padded) >= 19
    clean = [p for p in padded if (f := parse_feed(p.read_bytes())).articles and not f.warning]
    assert len(clean) >= 19
