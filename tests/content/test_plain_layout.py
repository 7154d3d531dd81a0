"""Piped `show`: heading marks, and Chinese and Japanese wrapped by terminal cells."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.cli.helpers import rss, run
from tui_reader.content.plain import render_plain
from tui_reader.content.reading import read_article
from tui_reader.engine.models import Article

# ../shared/extraction/readability-test-pages/qq/expected.html
QQ = (
    "DeepMind表示，这款名为DNC（可微神经计算机）的AI模型可以接受家谱和伦敦地铁网络地图这样的"
    "信息，还可以回答与那些数据结构中的不同项目之间的关系有关的复杂问题。"
)
# ../shared/extraction/readability-test-pages/hukumusume/expected.html
JA = (
    "同じ物を持っていても、人が持っている物の方が良く見え、また、欲張るとけっきょく損をするというお話しです。"
    * 3
)


def test_headings_carry_their_level(article: Callable[..., Article]) -> None:
    body = "<h2>Talks resume</h2><p>Ministers met.</p><h3>What comes next</h3><p>More.</p>"
    plain = render_plain(read_article(article(content=body)), 80)
    assert "\n## Talks resume\n\nMinisters met.\n\n### What comes next\n" in plain


def test_chinese_and_japanese_wrap_by_cells(article: Callable[..., Article]) -> None:
    plain = render_plain(read_article(article(content=f"<p>{QQ}</p><p>{JA}</p>")), 60)
    body = plain.split("https://example.com/news/story\n\n", 1)[1]
    lines = body.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert len([line for line in lines if line]) >= 5  # was one line of 200+ cells each
    assert "".join(body.split()) == "".join((QQ + JA).split())  # nothing lost or added
    assert not any(line.startswith(("，", "。", "、", "）")) for line in lines)


def test_english_wrapping_is_unchanged(article: Callable[..., Article]) -> None:
    words = "The ministers met again on Tuesday to talk about the plan. " * 6
    plain = render_plain(read_article(article(content=f"<p>{words}</p>")), 60)
    import textwrap

    assert textwrap.fill(words.strip(), 60) in plain


def test_piped_show_marks_headings_aligns_tables_and_wraps_chinese(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tui-reader show ID | less`: the command as a person pipes it, from a real feed."""
    body = (
        f"<h2>DeepMind</h2><p>{QQ}</p>"
        "<table><tr><th>Year</th><th>Chair</th></tr><tr><td>2024</td><td>Laos</td></tr>"
        "<tr><td>2025</td><td>Malaysia</td></tr></table>"
    )
    path = tmp_path / "zh.xml"
    path.write_bytes(rss("Tech", [("z1", "DNC", html.escape(body))], pages=None))
    assert run(capsys, "add", str(path))[0] == 0
    article_id = run(capsys, "search", "DNC")[1].split("\t")[0]
    code, out, _ = run(capsys, "show", article_id)
    assert code == 0
    assert "\n## DeepMind\n" in out
    assert "Year | Chair\n-----+---------\n2024 | Laos\n2025 | Malaysia" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80
