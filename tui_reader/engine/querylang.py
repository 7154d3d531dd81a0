"""The query language of `/`, `tui-reader search`, saved views and rules, compiled to SQL.

    words "a phrase" tag:T feed:NAME folder:NAME is:unread|read|starred|hidden
    title:WORD author:NAME after:YYYY-MM-DD before:YYYY-MM-DD newer:7d (h, d, w)
    -TERM (not)   A or B (and binds tighter: `a b or c` is `(a b) or c`)

Text goes to SQLite only as parameters: words become quoted FTS5 strings (so FTS syntax
typed by a user stays inert) and operator values bind to `?`. A term we cannot read is a
QueryError naming it, never an FTS syntax error or a silently empty list.

`compile_query` gives a `Compiled`: an FTS MATCH string to rank by (when the query's text
terms can share one) and a SQL condition over `articles a` for everything else.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime

_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATOR = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_AGE = re.compile(r"(\d{1,6})([hdw])")
_AGE_SECONDS = {"h": 3600, "d": 86400, "w": 7 * 86400}
IS_VALUES = {
    "unread": "a.read = 0",
    "read": "a.read = 1",
    "starred": "a.starred = 1",
    "hidden": "a.hidden = 1",
}
TEXT_OPERATORS = {"title": "title", "author": "authors"}  # operator -> FTS column
SQL_OPERATORS = ("tag", "feed", "folder", "is", "after", "before", "newer")
OPERATORS = (*TEXT_OPERATORS, *SQL_OPERATORS)
MAX_TERMS = 32
PREFIX_MIN = 3  # the last word typed also matches as a prefix once it has this many letters
_IN_FTS = "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"


class QueryError(ValueError):
    """A query that cannot be read; `str()` is one line naming the term."""


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # "text" (words, phrases) or an operator name
    value: str
    negated: bool
    raw: str  # as typed, for messages
    last: bool = False  # the query's last token: a bare word matches as a prefix too


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query as SQL: rows of `articles a` where `where` holds (and, given `match`, that
    match it in articles_fts, ranked by it)."""

    match: str | None
    where: str
    params: tuple[object, ...]
    shows_hidden: bool = False

    def condition(self) -> tuple[str, tuple[object, ...]]:
        """The whole query as one SQL condition over `articles a` (no ranking)."""
        if self.match is None:
            return self.where, self.params
        return f"{_IN_FTS} AND ({self.where})", (self.match, *self.params)


EVERYTHING = Compiled(None, "1", ())


@dataclass(slots=True)
class _Sql:
    conds: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, cond: str, params: tuple[object, ...] | list[object] = ()) -> None:
        self.conds.append(cond)
        self.params.extend(params)

    def joined(self, op: str) -> str:
        if not self.conds:
            return "1"
        return self.conds[0] if len(self.conds) == 1 else op.join(f"({c})" for c in self.conds)


def parse(text: str) -> list[list[Term]]:
    """Groups joined by `or`, each a list of terms joined by and."""
    groups: list[list[Term]] = [[]]
    tokens = _tokens(text)
    for index, (negated, raw, quoted) in enumerate(tokens):
        if not quoted and not negated and raw.lower() == "or":
            if not groups[-1] or index == len(tokens) - 1:
                raise QueryError("'or' needs a term on each side")
            groups.append([])
            continue
        term = _term(raw, negated, quoted, last=index == len(tokens) - 1)
        if term is not None:
            groups[-1].append(term)
    if sum(len(g) for g in groups) > MAX_TERMS:
        raise QueryError(f"too many terms (at most {MAX_TERMS})")
    groups = [g for g in groups if g]
    if not groups:
        raise QueryError(f"nothing to search for in {text.strip()!r}")
    return groups


def _tokens(text: str) -> list[tuple[bool, str, bool]]:
    """(negated, text, quoted) for each token; a quote left open runs to the end."""
    out: list[tuple[bool, str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            out.append((negated, text[i + 1 : end], True))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace():
            if text[i] == '"':  # op:"a value with spaces"
                close = text.find('"', i + 1)
                i = n if close < 0 else close
            i += 1
        out.append((negated, text[start:i], False))
    return out


def _term(raw: str, negated: bool, quoted: bool, *, last: bool) -> Term | None:
    shown = ("-" if negated else "") + (f'"{raw}"' if quoted else raw)
    found = None if quoted else _OPERATOR.fullmatch(raw)
    if found is None:
        words = " ".join(_WORD.findall(raw.lower()))
        if not words:
            return None  # punctuation alone: nothing to match, as in plain search
        return Term("text", words, negated, shown, last=last and not quoted and not negated)
    name, value = found.group(1).lower(), found.group(2).strip().strip('"').strip()
    if name not in OPERATORS:
        known = ", ".join(f"{o}:" for o in OPERATORS)
        raise QueryError(
            f"unknown operator {name + ':'!r} in {shown!r} (known: {known}); "
            "put it in quotes to search for the words"
        )
    if not value:
        raise QueryError(f"{shown!r}: {name}: needs a value, as in {name}:{_EXAMPLE[name]}")
    return Term(name, value, negated, shown)


_EXAMPLE = {
    "title": "word",
    "author": '"Jane Doe"',
    "tag": "work",
    "feed": "lwn",
    "folder": "News",
    "is": "unread",
    "after": "2024-01-31",
    "before": "2024-01-31",
    "newer": "7d",
}


def compile_query(text: str, now: float | None = None) -> Compiled:
    """`text` as SQL (see the module docstring); QueryError names a term it cannot read."""
    groups = parse(text)
    now = time.time() if now is None else now
    shows_hidden = any(
        t.kind == "is" and t.value.lower() == "hidden" and not t.negated for g in groups for t in g
    )
    if all(t.kind in ("text", *TEXT_OPERATORS) and not t.negated for g in groups for t in g):
        # Text alone (the common search): one MATCH for the index to rank, `or` included.
        parts = [" ".join(_fts(t) for t in g) for g in groups]
        match = parts[0] if len(parts) == 1 else " OR ".join(f"({p})" for p in parts)
        return Compiled(match, "1", (), shows_hidden)
    if len(groups) == 1:
        positive = [t for t in groups[0] if _is_text(t) and not t.negated]
        rest = [t for t in groups[0] if t not in positive]
        sql = _group_sql(rest, now)
        ranked = " ".join(_fts(t) for t in positive) or None
        return Compiled(ranked, sql.joined(" AND "), tuple(sql.params), shows_hidden)
    whole = _Sql()
    for group in groups:
        sql = _group_sql(group, now)
        whole.add(sql.joined(" AND "), sql.params)
    return Compiled(None, whole.joined(" OR "), tuple(whole.params), shows_hidden)


def _is_text(term: Term) -> bool:
    return term.kind == "text" or term.kind in TEXT_OPERATORS


def _group_sql(terms: list[Term], now: float) -> _Sql:
    """Terms joined by and, as SQL; the group's positive text terms share one MATCH."""
    sql = _Sql()
    positive = [t for t in terms if _is_text(t) and not t.negated]
    if positive:
        sql.add(_IN_FTS, [" ".join(_fts(t) for t in positive)])
    for term in terms:
        if _is_text(term):
            if term.negated:
                sql.add(f"NOT {_IN_FTS}", [_fts(term)])
            continue
        cond, params = _operator_sql(term, now)
        sql.add(f"NOT ({cond})" if term.negated else cond, params)
    return sql


def _fts(term: Term) -> str:
    """One text term as an FTS5 string: quoted (user text stays inert), in a column for
    title: and author:, a prefix for the last bare word typed."""
    words = term.value if term.kind == "text" else " ".join(_WORD.findall(term.value.lower()))
    if not words:
        raise QueryError(f"{term.raw!r}: no words to look for")
    quoted = f'"{words}"'
    if term.last and len(words) >= PREFIX_MIN and " " not in words:
        quoted += "*"
    column = TEXT_OPERATORS.get(term.kind)
    return f"{column} : {quoted}" if column else quoted


def _operator_sql(term: Term, now: float) -> tuple[str, list[object]]:
    value, name = term.value, term.kind
    if name == "tag":
        return (
            "(a.id IN (SELECT article_id FROM article_tags WHERE tag = ? COLLATE NOCASE) "
            "OR a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ? COLLATE NOCASE))",
            [value, value],
        )
    if name == "feed":
        if value.isdigit():
            return "a.feed_id = ?", [int(value)]
        return (
            "a.feed_id IN (SELECT id FROM feeds WHERE "
            "instr(lower(coalesce(nullif(title, ''), url)), lower(?)) > 0)",
            [value],
        )
    if name == "folder":
        # The folder and those below it, compared whole (no LIKE: "_" and "%" are literal).
        prefix = value + "/"
        return (
            "a.feed_id IN (SELECT id FROM feeds WHERE lower(folder) = lower(?) "
            "OR lower(substr(folder, 1, ?)) = lower(?))",
            [value, len(prefix), prefix],
        )
    if name == "is":
        cond = IS_VALUES.get(value.lower())
        if cond is None:
            raise QueryError(f"{term.raw!r}: is: takes unread, read, starred or hidden")
        return cond, []
    if name in ("after", "before"):
        when = _day_start(term)
        return ("a.sort_time >= ?" if name == "after" else "a.sort_time < ?"), [when]
    assert name == "newer"
    age = _AGE.fullmatch(value.lower())
    if age is None:
        raise QueryError(f"{term.raw!r}: newer: takes a number and h, d or w, as in newer:7d")
    return "a.sort_time >= ?", [int(now) - int(age.group(1)) * _AGE_SECONDS[age.group(2)]]


def _day_start(term: Term) -> int:
    """Midnight (local time, as the list shows dates) at the start of the term's date."""
    try:
        return int(datetime.strptime(term.value, "%Y-%m-%d").timestamp())
    except (ValueError, OverflowError, OSError):
        raise QueryError(f"{term.raw!r}: not a date; write YYYY-MM-DD, as in 2024-01-31") from None


def check(text: str) -> str | None:
    """Why `text` is not a query we can run, or None (for config warnings)."""
    try:
        compile_query(text)
    except QueryError as exc:
        return str(exc)
    return None
