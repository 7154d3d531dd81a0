"""Quality on Mozilla's Reader View test pages: tui-reader's wrapper keeps the chosen library's
word 4-gram F1 (within 0.01), computed here for both; a quality test, not a timed one."""

from __future__ import annotations

import asyncio
import statistics
from concurrent.futures import ProcessPoolExecutor

import pytest

from bench.extraction import PAGE_URL, Page, html_text, pages, readability_text, score
from tests.shared import EXTRACTION, needs
from tui_reader.engine.extract_pool import ExtractPool, PageRequest

pytestmark = [needs(EXTRACTION / "readability-test-pages"), pytest.mark.slow]


async def wrapper_texts(corpus: list[Page]) -> list[str]:
    """What the reader shows for each page: the extracted body, or the feed's text."""
    async with ExtractPool(max_workers=2) as pool:
        requests = [
            PageRequest(p.source, PAGE_URL, title=p.title, summary=p.excerpt) for p in corpus
        ]
        results = await asyncio.gather(*(pool.extract(r, timeout=60) for r in requests))
    return [
        html_text(r.html) if r.html is not None else p.excerpt
        for r, p in zip(results, corpus, strict=True)
    ]


def mean_f1(texts: list[str], corpus: list[Page]) -> float:
    return statistics.fmean(
        score(text, p.expected_text).f1 for text, p in zip(texts, corpus, strict=True)
    )


def test_wrapper_f1_is_within_001_of_readability_lxml() -> None:
    corpus = list(pages(EXTRACTION / "readability-test-pages"))
    assert len(corpus) == 130
    with ProcessPoolExecutor(2) as workers:
        library = list(workers.map(readability_text, corpus, chunksize=8))
    ours = asyncio.run(wrapper_texts(corpus))
    f1_library = mean_f1(library, corpus)
    f1_ours = mean_f1(ours, corpus)
    assert f1_library > 0.9  # the measure itself works
    assert f1_ours >= f1_library - 0.01, (f1_ours, f1_library)
