"""Enclosure downloads: throughput from 127.0.0.1, and a resume that fetches only the rest.

    python -m bench.download [--mb 200]

Serves --mb MB of bytes from a local server that honours Range, then prints: a whole
download (time, MB/s, peak RSS of this process), a resume from a .part holding half the
file (time, the bytes the server sent), and a stop (the app's `d`, the CLI's Ctrl+C) while
the server has gone silent after 1 MB: how long until download() has given up, .part kept.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.engine.download import download
from tui_reader.engine.enclosures import Stopper, kept_bytes, part_path
from tui_reader.engine.errors import DownloadStopped

BLOCK = bytes(range(256)) * 4096  # 1 MiB


class _Handler(BaseHTTPRequestHandler):
    size = 0
    sent = 0
    silence = threading.Event()  # set: the stalled answer may end

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/stall.mp3":  # 1 MB, then nothing until the bench ends
            self.send_response(200)
            self.send_header("Content-Length", str(self.size))
            self.end_headers()
            self.wfile.write(BLOCK)
            self.silence.wait(120)
            return
        start = 0
        wanted = self.headers.get("Range", "")
        if wanted.startswith("bytes=") and wanted.endswith("-"):
            start = int(wanted[6:-1])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{self.size - 1}/{self.size}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(self.size - start))
        self.end_headers()
        pos = start
        while pos < self.size:
            offset = pos % len(BLOCK)
            piece = BLOCK[offset : offset + min(len(BLOCK) - offset, self.size - pos)]
            self.wfile.write(piece)
            pos += len(piece)
        type(self).sent += self.size - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    args = parser.parse_args()
    _Handler.size = args.mb * 1_000_000
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/episode.mp3"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        whole = download(url, folder, "episode.mp3", max_bytes=10**12)
        took = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"whole: {whole.size / 1e6:.0f} MB in {took:.2f} s "
            f"({whole.size / 1e6 / took:.0f} MB/s), peak RSS {rss:.0f} MB"
        )
        digest = hashlib.sha1(whole.path.read_bytes()).hexdigest()
        part = part_path(folder, "episode.mp3", url)
        part.write_bytes(whole.path.read_bytes()[: _Handler.size // 2])
        _Handler.sent = 0
        t0 = time.perf_counter()
        resumed = download(url, folder, "episode.mp3", max_bytes=10**12)
        took = time.perf_counter() - t0
        same = hashlib.sha1(resumed.path.read_bytes()).hexdigest() == digest
        print(
            f"resume from half: {took:.2f} s, server sent {_Handler.sent / 1e6:.0f} MB, "
            f"resumed={resumed.resumed}, identical={same}, saved as {resumed.path.name}"
        )
        _stop(url.replace("episode.mp3", "stall.mp3"), folder)
    _Handler.silence.set()
    server.shutdown()


def _stop(url: str, folder: Path) -> None:
    stop = Stopper()
    result: list[BaseException] = []

    def run() -> None:
        try:
            download(url, folder, "stall.mp3", max_bytes=10**12, stop=stop)
        except DownloadStopped as exc:
            result.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    part = part_path(folder, "stall.mp3", url)
    while kept_bytes(part) < len(BLOCK) // 2:  # bytes arriving, then the silence
        time.sleep(0.01)
    time.sleep(0.2)  # the bench, not a test: let the silence begin
    t0 = time.perf_counter()
    stop.stop()
    worker.join()
    took = time.perf_counter() - t0
    print(
        f"stop with the server silent: {took * 1000:.1f} ms until download() gave up "
        f"({result[0] if result else 'no DownloadStopped!'})"
    )


if __name__ == "__main__":
    main()
