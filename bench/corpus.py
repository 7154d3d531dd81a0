"""A deterministic feed corpus: N feeds x M items, RSS 2.0 and Atom alternating.

Every feed is generated from its own seeded random stream, so feed 17 is the same bytes whether
or not feeds 0..16 were made first, and the server can make feeds lazily. Each feed has a topic
(see vocab.py); most of its items are on that topic and carry its words, the rest wander off to
another topic; every item also carries a few words of a random side topic. An item's link
names its (main) topic, so a benchmark can score related-article precision from the link alone.

    corpus = Corpus(feeds=200, items=50)
    corpus.feed_bytes(0)          # RSS 2.0 document
    corpus.write(Path("out/c"))   # feed-0000.xml ... on disk
    python bench/corpus.py --feeds 200 --items 50 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import cached_property
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.vocab import FILLER, FIRST_NAMES, LAST_NAMES, ROLES, topic_words

END = int(datetime(2025, 6, 1, 12, tzinfo=UTC).timestamp())  # the newest item's date
SPAN = 730 * 86400  # items spread over two years before END
ON_TOPIC = 0.85  # share of a feed's items on the feed's own topic
TOPIC_SHARE = 0.15  # share of body words drawn from the item's topic vocabulary
SIDE_SHARE = 0.07  # ... and from a second, side topic (a story touches more than one thing)
LINK_BASE = "https://news.bench.example"
TOPICS = topic_words()
TOPIC_NAMES = list(TOPICS)


@dataclass(frozen=True, slots=True)
class Item:
    feed: int
    index: int
    topic: str
    guid: str
    link: str
    title: str
    author: str
    published: int  # unix seconds
    html: str


def topic_of_link(link: str | None) -> str | None:
    """The topic an item's link names (links look like BASE/<topic>/<feed>/<item>.html)."""
    if not link or not link.startswith(LINK_BASE + "/"):
        return None
    slug = link[len(LINK_BASE) + 1 :].split("/", 1)[0]
    return next((t for t in TOPIC_NAMES if t.lower() == slug), None)


class _Words:
    """Fast weighted word drawing: filler plus shares of a topic's and a side topic's words."""

    def __init__(self, topic: str, side: str) -> None:
        own, other = TOPICS[topic], TOPICS[side]
        self.pool = FILLER + own + other
        weights = (
            [(1 - TOPIC_SHARE - SIDE_SHARE) / len(FILLER)] * len(FILLER)
            + [TOPIC_SHARE / len(own)] * len(own)
            + [SIDE_SHARE / len(other)] * len(other)
        )
        self.cum = list(itertools.accumulate(weights))
        self.own = own

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.pool, cum_weights=self.cum, k=k)


_WORDS = {(t, side): _Words(t, side) for t in TOPIC_NAMES for side in TOPIC_NAMES if side != t}


class Corpus:
    def __init__(self, feeds: int, items: int, seed: int = 1) -> None:
        self.feeds = feeds
        self.items = items
        self.seed = seed

    # -- names ---------------------------------------------------------------------------
    def feed_topic(self, feed: int) -> str:
        return TOPIC_NAMES[feed % len(TOPIC_NAMES)]

    def feed_title(self, feed: int) -> str:
        return f"{self.feed_topic(feed)} Dispatch {feed:04d}"

    def feed_kind(self, feed: int) -> str:
        return "rss" if feed % 2 == 0 else "atom"

    def feed_name(self, feed: int) -> str:
        return f"feed-{feed:04d}.xml"

    @property
    def total(self) -> int:
        return self.feeds * self.items

    # -- items ---------------------------------------------------------------------------
    def _rng(self, feed: int, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{feed}:{part}")

    def _times(self, feed: int) -> list[int]:
        rng = self._rng(feed, "time")
        times = sorted((END - 3600 - rng.randrange(SPAN) for _ in range(self.items)), reverse=True)
        if feed == 0 and times:
            times[0] = END  # one known newest item across the whole corpus
        return times

    def items_of(self, feed: int) -> list[Item]:
        rng = self._rng(feed, "items")
        home = self.feed_topic(feed)
        out = []
        for index, published in enumerate(self._times(feed)):
            topic = home if rng.random() < ON_TOPIC else rng.choice(TOPIC_NAMES)
            side = rng.choice([t for t in TOPIC_NAMES if t != topic])
            words = _WORDS[topic, side]
            out.append(
                Item(
                    feed=feed,
                    index=index,
                    topic=topic,
                    guid=f"tag:news.bench.example,2024:f{feed:04d}-i{index:04d}",
                    link=f"{LINK_BASE}/{topic.lower()}/{feed:04d}/{index:04d}.html",
                    title=_title(rng, words),
                    author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    published=published,
                    html=_body(rng, words, rng.randint(2000, 3000)),
                )
            )
        return out

    @cached_property
    def newest(self) -> Item:
        """The newest item of the corpus (feed 0, item 0): the top of a by-date list."""
        return self.items_of(0)[0]

    def search_words(self, n: int = 30) -> list[str]:
        """Words to search for: mostly topic words (selective), some filler (broad)."""
        rng = random.Random(f"{self.seed}:search")
        topical = [w for ws in TOPICS.values() for w in ws if w.isalpha() and len(w) > 4]
        broad = [w for w in FILLER if len(w) > 5]
        k_broad = max(1, n // 5)
        return rng.sample(topical, n - k_broad) + rng.sample(broad, k_broad)

    # -- documents -----------------------------------------------------------------------
    def feed_bytes(self, feed: int) -> bytes:
        items = self.items_of(feed)
        doc = _rss(self, feed, items) if self.feed_kind(feed) == "rss" else _atom(self, feed, items)
        return doc.encode("utf-8")

    def last_modified(self, feed: int) -> int:
        times = self._times(feed)
        return times[0] if times else END

    def write(self, folder: Path) -> list[Path]:
        """Write every feed as a file; files already there with the right size are kept."""
        folder.mkdir(parents=True, exist_ok=True)
        stamp = folder / "corpus.txt"
        ident = f"seed={self.seed} feeds={self.feeds} items={self.items} v=2\n"
        paths = [folder / self.feed_name(i) for i in range(self.feeds)]
        if stamp.exists() and stamp.read_text() == ident and all(p.exists() for p in paths):
            return paths
        for i, path in enumerate(paths):
            path.write_bytes(self.feed_bytes(i))
        stamp.write_text(ident)
        return paths


# -- text --------------------------------------------------------------------------------
def _sentence(rng: random.Random, words: _Words, lo: int = 8, hi: int = 20) -> str:
    ws = words.draw(rng, rng.randint(lo, hi))
    return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."


def _title(rng: random.Random, words: _Words) -> str:
    ws = words.draw(rng, rng.randint(3, 6)) + rng.sample(words.own, 2)
    rng.shuffle(ws)
    return " ".join(w.capitalize() for w in ws)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, {rng.choice(ROLES)}"


def _paragraph(rng: random.Random, words: _Words) -> str:
    parts = [_sentence(rng, words) for _ in range(rng.randint(2, 4))]
    roll = rng.random()
    if roll < 0.35:  # a quotation with a "said X" attribution
        quote = _sentence(rng, words, 6, 14).rstrip(".")
        parts.insert(rng.randrange(len(parts) + 1), f"“{quote},” said {_person(rng)}.")
    elif roll < 0.55:  # a link on a few words
        phrase = " ".join(words.draw(rng, 3))
        href = f"{LINK_BASE}/ref/{rng.randrange(10**6):06d}"
        parts.insert(
            rng.randrange(len(parts) + 1), f'See <a href="{href}">{escape(phrase)}</a> for more.'
        )
    return "<p>" + " ".join(parts) + "</p>"


def _body(rng: random.Random, words: _Words, target: int) -> str:
    out: list[str] = []
    size = 0
    while size < target:
        if out and rng.random() < 0.12:
            block = f"<blockquote><p>{_sentence(rng, words, 12, 24)}</p></blockquote>"
        else:
            block = _paragraph(rng, words)
        out.append(block)
        size += len(block) + 1
    return "\n".join(out)


def _rfc822(ts: int) -> str:
    return format_datetime(datetime.fromtimestamp(ts, UTC), usegmt=True)


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rss(corpus: Corpus, feed: int, items: list[Item]) -> str:
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{escape(corpus.feed_title(feed))}</title>\n"
        f"<link>{LINK_BASE}/feeds/{feed:04d}</link>\n"
        f"<description>Benchmark feed {feed} about {corpus.feed_topic(feed)}</description>\n"
        f"<lastBuildDate>{_rfc822(corpus.last_modified(feed))}</lastBuildDate>\n"
    )
    body = "".join(
        f"<item>\n<title>{escape(it.title)}</title>\n<link>{it.link}</link>\n"
        f'<guid isPermaLink="false">{it.guid}</guid>\n<pubDate>{_rfc822(it.published)}</pubDate>\n'
        f"<dc:creator>{escape(it.author)}</dc:creator>\n<category>{it.topic}</category>\n"
        f"<description><![CDATA[{it.html}]]></description>\n</item>\n"
        for it in items
    )
    return head + body + "</channel>\n</rss>\n"


def _atom(corpus: Corpus, feed: int, items: list[Item]) -> str:
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{escape(corpus.feed_title(feed))}</title>\n"
        f'<link rel="alternate" href="{LINK_BASE}/feeds/{feed:04d}"/>\n'
        f"<id>tag:news.bench.example,2024:feed-{feed:04d}</id>\n"
        f"<updated>{_iso(corpus.last_modified(feed))}</updated>\n"
    )
    body = "".join(
        f"<entry>\n<title>{escape(it.title)}</title>\n"
        f'<link rel="alternate" href={quoteattr(it.link)}/>\n<id>{it.guid}</id>\n'
        f"<published>{_iso(it.published)}</published>\n<updated>{_iso(it.published)}</updated>\n"
        f"<author><name>{escape(it.author)}</name></author>\n"
        f'<category term="{it.topic}"/>\n'
        f'<content type="html">{escape(it.html)}</content>\n</entry>\n'
        for it in items
    )
    return head + body + "</feed>\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="write the benchmark corpus as feed files")
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    paths = Corpus(args.feeds, args.items, args.seed).write(args.out)
    print(f"{len(paths)} feeds in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
