"""Who said a quote: the attribution before or after it, in the article's language.

“…,” said Jane F. Smith / “…,” the ministry said / According to X, “…” / He said: “…”;
„…“, sagte Merkel / „…“, so der Minister; « … », a déclaré le ministre / selon X;
"…", dijo el ministro; "…", disse o presidente; "…," řekla; 他说：“…”; …と述べた.
A span is returned so the renderer can mark the speaker's words where they stand.
Anything that does not read as a name, a noun phrase or a pronoun is rejected.
"""

from __future__ import annotations

import re

from tui_reader.content.quotes.styles import Style

Span = tuple[int, int]
_Tok = tuple[str, int, int]

_TOKEN = re.compile(r"[’']?\w[\w’'&-]*|\S")  # "’90s" is one word
_LEADING = frozenset("and but so then also however meanwhile instead yet later now as".split())
_TRAILING = frozenset(
    """also later then again once previously earlier recently reportedly has had have was is
    were will would could just further finally simply quickly""".split()
)
_ABBREV = frozenset("mr mrs ms dr prof gen sen rep gov lt col capt sgt st jr sr".split())
_FILLER_END = frozenset(": , that dass que che že".split())
_REFLEXIVE = frozenset("se si sich".split())
_NOT_PERSON = frozenset("it you him them us this what which there here".split())
_GLUE_END = frozenset("and or to but the a an of with de et y e und".split())
_INVERSION = re.compile(r"-t?-?(il|elle|ils|elles|on)$")
MAX_SPEAKER_WORDS = 8


def tokens(s: str, base: int) -> list[_Tok]:
    """Words and punctuation with positions; "Dr." and the "F." of "John F. Smith" stay
    one word, so a name is not cut at its middle initial."""
    out: list[_Tok] = []
    for m in _TOKEN.finditer(s):
        w = m.group()
        if w == "." and out and out[-1][2] == m.start() + base:
            prev = out[-1][0]
            if prev.lower() in _ABBREV or (len(prev) == 1 and prev.isupper()):
                out[-1] = (prev + ".", out[-1][1], m.end() + base)
                continue
        out.append((w, m.start() + base, m.end() + base))
    return out


def _is_word(tok: _Tok) -> bool:
    return len(tok[0]) > 1 or tok[0].isalnum()


def _trim(words: list[_Tok], style: Style) -> list[_Tok]:
    while words and words[0][0].lower() in _LEADING:
        words = words[1:]
    while len(words) > 1:
        w = words[-1][0]
        after_det = words[-2][0].lower() in style.determiners
        low = w.lower()
        if (
            low in _TRAILING
            or low in style.aux
            or (w.islower() and w.endswith("ly") and not after_det)
        ):
            words = words[:-1]
        else:
            break
    return words


def _garbage(words: list[_Tok], style: Style) -> bool:
    """Words that are no speaker: a clause cut short ("I sat down and"), a contraction
    ("Don’t"), a bare letter, a thing rather than a person ("it")."""
    texts = [w[0] for w in words]
    low = [t.lower() for t in texts]
    if (
        low[-1] in _GLUE_END
        or low[-1] in style.stops
        or (len(low) > 1 and low[-1] in style.determiners)
    ):
        return True
    if any("n’t" in t or "n't" in t for t in low):
        return True
    if not any(sum(ch.isalpha() for ch in t) >= 2 for t in texts):
        return True
    if low[0] in style.pronouns and len(low) > 1:
        return True  # "I sat down", "he respectfully": a clause, not a speaker
    if any(t.endswith("ed") and t.islower() and len(t) > 4 for t in texts[1:]):
        return style.lang == "en"  # "Uber stepped": a verb inside
    return style.lang == "en" and len(low) == 1 and low[0] in _NOT_PERSON


def speaker_span(words: list[_Tok], style: Style) -> Span | None:
    """Span of a plausible speaker among these words: a name, pronoun or noun phrase."""
    words = _trim(words, style)
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return None
    if any(w[0].lower() in style.verbs for w in words):
        return None
    for k, w in enumerate(words[1:], 1):  # "Trent Hamm at The Simple Dollar" -> the name
        if w[0].islower() and w[0] in style.stops and words[0][0][0].isupper():
            words = words[:k]
            break
    first = words[0][0]
    low = first.lower()
    plain_noun = len(words) <= 3 and all(w[0].isalpha() and w[0].islower() for w in words)
    known = low in style.determiners or low in style.pronouns
    titled = len(words) <= 4 and words[-1][0][0].isupper()  # "ministryně Jana Nováková"
    if not (first[0].isupper() or known or plain_noun or titled):
        return None
    if plain_noun and (first in style.stops or (first in style.aux and not known)):
        return None
    if plain_noun and not known and style.lang == "de":
        return None  # German nouns are capitalised: "nicht" is no speaker
    words = _cut_participle(words, style)
    if _garbage(words, style):
        return None
    return words[0][1], words[-1][2]


def _cut_participle(words: list[_Tok], style: Style) -> list[_Tok]:
    """ "a diplomat briefed on the meeting" -> "a diplomat": after a determiner and a noun,
    an -ed word starts a clause about the speaker (a name stays whole: "Uber stepped" is
    still no speaker)."""
    if style.lang != "en" or len(words) < 3 or words[0][0].lower() not in style.determiners:
        return words
    for k, w in enumerate(words[2:], 2):
        if w[0].islower() and w[0].endswith("ed") and len(w[0]) > 4:
            return words[:k]
    return words


def _phrase_after(toks: list[_Tok], style: Style) -> Span | None:
    """The speaker that follows a verb: "said [a Western diplomat] on condition of …"."""
    words: list[_Tok] = []
    for tok in toks:
        if not _is_word(tok) or tok[0].lower() in style.stops:
            break
        words.append(tok)
        if len(words) == MAX_SPEAKER_WORDS:
            break
    return speaker_span(words, style)


def _according(toks: list[_Tok], style: Style) -> int | None:
    """Length of an "according to" phrase at the start of toks, if there is one."""
    low = [t[0].lower() for t in toks[:3]]
    for seq in style.according:
        if tuple(low[: len(seq)]) == seq:
            return len(seq)
    return None


def from_tail(tail: str, base: int, style: Style, *, comma: bool) -> Span | None:
    """The speaker named after the quote; `comma` when the quote ended on a comma."""
    toks = tokens(tail, base)
    while toks and toks[0][0] in ",—–―":
        toks = toks[1:]
    if not toks:
        return None
    first = toks[0][0].lower()
    inverted = _INVERSION.search(first) if style.lang == "fr" else None
    if inverted and comma:  # « … », a-t-il déclaré / explique-t-elle
        return toks[0][1] + inverted.start(1), toks[0][2]
    if first in style.aux and len(toks) > 1 and toks[1][0].lower() in style.verbs:
        toks, first = toks[1:], toks[1][0].lower()
    if first in style.verbs:  # "…,” said a Western diplomat
        return _phrase_after(toks[1:], style)
    n = _according(toks, style)
    if n is not None:
        return _phrase_after(toks[n:], style)
    for i, tok in enumerate(toks[: MAX_SPEAKER_WORDS + 3]):  # "…,” the ministry said
        if not _is_word(tok):
            break
        if tok[0].lower() in style.verbs:
            return speaker_span(toks[:i], style) if i else None
    if style.inverted and comma and toks[0][0].isalpha() and toks[0][0].islower():
        rest = toks[1:]  # „…“, přirovnává Heskey: any verb, then the speaker
        while rest and rest[0][0].lower() in _REFLEXIVE:
            rest = rest[1:]
        if first not in style.stops and rest and rest[0][0][:1].isupper():
            return _phrase_after(rest, style)
    return None


def from_lead(lead: str, base: int, style: Style) -> Span | None:
    """The speaker named before the quote: "He said: “…”", "Selon X, « … »"."""
    toks = tokens(lead, base)
    if len(toks) >= 3 and toks[-1][0] == ",":  # According to X, “…”
        for i in range(len(toks) - 2, -1, -1):
            n = _according(toks[i:], style)
            if n is not None:
                return _phrase_after(toks[i + n : -1], style)
            if not _is_word(toks[i]):
                break
    for v in range(len(toks) - 1, -1, -1):  # He said: “…” / Smith told reporters, “…”
        if toks[v][0].lower() not in style.verbs:
            continue
        filler = toks[v + 1 :]
        if len(filler) > MAX_SPEAKER_WORDS or any(
            not _is_word(t) and t[0] not in ":," for t in filler
        ):
            return None
        if filler and filler[-1][0].lower() not in _FILLER_END:
            return None
        subject: list[_Tok] = []
        cut = False
        for tok in reversed(toks[:v]):
            if not _is_word(tok):
                cut = tok[0] == ","
                break
            subject.insert(0, tok)
        if cut and all(w[0].islower() and w[0] not in style.determiners for w in subject):
            return None  # "Kaplan, a collector of games and books says": not "books"
        return speaker_span(subject[-MAX_SPEAKER_WORDS:], style)
    return None


_CLAUSE_END = re.compile(r"[。！？；!?;\n”」』]")
_CJK_MAX = 40  # characters: a longer "speaker" is a clause, not a name


def cjk_lead(s: str, start: int, style: Style) -> Span | None:
    """他说：“…” / 发言人丹尼尔·霍特表示：“…”: the words before the verb, in the clause."""
    lead_end = start
    while lead_end and s[lead_end - 1] in "：:，, ":
        lead_end -= 1
    if lead_end == start:
        return None
    clause = max((m.end() for m in _CLAUSE_END.finditer(s, 0, lead_end)), default=0)
    comma = max(s.rfind("，", clause, lead_end), s.rfind("、", clause, lead_end))
    clause = max(clause, comma + 1)
    lead = s[clause:lead_end]
    for verb in sorted(style.verbs, key=len, reverse=True):
        if lead.endswith(verb):
            who = _cjk_name(lead[: -len(verb)].rstrip())
            if 0 < len(who) <= _CJK_MAX:
                return clause, clause + len(who)
    return None


_GLOSS = re.compile(r"[(（][^()（）]*[)）]$")  # 霍特(Daniel Huot): the name as given in Latin


def _cjk_name(who: str) -> str:
    """The speaker without a trailing gloss or manner adverb: 霍特(Daniel Huot) -> 霍特,
    卢宇恳切地 ("Lu Yu, earnestly") -> 卢宇."""
    who = _GLOSS.sub("", who).rstrip()
    if who.endswith("地") and len(who) >= 5:
        who = who[:-3]
    return who


def cjk_tail(s: str, end: int, style: Style) -> Span | None:
    """“…”，他说。 / 「…」と述べた (the speaker before the quote, ending in は or が)."""
    tail = s[end:]
    stop = _CLAUSE_END.search(tail)
    clause = tail[: stop.start() if stop else len(tail)].lstrip("，, ")
    offset = end + len(tail) - len(tail.lstrip("，, "))
    for verb in sorted(style.verbs, key=len, reverse=True):
        if style.lang == "ja" and clause.startswith(verb):
            return None  # the caller looks before the quote for "Xは"
        if clause.endswith(verb):
            who = _cjk_name(clause[: -len(verb)])
            if 0 < len(who) <= _CJK_MAX:
                return offset, offset + len(who)
    return None


def ja_subject(s: str, start: int) -> Span | None:
    """田中氏は「…」と述べた: the topic before the quote, ended by は or が."""
    lead_end = start
    if not lead_end or s[lead_end - 1] not in "はが":
        return None
    clause = max((m.end() for m in _CLAUSE_END.finditer(s, 0, lead_end)), default=0)
    clause = max(clause, s.rfind("、", clause, lead_end) + 1)
    if 0 < lead_end - 1 - clause <= _CJK_MAX:
        return clause, lead_end - 1
    return None
