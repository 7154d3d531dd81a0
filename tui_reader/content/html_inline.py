"""Text runs as the HTML parser decodes them: cleaning (`scrub`) and inline marks that must
stay marks, <sup>/<sub> and MathML.

A superscript glued to the word before it reads as part of that word ("C++5", "Infer7",
"km2"); as "⁵" or "km²" it stays a footnote mark or an exponent. Digits and signs have
Unicode super/subscript forms of the same length, so offsets of spans inside stay right;
anything else (ordinals "19th", "[n 1]" notes, "℠") is left as written.

MathML's text would otherwise be lost (the element was skipped): a TeX `<annotation>` is
its author's own text form; without one the presentation elements are read out in a
linear form ("x^2", "(a)/(b)", "√(…)") from their own text, never invented.
"""

from __future__ import annotations

import unicodedata

from tui_reader.engine.sanitize import clean_text


def _space(c: str) -> bool:
    # Every space that separates words: a thin space (U+2009) between "i" and "I" in a
    # formula, the ideographic space (U+3000) in Chinese; not the controls clean_text drops.
    return c in " \t\n" or unicodedata.category(c) == "Zs"


def scrub(s: str) -> str:
    """clean_text for a decoded text run (the boundary: see the module docstring). It strips
    the ends, but here they separate words, so their spaces are put back."""
    core = clean_text(s)
    if core == s:
        return s
    head = s[: len(s) - len(s.lstrip())]
    tail = s[len(s.rstrip()) :] if core else ""
    return "".join(c for c in head if _space(c)) + core + "".join(c for c in tail if _space(c))


_SUPER = str.maketrans("0123456789+-=()−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾⁻")
_SUB = str.maketrans("0123456789+-=()−", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎₋")
_MARKABLE = frozenset("0123456789+-=()− ")


_LETTERS = "abcdefghijklmnoprstuvwxyz"  # no modifier letter q
_SUPER_LETTERS = str.maketrans(_LETTERS, "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")


def raised(text: str, tag: str, before: str = "") -> str:
    """`text` of a <sup> or <sub> in its Unicode form when it is digits and signs, or a
    footnote letter right after a word ("Smithᵃ"), so it is not glued to the word before;
    else unchanged ("19th" stays a word). The length never changes."""
    core = text.strip()
    if core and any(c.isdigit() for c in core) and set(core) <= _MARKABLE:
        return text.translate(_SUPER if tag == "sup" else _SUB)
    letter_note = len(core) == 1 and core in _LETTERS and before.isalpha()
    return text.translate(_SUPER_LETTERS) if tag == "sup" and letter_note else text


# What a structural element puts before its n-th child (1-based), and after its last one.
_BEFORE_CHILD = {
    ("msup", 2): "^",
    ("msub", 2): "_",
    ("msubsup", 2): "_",
    ("msubsup", 3): "^",
    ("mfrac", 1): "(",
    ("mfrac", 2): ")/(",
    ("mroot", 2): ")^(1/",
    ("munder", 2): "_",
    ("mover", 2): "^",
    ("munderover", 2): "_",
    ("munderover", 3): "^",
}
_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms", "mspace"})
_OPEN = {"msqrt": "√(", "mroot": "("}
_CLOSE = {"mfrac": ")", "msqrt": ")", "mroot": ")"}
MAX_MATH = 2_000  # characters of one formula we keep


class MathText:
    """Collects one <math> element's text form while html.py skips its markup."""

    def __init__(self) -> None:
        self._tokens: list[str] = []
        self._tex: list[str] = []
        self._tags: list[str] = []  # open elements
        self._seen: list[int] = []  # children seen by each
        self._close: list[str] = []  # what each emits at its end
        self._in_tex = 0
        self._ignored = 0  # inside <annotation-xml> or a non-TeX annotation

    def start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in ("annotation", "annotation-xml"):
            tex = tag == "annotation" and "tex" in (attrs.get("encoding") or "").lower()
            self._in_tex += tex
            self._ignored += not tex
            return
        close = _CLOSE.get(tag, "")
        if self._tags:
            self._seen[-1] += 1
            before = _BEFORE_CHILD.get((self._tags[-1], self._seen[-1]), "")
            if before in ("^", "_") and tag not in _TOKENS:
                before, close = before + "(", close + ")"  # a group: x^(n+1)
            self._emit(before)
        self._emit(_OPEN.get(tag, ""))
        self._tags.append(tag)
        self._seen.append(0)
        self._close.append(close)

    def end(self, tag: str) -> None:
        if tag in ("annotation", "annotation-xml"):
            if self._in_tex and tag == "annotation":
                self._in_tex -= 1
            elif self._ignored:
                self._ignored -= 1
            return
        for i in range(len(self._tags) - 1, -1, -1):
            if self._tags[i] == tag:
                for close in reversed(self._close[i:]):
                    self._emit(close)
                del self._tags[i:], self._seen[i:], self._close[i:]
                return

    def data(self, text: str) -> None:
        if self._in_tex:
            self._tex.append(text)
        elif not self._ignored:
            self._emit(" ".join(text.split()))

    def _emit(self, token: str) -> None:
        if token and sum(map(len, self._tokens)) < MAX_MATH:
            self._tokens.append(token)

    def text(self) -> str:
        """The TeX annotation when there is one, else the linear form; one line."""
        tex = " ".join("".join(self._tex).split())
        if tex:
            return tex[:MAX_MATH]
        out = ""
        for token in self._tokens:
            glue = not out or out[-1] in "^_(/" or token[0] in "^_)"
            out += token if glue else " " + token
        return out[:MAX_MATH]
