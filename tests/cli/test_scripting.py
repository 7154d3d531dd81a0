"""Commands for scripts: mark, --json output, options anywhere, counts in plain English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import rss, run
from tui_reader.engine.store import Store


@pytest.fixture
def local_feed(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "local.xml"
    items = [(f"k{i}", f"Kestrel note {i}", "<p>bird</p>") for i in range(3)]
    path.write_bytes(rss("Birds", items))
    assert run(capsys, "add", str(path))[0] == 0
    return path


def ids(capsys: pytest.CaptureFixture[str], *command: str) -> list[int]:
    return [json.loads(line)["id"] for line in run(capsys, *command, "--json")[1].splitlines()]


def test_json_lines_for_unread_and_search(
    local_feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "search", "kestrel", "--json")
    assert code == 0
    items = [json.loads(line) for line in out.splitlines()]
    assert len(items) == 3
    first = items[0]
    assert set(first) == {"id", "feed_id", "feed", "title", "date", "read", "starred", "link"}
    assert first["feed"] == "Birds" and first["title"].startswith("Kestrel note")
    assert first["date"].startswith("2024-10-0") and first["date"].endswith("+00:00")
    assert first["link"].startswith("http://127.0.0.1:9/k")
    assert (first["read"], first["starred"]) == (False, False)
    unread = [json.loads(line) for line in run(capsys, "unread", "--json")[1].splitlines()]
    assert sorted(i["id"] for i in unread) == sorted(i["id"] for i in items)


def test_mark_changes_known_ids_and_names_unknown_ones(
    data_dir: Path, local_feed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, c = ids(capsys, "search", "kestrel")
    code, out, err = run(capsys, "mark", "read", str(a), "99999", str(b))
    assert code == 1
    assert "marked 2 articles read" in out
    assert "99999" in err and len(err.strip().splitlines()) == 1
    assert ids(capsys, "unread") == [c]
    assert run(capsys, "mark", "unread", str(a))[0] == 0
    assert sorted(ids(capsys, "unread")) == sorted([a, c])
    code, out, _ = run(capsys, "mark", "star", str(c))
    assert code == 0 and "marked 1 article starred" in out
    with Store(data_dir / "cache.db") as store:
        assert store.get_article(c).starred  # type: ignore[union-attr]
    run(capsys, "mark", "unstar", str(c))
    with Store(data_dir / "cache.db") as store:
        assert not store.get_article(c).starred  # type: ignore[union-attr]
    code, _, err = run(capsys, "mark", "read", "x1")
    assert code == 1 and "x1" in err


def test_global_options_after_the_command(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "elsewhere"
    assert run(capsys, "feeds", "--data-dir", str(other))[0] == 0
    assert (other / "cache.db").exists() and not (data_dir / "cache.db").exists()
    code, _, err = run(capsys, "refresh", "--offline", "--data-dir", str(other))
    assert code == 0 and "--offline" in err
    # Given before the command, a subcommand's defaults do not undo it.
    assert run(capsys, "--data-dir", str(other), "--offline", "refresh")[2] == err


def test_one_feed_is_one_feed(local_feed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "refresh", str(local_feed))
    assert code == 0
    assert out.splitlines()[-1] == "1 feed, 0 new articles, 1 not modified, 0 failed"
