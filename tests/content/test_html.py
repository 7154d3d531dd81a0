"""HTML and plain text -> blocks, spans and numbered links."""

from __future__ import annotations

import time

import pytest

from tui_reader.content.blocks import Block, Document
from tui_reader.content.cleanup import tidy
from tui_reader.content.html import html_to_document, text_to_document

BASE = "https://news.example.org/world/story.html"


def doc(html: str, base: str | None = BASE) -> Document:
    return tidy(html_to_document(html, base))


def kinds(d: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in d.blocks]


def spanned(block: Block, style: str) -> list[str]:
    return [block.text[s.start : s.end] for s in block.spans if s.style == style]


def test_headings_paragraphs_and_inline_styles() -> None:
    d = doc(
        "<h2>Talks resume</h2><p>Ministers met <em>again</em> on <b>Tuesday</b> "
        "to discuss <code>5PC</code>.</p><h4>Background</h4><p>More text.</p>"
    )
    assert kinds(d) == [
        ("heading", "Talks resume"),
        ("paragraph", "Ministers met again on Tuesday to discuss 5PC."),
        ("heading", "Background"),
        ("paragraph", "More text."),
    ]
    assert [d.blocks[0].level, d.blocks[2].level] == [2, 4]
    para = d.blocks[1]
    assert spanned(para, "em") == ["again"]
    assert spanned(para, "strong") == ["Tuesday"]
    assert spanned(para, "code") == ["5PC"]


def test_whitespace_and_nbsp_runs_collapse_and_spans_follow() -> None:
    d = doc("<p>\n  Rain \u00a0\u00a0 <i>and</i>\n\n   wind.\u00a0\u00a0 </p>")
    assert kinds(d) == [("paragraph", "Rain and wind.")]
    assert spanned(d.blocks[0], "em") == ["and"]


def test_nested_lists_with_markers_and_levels() -> None:
    d = doc(
        "<ul><li>Lentils<ul><li>red</li><li>green</li></ul></li><li><p>Onion</p>"
        "<p>chopped finely</p></li></ul><ol start='3'><li>Soften</li><li>Simmer</li></ol>"
    )
    items = [(b.kind, b.level, b.marker, b.text) for b in d.blocks]
    assert items == [
        ("list_item", 0, "•", "Lentils"),
        ("list_item", 1, "◦", "red"),
        ("list_item", 1, "◦", "green"),
        ("list_item", 0, "•", "Onion"),
        ("list_item", 0, "", "chopped finely"),
        ("list_item", 0, "3.", "Soften"),
        ("list_item", 0, "4.", "Simmer"),
    ]


def test_blockquote_pre_rule_and_figure() -> None:
    d = doc(
        "<blockquote><p>First quoted.</p><blockquote>Inner.</blockquote></blockquote>"
        "<pre>  def f():\n      return 1\n</pre><hr>"
        "<figure><img src='a.jpg' alt='Ministers at the retreat'>"
        "<figcaption>The retreat. Photo: Jane Doe / AFP</figcaption></figure>"
    )
    assert [(b.kind, b.level) for b in d.blocks] == [
        ("quote", 1),
        ("quote", 2),
        ("pre", 0),
        ("rule", 0),
        ("image", 0),
        ("caption", 0),
    ]
    assert d.blocks[2].text == "  def f():\n      return 1"
    assert d.blocks[4].text == "[image: Ministers at the retreat]"
    assert d.blocks[5].text == "The retreat. Photo: Jane Doe / AFP"


def test_images_inline_and_tracking_pixels() -> None:
    d = doc(
        "<p>Before <img src='x' alt='a chart'> after.</p><img src='t' width='1' height='1'>"
        "<img src='t2' width=0><img src='t3' style='display:none' alt='hidden'>"
        "<img src='t4' height='2px' alt='pixel'><img src='photo.jpg'>"
    )
    assert kinds(d) == [
        ("paragraph", "Before [image: a chart] after."),
        ("image", "[image: photo.jpg]"),
    ]
    assert spanned(d.blocks[0], "image") == ["[image: a chart]"]
    # Only what shows is numbered: the pixels and the hidden image are not in the list.
    assert [k.url.rsplit("/", 1)[1] for k in d.links] == ["x", "photo.jpg"]


@pytest.mark.parametrize(
    "junk",
    [
        "<script>alert('secret')</script>",
        "<style>p { color: red } secret</style>",
        "<iframe>secret</iframe>",  # with nothing to open, not even a placeholder
        "<object data='x.swf'><param name='a'>secret</object>",
        "<form action='/subscribe'><label>secret</label><input name='e'></form>",
        "<!-- secret comment -->",
        "<noscript>secret</noscript>",
        "<svg><title>secret</title></svg>",
        "<template>secret</template>",
    ],
)
def test_hidden_elements_never_show(junk: str) -> None:
    d = doc(f"<p>Visible one.</p>{junk}<p>Visible two.</p>")
    assert kinds(d) == [("paragraph", "Visible one."), ("paragraph", "Visible two.")]


def test_video_leaves_a_placeholder() -> None:
    d = doc("<p>Watch:</p><video src='v.mp4'>Your browser cannot play this</video>")
    assert kinds(d) == [("paragraph", "Watch:"), ("image", "[video: v.mp4]")]
    assert [(k.url, k.text) for k in d.links] == [("https://news.example.org/world/v.mp4", "video")]
    bare = doc("<p>Watch:</p><video>Your browser cannot play this</video>")
    assert kinds(bare) == [("paragraph", "Watch:"), ("image", "[video]")] and not bare.links


def test_links_numbered_resolved_and_deduplicated() -> None:
    d = doc(
        "<p>See <a href='/report.pdf'>the report</a>, <a href='https://un.org/x'>the UN</a> "
        "and <a href='/report.pdf'>the same report</a>. Mail <a href='mailto:desk@example.org'>"
        "the desk</a>.</p>"
    )
    assert [(k.number, k.url, k.text, k.openable) for k in d.links] == [
        (1, "https://news.example.org/report.pdf", "the report", True),
        (2, "https://un.org/x", "the UN", True),
        (3, "mailto:desk@example.org", "the desk", True),
    ]
    para = d.blocks[0]
    assert spanned(para, "link") == ["the report", "the UN", "the same report", "the desk"]
    assert [s.link for s in para.spans if s.style == "link"] == [1, 2, 1, 3]


def test_links_that_cannot_be_opened() -> None:
    d = doc(
        "<p><a href='javascript:alert(1)'>click</a> <a href='JaVaScRiPt:evil()'>me</a> "
        "<a href='data:text/html,x'>data</a> <a href='#top'>top</a> "
        "<a href='ftp://files.example.org/a'>ftp file</a> <a>anchor</a></p>"
    )
    assert kinds(d) == [("paragraph", "click me data top ftp file anchor")]
    assert [(k.number, k.url, k.openable) for k in d.links] == [
        (1, "ftp://files.example.org/a", False)
    ]
    assert spanned(d.blocks[0], "link") == ["ftp file"]


def test_relative_link_without_base_is_not_numbered() -> None:
    d = doc("<p><a href='/x'>relative</a></p>", base=None)
    assert d.links == [] and kinds(d) == [("paragraph", "relative")]


def test_link_text_naming_another_host_shows_the_real_one() -> None:
    d = doc(
        "<p><a href='https://evil.example/login'>www.paypal.com</a> "
        "<a href='https://www.un.org/en/'>https://un.org/en</a></p>"
    )
    assert [(k.text, k.real_host) for k in d.links] == [
        ("www.paypal.com", "evil.example"),
        ("https://un.org/en", None),
    ]


def test_data_table_and_layout_table() -> None:
    d = doc(
        "<table><tr><th>Country</th><th>Displaced</th></tr>"
        "<tr><td>Myanmar</td><td><a href='https://unhcr.org'>2.6 million</a></td></tr></table>"
        "<table><tr><td><h2>Layout heading</h2><p>Body text.</p></td><td>Sidebar</td></tr>"
        "</table>"
    )
    table = d.blocks[0]
    assert table.kind == "table" and table.header
    assert table.rows == [["Country", "Displaced"], ["Myanmar", "2.6 million[1]"]]
    assert kinds(d)[1:] == [
        ("heading", "Layout heading"),
        ("paragraph", "Body text."),
        ("paragraph", "Sidebar"),
    ]


def test_line_breaks() -> None:
    d = doc("<p>Line one<br>line two<br><br>New paragraph</p>")
    assert kinds(d) == [("paragraph", "Line one\nline two"), ("paragraph", "New paragraph")]


def test_html_without_block_tags_splits_on_blank_lines() -> None:
    d = doc("First <b>para</b>\ncontinues.\n\n  Second para.\n\n\nThird.")
    assert kinds(d) == [
        ("paragraph", "First para continues."),
        ("paragraph", "Second para."),
        ("paragraph", "Third."),
    ]


def test_entities_markup_text_and_controls() -> None:
    d = doc(
        "<p>Tom &amp; Jerry &lt;b&gt; [bold]x[/] [@click=app.quit]y[/] "
        "a&#x1b;[31mb \x1b]52;c;SGVsbG8=\x07c \x9b1m&#155;d\u202eevil</p>"
    )
    text = d.blocks[0].text
    assert text.startswith("Tom & Jerry <b> [bold]x[/] [@click=app.quit]y[/] ")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in text)


@pytest.mark.parametrize(
    "tag", ["div", "b", "blockquote", "ul", "li", "a href=/x", "table", "span"]
)
def test_deep_nesting_is_linear(tag: str) -> None:
    name = tag.split()[0]
    depth = 100_000 if name == "div" else 30_000
    html = f"<{tag}>" * depth + "deep text" + f"</{name}>" * depth
    start = time.perf_counter()
    d = doc(html)
    assert time.perf_counter() - start < 3
    assert "deep text" in [b.text for b in d.blocks] or any(
        "deep text" in cell for b in d.blocks for row in b.rows for cell in row
    )


def test_broken_html_recovers() -> None:
    d = doc(
        "<p><b>unclosed <i>styles<p>Next para</b></i></em></p></div><li>stray item"
        "<a href='https://x.org'>link <a href='https://y.org'>other</a><p>after <!-- open comment"
    )
    texts = [b.text for b in d.blocks]
    assert texts[:2] == ["unclosed styles", "Next para"]
    assert any("stray item" in t for t in texts)
    assert [k.url for k in d.links] == ["https://x.org", "https://y.org"]


def test_text_to_document() -> None:
    text = (
        "First paragraph\nwrapped at a hard line.\n\n\n"
        "- apples\n- pears\n\n"
        "1. one\n2. two\n\n"
        "See https://example.org/a_(b), or mailto:me@example.org."
    )
    d = text_to_document(text)
    assert [(b.kind, b.marker, b.text) for b in d.blocks] == [
        ("paragraph", "", "First paragraph wrapped at a hard line."),
        ("list_item", "•", "apples"),
        ("list_item", "•", "pears"),
        ("list_item", "1.", "one"),
        ("list_item", "2.", "two"),
        ("paragraph", "", "See https://example.org/a_(b), or mailto:me@example.org."),
    ]
    assert [k.url for k in d.links] == ["https://example.org/a_(b)", "mailto:me@example.org"]
    assert spanned(d.blocks[-1], "link") == ["https://example.org/a_(b)", "mailto:me@example.org"]


def test_text_without_blank_lines_is_one_paragraph_per_line() -> None:
    d = text_to_document("Line one.\nLine two.\n")
    assert kinds(d) == [("paragraph", "Line one."), ("paragraph", "Line two.")]


def test_oversized_input_is_cut_cleanly() -> None:
    html = "<p>" + "word " * 500_000 + "</p><p>" + "<a href='https://x.org'>" * 10
    d = doc(html)
    assert all("<a" not in b.text for b in d.blocks)


def test_unclosed_list_items_end_with_their_list() -> None:
    d = doc("<ul><li>a<li>b</ul><p>after</p><ul><li>x<ul><li>y</ul>tail</li></ul><p>end</p>")
    assert [(b.kind, b.level, b.marker, b.text) for b in d.blocks] == [
        ("list_item", 0, "•", "a"),
        ("list_item", 0, "•", "b"),
        ("paragraph", 0, "", "after"),
        ("list_item", 0, "•", "x"),
        ("list_item", 1, "◦", "y"),
        ("list_item", 0, "", "tail"),
        ("paragraph", 0, "", "end"),
    ]


def test_what_is_open_around_a_leading_image_goes_on() -> None:
    d = doc(
        "<p><a href='/big.jpg'><img src='/small.jpg' alt='Flood'> Flood waters</a></p>"
        "<p><em><img src='/b.png'> words</em> after.</p>"
    )
    assert kinds(d) == [
        ("image", "[image: Flood]"),
        ("paragraph", "Flood waters"),
        ("image", "[image: b.png]"),
        ("paragraph", "words after."),
    ]
    assert [s.link for s in d.blocks[0].spans] == [s.link for s in d.blocks[1].spans] == [1]
    assert [k.url for k in d.links] == [
        "https://news.example.org/big.jpg",
        "https://news.example.org/b.png",
    ]
    assert spanned(d.blocks[3], "em") == ["words"]
