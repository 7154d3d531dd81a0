"""Images at refresh: what fetching them costs a refresh, in time and cache size.

    python bench/images.py [--entries 100]

A feed on 127.0.0.1 whose N entries each show one photo-like PNG (1600 x 900, noise, 3.6 MB)
is added and refreshed in a `tui-reader` process twice: images = "off" and "blocks". Prints
the wall time of `add` and the cache file's size for each.
"""

from __future__ import annotations

import argparse
import io
import os
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


def run(entries: int, mode: str, server: FeedServer) -> tuple[float, int]:
    home = Path(tempfile.mkdtemp())
    (home / "config.toml").write_text(f'images = "{mode}"\n')
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui_reader", "add", server.url("/feed.xml")],
        env=env,
        check=True,
        capture_output=True,
    )
    took = time.perf_counter() - start
    return took, (home / "cache.db").stat().st_size + sum(
        p.stat().st_size for p in home.glob("cache.db-wal")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100)
    args = parser.parse_args()
    out = io.BytesIO()
    Image.effect_noise((1600, 900), 60).convert("RGB").save(out, "PNG")
    with FeedServer() as server:
        items = []
        for n in range(args.entries):
            server.add(f"/img/{n}.png", out.getvalue(), content_type="image/png")
            src = server.url(f"/img/{n}.png")
            body = f"&lt;p&gt;Story {n}.&lt;/p&gt;&lt;img src='{src}' alt='Photo {n}'&gt;"
            items.append((f"g{n}", f"Story {n}", body))
        server.add("/feed.xml", rss("Photos", items, pages=None))
        for mode in ("off", "blocks"):
            took, size = run(args.entries, mode, server)
            note = f"add of {args.entries} entries {took:.2f} s, cache {size / 1e6:.1f} MB"
            print(f"images = {mode!r}: {note}")


if __name__ == "__main__":
    main()
