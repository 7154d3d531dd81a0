"""The door, organising: tags, per-feed settings, queries and rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui_reader.engine.models import (
    plural,
)
from tui_reader.library.reading import ReadingDoor

if TYPE_CHECKING:
    from tui_reader.engine.feed_settings import FeedChanges
    from tui_reader.engine.tags import TagCount


class OrganiseDoor(ReadingDoor):
    """Tags, per-feed settings, queries and rules."""

    # -- tags and per-feed settings ----------------------------------------------------------

    def tag_articles(
        self, article_ids: Sequence[int], add: Sequence[str], remove: Sequence[str] = ()
    ) -> None:
        """Add and remove user tags (checked by engine.tags.check_tags) on articles; one
        change for undo."""
        with self._lock:
            change = self._store.change_article_tags(article_ids, add, remove)
            what = [f"+{tag}" for tag in dict.fromkeys(t for _, t in change.added)]
            what += [f"-{tag}" for tag in dict.fromkeys(t for _, t in change.removed)]
            articles = len({i for i, _ in change.added + change.removed})
            change.what = f"tagged {plural(articles, 'article')} {' '.join(what)}"
            self._journal.record(change)

    def tag_feed(self, feed_id: int, add: Sequence[str], remove: Sequence[str] = ()) -> None:
        """Add and remove a feed's tags; its articles show and match them."""
        with self._lock:
            self._store.change_feed_tags(feed_id, add, remove)

    def tag_counts(self) -> list[TagCount]:
        """Every tag, with how many articles (and unread ones) it holds."""
        with self._lock:
            return self._store.tag_counts()

    def update_feed(self, feed_id: int, changes: FeedChanges) -> None:
        """Store a feed's own settings (engine.feed_settings checks them)."""
        with self._lock:
            self._store.update_feed(feed_id, changes)

    # -- queries and rules -------------------------------------------------------------------

    @staticmethod
    def query_problem(text: str) -> str | None:
        """Why `text` is not a query (one line naming the term), or None."""
        from tui_reader.engine.querylang import check

        return check(text)

    def apply_rules(self) -> list[int]:
        """The config's rules applied to the whole cache in one transaction; how many
        articles each changed."""
        with self._lock:
            return self._store.apply_rules(self.config.rules)

    def rule_effects(self) -> list[tuple[int, int]]:
        """(matched, would change) for each of the config's rules; nothing is written."""
        with self._lock:
            return self._store.rule_effects(self.config.rules)
