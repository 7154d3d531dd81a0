"""Wrapping for plain text by terminal cells, breaking Chinese and Japanese between characters.

textwrap counts characters and breaks only at spaces: a Chinese paragraph has none, so it
came out as one line of up to 542 cells. Here a wide character counts two cells and a line may
break between two of them, but never before closing punctuation ("，", "。", "」") nor after
an opening one ("「", "（"), the basic rule of Chinese and Japanese line breaking. Lines
without wide characters keep textwrap, so English output is unchanged.
"""

from __future__ import annotations

import re
import textwrap

from rich.cells import cell_len

# Wide characters a line may break between: CJK ideographs, kana, Hangul syllables and
# full-width forms; a Korean text also has spaces, which break as usual.
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
_HAS_WIDE = re.compile(f"[{_WIDE}]")
_TOKENS = re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")
_NO_BREAK_BEFORE = frozenset(
    "，。、．：；？！）」』】〕〉》〗〙〛”’・ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
_NO_BREAK_AFTER = frozenset("（「『【〔〈《〖〘〚“‘")


def has_wide(text: str) -> bool:
    return bool(_HAS_WIDE.search(text))


def fill(text: str, width: int, first: str = "", rest: str = "") -> str:
    """One paragraph (no line breaks) filled to `width` cells, prefixes included."""
    if not has_wide(text):
        return textwrap.fill(
            text,
            width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    line: list[str] = []  # tokens, a leading " " where a space separated them
    used = cell_len(first)
    space = False
    for token in _TOKENS.findall(text):
        if token.isspace():
            space = bool(line)
            continue
        piece = (" " if space else "") + token
        space = False
        if line and used + cell_len(piece) > width:
            # Closing punctuation never starts a line, opening never ends one: characters
            # before the break go down with it.
            carried = [piece]
            while len(line) > 1 and (
                carried[0].lstrip(" ")[:1] in _NO_BREAK_BEFORE or line[-1][-1] in _NO_BREAK_AFTER
            ):
                carried.insert(0, line.pop())
            lines.append((rest if lines else first) + "".join(line))
            line = [carried[0].lstrip(" "), *carried[1:]]
            used = cell_len(rest) + sum(cell_len(t) for t in line)
            continue
        line.append(piece)
        used += cell_len(piece)
    lines.append((rest if lines else first) + "".join(line))
    return "\n".join(lines)
