"""The sanitiser: no control sequence, invisible spoofing character or lone surrogate survives,
and the visible text around them does."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tui_reader.engine.sanitize import (
    ELLIPSIS,
    clean_line,
    clean_text,
    clean_url,
    html_to_plain,
    is_openable,
)

# Anything a terminal could act on, or that hides or reorders text. (The direction marks and
# paired isolates that right-to-left text relies on stay: tests/content/test_rtl.py.)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\ufeff]")

HOSTILE = [
    ("CSI colour", "a\x1b[31mred\x1b[0mb", "aredb"),
    ("CSI cursor + erase", "x\x1b[2J\x1b[1;1Hy", "xy"),
    ("OSC 0 title, BEL", "a\x1b]0;pwned\x07b", "ab"),
    ("OSC 2 title, ST", "a\x1b]2;pwned\x1b\\b", "ab"),
    ("OSC 8 hyperlink", "\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\", "click"),
    ("OSC 52 clipboard", "a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"),
    ("DCS", "a\x1bP1$r0m\x1b\\b", "ab"),
    ("APC", "a\x1b_secret\x1b\\b", "ab"),
    # 8-bit introducers go alone: honest mis-decoded text has them too (see sanitize.py)
    ("8-bit CSI", "a\x9b31mb", "a31mb"),
    ("8-bit OSC", "a\x9d0;title\x9cb", "a0;titleb"),
    ("bare C1", "a\x85\x90\x9bb", "ab"),
    ("bidi override", "file\u202etxt.exe\u202c", "filetxt.exe"),
    ("unclosed bidi isolates", "a\u2066b\u2067c\u2068d", "abcd"),
    ("stray PDI", "a\u2069b\u2069", "ab"),
    ("lone surrogates", "a\ud800b\udfffc", "abc"),
    ("DEL and NUL", "a\x7fb\x00c", "abc"),
    ("BOM", "\ufeffa\ufeffb", "ab"),
    ("lone ESC", "a\x1b", "a"),
    ("unterminated OSC", "a\x1b]52;c;AAAA", "a52;c;AAAA"),
]


@pytest.mark.parametrize("clean", [clean_line, clean_text], ids=["line", "text"])
@pytest.mark.parametrize(
    ("raw", "visible"), [(r, v) for _, r, v in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_controls_removed_text_kept(clean: Callable[[str], str], raw: str, visible: str) -> None:
    out = clean(raw)
    assert out == visible
    assert not UNSAFE.search(out)


def test_all_c0_c1_and_del_are_gone_from_lines() -> None:
    every = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
    assert clean_line(f"a{every}b") == "a b"  # tab/newline/CR and the like became one space
    assert not UNSAFE.search(clean_text(f"a{every}b").replace("\n", "").replace("\t", ""))


def test_clean_line_collapses_whitespace_and_line_breaks() -> None:
    assert clean_line("  one\ttwo\r\n three\u2028four\u2029five\xa0 six  ") == (
        "one two three four five six"
    )
    assert clean_line(None) == ""
    assert clean_line("") == ""


def test_clean_text_keeps_newlines_and_tabs_and_normalises_cr() -> None:
    assert clean_text("a\r\nb\rc\n\td\u2028e") == "a\nb\nc\n\td\ne"
    assert clean_text("<pre>  x\n    y</pre>") == "<pre>  x\n    y</pre>"  # layout kept
    assert clean_text(None) == ""


def test_markup_is_data_and_stays_literal() -> None:
    markup = "[bold]x[/] [@click=app.quit]q[/] $accent [link=http://evil]l[/link] [/]"
    assert clean_line(markup) == markup
    assert clean_text(markup) == markup


def test_cap_cuts_at_a_character_and_marks_the_cut() -> None:
    out = clean_line("é" * 3000)
    assert len(out) == 2048 and out.endswith(ELLIPSIS)
    assert clean_line("x" * 10, limit=5) == "xxxx" + ELLIPSIS
    assert clean_line("x" * 5, limit=5) == "xxxxx"
    assert len(clean_text("y" * 100, limit=10)) == 10
    # emoji are single code points in Python: never split into invalid halves
    assert clean_line("😀" * 10, limit=4) == "😀😀😀" + ELLIPSIS


def test_zero_width_joiner_is_kept_for_emoji_sequences() -> None:
    family = "👨\u200d👩\u200d👧"
    assert clean_line(family) == family


def test_clean_url() -> None:
    assert clean_url("  https://example.com/a\n  ") == "https://example.com/a"
    assert clean_url("https://exa\tmple.com/a\x1b[31m b") == "https://example.com/a%20b"
    assert clean_url("\u202ehttps://x.com") == "https://x.com"
    assert clean_url("   ") is None
    assert clean_url(None) is None
    assert clean_url("https://x.com/" + "a" * 5000) is None  # a cut URL would lie


@pytest.mark.parametrize(
    "url",
    ["http://example.com", "HTTPS://EXAMPLE.COM/x?y#z", " https://x.org ", "mailto:a@b.org"],
)
def test_openable(url: str) -> None:
    assert is_openable(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\nscript:alert(1)",
        "\x00javascript:alert(1)",
        "\u202ejavascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "/relative/path",
        "//example.com/x",
        "example.com",
        "http:///nohost",
        "https:",
        "",
        None,
    ],
)
def test_not_openable(url: str | None) -> None:
    assert not is_openable(url)


def test_html_to_plain_extracts_words() -> None:
    page = (
        "<html><head><title>T</title><style>p { color: red }</style>"
        "<script>var s = '<p>not text</p>';</script></head>"
        "<body><!-- hidden --><h1>Head&amp;line</h1><p>One&nbsp;two <b>three</b></p>"
        "<SCRIPT type='x'>also hidden</SCRIPT><p>a &lt; b &#8212; c</p></body></html>"
    )
    assert html_to_plain(page) == "T Head&line One two three a < b — c"


def test_html_to_plain_is_deterministic_and_clean() -> None:
    body = "<p>x&#27;[31my\x1b[32mz\u202e</p>" * 3
    out = html_to_plain(body)
    assert out == html_to_plain(body)
    assert not UNSAFE.search(out)
    assert html_to_plain("") == ""
    assert html_to_plain("plain words, no tags") == "plain words, no tags"
    assert html_to_plain("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2"


def test_html_to_plain_unterminated_constructs_stay_linear() -> None:
    # each of these would be quadratic with naive patterns; together well under a second
    assert html_to_plain("<" * 200_000) == "<" * 200_000
    assert html_to_plain("<script>" * 50_000) == ""
    assert html_to_plain("a<!--" * 50_000) == "a"
    assert html_to_plain("<p>ok</p><style>never closed") == "ok"


def test_one_line_fast_path_matches_the_reference() -> None:
    import random

    from tui_reader.engine import sanitize

    alphabet = (
        "ab \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u2029\u3000\x1b[31m]\x07\x9b\x9d"
        "\u202e\u2066\ufeff\ud800é漢"
    )
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        reference = sanitize._LINE_SPACE.sub(" ", sanitize._drop(text)).strip()
        assert sanitize._one_line(text) == reference, repr(text)
