"""images = "auto": what asking the terminal and drawing with its protocol cost.

    python bench/graphics.py [--runs 5]

1. The start-up query alone (ui/terminal_graphics.detect), in a child under a pty this
   script answers as kitty, as a plain xterm (DA1 only) and as a terminal answering nothing.
2. The app under the same ptys (tests/pty_terminal.py): spawn to the first screen (demo
   feeds, no image) and memory (VmRSS) there; memory with an article's cached image drawn.
3. Drawing an 800 x 450 photo-like image (noise) 72 cells wide: Kitty (PNG), Sixel (a band
   a row) and half-blocks, after the import; and importing the Sixel encoder.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from tests.cli.helpers import rss  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402
from tests.pty_terminal import KITTY, PLAIN, SILENT, SIXEL, PtyTerminal, plain  # noqa: E402

TERMINALS = {"kitty": KITTY, "sixel": SIXEL, "plain xterm": PLAIN, "silent": SILENT}
QUERY_ONLY = (
    "import time\nfrom tui_reader.ui import terminal_graphics as t\n"
    "s = time.perf_counter(); g = t.detect('auto'); e = time.perf_counter() - s\n"
    "print(f'\\nRESULT {e * 1000:.2f} {g and g.protocol}')\n"
)


def query_ms(answers: dict[bytes, bytes]) -> float:
    with PtyTerminal.start(ROOT, answers=answers, command=["-c", QUERY_ONLY]) as term:
        out = term.wait_until(lambda o: re.search(rb"RESULT \S+ \S+\r\n", o) is not None, "result")
        found = re.search(rb"RESULT (\S+) (\S+)", out)
        assert found is not None
        return float(found[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def first_screen(used: Path, answers: dict[bytes, bytes]) -> tuple[float, float]:
    """Spawn to the first screen (a used home: the demo feeds, no image): seconds, MB."""
    home = Path(tempfile.mkdtemp()) / "home"
    shutil.copytree(used, home)
    start = time.perf_counter()
    with PtyTerminal.start(home, "--offline", answers=answers) as term:
        term.wait_until(lambda o: b" unread" in plain(o), "the first screen")
        return time.perf_counter() - start, rss_mb(term.proc.pid)


def image_drawn(built: Path, answers: dict[bytes, bytes], mode: str = "auto") -> float:
    """MB once the gallery's article (shown at start, its image decoded) is on screen."""
    home = Path(tempfile.mkdtemp()) / "home"
    shutil.copytree(built, home)  # each run meets the cache as `add` left it
    (home / "config.toml").write_text(f'images = "{mode}"\n')
    with PtyTerminal.start(home, answers=answers) as term:
        term.wait_until(lambda o: b"Boats went" in plain(o), "the article")
        term.keys(b"\r")
        time.sleep(1)  # the bench, not a test: let the image thread finish before measuring
        return rss_mb(term.proc.pid)


def photo() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((800, 450), 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


def draw_times(data: bytes) -> None:
    from tui_reader.ui.terminal_graphics import Graphics
    from tui_reader.ui.widgets.graphics import draw
    from tui_reader.ui.widgets.halfblocks import half_block_strips

    import_ms = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; s=time.perf_counter(); import textual_image._sixel;"
            "print((time.perf_counter()-s)*1000)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()
    print(f"import textual_image._sixel (with Pillow): {float(import_ms):.1f} ms")
    for name, make in (
        ("kitty", lambda: draw(data, 72, Graphics("kitty"))),
        ("sixel", lambda: draw(data, 72, Graphics("sixel"))),
        ("half-blocks", lambda: half_block_strips(data, 72)),
    ):
        make()
        times = []
        for _ in range(5):
            s = time.perf_counter()
            drawn = make()
            times.append((time.perf_counter() - s) * 1000)
        size = ""
        if hasattr(drawn, "upload"):
            sent = len(drawn.upload) + sum(len(getattr(r, "sixel", "")) for r in drawn.rows)
            size = f", {sent / 1000:.0f} KB to the terminal, {len(drawn.rows)} rows"
        print(f"draw 800x450 at 72 cells, {name}: {statistics.median(times):.1f} ms{size}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, answers in TERMINALS.items():
        times = [query_ms(answers) for _ in range(args.runs)]
        print(f"start-up query, {name}: median {statistics.median(times):.2f} ms")
    data = photo()
    with FeedServer() as server:
        server.add("/p.png", data, content_type="image/png")
        img = f"&lt;img src='{server.url('/p.png')}' alt='x'&gt;"
        body = f"&lt;p&gt;Harbour.&lt;/p&gt;{img}&lt;p&gt;Boats went out.&lt;/p&gt;"
        server.add("/feed.xml", rss("Gallery", [("g1", "Harbour pictures", body)], pages=None))
        home = Path(tempfile.mkdtemp())
        env = {**os.environ, "TUI_READER_HOME": str(home)}
        subprocess.run(
            [sys.executable, "-m", "tui_reader", "add", server.url("/feed.xml")],
            env=env,
            check=True,
            capture_output=True,
        )
    used = Path(tempfile.mkdtemp()) / "home"
    with PtyTerminal.start(used, "--offline", answers=PLAIN) as term:  # the demo feeds loaded
        term.wait_until(lambda o: b" unread" in plain(o), "the first screen")
        term.keys(b"q")
        term.proc.wait(timeout=30)
    for name, answers in TERMINALS.items():
        runs = [first_screen(used, answers) for _ in range(args.runs)]
        first = statistics.median(r[0] for r in runs)
        mem = statistics.median(r[1] for r in runs)
        after = statistics.median(image_drawn(home, answers) for _ in range(args.runs))
        print(
            f"app, {name}: first screen {first * 1000:.0f} ms, {mem:.1f} MB; "
            f"an article with its image drawn {after:.1f} MB"
        )
    blocks = statistics.median(image_drawn(home, PLAIN, "blocks") for _ in range(args.runs))
    print(f"app, plain xterm, images = blocks: an article with its image drawn {blocks:.1f} MB")
    draw_times(data)


if __name__ == "__main__":
    main()
