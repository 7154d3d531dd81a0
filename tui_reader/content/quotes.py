"""Direct quotations and who said them.

Double quotes (curly, straight, «guillemets») are the quotation marks; single quotes inside
them are part of the outer quote and apostrophes (don't, Ministers’, ’90s) are never marks.
A top-level ‘single-quoted’ phrase counts only when a plausible closing mark is found.
A quote left open at the end of a paragraph continues only if the next paragraph reopens
with a quote mark (English convention); otherwise it stops there, so a stray mark cannot
swallow the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MARK = re.compile(r"[“”«»\"‘’']")
_SINGLES = frozenset("‘’'")
_OPEN_AFTER = frozenset("([{—–-/‘'“")  # a straight quote right after these opens
_FAMILY = {"“": ("“", "”"), "«": ("«", "»"), '"': ('"', '"')}
_STRONG_END = frozenset(",.!?;:…—–-")
_SPEECH_END = frozenset(".!?,…—–-")
_TOKEN = re.compile(r"[’']?\w[\w’'&-]*|\S")  # "’90s" is one word

_VERBS = _words(
    """said says say added adds told tells wrote writes asked asks explained explains noted
    notes stated states declared declares insisted insists warned warns argued argues
    continued continues replied replies responded responds remarked recalled claimed claims
    commented acknowledged admitted announced announces stressed stresses emphasised
    emphasized observed concluded suggested tweeted posted exclaimed shouted whispered
    cautioned urged countered conceded predicted promised joked laughed sighed"""
)
# Words that end a speaker's name when it follows the verb ("said a diplomat on condition…").
_NP_STOP = _words(
    """on in at to during after before when while who whose which that as from for with
    without by via about yesterday today tonight tomorrow last this earlier later adding and
    but or because since if though although than monday tuesday wednesday thursday friday
    saturday sunday recently"""
)
_TRAILING = _words(
    """also later then again once previously earlier recently reportedly has had have was is
    were will would could has just further finally simply quickly"""
)
_LEADING = _words("and but so then also however meanwhile instead yet later now")
_DETERMINERS = _words(
    """the a an his her their its our my your one another some several many both each
    other these those two three four five six seven eight nine ten he she they we i it you
    officials police"""
)
_ABBREV = _words("mr mrs ms dr prof gen sen rep gov lt col capt sgt st jr sr")
MAX_SPEAKER_WORDS = 8
MAX_SINGLE = 600  # a ‘single-quoted’ phrase longer than this is apostrophes, not a quote


@dataclass(slots=True)
class QuotePiece:
    block: int
    start: int  # at the opening mark
    end: int  # after the closing mark, or the paragraph end when the quote runs on


@dataclass(slots=True)
class Quote:
    """One quotation. `block/start/end` is its first piece; a quote over several
    paragraphs lists every piece in `pieces`."""

    text: str
    speaker: str | None
    kind: str  # "speech" or "phrase"
    block: int
    start: int
    end: int
    pieces: list[QuotePiece] = field(default_factory=list)
    speaker_at: QuotePiece | None = None  # where the speaker's words stand, if in the text


@dataclass(slots=True)
class _Raw:
    pieces: list[QuotePiece] = field(default_factory=list)
    inner: list[str] = field(default_factory=list)


def _role(s: str, i: int) -> str:
    """The role of the quote mark at s[i]: "open", "close" or "either"."""
    c = s[i]
    if c in "“«":
        return "open"
    if c in "”»":
        return "close"
    prev = s[i - 1] if i else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    can_open = (prev.isspace() or prev in _OPEN_AFTER) and not nxt.isspace()
    can_close = not prev.isspace() and prev not in _OPEN_AFTER
    if can_open != can_close:
        return "open" if can_open else "close"
    return "either"


def _opens(s: str, i: int) -> bool:
    role = _role(s, i) if s[i] in _FAMILY else "close"
    return role == "open" or (role == "either" and i + 1 < len(s) and not s[i + 1].isspace())


def _single_close(s: str, j: int) -> int | None:
    """Where a top-level single quote opened at s[j] closes, or None if it is no quote."""
    prev = s[j - 1] if j else " "
    nxt = s[j + 1] if j + 1 < len(s) else " "
    if s[j] == "’" or not (prev.isspace() or prev in _OPEN_AFTER) or not nxt.isalpha():
        return None
    weak = None
    for m in _MARK.finditer(s, j + 1, j + MAX_SINGLE):
        k = m.start()
        p, n = s[k - 1], s[k + 1] if k + 1 < len(s) else " "
        if s[k] not in _SINGLES or s[k] == "‘" or (p.isspace() and n.isalpha()):
            break  # a double quote or another opening: ours was an apostrophe
        if p.isalnum() and n.isalnum():
            continue  # don't
        if p in _STRONG_END:
            return k
        if n.isalnum() or p.isspace():
            continue
        if p in "sS" and n == " " and s[k + 2 : k + 3].isalnum():
            weak = weak if weak is not None else k  # Ministers’ Retreat: maybe possessive
            continue
        return k
    return weak


def _scan(paragraphs: list[str]) -> list[_Raw]:
    raws: list[_Raw] = []
    carry: _Raw | None = None
    for bi, s in enumerate(paragraphs):
        if not s:
            continue
        cur, depth, start, pos, family = None, 0, 0, 0, ("“", "”")
        if carry is not None:
            lead = len(s) - len(s.lstrip())
            if lead < len(s) and s[lead] in _FAMILY and _opens(s, lead):
                cur, depth, start, pos, family = carry, 1, lead, lead + 1, _FAMILY[s[lead]]
            carry = None
        while m := _MARK.search(s, pos):
            j, c = m.start(), m.group()
            pos = j + 1
            if cur is None:
                if c in _SINGLES:
                    end = _single_close(s, j)
                    if end is not None and len(s[j + 1 : end].strip()) > 1:  # not 'n'
                        raws.append(_Raw([QuotePiece(bi, j, end + 1)], [s[j + 1 : end]]))
                        pos = end + 1
                elif c in _FAMILY and _opens(s, j):
                    cur, depth, start, family = _Raw(), 1, j, _FAMILY[c]
                    raws.append(cur)
                continue
            if c not in family:
                continue  # other marks inside a quote are part of it
            role = _role(s, j) if c == '"' else ("open" if c == family[0] else "close")
            if role == "open":
                depth += 1  # a (sloppily) nested double quote
                continue
            depth -= 1
            if depth == 0:
                cur.pieces.append(QuotePiece(bi, start, j + 1))
                cur.inner.append(s[start + 1 : j])
                cur = None
        if cur is not None:
            cur.pieces.append(QuotePiece(bi, start, len(s)))
            cur.inner.append(s[start + 1 :])
            carry = cur
    return raws


def _tokens(s: str, base: int) -> list[tuple[str, int, int]]:
    """Words and punctuation with positions; "Dr." stays one word."""
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(s):
        w = m.group()
        if w == "." and out and out[-1][0].lower() in _ABBREV:
            out[-1] = (out[-1][0] + ".", out[-1][1], m.end() + base)
            continue
        out.append((w, m.start() + base, m.end() + base))
    return out


def _is_word(tok: tuple[str, int, int]) -> bool:
    return len(tok[0]) > 1 or tok[0].isalnum()


def _trim(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    while words and words[0][0].lower() in _LEADING:
        words = words[1:]
    while len(words) > 1:
        w = words[-1][0]
        after_det = words[-2][0].lower() in ("the", "a", "an")
        if w.lower() in _TRAILING or (w.islower() and w.endswith("ly") and not after_det):
            words = words[:-1]
        else:
            break
    return words


def _speaker(words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """Span of a plausible speaker among these words: a name, pronoun or noun phrase."""
    words = _trim(words)
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return None
    if any(w[0].lower() in _VERBS for w in words):
        return None
    first = words[0][0]
    plain_noun = len(words) <= 3 and all(w[0].isalpha() and w[0].islower() for w in words)
    if not (first[0].isupper() or first.lower() in _DETERMINERS or plain_noun):
        return None
    if plain_noun and words[0][0] in _NP_STOP:
        return None
    return words[0][1], words[-1][2]


def _phrase_after(toks: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The speaker that follows a verb: "said [a Western diplomat] on condition of …"."""
    words = []
    for tok in toks:
        if not _is_word(tok) or tok[0].lower() in _NP_STOP:
            break
        words.append(tok)
        if len(words) == MAX_SPEAKER_WORDS:
            break
    return _speaker(words)


def _from_tail(tail: str, base: int) -> tuple[int, int] | None:
    toks = _tokens(tail, base)
    while toks and toks[0][0] == ",":
        toks = toks[1:]
    if not toks:
        return None
    first = toks[0][0].lower()
    if first in _VERBS:  # "…,” said a Western diplomat
        return _phrase_after(toks[1:])
    if first == "according" and len(toks) > 1 and toks[1][0].lower() == "to":
        return _phrase_after(toks[2:])
    for i, tok in enumerate(toks[: MAX_SPEAKER_WORDS + 3]):  # "…,” the ministry said
        if not _is_word(tok):
            return None
        if tok[0].lower() in _VERBS:
            return _speaker(toks[:i]) if i else None
    return None


def _from_lead(lead: str, base: int) -> tuple[int, int] | None:
    toks = _tokens(lead, base)
    if len(toks) >= 3 and toks[-1][0] == ",":  # According to X, “…”
        for i in range(len(toks) - 2, 0, -1):
            if toks[i - 1][0].lower() == "according" and toks[i][0].lower() == "to":
                return _phrase_after(toks[i + 1 : -1])
            if not _is_word(toks[i]):
                break
    for v in range(len(toks) - 1, -1, -1):  # He said: “…” / Smith told reporters, “…”
        if toks[v][0].lower() not in _VERBS:
            continue
        filler = toks[v + 1 :]
        if len(filler) > MAX_SPEAKER_WORDS or any(
            not _is_word(t) and t[0] not in ":," for t in filler
        ):
            return None
        if filler and filler[-1][0] not in (":", ",", "that"):
            return None
        subject: list[tuple[str, int, int]] = []
        for tok in reversed(toks[:v]):
            if not _is_word(tok):
                break
            subject.insert(0, tok)
        return _speaker(subject[-MAX_SPEAKER_WORDS:])
    return None


def _kind(text: str, speaker: str | None) -> str:
    words = len(text.split())
    if speaker or words >= 8 or (words >= 4 and text.rstrip()[-1:] in _SPEECH_END):
        return "speech"
    return "phrase"


def find_quotes(paragraphs: list[str]) -> list[Quote]:
    """Quotations in these paragraphs (block texts; "" for blocks that are not prose)."""
    raws = _scan(paragraphs)
    pieces_by_block: dict[int, list[QuotePiece]] = {}
    for raw in raws:
        for piece in raw.pieces:
            pieces_by_block.setdefault(piece.block, []).append(piece)
    quotes: list[Quote] = []
    for raw in raws:
        if not any(c.isalnum() for part in raw.inner for c in part):
            continue  # “” or a lone mark
        first, last = raw.pieces[0], raw.pieces[-1]
        same = pieces_by_block[last.block]
        tail_end = min((p.start for p in same if p.start >= last.end), default=None)
        tail_text = paragraphs[last.block]
        at = _from_tail(tail_text[last.end : tail_end], last.end)
        where = last.block
        if at is None:
            lead_start = max(
                (p.end for p in pieces_by_block[first.block] if p.end <= first.start), default=0
            )
            at = _from_lead(paragraphs[first.block][lead_start : first.start], lead_start)
            where = first.block
        text = "\n".join(part.strip() for part in raw.inner).strip().rstrip(",").rstrip()
        speaker = paragraphs[where][at[0] : at[1]] if at else None
        quote = Quote(text, speaker, _kind(text, speaker), first.block, first.start, first.end)
        quote.pieces = raw.pieces
        quote.speaker_at = QuotePiece(where, at[0], at[1]) if at else None
        quotes.append(quote)
    _inherit_speakers(quotes, paragraphs)
    return quotes


def _inherit_speakers(quotes: list[Quote], paragraphs: list[str]) -> None:
    """Unattributed speech next to an attributed quote is the same person's:
    “…,” she said. “…” — and a quote paragraph right after hers, news style."""
    in_block: dict[int, list[Quote]] = {}
    ends_in: dict[int, Quote] = {}  # the last quote whose final piece is in a block
    for q in quotes:
        in_block.setdefault(q.block, []).append(q)
        ends_in[q.pieces[-1].block] = q
    previous: dict[int, int | None] = {}  # block -> the prose block before it
    last = None
    for block, text in enumerate(paragraphs):
        if text:
            previous[block], last = last, block
    for q in quotes:
        if q.speaker or q.kind != "speech":
            continue
        same = in_block[q.block]
        i = next(k for k, other in enumerate(same) if other is q)
        near = [p for p in same[:i][::-1] + same[i + 1 :] if p.speaker]
        if near:
            q.speaker = near[0].speaker
            continue
        para = paragraphs[q.block]
        prev_block = previous.get(q.block)
        before = ends_in.get(prev_block) if prev_block is not None else None
        starts_paragraph = q.start == len(para) - len(para.lstrip())
        if starts_paragraph and before is not None and before.speaker and before.kind == "speech":
            q.speaker = before.speaker
