"""Ctrl+C during `tui-reader download ID` (a real process, a real SIGINT): the download stops
at once even while the server sends nothing, one line says what was kept, the exit status is
130, and the next run resumes the .part to the whole file."""

from __future__ import annotations

import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer
from tests.podcasts.helpers import AUDIO, podcast, subscribe

MEDIA = "/media/episode1.mp3"
STALL = (30_000, 60.0)  # 30,000 bytes at once, then nothing for a minute


def wait_for(condition: Callable[[], object], what: str, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"never within {timeout} s: {what}"
        time.sleep(0.02)


def start_download(
    article: object, folder: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """`tui-reader download ARTICLE --to FOLDER` in a process of its own, for a signal."""
    return subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "download", str(article), "--to", str(folder)],
        env=env if env is not None else os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


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
    proc = start_download(article, folder)
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


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")
def test_ctrl_c_stops_a_download_over_tls(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Over https the stop shuts the plain socket under the TLS one: the read ends with
    the same one line, not an error from the TLS layer."""
    context, cert = _self_signed(tmp_path)
    with FeedServer(ssl_context=context) as tls:
        tls.add(MEDIA, AUDIO, content_type="audio/mpeg", trickle=STALL)
        feed_server.add("/feed.xml", podcast(feed_server, tls.url(MEDIA)))
        assert run(capsys, "add", feed_server.url("/feed.xml"))[0] == 0
        folder = tmp_path / "pods"
        # httpx trusts our certificate through SSL_CERT_FILE
        proc = start_download(1, folder, {**os.environ, "SSL_CERT_FILE": str(cert)})
        try:
            wait_for(lambda: _kept(folder) > 0, "bytes in the .part")
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=10)
        finally:
            proc.kill()
    assert proc.returncode == 130 and out == "", err
    said = "download stopped: episode1.mp3 (30.0 kB of 102.4 kB kept); run it again to resume"
    assert err == f"tui-reader: {said}\n"
    [part] = folder.glob("*.part")
    assert part.read_bytes() == AUDIO[:30_000]


def _self_signed(tmp: Path) -> tuple[ssl.SSLContext, Path]:
    key, cert = tmp / "key.pem", tmp / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert


def _kept(folder: Path) -> int:
    return sum(part.stat().st_size for part in folder.glob("*.part"))


def test_ctrl_c_while_the_server_has_not_answered_yet_stops_at_once(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The socket is watched from its connect on, so a stop does not wait for the headers
    (here a minute away; the read timeout is 30 s)."""
    article = subscribe(capsys, feed_server, MEDIA, delay=60.0)
    proc = start_download(article, tmp_path)
    try:
        wait_for(lambda: feed_server.requests_for(MEDIA), "the request at the server")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 130 and out == ""
    said = "download stopped: episode1.mp3 (nothing received yet); run it again to resume"
    assert err == f"tui-reader: {said}\n"
