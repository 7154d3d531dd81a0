"""Moved to `engine.related` (the ranking lives with its SQL); `Library.related` is the door.

Kept only while the UI still ranks on its own Store (until the wave2-ui branch, which asks
the Library, is merged); delete it then.
"""

from __future__ import annotations

import weakref

from tui_reader.engine.db import Db
from tui_reader.engine.models import Article, ArticleRow
from tui_reader.engine.related import DocCounts
from tui_reader.engine.related import related_articles as _rank

_COUNTS: weakref.WeakKeyDictionary[Db, DocCounts] = weakref.WeakKeyDictionary()


def related_articles(db: Db, article: Article, limit: int = 10) -> list[ArticleRow]:
    return _rank(db, article, limit, _COUNTS.setdefault(db, DocCounts()))
