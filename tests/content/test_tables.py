"""Tables: a table while its columns can hold their longest words, else a record per row."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from rich.console import Console
from rich.theme import Theme

from tui_reader.content.reading import ReadableArticle, read_article
from tui_reader.content.render import THEME, render_article, render_plain
from tui_reader.engine.models import Article

WIDE_HEAD = ["Country", "Population", "Capital", "Currency", "Language", "Area", "Joined", "Leader"]
WIDE_ROWS = [
    ["Cambodia", "16.9 million", "Phnom Penh", "Riel", "Khmer", "181,035 km²", "1999", "Hun Manet"],
    ["Indonesia", "277.5 million", "Jakarta", "Rupiah", "Indonesian", "1,904,569 km²", "1967",
     "Prabowo Subianto"],
    ["Laos", "7.5 million", "Vientiane", "Kip", "Lao", "236,800 km²", "1997", "Sonexay Siphandone"],
]  # fmt: skip
NARROW_HEAD = ["Year", "Chair"]
NARROW_ROWS = [["2023", "Indonesia"], ["2024", "Laos"], ["2025", "Malaysia"]]


def table_html(head: list[str] | None, rows: list[list[str]]) -> str:
    top = "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" if head else ""
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<p>Before the table.</p><table>{top}{body}</table><p>After it.</p>"


def rich_text(ra: ReadableArticle, width: int) -> str:
    c = Console(width=width, file=io.StringIO(), record=True, theme=Theme(THEME))
    c.print(render_article(ra, width, measure=width))
    return c.export_text()


def tokens(out: str) -> set[str]:
    """Whole words as shown, whatever rules or separators stand between them."""
    return {t for line in out.splitlines() for t in re.split(r"[\s│─|]+", line) if t}


def assert_no_word_split(out: str, cells: list[list[str]]) -> None:
    shown = tokens(out) | {t.rstrip(":") for t in tokens(out)}
    for row in cells:
        for word in " ".join(row).split():
            assert word in shown, (word, out)


CASES = [
    (WIDE_HEAD, WIDE_ROWS),
    (None, WIDE_ROWS),
    (NARROW_HEAD, NARROW_ROWS),
    (None, NARROW_ROWS),
]


@pytest.mark.parametrize("width", [40, 60, 100])
@pytest.mark.parametrize(("head", "rows"), CASES)
def test_no_word_of_a_table_is_split(
    article: Callable[..., Article], width: int, head: list[str] | None, rows: list[list[str]]
) -> None:
    ra = read_article(article(content=table_html(head, rows)))
    cells = [*([head] if head else []), *rows]
    for out in (rich_text(ra, width), render_plain(ra, width, measure=width)):
        assert_no_word_split(out, cells)
        assert all(len(line) <= width for line in out.splitlines()), out


@pytest.mark.parametrize("width", [40, 60])
def test_a_wide_table_becomes_one_record_per_row(
    article: Callable[..., Article], width: int
) -> None:
    ra = read_article(article(content=table_html(WIDE_HEAD, WIDE_ROWS)))
    for out in (rich_text(ra, width), render_plain(ra, width, measure=width)):
        flat = " ".join(out.split())
        assert (
            "Before the table. Country: Cambodia Population: 16.9 million Capital: Phnom Penh "
            "Currency: Riel Language: Khmer Area: 181,035 km² Joined: 1999 Leader: Hun Manet "
            "Country: Indonesia" in flat
        ), out
        assert "\n\nCountry: Laos\nPopulation: 7.5 million\n" in out  # a blank line between
        assert flat.endswith("Leader: Sonexay Siphandone After it.")
    bare = read_article(article(content=table_html(None, WIDE_ROWS)))
    out = render_plain(bare, width, measure=width)
    assert "column 1: Cambodia\ncolumn 2: 16.9 million\n" in out
    assert "column 1: Cambodia\ncolumn 2: 16.9 million\n" in rich_text(bare, width)


@pytest.mark.parametrize("width", [40, 60, 100])
def test_a_narrow_table_stays_a_table(article: Callable[..., Article], width: int) -> None:
    ra = read_article(article(content=table_html(NARROW_HEAD, NARROW_ROWS)))
    out = rich_text(ra, width)
    assert re.search(r"Year +Chair", out) and re.search(r"2024 +Laos", out), out
    assert "Year:" not in out
    plain = render_plain(ra, width, measure=width)
    assert "Year | Chair\n-----+----------\n2023 | Indonesia\n2024 | Laos" in plain


def test_piped_tables_are_aligned_by_cells(article: Callable[..., Article]) -> None:
    rows = [["Laos", "Vientiane"], ["Cambodia", "Phnom Penh"], ["日本", "東京"]]
    plain = render_plain(read_article(article(content=table_html(["Name", "Capital"], rows))), 80)
    assert (
        "Name     | Capital\n"
        "---------+-----------\n"
        "Laos     | Vientiane\n"
        "Cambodia | Phnom Penh\n"
        "日本     | 東京\n"
    ) in plain


def test_cells_outside_a_row_start_one(article: Callable[..., Article]) -> None:
    # Header cells with no <tr> around them, and a second row whose <tr> was left out:
    # each run of cells is a row, as a browser draws it, not one row of eight columns.
    html = (
        "<table><th>Model</th><th>Price</th><tr><td>Alpha</td><td>10</td></tr>"
        "<td>Beta</td><td>20</td><tr><td>Gamma</td><td>30</td></tr></table>"
    )
    (block,) = read_article(article(content=html)).document.blocks
    assert block.rows == [["Model", "Price"], ["Alpha", "10"], ["Beta", "20"], ["Gamma", "30"]]
    assert block.header


def test_an_icon_table_is_a_table_of_numbered_icons(article: Callable[..., Article]) -> None:
    # ../shared/extraction/readability-test-pages/keep-tabular-data/expected.html: a feature
    # grid of tick images with no alt; it was 197 lines of "[image: fff-277-finished-2.png]".
    tick = (
        '<td><img src="https://cdn.factorio.com/assets/img/blog/fff-277-finished-2.png" '
        'width="20px" /></td>'
    )
    cross = tick.replace("finished-2", "not-finished-2")
    html = (
        "<table><tbody><tr><td></td><td>General&nbsp;UX</td><td>UX&nbsp;draft</td></tr>"
        f"<tr><td>Load&nbsp;map</td>{tick}{tick}</tr><tr><td>Save&nbsp;map</td>{tick}{cross}</tr>"
        "</tbody></table>"
    )
    ra = read_article(article(content=html))
    (block,) = ra.document.blocks
    assert block.header and block.rows[1] == ["Load map", "[image 1]", "[image 1]"]
    assert block.rows[2] == ["Save map", "[image 1]", "[image 2]"]
    plain = render_plain(ra, 80)
    assert "Save map | [image 1]  | [image 2]" in plain
    assert "fff-277" not in plain.split("Links")[0]
    assert "Load map\nGeneral UX: [image 1]" in render_plain(ra, 30, measure=30)
