"""w and | in the app: an article saved as Markdown (never over a file), and piped to a
real command (a small Python script that writes down what it got) with {url} and {file}
filled in as single arguments, whatever the article holds."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import settle, wait_until
from tui_reader.engine.models import ParsedArticle, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.library import Library
from tui_reader.ui.app import ReaderApp

HOSTILE_URL = "https://example.org/a b?x=1;touch PWNED $(id) `id` 'q\" {file}"
HOSTILE_TITLE = "Sale *now* $(touch PWNED) ; rm -rf ~ [x](javascript:alert(1))"
RECORDER = """
import json, sys
data = {"argv": sys.argv[1:-1], "stdin": sys.stdin.read()}
if len(sys.argv) > 2:
    data["file"] = open(sys.argv[2], encoding="utf-8").read()
open(sys.argv[-1] + ".tmp", "w", encoding="utf-8").write(json.dumps(data))
import os; os.replace(sys.argv[-1] + ".tmp", sys.argv[-1])
"""


def hostile_article(store: Store) -> int:
    feed, _ = store.add_feed("https://hostile.example/feed.xml", "Hostile")
    article = ParsedArticle(
        guid="h1",
        link=HOSTILE_URL,
        title=HOSTILE_TITLE,
        published=2_000_000_000,  # the newest: the list's first row
        content='<p>Read <a href="https://example.org/more">more</a> or '
        '<a href="javascript:alert(1)">click</a>.</p>',
    )
    store.apply_parsed(feed.id, ParsedFeed(title="Hostile", articles=[article]))
    return store.rows(ArticleQuery(feed_id=feed.id), 0, 1)[0].id


async def wait_file(pilot: Pilot, path: Path) -> None:
    await wait_until(pilot, path.exists, f"{path} appears")


async def test_w_saves_markdown_never_overwriting(
    make_app: Callable[..., ReaderApp], store: Store, tmp_path: Path
) -> None:
    article_id = hostile_article(store)
    folder = tmp_path / "saved here"
    app = make_app(save_dir=str(folder))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.reader.article is not None and app.reader.article.id == article_id
        await pilot.press("w")
        await pilot.press("w")
        await settle(pilot)
    files = sorted(p.name for p in folder.iterdir())
    stem = "sale-now-touch-pwned-rm-rf-x-javascript-alert-1"
    assert files == [f"{stem}-1.md", f"{stem}.md"]
    text = (folder / f"{stem}.md").read_text()
    assert text == (folder / f"{stem}-1.md").read_text()
    title = "# Sale \\*now\\* $(touch PWNED) ; rm -rf \\~ \\[x\\](javascript:alert(1))"
    assert text.startswith(title + "\n")
    assert "<https://example.org/a%20b?x=1;touch%20PWNED" in text
    assert "[more](<https://example.org/more>)" in text
    assert "click" in text and "javascript:alert(1))" not in text.split("\n", 1)[1]


async def test_pipe_passes_url_and_file_as_single_arguments(
    make_app: Callable[..., ReaderApp], store: Store, tmp_path: Path
) -> None:
    article_id = hostile_article(store)
    script = tmp_path / "record.py"
    script.write_text(RECORDER)
    out = tmp_path / "got.json"
    command = f"{sys.executable} '{script}' {{url}} {{file}} '{out}'"
    app = make_app(pipe=command, pipe_console=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("vertical_line")
        await wait_file(pilot, out)
    got = json.loads(out.read_text())
    expected = Library.markdown(app.library, article_id)
    assert got["argv"][0] == HOSTILE_URL  # one argument, nothing run by a shell
    assert got["stdin"] == got["file"] == expected
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


async def test_pipe_without_a_command_says_how_to_set_one(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("vertical_line")
        await pilot.pause()
        assert any("set pipe under [commands]" in n.message for n in app._notifications)
