"""The parse pool starts whatever sys.stderr is: inside Textual's app.run() it is a capture
whose fileno() is -1, and multiprocessing's helpers used to pass that on and fail."""

from __future__ import annotations

import subprocess
import sys

from tests.feedserver import RSS

# A fresh interpreter: the helpers start once per process, and this one's may be running.
PROGRAM = """
import io, sys
class Capture(io.TextIOBase):  # what Textual puts in sys.stderr while the app runs
    def fileno(self):
        return -1
    def write(self, text):
        return sys.__stderr__.write(text)
sys.stderr = Capture()
from tui_reader.engine.parse_pool import parse_with_deadline
print(parse_with_deadline(sys.stdin.buffer.read(), "http://127.0.0.1/feed.xml").title)
"""


def test_pool_starts_while_stderr_has_no_file() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], input=RSS, capture_output=True, timeout=60
    )
    assert done.stdout.decode().strip() == "Test feed", done.stderr.decode()[-2000:]
