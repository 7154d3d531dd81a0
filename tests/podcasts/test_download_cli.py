"""`tui-reader download ID` as a user meets it: a podcast feed and its audio file served from
127.0.0.1, the file written to the download folder, never over another, resumed after a
broken connection, refused over the size cap; the state shown by `show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer
from tests.podcasts.helpers import AUDIO, subscribe


def test_download_writes_the_file_then_never_overwrites(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    article = subscribe(capsys, feed_server)
    code, out, err = run(capsys, "download", str(article))
    assert code == 0, err
    first = Path(out.strip())
    assert first == data_dir / "downloads" / "episode1.mp3"
    assert first.read_bytes() == AUDIO
    assert len(err.splitlines()) == 1  # not a tty: one line at the end, no progress lines
    first.write_bytes(b"my own edit")
    code, out, err = run(capsys, "download", str(article))
    assert code == 0, err
    second = Path(out.strip())
    assert second.name == "episode1-1.mp3"
    assert first.read_bytes() == b"my own edit"
    assert second.read_bytes() == AUDIO
    assert not list(first.parent.glob("*.part"))
    shown = run(capsys, "show", str(article), "--width", "400")[1]
    assert f"downloaded: {second}" in " ".join(shown.split())  # wrapped: any width
    assert "Attachment: audio/mpeg, 102.4 kB, 1:02:03\n" in shown  # size, itunes:duration


def test_duration_and_size_in_show_json(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    article = subscribe(capsys, feed_server)
    data = json.loads(run(capsys, "show", str(article), "--json")[1])
    [enclosure] = data["metadata"]["enclosures"]
    assert enclosure["duration"] == 3723 and enclosure["length"] == len(AUDIO)


def test_download_to_a_folder(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = subscribe(capsys, feed_server)
    code, out, err = run(capsys, "download", str(article), "--to", str(tmp_path / "pods"))
    assert code == 0, err
    assert Path(out.strip()) == tmp_path / "pods" / "episode1.mp3"


def test_interrupted_download_resumes_with_a_range_request(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = subscribe(capsys, feed_server, reset_after=30_000, ranges=True)
    folder = tmp_path / "pods"
    code, out, err = run(capsys, "download", str(article), "--to", str(folder))
    assert code == 1
    assert "interrupted" in err and "resume" in err and len(err.splitlines()) == 1
    assert out == ""
    [part] = folder.glob("*.part")
    kept = part.stat().st_size
    assert 0 < kept < len(AUDIO)
    code, out, err = run(capsys, "download", str(article), "--to", str(folder))
    assert code == 0, err
    assert "resumed" in err
    assert feed_server.requests_for("/media/episode1.mp3")[-1].headers["range"] == (
        f"bytes={kept}-"
    )
    assert Path(out.strip()).read_bytes() == AUDIO
    assert not list(folder.glob("*.part"))


def test_a_server_without_range_support_starts_over_cleanly(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = subscribe(capsys, feed_server, reset_after=30_000)
    folder = tmp_path / "pods"
    assert run(capsys, "download", str(article), "--to", str(folder))[0] == 1
    feed_server.add("/media/episode1.mp3", AUDIO, content_type="audio/mpeg")  # no Range
    code, out, err = run(capsys, "download", str(article), "--to", str(folder))
    assert code == 0, err
    assert "range" in feed_server.requests_for("/media/episode1.mp3")[-1].headers
    assert Path(out.strip()).read_bytes() == AUDIO  # not the old part with the file after it


def test_size_cap_refuses_with_one_line(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (data_dir / "config.toml").write_text("max_download_mb = 0.05\n")
    article = subscribe(capsys, feed_server)
    code, out, err = run(capsys, "download", str(article), "--to", str(tmp_path / "pods"))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and "max_download_mb" in err and "Traceback" not in err
    assert not list((tmp_path / "pods").glob("*"))


def test_a_size_cap_holds_when_the_server_does_not_say_the_size(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (data_dir / "config.toml").write_text("max_download_mb = 0.05\n")
    article = subscribe(capsys, feed_server, chunked=True)
    code, _, err = run(capsys, "download", str(article), "--to", str(tmp_path / "pods"))
    assert code == 1 and "max_download_mb" in err
    assert not list((tmp_path / "pods").glob("*"))


def test_hostile_file_names_stay_in_the_folder(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = subscribe(capsys, feed_server, "/media/..%2F..%2Fevil%0A%1B%5B31m.mp3")
    folder = tmp_path / "pods"
    code, out, err = run(capsys, "download", str(article), "--to", str(folder))
    assert code == 0, err
    path = Path(out.strip())
    assert path.parent == folder
    assert "/" not in path.name and not path.name.startswith(".")
    assert all(ch.isprintable() for ch in path.name)
    assert path.read_bytes() == AUDIO
    assert path.name == "_.._evil__[31m.mp3"  # slashes, newline and ESC made harmless
    assert [p.name for p in folder.parent.iterdir() if "evil" in p.name] == []  # not beside


def test_no_such_article_or_attachment_is_one_line(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe(capsys, feed_server)
    code, _, err = run(capsys, "download", "999")
    assert code == 1 and err.count("\n") == 1 and "no such attachment" in err


def test_a_server_sending_another_part_is_not_spliced_in(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = subscribe(capsys, feed_server, reset_after=30_000)
    folder = tmp_path / "pods"
    assert run(capsys, "download", str(article), "--to", str(folder))[0] == 1
    span = {"Content-Range": f"bytes 0-{len(AUDIO) - 1}/{len(AUDIO)}"}  # not where we were
    feed_server.add("/media/episode1.mp3", AUDIO, status=206, headers=span)
    code, out, err = run(capsys, "download", str(article), "--to", str(folder))
    assert code == 1 and out == "" and err.count("\n") == 1 and "another part" in err
    assert list(folder.iterdir()) == []  # the .part went: the next try starts clean
