"""Sync at scale against tests/greader_fake.py on 127.0.0.1: a first sync of 10,000 items,
then a later one with a few changes each way, then one with none. Each sync is a real
`tui-reader sync` process; we report its wall time, its peak memory (ru_maxrss, from
wait4), the requests it made and how many items it asked the contents of.

    .venv/bin/python bench/sync.py [--items 10000] [--feeds 100]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))
from tests.greader_fake import FakeReader  # noqa: E402

BODY = "<p>" + "A paragraph of an article body, as a feed would carry it. " * 25 + "</p>"
CLI = ROOT / ".venv" / "bin" / "tui-reader"


def run_sync(home: Path, fake: FakeReader, label: str) -> None:
    before = len(fake.requests)
    wanted_before = _items_asked(fake)
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    start = time.perf_counter()
    proc = subprocess.Popen([str(CLI), "sync"], env=env, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    out = proc.stdout.read().strip() if proc.stdout else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, f"sync failed ({proc.returncode})"
    requests = fake.requests[before:]
    kinds: dict[str, int] = {}
    for _, path, _ in requests:
        name = path.rsplit("/", 1)[-1]
        kinds[name] = kinds.get(name, 0) + 1
    print(
        f"{label}: {took:.2f} s, peak {usage.ru_maxrss / 1024:.0f} MB, "
        f"{len(requests)} requests, contents of {_items_asked(fake) - wanted_before} items"
        f" -- {out}\n    requests: {dict(sorted(kinds.items()))}"
    )


def _items_asked(fake: FakeReader) -> int:
    return sum(
        1
        for _, path, params in fake.requests
        if path.endswith("/contents")
        for key, _ in params
        if key == "i"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=100)
    args = parser.parse_args()
    with FakeReader(dialect="freshrss") as fake, tempfile.TemporaryDirectory() as tmp:
        for f in range(args.feeds):
            fake.add_feed(f"feed/{f}", f"http://127.0.0.1:9/{f}.xml", f"Feed {f}", f"F{f % 7}")
        per_feed = args.items // args.feeds
        for f in range(args.feeds):
            for i in fake.add_items(f"feed/{f}", per_feed):
                fake.items[i].body = BODY
                fake.items[i].read = i % 3 != 0  # a third unread
                fake.items[i].starred = i % 50 == 0
        home = Path(tmp)
        (home / "config.toml").write_text(
            f'[sync]\nurl = "{fake.base}"\nuser = "me"\npassword_cmd = "echo secret"\n'
        )
        print(f"{len(fake.items)} items in {args.feeds} feeds; python {sys.version.split()[0]}")
        run_sync(home, fake, "first sync")
        ids = sorted(fake.items)
        for i in ids[:5]:  # read or starred on the phone
            fake.items[i].read = not fake.items[i].read
        fake.items[ids[5]].starred = True
        for f in range(3):  # three new items
            fake.add_items(f"feed/{f}", 1)
        with sqlite3.connect(home / "cache.db") as db:
            local = [r[0] for r in db.execute("SELECT id FROM articles LIMIT 2 OFFSET 100")]
        subprocess.run(
            [str(CLI), "mark", "read", *map(str, local)],
            env={**os.environ, "TUI_READER_HOME": str(home)},
            check=True,
            capture_output=True,
        )
        run_sync(home, fake, "later sync (6 changes there, 3 new items, 2 local reads)")
        run_sync(home, fake, "sync with nothing changed")


if __name__ == "__main__":
    main()
