"""Worst cases: time and peak memory to parse (and store) each class of hostile document.

    .venv/bin/python bench/hostile.py

Each document is parsed in a fresh process (so peak RSS is that document's alone), through
the same parse_feed the refresh uses; up to 20 of its articles then go through
read_article and render_plain, as `show` and the reader pane do.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss(items: str, prolog: str = "", channel: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>T</title>{channel}'
        f"{items}</channel></rss>"
    ).encode()


_QUOTES = "He said “the talks were very frank indeed” and then “This is a sentence alone here.” "


def documents() -> dict[str, bytes]:
    laughs = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    escape = "\x1b]52;c;SGVsbG8=\x07\x1b[31m\x9b2J\u202e"
    return {
        "billion laughs (internal DTD)": rss(
            "<item><title>&l9;</title></item>", f"<!DOCTYPE rss [{laughs}]>"
        ),
        "quadratic blowup (1 entity x 100k refs)": rss(
            "<item><title>" + "&a;" * 100_000 + "</title></item>",
            '<!DOCTYPE rss [<!ENTITY a "' + "x" * 20_000 + '">]>',
        ),
        "1 MB author (e-mail regex)": rss(
            "<item><title>x</title><author>" + "a" * 1_000_000 + "</author></item>"
        ),
        "100k nested <div> in content": rss(
            "<item><title>x</title><description><![CDATA["
            + "<div>" * 100_000
            + "deep"
            + "</div>" * 100_000
            + "]]></description></item>"
        ),
        "10 MB title": rss("<item><title>" + "T" * 10_000_000 + "</title></item>"),
        "20k entries": rss(
            "".join(f"<item><title>n{i}</title><guid>{i}</guid></item>" for i in range(20_000))
        ),
        "escapes in every field x 5k": rss(
            "".join(
                f"<item><title>{escape}{i}</title><author>{escape}</author><category>{escape}"
                f"</category><description>{escape}</description></item>"
                for i in range(5_000)
            )
        ),
        "bad char refs (&#xD800; &#x110000;)": rss(
            "<item><title>&#xD800;&#x110000;&#0;</title></item>" * 1000
        ),
        "200 KB paragraph of quotes": rss(
            "<item><title>q</title><description><![CDATA[<p>"
            + (_QUOTES * 2400)[:200_000]
            + "</p>]]></description></item>"
        ),
        "a 200 KB word in a quote": rss(
            "<item><title>q</title><description>He said “the talks were "
            + "a" * 200_000
            + "” today.</description></item>"
        ),
        "truncated 5 MB document": rss("<item><title>x</title><description>" + "word " * 1_000_000)[
            :5_000_000
        ],
    }


_CHILD = """
import json, resource, sys, time
from tui_reader.content.reading import read_article
from tui_reader.content.render import render_plain
from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import Article
from tui_reader.engine.parse import parse_feed
body = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    feed = parse_feed(body)
    outcome = f"{len(feed.articles)} articles"
except ParseError as exc:
    feed, outcome = None, f"ParseError: {exc}"[:60]
parsed = time.perf_counter()
for n, a in enumerate(feed.articles[:20] if feed else []):
    art = Article(n, 1, "T", a.key, a.link, a.title, a.authors, a.published, a.updated,
                  a.summary, a.content, a.content_type, a.categories, a.enclosures,
                  False, False, 0)
    render_plain(read_article(art), 100)
done = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": parsed - start, "render": done - parsed, "peak_mb": peak,
                  "outcome": outcome}))
"""


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in documents().items():
            path = Path(tmp) / "doc.xml"
            path.write_bytes(body)
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
            )
            wall = time.perf_counter() - start
            if done.returncode:
                rows.append((name, len(body), wall, 0.0, 0.0, "CRASH: " + done.stderr[-80:]))
                continue
            got = json.loads(done.stdout)
            rows.append(
                (name, len(body), got["seconds"], got["render"], got["peak_mb"], got["outcome"])
            )
    print("| hostile document | size | parse | read+render (20 max) | peak RSS | outcome |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, size, secs, render, peak, outcome in rows:
        print(
            f"| {name} | {size / 1e6:.2f} MB | {secs:.2f} s | {render:.2f} s | {peak:.0f} MB "
            f"| {outcome} |"
        )


if __name__ == "__main__":
    main()
