"""Which language an article is written in: what it declares, checked against its text.

The cache keeps the language a page, an entry or a feed declares (Article.declared_lang);
`choose` goes by it unless the text plainly says otherwise, and detects from the words when
nothing is declared. Detection, cheaply: when a third of the letters or more are Han or
kana, kana means Japanese and Han alone Chinese (an English post quoting a few Japanese
words stays English); otherwise the most frequent stop words win (the first 20,000
characters are read). Anything unsure is English, the style the finder has always used.
A declared tag is overruled by a script mismatch (an "en" feed carrying a Japanese article,
"ru" over Latin text) or by stop words that leave no doubt (WordPress feeds say "en-US"
whatever their language): another language's stop words MIN_HITS times or more and at
least OVERRULE times the declared one's. A short text keeps its declared language: that is
where a declaration helps most.
"""

from __future__ import annotations

import re
from collections import Counter

LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "cs", "ru", "nl", "zh", "ja")  # nl: English marks

_STOP = {
    "en": "the and of to is that was for with said are this have from not but they".split(),
    "de": "der die und das ist nicht mit sich auf für ein eine dem den sagte auch von".split(),
    "fr": "le la les des et est une que dans pour pas qui sur du au avec été selon".split(),
    "es": "el los las del que por una para con es según dijo más como pero fue".split(),
    "pt": "o os da do das dos não uma com para em que é ao mais disse pelo".split(),
    "it": "il della che di è per non una sono gli del nel alla anche ha detto".split(),
    "cs": "je se na že to ve jsem jako ale by pro které jsou už jeho také".split(),
    "ru": "и в не на что он как по это она его но они из за так сказал".split(),
    "nl": "het een van dat zijn niet voor maar ook naar wordt worden werd bij heeft".split(),
}
_INDEX: dict[str, list[str]] = {}
for _lang, _words in _STOP.items():
    for _word in _words:
        _INDEX.setdefault(_word, []).append(_lang)
_WORD = re.compile(r"[^\W\d_]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SAMPLE = 20_000  # characters read
MIN_HITS = 5  # fewer stop words than this is too little to leave English
OVERRULE = 3  # another language's stop words, this many times the declared one's


def base(tag: str | None) -> str | None:
    """ "en-GB" -> "en", "zh-TW" -> "zh"; None for a tag we have no rules for."""
    if not tag:
        return None
    lang = tag.strip().lower().replace("_", "-").split("-")[0]
    return lang if lang in LANGUAGES else None


def detect(paragraphs: list[str]) -> str:
    """The language of these paragraphs: one of LANGUAGES."""
    text = _sample(paragraphs)
    return _cjk(text) or _by_stop_words(_hits(text))


def choose(declared: str | None, paragraphs: list[str]) -> tuple[str, bool]:
    """The language to read these paragraphs in, and whether it is the `declared` one (a tag
    like "de-DE"; see the module docstring for when the text overrules it)."""
    lang = base(declared)
    if lang is None:
        return detect(paragraphs), False
    text = _sample(paragraphs)
    cjk = _cjk(text)
    if lang in ("zh", "ja"):
        # Han alone cannot tell Japanese from Chinese: a declared "ja" over kanji stays.
        return (lang, True) if cjk else (detect(paragraphs), False)
    if cjk:
        return cjk, False
    letters = sum(ch.isalpha() for ch in text)
    cyrillic = len(_CYRILLIC.findall(text)) * 3 >= letters
    hits = _hits(text)
    found = _by_stop_words(hits)
    if letters and cyrillic != (lang == "ru"):
        return ("ru" if cyrillic else found), False
    if found != lang and hits[found] >= max(MIN_HITS, OVERRULE * hits[lang]):
        return found, False
    return lang, True


def _sample(paragraphs: list[str]) -> str:
    return "\n".join(p for p in paragraphs if p)[:SAMPLE]


def _cjk(text: str) -> str | None:
    """ "ja" or "zh" when a third of the letters or more are kana or Han."""
    kana, han = len(_KANA.findall(text)), len(_HAN.findall(text))
    letters = sum(ch.isalpha() for ch in text)
    if kana + han >= 10 and (kana + han) * 3 >= letters:
        return "ja" if kana * 10 >= kana + han else "zh"
    return None


def _hits(text: str) -> Counter[str]:
    hits: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        for lang in _INDEX.get(word, ()):
            hits[lang] += 1
    return hits


def _by_stop_words(hits: Counter[str]) -> str:
    if not hits:
        return "en"
    lang, count = hits.most_common(1)[0]
    return lang if count >= MIN_HITS and count > hits["en"] else "en"
