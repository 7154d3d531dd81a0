"""Pairing quotation marks in the article's style (styles.py) into quote pieces.

A quote left open at the end of a paragraph continues only if the next paragraph reopens
with a quote mark (English „multi-paragraph“ convention: open each paragraph, close only on
the last; French also reopens with »); otherwise it stops there, so a stray mark cannot
swallow the rest of the article. Marks of another family inside a quote are part of it
(British ‘…“…”…’, French « … “ … ” … »). Apostrophes (don't, O’Neill, ’90s, rock ’n’
roll, the Joneses’) never open or close: a top-level single quote must open before a
letter and find a closing mark that is not inside or at the end of a word it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui_reader.content.quotes.styles import Style


@dataclass(slots=True)
class QuotePiece:
    block: int
    start: int  # at the opening mark
    end: int  # after the closing mark, or the paragraph end when the quote runs on


@dataclass(slots=True)
class Raw:
    pieces: list[QuotePiece] = field(default_factory=list)
    inner: list[str] = field(default_factory=list)
    dialogue: bool = False


_SINGLES = frozenset("‘’'")
_OPEN_AFTER = frozenset("([{—–-/‘'“„«»")  # a straight quote right after these opens
_STRONG_END = frozenset(",.!?;:…—–-")
_DASHES = "—–―"
# An em-dash line: "—¿Vienes? —preguntó Ana—. Te espero." The speech stops at a dash
# that is followed by a lowercase word (the narrator's aside).
_ASIDE = re.compile(r"\s?[—–―]\s?(?=[^\W\d_])")
_ASIDE_END = re.compile(r"[—–―]")
_INCISE = re.compile(r",\s+(?=\w+-t?-?(?:il|elle|ils|elles|on)\b)")
MAX_SINGLE = 600  # a ‘single-quoted’ phrase longer than this is apostrophes, not a quote


def _marks(style: Style) -> re.Pattern[str]:
    chars = set(style.pairs) | {c for closers in style.pairs.values() for c in closers}
    if style.singles:
        chars |= _SINGLES
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


def _role(s: str, i: int) -> str:
    """The role of the straight quote mark at s[i]: "open", "close" or "either"."""
    prev = s[i - 1] if i else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    # "'Moriori'". — a single quote that closes after a word lets the double close too
    closed_single = prev in "'’" and i >= 2 and not s[i - 2].isspace()
    after_opener = prev in _OPEN_AFTER and not closed_single
    can_open = (prev.isspace() or after_opener) and not nxt.isspace()
    can_close = not prev.isspace() and not after_opener
    if can_open != can_close:
        return "open" if can_open else "close"
    return "either"


def _opens(s: str, i: int) -> bool:
    if s[i] != '"':
        return True
    role = _role(s, i)
    return role == "open" or (role == "either" and i + 1 < len(s) and not s[i + 1].isspace())


def _nested_double_end(s: str, k: int) -> int | None:
    """Where a double quote nested in a single one (British ‘…“…”…’) closes."""
    if s[k] == "“":
        end = s.find("”", k + 1)
        return end if end != -1 else None
    if s[k] == '"' and _role(s, k) == "open":
        end = s.find('"', k + 1)
        return end if end != -1 else None
    return None


def single_close(s: str, j: int, *, continued: bool = False) -> int | None:
    """Where a top-level single quote opened at s[j] closes, or None if it is no quote."""
    prev = s[j - 1] if j else " "
    nxt = s[j + 1] if j + 1 < len(s) else " "
    if not continued and (
        s[j] == "’" or not (prev.isspace() or prev in _OPEN_AFTER) or not nxt.isalpha()
    ):
        return None
    weak = None
    k = j
    while (k := _next_mark(s, k + 1, j + MAX_SINGLE)) != -1:
        p, n = s[k - 1], s[k + 1] if k + 1 < len(s) else " "
        if s[k] not in _SINGLES:
            nested = _nested_double_end(s, k)
            if nested is None:
                break  # a stray double quote: ours was an apostrophe
            k = nested
            continue
        if s[k] == "‘" or (p.isspace() and n.isalpha()):
            break  # another opening: ours was an apostrophe
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


_ANY_MARK = re.compile(r"[“”\"‘’']")


def _next_mark(s: str, start: int, stop: int) -> int:
    m = _ANY_MARK.search(s, start, stop)
    return m.start() if m else -1


class _Scanner:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.marks = _marks(style)
        self.raws: list[Raw] = []
        self.carry: Raw | None = None
        self.carry_single = False

    def paragraph(self, bi: int, s: str) -> None:
        lead = len(s) - len(s.lstrip())
        if self.style.dialogue and lead < len(s) and s[lead] in _DASHES:
            self.carry = None
            if self._dialogue(bi, s, lead):
                return
        carry, self.carry = self.carry, None
        if carry is not None and lead < len(s):
            if self.carry_single:
                if s[lead] == "‘":
                    self._single(bi, s, lead, carry)
                    return
            elif (s[lead] in self.style.pairs and _opens(s, lead)) or (
                self.style.lang == "fr" and s[lead] == "»"
            ):
                op = "«" if s[lead] == "»" and self.style.lang == "fr" else s[lead]
                self._double(bi, s, lead, lead + 1, carry, op)
                return
        self._double(bi, s, 0, 0, None, "")

    def _double(self, bi: int, s: str, start: int, pos: int, cur: Raw | None, op: str) -> None:
        depth = 1 if cur is not None else 0
        closers = self.style.pairs.get(op, "»") if cur is not None else ""
        while m := self.marks.search(s, pos):
            j, c = m.start(), m.group()
            pos = j + 1
            if cur is None:
                if c in _SINGLES and self.style.singles:
                    pos = self._top_single(bi, s, j)
                elif c in self.style.pairs and _opens(s, j):
                    cur, depth, start, op = Raw(), 1, j, c
                    closers = self.style.pairs[c]
                    self.raws.append(cur)
                continue
            if c == op and (c != '"' or _role(s, j) == "open"):
                depth += 1  # a (sloppily) nested quote of the same kind
            elif c in closers:
                depth -= 1
                if depth == 0:
                    cur.pieces.append(QuotePiece(bi, start, j + 1))
                    cur.inner.append(s[start + 1 : j])
                    cur = None
        if cur is not None:
            cur.pieces.append(QuotePiece(bi, start, len(s)))
            cur.inner.append(s[start + 1 :])
            self.carry, self.carry_single = cur, False

    def _top_single(self, bi: int, s: str, j: int) -> int:
        """A top-level single quote at s[j]; returns where scanning goes on."""
        end = single_close(s, j)
        if end is not None and len(s[j + 1 : end].strip()) > 1:  # not 'n'
            self.raws.append(Raw([QuotePiece(bi, j, end + 1)], [s[j + 1 : end]]))
            return end + 1
        lead = len(s) - len(s.lstrip())
        if end is None and j == lead and s[j] == "‘" and s[j + 1 : j + 2].isalpha():
            raw = Raw([QuotePiece(bi, j, len(s))], [s[j + 1 :]])  # may go on: British
            self.raws.append(raw)
            self.carry, self.carry_single = raw, True
            return len(s)
        return j + 1

    def _single(self, bi: int, s: str, j: int, raw: Raw) -> None:
        """The next paragraph of a British multi-paragraph ‘…’ quote."""
        end = single_close(s, j, continued=True)
        stop = len(s) if end is None else end
        raw.pieces.append(QuotePiece(bi, j, stop if end is None else end + 1))
        raw.inner.append(s[j + 1 : stop])
        if end is None:
            self.carry, self.carry_single = raw, True
        else:
            self._double(bi, s, 0, end + 1, None, "")

    def _dialogue(self, bi: int, s: str, lead: int) -> bool:
        """An em-dash line; False when the dash opens no speech (a list, an aside)."""
        body = s[lead + 1 :].lstrip()
        if not body or not (body[0].isalpha() or body[0] in '¿¡«“"…'):
            return False
        aside = next((m for m in _ASIDE.finditer(s, lead + 1) if s[m.end()].islower()), None)
        end = aside.start() if aside else len(s)
        incise = _INCISE.search(s, lead + 1, end) if self.style.lang == "fr" else None
        if incise is not None:  # "— Nous partirons demain, répondit-elle."
            aside, end = None, incise.start()
        self.raws.append(Raw([QuotePiece(bi, lead, end)], [s[lead + 1 : end]], dialogue=True))
        if aside is not None:  # "—dijo Ana—. Te espero.": the line goes on after the aside
            close = _ASIDE_END.search(s, aside.end())
            if close is not None and any(ch.isalpha() for ch in s[close.end() :]):
                rest = s[close.start() + 1 :]
                self.raws.append(
                    Raw([QuotePiece(bi, close.start(), len(s))], [rest.lstrip(". ")], True)
                )
        return True


def scan(paragraphs: list[str], style: Style) -> list[Raw]:
    """Quote pieces, paired in this style; "" paragraphs (not prose) are skipped."""
    scanner = _Scanner(style)
    for bi, s in enumerate(paragraphs):
        if s:
            scanner.paragraph(bi, s)
    return scanner.raws
