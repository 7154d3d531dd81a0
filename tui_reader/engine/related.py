"""Related articles: the open article's most distinctive words, matched over the whole cache.

Distinctive means tf-idf over the cache's own index, so a story about ASEAN and Myanmar
finds the other ASEAN/Myanmar stories, not everything that says "said". It runs on every
article open, so its cost must not grow with the cache, and no part of it looks at a window:
- document counts stop walking a posting list after DF_EXACT entries (a common word's count
  is extrapolated from how far the walk got) and are remembered (`DocCounts`, kept by whoever
  keeps the ranking connection);
- when the words have few postings in all (a small cache), bm25 over their OR ranks every
  holder; past BM25_POSTINGS (that OR cost 27 ms at 100,000) candidates come from FTS5 ANDs
  of the first words (an intersection skips through the posting lists), from all of them
  down to MIN_SHARED, newest first, until there are enough;
- candidates are ranked by how much of the open article's weight they share (the heaviest
  words the AND matched; those matched by the OR have their own text read), so one shared
  common word is not enough.
The ranking SQL is here too; nothing else uses it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from tui_reader.engine.articles import ROW_SELECT, links_of, row_of
from tui_reader.engine.db import Db
from tui_reader.engine.models import Article, ArticleRow
from tui_reader.engine.query import fts_any
from tui_reader.engine.sanitize import html_to_plain
from tui_reader.engine.upsert import index_text, unpack

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_STOPWORDS = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
said says say one two new first last year years time like get got make made many much may
might must per since still us use used via way well within without mr mrs ms told according
including however across among around
"""
_STOP = frozenset(_STOPWORDS.split())
MAX_TERMS = 12
TITLE_WEIGHT = 3
MIN_SHARED = 3  # distinctive words a candidate must share
COMMON_FLOOR = 50  # below this many articles, no word counts as too common
CANDIDATES = 24  # words looked up, by frequency in the article
DF_EXACT = 1_000  # posting-list entries walked for a count; above, the count is extrapolated
BM25_POSTINGS = 20_000  # up to this many postings of the words, bm25 ranks (about 10 ms)


class DocCounts:
    """How many articles hold each index term, remembered for one cache while it grows by
    less than a twentieth (then counted afresh). Keep one per ranking connection."""

    def __init__(self) -> None:
        self._filled = 0  # the article total the counts were taken at
        self._counts: dict[str, int] = {}

    def of(self, db: Db, terms: list[str], total: int) -> dict[str, int]:
        if abs(total - self._filled) * 20 > max(self._filled, 1):
            self._filled, self._counts = total, {}
        for term in terms:
            if term not in self._counts:
                self._counts[term] = doc_frequency(db, term, total)
        return {t: self._counts[t] for t in terms}


# -- the ranking SQL --------------------------------------------------------------------------


def article_total(db: Db) -> int:
    """The highest article id: an upper bound of the article count, read from the index
    without a scan (ids are never reused: AUTOINCREMENT)."""
    return db.number("SELECT max(id) FROM articles")


def doc_frequency(db: Db, term: str, total: int = 0, exact_up_to: int = DF_EXACT) -> int:
    """How many articles hold an index term: exact up to `exact_up_to`; past that the walk
    stops, and the count is the density so far times the ids there are (`total`). A common
    word's full walk cost 1.5 ms at 100,000 articles (14 ms from a cold page cache)."""
    row = db.select(
        "SELECT count(*) AS n, max(rowid) AS last FROM (SELECT rowid FROM articles_fts "
        "WHERE articles_fts MATCH ? LIMIT ?)",
        (f'"{term}"', exact_up_to + 1),
    )[0]
    seen, last = int(row["n"]), int(row["last"] or 0)
    if seen <= exact_up_to or last <= 0:
        return seen
    return max(seen, round(seen * max(total, last) / last))


def match_ranked(db: Db, fts: str, exclude_id: int, limit: int) -> list[ArticleRow]:
    """Articles matching a raw FTS5 expression, best bm25 first (scores every holder)."""
    found = db.select(
        f"SELECT {ROW_SELECT} FROM (SELECT rowid, "
        "bm25(articles_fts, 4.0, 1.0, 1.0) AS score FROM articles_fts "
        "WHERE articles_fts MATCH ? AND rowid != ? ORDER BY score LIMIT ?) m "
        "JOIN articles a ON a.id = m.rowid JOIN feeds f ON f.id = a.feed_id "
        "WHERE a.hidden = 0 ORDER BY m.score, a.id",
        (fts, exclude_id, limit),
    )
    return [row_of(r) for r in found]


def ids_with_term(db: Db, term: str) -> set[int]:
    """Ids of the articles that hold an index term."""
    return set(
        db.column("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (f'"{term}"',))
    )


def holders_newest(db: Db, fts: str, exclude_id: int, limit: int) -> list[int]:
    """Ids of the newest articles (by id) matching a raw FTS5 expression."""
    return db.column(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid != ? "
        "ORDER BY rowid DESC LIMIT ?",
        (fts, exclude_id, limit),
    )


def candidate_rows(db: Db, ids: list[int]) -> list[ArticleRow]:
    marks = ",".join("?" * len(ids))
    found = db.select(
        f"SELECT {ROW_SELECT} FROM articles a JOIN feeds f ON f.id = a.feed_id "
        f"WHERE a.id IN ({marks}) AND a.hidden = 0",  # hidden stays hidden here too
        ids,
    )
    return [row_of(r) for r in found]


def candidate_words(db: Db, ids: list[int]) -> dict[int, set[str]]:
    """Each article's index terms, from the text the index holds for it (about 0.1 ms an
    article: this is for the few dozen candidates, never for a posting list)."""
    marks = ",".join("?" * len(ids))
    found = db.select(
        "SELECT id, title, summary, content, content_type, full_content FROM articles "
        f"WHERE id IN ({marks})",
        ids,
    )
    out = {}
    for r in found:
        summary, content, full = (unpack(r[c]) for c in ("summary", "content", "full_content"))
        _, _, body = index_text(r["title"], "", summary, content, r["content_type"], full)
        out[r["id"]] = set(tokens(r["title"])) | set(tokens(body))
    return out


# -- ranking ----------------------------------------------------------------------------------


def _fold(token: str) -> str:
    # Mirror FTS5's unicode61 tokenizer with remove_diacritics: no accents.
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Index terms of `text` as FTS5's unicode61 tokenizer makes them (lower case, no
    accents); only the rare non-ASCII token pays for the Unicode decomposition."""
    return [t if t.isascii() else _fold(t) for t in _TOKEN.findall(text.lower())]


def terms_of(title: str, body: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for weight, text in ((TITLE_WEIGHT, title), (1, body)):
        for tok in tokens(text):
            if len(tok) > 2 and tok not in _STOP and not tok.isdigit():
                counts[tok] += weight
    return counts


def _plain(article: Article) -> str:
    if article.full_html:  # the page's text, as the index holds it
        return html_to_plain(article.full_html)
    return article.body if article.content_type == "text" else html_to_plain(article.body)


def distinctive_terms(db: Db, article: Article, known: DocCounts) -> dict[str, float]:
    """Up to MAX_TERMS index terms with their tf-idf weight in `article`, the most frequent
    in the article first."""
    counts = terms_of(article.title, _plain(article))
    if not counts:
        return {}
    candidates = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    candidates = candidates[:CANDIDATES]
    total = max(article_total(db), 1)
    freqs = known.of(db, candidates, total)
    scored = []
    for term in candidates:
        df = freqs.get(term, 0)
        # A word only this article has cannot relate it to anything; one in a tenth of a big
        # cache relates it to too much (and makes the query slow).
        if df < 2 or df > max(COMMON_FLOOR, total // 10):
            continue
        scored.append((counts[term] * math.log(total / df), term))
    scored.sort(key=lambda st: (-st[0], st[1]))
    # The heaviest words, most frequent in the article first: candidates must hold the first
    # ones (see `candidates`), and a rare word of a side topic weighs much but says little
    # about what the article is about (same-topic precision 78% -> 93% at 10,000).
    kept = sorted(scored[:MAX_TERMS], key=lambda st: (-counts[st[1]], -st[0], st[1]))
    return {t: w for w, t in kept}


def _title_key(title: str) -> str:
    return " ".join(tokens(title))


def candidates(db: Db, terms: list[str], exclude_id: int, want: int) -> dict[int, int]:
    """Up to `want` articles sharing the most of `terms` (in their order: see
    `distinctive_terms`), each with how many of the first terms it is known to hold: the
    newest holders of all of them, then of fewer (down to MIN_SHARED), then of any (known
    to hold 0). Any article in the cache can be one."""
    found: dict[int, int] = {}
    steps = sorted({len(terms), -(-2 * len(terms) // 3), -(-len(terms) // 2)}, reverse=True)
    for k in [*(k for k in steps if k > MIN_SHARED), MIN_SHARED, 0]:
        if len(found) >= want:
            break
        fts = " AND ".join(f'"{t}"' for t in terms[:k]) if k else fts_any(terms)
        for article_id in holders_newest(db, fts, exclude_id, want - len(found)):
            found.setdefault(article_id, k)
    return found


def related_articles(
    db: Db, article: Article, limit: int = 10, counts: DocCounts | None = None
) -> list[ArticleRow]:
    """Other cached articles closest to `article`, best first; same-story copies folded.

    Candidates are ranked by the weight of the distinctive words they share, so one shared
    common word is not enough. Pass the `counts` kept with `db` so that common words are
    counted once, not per call.
    """
    known = counts if counts is not None else DocCounts()
    weights = distinctive_terms(db, article, known)
    terms = list(weights)
    if len(terms) < MIN_SHARED:
        return []
    postings = sum(known.of(db, terms, max(article_total(db), 1)).values())
    if postings <= BM25_POSTINGS:
        scored = _by_bm25(db, article, weights, limit * 3)
    else:
        scored = _by_and_ladder(db, article, weights, limit * 3)
    scored.sort(key=lambda s: (s[0], s[1]))
    return _fold_copies(article, scored, links_of(db, [s[2].id for s in scored]), limit)


Scored = list[tuple[float, int, ArticleRow]]


def _by_bm25(db: Db, article: Article, weights: dict[str, float], want: int) -> Scored:
    """Few postings (a small cache, or rare words): bm25 over an OR of the words finds the
    candidates, and each word's holders say what they share."""
    ranked = match_ranked(db, fts_any(list(weights)), article.id, want)
    holders = {term: ids_with_term(db, term) for term in weights}
    scored: Scored = []
    for row in ranked:
        shared = [t for t in weights if row.id in holders[t]]
        if len(shared) >= MIN_SHARED:
            scored.append((-sum(weights[t] for t in shared), row.id, row))
    return scored


def _by_and_ladder(db: Db, article: Article, weights: dict[str, float], want: int) -> Scored:
    """Many postings: candidates from ANDs of the first words (see `candidates`), scored by
    those words; only those matched by any word have their text read, to see what they
    share (reading every candidate's text cost more than all the rest)."""
    terms = list(weights)
    found = candidates(db, terms, article.id, want)
    words = candidate_words(db, [i for i, k in found.items() if k == 0])
    scored: Scored = []
    for row in candidate_rows(db, list(found)):
        known = found[row.id]
        shared = terms[:known] or [t for t in terms if t in words.get(row.id, ())]
        if len(shared) >= MIN_SHARED:
            scored.append((-sum(weights[t] for t in shared), -row.id, row))
    return scored


def _fold_copies(
    article: Article,
    scored: list[tuple[float, int, ArticleRow]],
    links: dict[int, str | None],
    limit: int,
) -> list[ArticleRow]:
    """The best `limit` rows, skipping any with the link or title of one already kept (the
    same story from another feed, or the open article itself)."""
    seen_links = {article.link} if article.link else set()
    seen_titles = {_title_key(article.title)}
    result: list[ArticleRow] = []
    for _score, _id, row in scored:
        link, title = links.get(row.id), _title_key(row.title)
        if (link and link in seen_links) or (title and title in seen_titles):
            continue
        if link:
            seen_links.add(link)
        seen_titles.add(title)
        result.append(row)
        if len(result) >= limit:
            break
    return result
