"""Quotes over whole real pages: the article's language is detected, headers count speech
only, and no pronoun is ever listed."""

from __future__ import annotations

import json

import pytest

from tests.content.conftest import make_article
from tests.shared import EXTRACTION, needs
from tui_reader.content.quotes.lang import detect
from tui_reader.content.reading import read_article

PAGES = EXTRACTION / "readability-test-pages"


@pytest.mark.parametrize(
    ("paragraphs", "lang"),
    [
        (
            ["Die Regierung sagte, dass die Gespräche mit der Opposition am Montag weitergehen."],
            "de",
        ),
        (
            ["Le gouvernement a déclaré que les discussions avec les syndicats reprendront lundi."],
            "fr",
        ),
        (
            ["El gobierno dijo que las conversaciones con los sindicatos se reanudarán el lunes."],
            "es",
        ),
        (["O governo disse que as negociações com os sindicatos não vão continuar para já."], "pt"),
        (
            ["Il governo ha detto che la trattativa con i sindacati non è ancora finita per ora."],
            "it",
        ),
        (["Vláda uvedla, že jednání se odbory bude pokračovat a že to není jen na ní."], "cs"),
        (["Он сказал, что переговоры с профсоюзами будут продолжены и что это не всё."], "ru"),
        (["他说，谈判将在下周一继续进行，各方都表示欢迎。这是一个好消息。"], "zh"),
        (["田中氏は、交渉は来週も続けると述べた。"], "ja"),
        (["The government said that the talks with the unions will go on next week."], "en"),
        (  # corpus/RSParser/.../russcox.atom: a few Japanese words in an English post
            [
                "For more on UTF-8, see “Hello World or Καλημέρα κόσμε or こんにちは 世界,” by "
                "Rob Pike and Ken Thompson, and also this history of the encoding."
            ],
            "en",
        ),
    ],
)
def test_language_detection(paragraphs: list[str], lang: str) -> None:
    assert detect(paragraphs) == lang


def _page(name: str) -> tuple[int, list[str]]:
    html = (PAGES / name / "expected.html").read_text(encoding="utf-8")
    meta = read_article(make_article(title="t", content=html, content_type="html")).metadata
    return meta.quotes, meta.speakers


# Pages of the readability test set with no quoted speech at all (read by hand: scare
# quotes, titles of works, UI labels, API names, references). Before the header counted
# speech only, 22 of these 23 announced quotes, 254 in all (wikipedia-4: 83, 002: 42).
NO_SPEECH = [
    "001", "002", "aclu", "cnet", "dropbox-blog", "ebb-org", "firefox-nightly-blog", "heise",
    "keep-tabular-data", "lazy-image-1", "lemonde-1", "links-in-tables", "mozilla-1", "msn",
    "nytimes-2", "pixnet", "telegraph", "toc-missing", "tumblr", "v8-blog", "wikipedia-3",
    "wikipedia-4", "yahoo-4",
]  # fmt: skip


@needs(PAGES)
def test_headers_count_speech_only_on_real_pages() -> None:
    counts = {name: _page(name)[0] for name in NO_SPEECH}
    assert sum(counts.values()) == 0, counts
    # and real speech is still counted, with its speakers, in every language
    assert _page("liberation-1")[1][:1] == ["Laurent Fabius"]
    assert _page("aktualne")[1][-1] == "Rice"
    assert "汉森" in _page("gmw")[1]
    assert "Robert M. Danin" in _page("wapo-2")[1]


@needs(PAGES)
def test_no_pronoun_is_ever_listed() -> None:
    pronouns = {"he", "she", "they", "i", "we", "it", "you", "er", "sie", "il", "elle", "他", "她"}
    for page in sorted(PAGES.iterdir()):
        if (page / "expected.html").exists():
            _, speakers = _page(page.name)
            assert not pronouns & {s.lower() for s in speakers}, (page.name, speakers)


@needs(PAGES)
def test_language_of_the_non_english_pages() -> None:
    langs = {}
    for page in sorted(PAGES.iterdir()):
        meta = page / "expected-metadata.json"
        if not meta.exists():
            continue
        tag = json.loads(meta.read_text(encoding="utf-8")).get("lang") or ""
        if tag[:2] in ("de", "fr", "es", "pt", "cs", "zh", "ja"):
            html = (page / "expected.html").read_text(encoding="utf-8")
            doc = read_article(make_article(title="t", content=html, content_type="html")).document
            langs[page.name] = (tag[:2], detect(doc.prose()))
    assert len(langs) >= 9
    assert all(want == got for want, got in langs.values()), langs
