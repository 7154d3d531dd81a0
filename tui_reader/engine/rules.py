"""Rules from config.toml's [[rules]]: a query and what to do to the articles it matches.

    [[rules]]
    match = 'title:sponsored or author:"Press Release"'
    action = "hide"      # or "read", "star", "tag:NAME"

A refresh applies them to the articles it inserts inside the transaction that inserts them
(`apply_rules` with the first new id), so an article is never stored without its rules'
effect, even if the process dies between the two. `tui-reader rules` applies them to the
whole cache; `rule_effects` says what that would change, changing nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from tui_reader.engine.db import Db
from tui_reader.engine.querylang import compile_query

# action -> the column it sets to 1 (rows already set are not counted as changed)
_SETS = {"hide": "hidden", "read": "read", "star": "starred"}
DONE = {"hide": "hidden", "read": "marked read", "star": "starred", "tag": "tagged"}


@dataclass(frozen=True, slots=True)
class Rule:
    match: str
    """A query in the language of querylang.py."""
    action: str
    """"hide", "read", "star" or "tag:NAME"."""

    @property
    def verb(self) -> str:
        return self.action.split(":", 1)[0]

    @property
    def tag(self) -> str:
        return self.action.split(":", 1)[1] if self.verb == "tag" else ""

    def done(self) -> str:
        """What the action does, said as done: "hidden", "tagged work"."""
        return f"tagged {self.tag}" if self.tag else DONE[self.verb]


def action_problem(action: object) -> str | None:
    """Why `action` is not a rule action, or None."""
    if isinstance(action, str):
        if action in _SETS:
            return None
        if action.startswith("tag:") and action[4:].strip():
            return None
    return f'action must be "hide", "read", "star" or "tag:NAME", not {action!r}'


def _scoped(rule: Rule, first_id: int | None) -> tuple[str, tuple[object, ...]]:
    """The rule's matches as a subquery of ids; from `first_id` on when given."""
    cond, params = compile_query(rule.match).condition()
    scope = "a.id >= ?" if first_id is not None else "1"
    ids = (first_id,) if first_id is not None else ()
    return f"SELECT a.id FROM articles a WHERE {scope} AND ({cond})", (*ids, *params)


def apply_rules(
    conn: sqlite3.Connection, rules: Sequence[Rule], first_id: int | None = None
) -> list[int]:
    """Inside the caller's transaction: each rule applied to the articles it matches (those
    with an id from `first_id` on, when given: the ones just inserted). Returns how many
    articles each rule changed."""
    changed = []
    for rule in rules:
        matches, params = _scoped(rule, first_id)
        if rule.tag:
            cur = conn.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag) "
                f"SELECT id, ? FROM ({matches})",
                (rule.tag, *params),
            )
        else:
            column = _SETS[rule.verb]
            cur = conn.execute(
                f"UPDATE articles SET {column} = 1 WHERE {column} = 0 AND id IN ({matches})",
                params,
            )
        changed.append(max(0, cur.rowcount))
    return changed


def rule_effects(db: Db, rules: Sequence[Rule]) -> list[tuple[int, int]]:
    """(articles matched, articles it would change) for each rule over the whole cache, each
    counted as if it ran alone; nothing is written."""
    effects = []
    for rule in rules:
        matches, params = _scoped(rule, None)
        if rule.tag:
            changes = (
                f"SELECT count(*) FROM ({matches}) m WHERE NOT EXISTS (SELECT 1 FROM "
                "article_tags t WHERE t.article_id = m.id AND t.tag = ?)"
            )
            params_changes: tuple[object, ...] = (*params, rule.tag)
        else:
            column = _SETS[rule.verb]
            changes = f"SELECT count(*) FROM articles WHERE {column} = 0 AND id IN ({matches})"
            params_changes = params
        matched = db.number(f"SELECT count(*) FROM ({matches})", params)
        effects.append((matched, db.number(changes, params_changes)))
    return effects
