"""Right-to-left text through the real parser, the cache and the reader: the marks Arabic,
Hebrew and Persian rely on stay, the overrides that disguise text go."""

from __future__ import annotations

from collections.abc import Callable

from tui_reader.content.plain import render_plain
from tui_reader.content.reading import read_article
from tui_reader.engine.models import Article

LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
RLO, LRO, RLE, LRE, PDF = "\u202e", "\u202d", "\u202b", "\u202a", "\u202c"

# Real text: the edition menu of ../shared/extraction/readability-test-pages/msn/source.html,
# where an RLM puts the closing parenthesis on the right side of the Hebrew and Arabic.
HEBREW = "ישראל (עברית)\u200f"
ARABIC = "مصر (العربية\u200f)"
# Persian with a Latin name isolated (FSI…PDI) and an Arabic letter mark before a number.
PERSIAN = f"نسخه {FSI}Firefox 120{PDI} منتشر شد؛ {ALM}۱۲۰ میلیون کاربر"


def test_direction_marks_and_isolates_survive_the_whole_way(
    stored: Callable[..., Article],
) -> None:
    body = f"<p>{HEBREW}</p><p>{ARABIC}</p><p>{PERSIAN}</p><p>Name: {RLI}שלום{PDI}{LRM}.</p>"
    a = stored(title=f"{RLI}חדשות{PDI} today", content=body)
    assert a.title == f"{RLI}חדשות{PDI} today"  # the parser's cleaning kept them
    text = render_plain(read_article(a), 80)
    for snippet in (HEBREW, ARABIC, PERSIAN, f"{RLI}שלום{PDI}{LRM}."):
        assert snippet in text


def test_overrides_and_unpaired_isolates_are_removed(stored: Callable[..., Article]) -> None:
    # "invoice‮fdp.exe" shows as "invoiceexe.pdf": the classic disguise.
    body = (
        f"<p>Open invoice{RLO}fdp.exe{PDF} now</p>"
        f"<p>a{LRE}b{RLE}c{LRO}d{PDF} and {RLI}never closed</p>"
        "<p>entity-made: x&#x202e;y &#x2067;z and a kept mark &#x200f;.</p>"
    )
    a = stored(title=f"Pay {RLO}lanif{PDF} {PDI}", content=body)
    assert a.title == "Pay lanif"
    text = render_plain(read_article(a), 80)
    assert "Open invoicefdp.exe now" in text
    assert "abcd and never closed" in text
    assert f"entity-made: xy z and a kept mark {RLM}." in text
    for char in (RLO, LRO, RLE, LRE, PDF, RLI, PDI):
        assert char not in text
