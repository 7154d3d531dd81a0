"""Ctrl+C during `tui-reader download ID` (a real process, a real SIGINT): the download stops
at once even while the server sends nothing, one line says what was kept, the exit status is
130, and the next run resumes the .part to the whole file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer
from tests.podcasts.helpers import AUDIO, subscribe

MEDIA = "/media/episode1.mp3"
STALL = (30_000, 60.0)  # 30,000 bytes at once, then nothing for a minute


def wait_for(condition: Callable[[], object], what: str, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"never within {timeout} s: {what}"
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("chunked", "kept"),
    [(False, "30.0 kB of 102.4 kB kept"), (True, "30.0 kB kept")],  # no size: bytes alone
)
def test_ctrl_c_stops_with_one_line_and_130_then_the_next_run_resumes(
    data_dir: Path,
    feed_server: FeedServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    chunked: bool,
    kept: str,
) -> None:
    article = subscribe(capsys, feed_server, MEDIA, trickle=STALL, chunked=chunked)
    folder = tmp_path / "pods"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "download", str(article), "--to", str(folder)],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: _kept(folder) > 0, "bytes in the .part")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)  # the server stays silent for 60 s
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert out == ""
    assert err == (f"tui-reader: download stopped: episode1.mp3 ({kept}); run it again to resume\n")
    [part] = folder.glob("*.part")
    assert part.read_bytes() == AUDIO[:30_000]
    feed_server.add(MEDIA, AUDIO, content_type="audio/mpeg", ranges=True)
    code, out, err = run(capsys, "download", str(article), "--to", str(folder))
    assert code == 0, err
    assert "resumed" in err
    assert feed_server.requests_for(MEDIA)[-1].headers["range"] == "bytes=30000-"
    assert Path(out.strip()).read_bytes() == AUDIO
    assert not list(folder.glob("*.part"))


def _kept(folder: Path) -> int:
    return sum(part.stat().st_size for part in folder.glob("*.part"))


def test_ctrl_c_while_the_server_has_not_answered_yet_stops_at_once(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The socket is watched from its connect on, so a stop does not wait for the headers
    (here a minute away; the read timeout is 30 s)."""
    article = subscribe(capsys, feed_server, MEDIA, delay=60.0)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "download", str(article), "--to", str(tmp_path)],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: feed_server.requests_for(MEDIA), "the request at the server")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 130 and out == ""
    said = "download stopped: episode1.mp3 (nothing received yet); run it again to resume"
    assert err == f"tui-reader: {said}\n"
