"""Quotes in an article: pair the marks, find who spoke, tell speech from phrases,
carry a speaker over to the quotes next to it and resolve "he" to the person named just
before when only one was."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace

from tui_reader.content.quotes import speakers as sp
from tui_reader.content.quotes.lang import base, detect
from tui_reader.content.quotes.scan import QuotePiece, Raw, scan
from tui_reader.content.quotes.speech import kind, not_speech, partial_quote
from tui_reader.content.quotes.styles import Style, style_for


@dataclass(slots=True)
class Quote:
    """One quotation. `block/start/end` is its first piece; a quote over several
    paragraphs lists every piece in `pieces`."""

    text: str
    speaker: str | None  # as written: a name, a noun phrase or a pronoun
    kind: str  # "speech" or "phrase"
    block: int
    start: int
    end: int
    pieces: list[QuotePiece] = field(default_factory=list)
    speaker_at: QuotePiece | None = None  # where the speaker's words stand, if in the text
    # Who the header may name: the speaker, or the person a pronoun speaker stands for
    # when that is unambiguous; None for an unresolved pronoun or no speaker.
    person: str | None = None
    # A phrase that is a party's own words quoted mid-sentence: counted with speech in the
    # header, styled as a phrase (speech.partial_quote).
    partial: bool = False


_Bounds = tuple[list[int], list[int]]  # a block's quote pieces: starts, ends (sorted)


def find_quotes(paragraphs: list[str], lang: str | None = None) -> list[Quote]:
    """Quotations in these paragraphs (block texts; "" for blocks that are not prose),
    paired in the style of `lang` (a tag like "de-CH"), or of the detected language."""
    style = _house_marks(style_for(base(lang) or detect(paragraphs)), paragraphs)
    raws = scan(paragraphs, style)
    pieces_by_block: dict[int, _Bounds] = {}
    for raw in raws:
        for piece in raw.pieces:
            bounds = pieces_by_block.setdefault(piece.block, ([], []))
            bounds[0].append(piece.start)
            bounds[1].append(piece.end)
    for starts, ends in pieces_by_block.values():
        starts.sort()
        ends.sort()
    quotes: list[Quote] = []
    for raw in raws:
        if not any(c.isalnum() for part in raw.inner for c in part):
            continue  # “” or a lone mark
        quotes.append(_quote(raw, paragraphs, pieces_by_block, style))
    _continue_speech(quotes, paragraphs)
    _inherit_speakers(quotes, paragraphs)
    _resolve_pronouns(quotes, paragraphs, style)
    return quotes


def _house_marks(style: Style, paragraphs: list[str]) -> Style:
    """A German or Czech site that never prints „ but does print “ uses English marks
    (“…”), as many online desks do: pair those rather than find no quote at all."""
    if "„" in style.pairs and "“" not in style.pairs:
        text = "".join(paragraphs)
        if "„" not in text and "“" in text:
            return replace(style, pairs={**style.pairs, "“": "”"})
    return style


def _quote(raw: Raw, paragraphs: list[str], by_block: dict[int, _Bounds], style: Style) -> Quote:
    first, last = raw.pieces[0], raw.pieces[-1]
    # Sorted starts and ends, searched by halves: a scan of every piece per quote made a
    # paragraph of thousands of quotes quadratic.
    starts = by_block[last.block][0]
    at_tail = bisect.bisect_left(starts, last.end)
    tail_end = starts[at_tail] if at_tail < len(starts) else None
    last_text, first_text = paragraphs[last.block], paragraphs[first.block]
    tail = last_text[last.end : tail_end]
    ends = by_block[first.block][1]
    at_lead = bisect.bisect_right(ends, first.start)
    lead_start = ends[at_lead - 1] if at_lead else 0
    lead = first_text[lead_start : first.start]
    text = "\n".join(part.strip() for part in raw.inner).strip()
    comma = raw.dialogue or text.endswith(",") or tail.lstrip().startswith(",")
    text = text.rstrip(",").rstrip()
    where, at = last.block, None
    if style.cjk:
        at = sp.cjk_tail(last_text, last.end, style)
        if at is None and any(tail.startswith(v) for v in style.verbs):
            at, where = sp.ja_subject(first_text, first.start), first.block
        if at is None:
            at, where = sp.cjk_lead(first_text, first.start, style), first.block
    else:
        at = sp.from_tail(tail, last.end, style, comma=comma)
        if at is None:
            at, where = sp.from_lead(lead, lead_start, style), first.block
    speaker = paragraphs[where][at[0] : at[1]] if at else None
    quote = Quote(
        text,
        speaker,
        kind(text, speaker is not None, style, lead, tail, comma and not raw.dialogue),
        first.block,
        first.start,
        first.end,
    )
    quote.partial = (
        quote.kind == "phrase"
        and partial_quote(text, lead, style)
        and not not_speech(text, lead, tail, style.lang)
    )
    quote.pieces = raw.pieces
    quote.speaker_at = QuotePiece(where, at[0], at[1]) if at else None
    return quote


def _continue_speech(quotes: list[Quote], paragraphs: list[str]) -> None:
    """“If I see a deck on sale,” Kaplan says, “and it’s $100, that upsets me.”: the
    lowercase second half of an interrupted quote is speech like the first."""
    for prev, q in itertools.pairwise(quotes):
        if q.kind == "speech" or prev.kind != "speech" or not q.text[:1].islower():
            continue
        end = prev.pieces[-1]
        if end.block == q.block and len(paragraphs[q.block][end.end : q.start].split()) <= 20:
            q.kind = "speech"


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
    # The nearest quote with a speaker in the block: the last one before (given one here
    # or not), else the first one after; kept as we go, not looked for (quadratic).
    said_before: dict[int, str] = {}
    said_after = _speakers_after(in_block)
    for q in quotes:
        if q.speaker or q.kind != "speech":
            if q.speaker:
                said_before[q.block] = q.speaker
            continue
        near = said_before.get(q.block) or said_after[id(q)]
        if near:
            q.speaker = said_before[q.block] = near
            continue
        para = paragraphs[q.block]
        prev_block = previous.get(q.block)
        before = ends_in.get(prev_block) if prev_block is not None else None
        starts_paragraph = q.start == len(para) - len(para.lstrip())
        if starts_paragraph and before is not None and before.speaker and before.kind == "speech":
            q.speaker = said_before[q.block] = before.speaker


def _speakers_after(in_block: dict[int, list[Quote]]) -> dict[int, str | None]:
    """For each quote (by id), the speaker of the first quote after it in its block that
    has one."""
    after: dict[int, str | None] = {}
    for same in in_block.values():
        found = None
        for q in reversed(same):
            after[id(q)] = found
            found = q.speaker or found
    return after


# He, she (and theirs in other languages): the only pronouns resolved to a person.
_SINGULAR = frozenset("he she er il elle él ella ele ela lui lei egli on ona 他 她 彼 彼女".split())
_WORD = re.compile(r"[^\W\d_][\w’'-]*\.?|\S")  # any script: Émile, Иван
_NOT_FIRST_NAME = frozenset(
    """The A An In On At But And It He She This That When After Before As If So We They
    His Her Their Its Our Mr Mrs Ms Dr For From With""".split()
)


def _surname(name: str) -> str:
    return name.split()[-1].strip(".,").lower() if name.split() else ""


def _names(text: str) -> set[str]:
    """Surnames of the people named in this text: runs of two to four capitalised words
    ("Jane F. Smith" -> "smith", "Иван Петров" -> "петров")."""
    out: set[str] = set()
    run: list[str] = []
    for word in [*_WORD.findall(text), "."]:
        if word[0].isalpha() and word[0].isupper() and len(run) < 4:
            run.append(word)
            continue
        while run and run[0].rstrip(".") in _NOT_FIRST_NAME:
            run = run[1:]
        if len(run) >= 2:
            out.add(_surname(" ".join(run)))
        run = [word] if word[0].isalpha() and word[0].isupper() else []
    return out


# Characters before a "he" in which the person it stands for is looked for: several
# sentences. The whole text before it made a paragraph of thousands of quotes quadratic.
NAME_WINDOW = 3000
_SPACE = re.compile(r"\s")


def _recent(parts: list[str]) -> tuple[str, bool]:
    """The parts joined by newlines, cut to their last NAME_WINDOW characters (at a space,
    not inside a name); and whether anything was cut."""
    kept: list[str] = []
    room = NAME_WINDOW
    for part in reversed(parts):
        if len(part) > room:
            space = _SPACE.search(part, len(part) - room)
            kept.append(part[space.end() :] if space else "")
            return "\n".join(reversed(kept)), True
        kept.append(part)
        room -= len(part) + 1
    return "\n".join(reversed(kept)), False


def _is_pronoun(speaker: str, style: Style) -> bool:
    return speaker.lower() in style.pronouns or speaker.lower() in ("he", "she", "i", "we")


def _resolve_pronouns(quotes: list[Quote], paragraphs: list[str], style: Style) -> None:
    """Set `person`: a named speaker stands for itself; "he" stands for the person named
    just before: the last named speaker when nobody else is named since, or the one name
    in the paragraphs before that is also a speaker elsewhere in the article (a place or
    a law named there is never taken for a person). Otherwise nobody."""
    speakers: dict[str, str] = {}  # surname -> the longest name a quote gives it
    for q in quotes:
        if q.speaker and not _is_pronoun(q.speaker, style) and q.speaker[:1].isupper():
            known = speakers.get(_surname(q.speaker), "")
            speakers[_surname(q.speaker)] = max(known, q.speaker, key=len)
    last_named: Quote | None = None
    for q in quotes:
        if not q.speaker:
            continue
        if not _is_pronoun(q.speaker, style):
            q.person = q.speaker
            if _person_like(q.speaker, speakers):
                last_named = q
            continue
        if q.speaker.lower() not in _SINGULAR:
            continue  # I, we, they: never anyone in the header
        window = paragraphs[q.block][max(0, q.start - NAME_WINDOW - 1) : q.start]
        if last_named is not None and q.block - last_named.block <= 3:
            since, cut = _recent([*paragraphs[last_named.pieces[-1].block : q.block], window])
            if not cut and not _names(since) - {_surname(last_named.person or "")}:
                q.person = last_named.person
                continue
        named = _names(_recent([*paragraphs[max(0, q.block - 1) : q.block], window])[0])
        if len(named) == 1 and (only := named.pop()) in speakers:
            q.person = speakers[only]


_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|\S+·\S+")


def _person_like(name: str, speakers: dict[str, str]) -> bool:
    """Could "he" stand for this speaker? A full name, a titled one or a surname given
    in full elsewhere; "Nasa" or "the ministry" cannot."""
    words = name.split()
    if _HAN_NAME.fullmatch(name):
        return True
    if not words or not name[:1].isupper():
        return False
    if len(words) >= 2 or name.startswith(("Mr", "Ms", "Mrs", "Dr")):
        return True
    return len(speakers.get(_surname(name), name)) > len(name)


def _same_person(a: str, b: str) -> bool:
    """Smith and Jane Smith; 马素湘 and 在澳大利亚墨尔本留学的马素湘 ("Ma, a student in
    Melbourne")."""
    if _HAN_NAME.search(a) and _HAN_NAME.search(b):
        return a.endswith(b) or b.endswith(a)
    return _surname(a) == _surname(b)


def _fuller(name: str, than: str) -> bool:
    """Is "Jeffrey Frankel" a fuller way to write "Frankel" (but not "Mr. Frankel")?"""
    titled = name.startswith(("Mr", "Ms", "Mrs", "Dr"))
    return name[:1].isupper() and than[:1].isupper() and len(name) > len(than) and not titled


def speech_summary(quotes: list[Quote]) -> tuple[int, list[str]]:
    """What the header says: how many quotes are speech (partial quotations included), and
    who spoke (no pronouns; "Mr. Frankel" after "Jeffrey Frankel" is one person)."""
    speech = [q for q in quotes if q.kind == "speech" or q.partial]
    people: list[str] = []
    for q in speech:
        if not q.person:
            continue
        same = next((p for p in people if _same_person(p, q.person)), None)
        if same is None:
            people.append(q.person)
        elif _fuller(q.person, same):
            people[people.index(same)] = q.person
    return len(speech), people
