"""Real articles, one class each: snippets quoted from the pages in ../shared named beside
them, read through the reader, and what a reader must see of them.

Source files are under ../shared/extraction/readability-test-pages/ (NAME/expected.html) and
../shared/corpus/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.shared import EXTRACTION
from tui_reader.content.credits import caption_parts, split_credit
from tui_reader.content.plain import render_plain
from tui_reader.content.reading import read_article
from tui_reader.engine.extract import extract_article
from tui_reader.engine.models import Article


@dataclass(frozen=True)
class Case:
    name: str  # class: source file
    html: str
    shows: tuple[str, ...]  # in the plain rendering, whitespace collapsed
    never: tuple[str, ...] = ()


CASES = [
    Case(
        "superscript footnote: google-sre-book-1",
        '<p>alerts are classified as tickets, email alerts,<sup><a data-type="noteref" '
        'href="#id-LvQuvtYS7UvI8h4">22</a></sup> and pages.</p>',
        ("email alerts,²² and pages.",),
        ("alerts,22",),
    ),
    Case(
        "superscript exponent: wikipedia-2",
        "<p>268,021&#160;km<sup>2</sup> (103,483&#160;sq&#160;mi)</p>",
        ("km² (103,483",),
        ("km2",),
    ),
    Case(
        "ordinal superscript stays a word: seattletimes-1",
        "<p>from the 19<sup>th</sup> century to the dominant economic force of the "
        "21<sup>st</sup>.</p>",
        ("19th century", "the 21st."),
    ),
    Case(
        "footnote letter (made up)",
        "<p>As Smith<sup>a</sup> and Jones<sup>b</sup> wrote in the 1<sup>st</sup> edition.</p>",
        ("As Smithᵃ and Jonesᵇ wrote in the 1st edition.",),
    ),
    Case(
        "embed: lemonde-1 (the text then says the video is above)",
        '<p><iframe src="http://www.dailymotion.com/embed/video/x2p552m?syndication=131181" '
        'width="534" height="320"></iframe></p>',
        ("[embed 1: dailymotion.com]", "[1] http://www.dailymotion.com/embed/video/x2p552m"),
    ),
    Case(
        "embed with a title: a YouTube player (embedded-videos)",
        '<p><iframe title="Trailer" src="https://www.youtube.com/embed/LtOGa5M8AuU"></iframe></p>',
        ("[embed 1: Trailer]",),
    ),
    Case(
        "MathML: mathjax",
        '<p>two solutions to <math xmlns="http://www.w3.org/1998/Math/MathML"><mi> a </mi>'
        "<msup><mi> x </mi><mn> 2 </mn></msup><mo> + </mo><mi> b </mi><mi> x </mi><mo> + </mo>"
        "<mi> c </mi><mo> = </mo><mn> 0 </mn></math> and they are</p>",
        ("two solutions to a x^2 + b x + c = 0 and they are",),
    ),
    Case(
        "MathML with a TeX annotation (Wikipedia's form)",
        '<p>so <math><semantics><mrow><mi>A</mi></mrow><annotation encoding="application/x-tex">'
        "{\\displaystyle A=A^{\\mathsf {H}}}</annotation></semantics></math> holds.</p>",
        ("so {\\displaystyle A=A^{\\mathsf {H}}} holds.",),
    ),
    Case(
        "inline code keeps straight quotes: 002",
        '<p>Its value can be <code>"same-origin"</code>, <code>"no-cors"</code> (default) '
        'and <code>"cors"</code>. She said "it is fine" again.</p>',
        ('"same-origin", "no-cors" (default) and "cors"',),
        ("“same-origin”",),
    ),
    Case(
        "inline code as typed: ebb-org",
        "<p><code>SELECT full_text FROM standard WHERE type = 'disclaimer';</code></p>",
        ("SELECT full_text FROM standard WHERE type = 'disclaimer';",),
    ),
    Case(
        "inline code keeps spaces aligned by hand (made up)",
        "<p>Set <code>width  = 80</code> and <code>height = 24</code>.</p>",
        ("Set width  = 80 and height = 24.",),
    ),
    Case(
        "command lines in inline code stay lines (no <pre>)",
        "<p>Install it with <code>pip install tui-reader\n  tui-reader add URL\n</code></p>",
        ("Install it with\n\n    pip install tui-reader\n      tui-reader add URL",),
    ),
    Case(
        "credit kept as written: keep-images",
        "<figure><img src='/a.jpg' alt=''><figcaption>Cristina Gil Lladanosa, at the Barcelona "
        "testing lab | photo by Joan Bardeletti</figcaption></figure>",
        ("testing lab | photo by Joan Bardeletti",),
        ("Photo:",),
    ),
    Case(
        "no invented label: article-author-tag",
        "<p>(All photos: Atlas staff)</p><p>Picture a deck of tarot cards. What do you see?</p>",
        ("(All photos: Atlas staff)",),
        ("Photo:",),
    ),
    Case(
        "link over a drop cap: dropbox-blog",
        '<p>can be found in the <a href="https://paper.dropbox.com/doc/x#h2=Data-model">D</a>'
        '<a href="https://paper.dropbox.com/doc/x#h2=Data-model">ata</a> section below.</p>',
        ("in the Data[1] section",),
        ("D[1]ata",),
    ),
    Case(
        "thin space in a formula: wikipedia-3",
        "<p>Hermitian, but <span><i>i</i>\u2009<i>I</i><sub><i>n</i></sub></span> is not.</p>",
        ("but i\u2009In is not.",),
    ),
    Case(
        "ideographic space: pixnet",
        '<p><span lang="EN-US"><span>楓紅期間須過中午才可搭帳\u3000</span></span>'
        '<span lang="EN-US">水電便利</span></p>',
        ("搭帳\u3000水電便利",),
    ),
    Case(
        "right-to-left marks: msn (source.html edition menu)",
        "<p>ישראל (עברית)\u200f and مصر (العربية\u200f)</p>",
        ("ישראל (עברית)\u200f and مصر (العربية\u200f)",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_real_article_class(case: Case, stored: Callable[..., Article]) -> None:
    ra = read_article(stored(content=case.html, link="http://fakehost/test/page.html"))
    text = render_plain(ra, 100)
    flat = " ".join(text.split())
    for want in case.shows:
        exact = "\n" in want or "  " in want  # line breaks and spaces that must stay
        assert (want if exact else " ".join(want.split())) in (text if exact else flat), text
    for never in case.never:
        assert never not in text, text


@pytest.mark.parametrize(
    ("source", "caption", "split"),
    [
        (
            "NYT: nytimes-1",
            "United Nations peacekeepers at a refugee camp in Sudan on Monday. Credit Ashraf "
            "Shazly/Agence France-Presse — Getty Images",
            (
                "United Nations peacekeepers at a refugee camp in Sudan on Monday.",
                "Credit ",
                "Ashraf Shazly/Agence France-Presse — Getty Images",
            ),
        ),
        (
            "NYT, spans glued: nytimes-3",
            "In the late 1800s, overhead utilities were buried to lessen the exposure to winter "
            "weather.CreditKirsten Luce for The New York Times",
            (
                "In the late 1800s, overhead utilities were buried to lessen the exposure to "
                "winter weather.",
                "Credit",
                "Kirsten Luce for The New York Times",
            ),
        ),
        (
            "NBC: schema-org-context-object",
            "Protesters scuffling with police officers outside the headquarters of Yoon’s "
            "People Power Party in Seoul on Friday. Ezra Acayan / Getty Images",
            (
                "Protesters scuffling with police officers outside the headquarters of Yoon’s "
                "People Power Party in Seoul on Friday.",
                "",
                "Ezra Acayan / Getty Images",
            ),
        ),
        ("Engadget: engadget", "Devindra Hardawar/AOL", ("", "", "Devindra Hardawar/AOL")),
        (
            "CityLab: citylab-1",
            "Martin Wartman, a student at Northern Kentucky University, works on a neon sign "
            "in 2016. (John Minchillo / AP)",
            (
                "Martin Wartman, a student at Northern Kentucky University, works on a neon "
                "sign in 2016.",
                "(",
                "John Minchillo / AP)",
            ),
        ),
        ("La Nación: la-nacion", "Foto: LA NACION", ("", "Foto: ", "LA NACION")),
    ],
)
def test_photo_credits_split_off_as_written(
    source: str, caption: str, split: tuple[str, str, str]
) -> None:
    assert caption_parts(caption) == split
    text, label, credit = split
    assert caption.startswith(text) and caption.endswith(label + credit)  # words as written
    assert split_credit(caption)[1] == credit.removesuffix(")")


@pytest.mark.parametrize(
    ("page", "shows"),
    [
        ("google-sre-book-1", "email alerts,²² and pages."),
        ("mathjax", "a x^2 + b x + c = 0"),
        ("embedded-videos", "[embed 1: youtube.com]"),
        ("002", 'are "same-origin", "no-cors" (default) and "cors".'),
    ],
)
def test_full_text_from_the_page_keeps_marks_formulas_embeds_and_code(
    page: str, shows: str, article: Callable[..., Article]
) -> None:
    """The same classes through full-text extraction of the real page (source.html)."""
    folder = EXTRACTION / "readability-test-pages" / page
    if not folder.exists():
        pytest.skip(f"{folder} is not beside the checkout")
    url = "http://fakehost/test/page.html"
    result = extract_article((folder / "source.html").read_bytes(), url, title="", summary="")
    assert result.html is not None
    ra = read_article(article(link=url, summary="<p>teaser</p>", full_html=result.html))
    assert ra.shows_full_text
    assert shows in " ".join(render_plain(ra, 100).split())
