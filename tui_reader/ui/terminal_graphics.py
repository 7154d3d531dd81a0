"""Does the terminal draw pixels itself (Kitty graphics or Sixel)? Asked once, before Textual
starts: once it runs, its input thread takes every byte the terminal sends, replies included.

One write asks three things, and the terminal answers in order:
  ESC _G a=q ... ESC \\   Kitty graphics query: "OK" from kitty, ghostty, ...
  ESC [16t               the size of a cell in pixels (to scale images to rows)
  ESC [c                 DA1: every VT100-like terminal answers; a "4" in it means Sixel
DA1 comes last, so its answer ends the wait: a terminal that knows none of the others costs
one round trip (0.55-0.62 ms under a local pty, bench/graphics.py), not a timeout. Only a
terminal that answers nothing at all waits for the whole deadline.

Asked only when it can pay off: images = "auto", a terminal on both ends, and no terminal
name that rules graphics out (tmux and screen pass neither protocol through by default).
textual-image asks the same at its import (two queries, 100 ms each without an answer, and
its import costs 41 ms and 9 MB); we ask ourselves and import only its Sixel encoder, in
the thread that draws an image.
"""

from __future__ import annotations

import os
import re
import select
import sys
import time
from dataclasses import dataclass
from typing import Literal

Protocol = Literal["kitty", "sixel"]

QUERY = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\\x1b[16t\x1b[c"
# Seconds: only a terminal that answers nothing waits this long. A reply later than this
# reaches Textual's input, which reads an unknown sequence as keys ("t", "c": actions), so
# the deadline is long enough for a slow ssh link, not just a local terminal.
DEADLINE = 0.5
_DA1 = re.compile(rb"\x1b\[\?([\d;]*)c")
_KITTY_OK = re.compile(rb"\x1b_Gi=31;OK\x1b\\")
_CELL = re.compile(rb"\x1b\[6;(\d+);(\d+)t")
# Pixels a cell can plausibly be (a large font on a 4K screen is ~40 x 80). The reply is
# bytes from the terminal: 5,000 digits would make int() raise, 99,999 an image of
# gigapixels; either keeps the default cell.
_MAX_CELL = (256, 512)


@dataclass(frozen=True, slots=True)
class Graphics:
    """A terminal's graphics protocol and the size of its cells in pixels."""

    protocol: Protocol
    cell_width: int = 10  # a VT340's cell: a guess where the terminal does not say
    cell_height: int = 20


detected: Graphics | None = None
"""What `detect()` found; None: placeholders (not asked, or no protocol)."""


def might_have_graphics(env: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Worth asking? No for tmux and screen (no passthrough by default), the Linux
    console and dumb terminals; yes otherwise (a name alone misses ssh and new terminals)."""
    term = env.get("TERM", "")
    if env.get("TMUX") or env.get("STY") or not term or term in ("dumb", "linux", "eterm"):
        return False
    return not term.startswith(("screen", "tmux", "eterm"))


def parse_replies(data: bytes) -> Graphics | None:
    """The protocol the terminal's answers to QUERY offer: Sixel first (WezTerm and Konsole
    answer the Kitty query too but draw no Unicode placeholders, which we need), then Kitty."""
    da1 = _DA1.search(data)
    cell = _CELL.search(data)
    size = {}
    if cell is not None and max(len(cell[1]), len(cell[2])) <= 4:
        height, width = int(cell[1]), int(cell[2])
        if 0 < width <= _MAX_CELL[0] and 0 < height <= _MAX_CELL[1]:
            size = {"cell_height": height, "cell_width": width}
    if da1 is not None and "4" in da1[1].decode().split(";"):
        return Graphics("sixel", **size)
    if _KITTY_OK.search(data):
        return Graphics("kitty", **size)
    return None


def ask(fd_in: int, fd_out: int, deadline: float = DEADLINE) -> bytes:
    """Write QUERY to the terminal and read its answers until DA1's (or the deadline)."""
    import termios
    import tty

    saved = termios.tcgetattr(fd_in)
    got = b""
    try:
        tty.setcbreak(fd_in, termios.TCSANOW)  # replies are not echoed or held for a line
        os.write(fd_out, QUERY)
        end = time.monotonic() + deadline
        while _DA1.search(got) is None:
            left = end - time.monotonic()
            if left <= 0 or not select.select([fd_in], [], [], left)[0]:
                break
            got += os.read(fd_in, 1024)
    finally:
        termios.tcsetattr(fd_in, termios.TCSANOW, saved)
    return got


def detect(images: str) -> Graphics | None:
    """Ask the terminal (where worth it) and remember the answer in `detected`."""
    global detected
    detected = None
    if images != "auto" or os.name != "posix" or not might_have_graphics():
        return None
    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None or not (stdin.isatty() and stdout.isatty()):
        return None
    try:
        detected = parse_replies(ask(stdin.fileno(), stdout.fileno()))
    except OSError:  # a terminal that cannot be set to cbreak: no graphics, no fuss
        detected = None
    return detected
