"""The table behind the quote-style tests: one case is a few real (or constructed)
paragraphs, the quotes expected in them and the people the header lists."""

from __future__ import annotations

import pytest

from tui_reader.content.quotes import find_quotes, speech_summary

# (name, lang or None to detect, paragraphs, [(quote text, speaker, kind)], header people)
Case = tuple[str, str | None, list[str], list[tuple[str, str | None, str]], list[str]]
NBSP = "\u00a0"


def table(cases: list[Case]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(
        ("lang", "paragraphs", "expected", "people"),
        [c[1:] for c in cases],
        ids=[c[0] for c in cases],
    )


def check(
    lang: str | None,
    paragraphs: list[str],
    expected: list[tuple[str, str | None, str]],
    people: list[str],
) -> None:
    """The quotes found, their speakers and kinds, and what the header says."""
    quotes = find_quotes(paragraphs, lang=lang)
    assert [(q.text, q.speaker, q.kind) for q in quotes] == expected
    count, listed = speech_summary(quotes)
    assert count == sum(kind == "speech" for _, _, kind in expected)
    assert listed == people
    for q in quotes:
        for piece in q.pieces:
            assert 0 <= piece.start < piece.end <= len(paragraphs[piece.block])
        if q.speaker_at is not None:
            at = q.speaker_at
            assert paragraphs[at.block][at.start : at.end] == q.speaker
