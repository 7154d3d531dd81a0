"""Hostile enclosure URLs against `tui-reader download ID`: the file lands in the download
folder under one safe name that the file system accepts, whatever the URL's path holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer
from tests.podcasts.helpers import AUDIO, subscribe


@pytest.mark.parametrize(
    "path",
    [
        "/media/" + "%F0%9F%98%80" * 200 + ".mp3",  # 200 emoji: 120 characters, 480 bytes
        "/media/" + "%E6%B8%AF" * 200 + ".mp3",  # 200 港: 600 bytes, over NAME_MAX
        "/media/..%2F..%2Fescape%0A%1B[31m.mp3",  # separators, a newline, an escape
        "/media/%2E%2E",  # a name that is only ".."
    ],
    ids=["emoji", "cjk", "controls", "dotdot"],
)
def test_hostile_enclosure_names_download_into_the_folder(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    article = subscribe(capsys, feed_server, enclosure_path=path)
    code, out, err = run(capsys, "download", str(article))
    assert code == 0, err
    saved = Path(out.strip())
    assert saved.parent == data_dir / "downloads"
    assert saved.read_bytes() == AUDIO
    assert len(saved.name.encode()) <= 255
    assert all(ch.isprintable() for ch in saved.name)
    assert not list(saved.parent.glob("*.part"))


@pytest.mark.parametrize("start", ["\u00b2", "9" * 5000], ids=["superscript", "5000-digits"])
def test_a_content_range_of_odd_digits_is_one_line(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], start: str
) -> None:
    # "²" is a digit to str.isdigit() but not to int(), and int() refuses 5,000 digits: a
    # 206 starting there raised out of the download (a traceback).
    headers = {"Content-Range": f"bytes {start}-{len(AUDIO) - 1}/{len(AUDIO)}"}
    article = subscribe(capsys, feed_server, status=206, headers=headers)
    code, out, err = run(capsys, "download", str(article))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "another part of the file" in err, err
