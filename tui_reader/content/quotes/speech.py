"""Is a quote speech? Titles of works, citations, UI labels, code and scare quotes are
marked ("phrase"), not counted: the header counts speech only.

A partial quotation is counted with speech: a lowercase run of someone's own words inside a
reporting sentence ("the bloc offered to let it send “non-political representatives”",
"he warned of “a lost decade”"). It is quoted language a party used, not a title or a
label, but it has no speaker of its own and stays styled as a phrase.

Speech is a quote with a speaker, or one that reads as a sentence on its own: it starts
like a sentence and ends like one, and is not in title case (“The Sound of Music”), not
code (“x = f(y)”), not a citation (“Title.” Journal. Retrieved 2015), and not right after
a word that names a work ("the song", "titled").
"""

from __future__ import annotations

import re

from tui_reader.content.quotes.styles import Style

_SENTENCE_END = frozenset(".!?…。！？")
# A call's name is at most 65 characters before its "(": unbounded, a long word was
# scanned to its end from each of its letters (a 200 KB word: about a minute).
_CODE = re.compile(
    r"[{}]|[=!<>]=|\w\s?=\s?\S|[A-Za-z_][\w.]{0,64}\([^()\s]*\)|</?\w+>|::|->"
    r"|^\s*[-\w.]+/[-\w./]+\s*$|^\s*\.?[-\w]+\.[a-z]{1,4}\s*$"
)
_CITATION_AFTER = re.compile(r"^\W{0,3}\s*(?:\(PDF\)|Retrieved|Archived|ISBN|doi|pp?\.)", re.I)
# A reference: "Title". Publisher. Retrieved 4 February 2015. (in the next sentence or two)
_REFERENCE = re.compile(r"\b(?:Retrieved|Archived from|ISBN|doi:|ISSN)\b")
_WORK_BEFORE = re.compile(
    r"\b(?:titled|entitled|called|named|dubbed|song|album|book|novel|film|movie|article|"
    r"paper|essay|episode|series|show|poem|magazine|column|headline|chapter|label(?:led)?|"
    r"button|menu|tab|option|field|section|see|read|watch|intitulé|titulado|titolo|"
    r"Titel|namens|genannt|Button|Menü|Schaltfläche)\W{0,3}$",
    re.I,
)
_SMALL = frozenset("a an the of and or in on at to for by with from de la le der die das".split())
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MIN_WORDS = 4
MIN_CJK_CHARS = 8


def _title_case(words: list[str]) -> bool:
    long = [w for w in words if len(w) > 3 and w.lower() not in _SMALL and w[0].isalpha()]
    caps = sum(w[0].isupper() for w in long)
    return len(long) >= 2 and caps * 10 >= len(long) * 8


def sentence_like(text: str, cjk: bool, stop_after: bool = False) -> bool:
    """Does the quote read as a spoken sentence, unattributed? `stop_after`: the sentence
    ends right after the closing mark (« … ». in most of Europe, or “…,” before an
    attribution)."""
    body = text.strip().strip("\"'“”„«»‹›「」『』").strip()
    if not body:
        return False
    end = body.rstrip("\"'”»」』)]")[-1:]
    if cjk or len(_CJK_CHAR.findall(body)) * 2 > len(body):
        chars = len(_CJK_CHAR.findall(body))
        return chars >= MIN_CJK_CHARS and end in _SENTENCE_END
    words = body.split()
    first = body.lstrip("¿¡…([").lstrip()[:1]
    if len(words) < MIN_WORDS or not first.isupper() or not (end in _SENTENCE_END or stop_after):
        return False
    return not _title_case(words)


def not_speech(
    text: str, before: str, after: str, lang: str = "en", attributed: bool = False
) -> bool:
    """A quote that is code, a citation or a work's title, whatever its shape. In English
    a full stop right after the closing mark ends a title ("Title". Publisher.), unless the
    quote is attributed: wire copy closes a partial quote that way (According to a
    statement, “the talks were frank”.)."""
    return bool(
        _CODE.search(text)
        or _CITATION_AFTER.search(after[:40])
        or _REFERENCE.search(after[:300])
        or _WORK_BEFORE.search(before[-40:])
        or (lang == "en" and not attributed and after[:1] == "." and not after[1:2].isalnum())
    )


# Verbs that report what a party said, offered or asked for, before the quoted words in the
# same sentence. English only: other languages' partial quotes are left uncounted.
_REPORTING = re.compile(
    r"\b(?:said|says|told|stated|announced|declared|offered|proposed|promised|pledged|vowed|"
    r"urged|demanded|warned|insisted|stressed|called for|called on|described \w+ as|"
    r"described as|accused|condemned|denounced|critici[sz]ed|praised|rejected|branded|"
    r"agreed|reiterated|expressed|welcomed|committed|sought|asked for|appealed for)\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z“\"])")
MAX_PARTIAL_WORDS = 12


def partial_quote(text: str, before: str, style: Style) -> bool:
    """A phrase that is a party's own words reported mid-sentence (see the module's
    docstring): lowercase, two words or more, no sentence of its own, and a reporting
    verb earlier in the same sentence."""
    words = text.split()
    if style.lang != "en" or not 2 <= len(words) <= MAX_PARTIAL_WORDS:
        return False
    if not text[:1].islower() or text.rstrip()[-1:] in _SENTENCE_END:
        return False
    sentence = _SENTENCE_BREAK.split(before)[-1]
    return bool(_REPORTING.search(sentence))


def kind(
    text: str, speaker: bool, style: Style, before: str, after: str, comma: bool = False
) -> str:
    if not_speech(text, before, after, style.lang, attributed=speaker):
        return "phrase"
    stop_after = comma or (style.lang != "en" and after.lstrip()[:1] in (".", "!", "?"))
    if speaker or sentence_like(text, style.cjk, stop_after):
        return "speech"
    return "phrase"
