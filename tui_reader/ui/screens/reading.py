"""The open article: what the reader shows, when it counts as read, and its related ones.

A helper of the main screen (not a mixin): the screen asks it to preview or open an article
and to change an article's state; it keeps the two timers that make those feel right.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer

from tui_reader.engine.models import Article, ArticleRow
from tui_reader.engine.query import ArticleQuery
from tui_reader.ui.notices import Failed, ask
from tui_reader.ui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen

RELATED_DELAY = 0.12  # seconds the cursor must rest on an article before ranking related ones
SEARCH_SCAN_LIMIT = 2000  # rows looked through for the next unread search result


class Reading:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._read_timer: Timer | None = None
        self._related_timer: Timer | None = None

    @property
    def article(self) -> Article | None:
        return self.screen.reader.article

    def is_open(self, article_id: int) -> bool:
        return self.article is not None and self.article.id == article_id

    def show(self, article_id: int, *, from_list: bool, opened: bool) -> Article | None:
        """Show an article in the reader. `opened` is reading (Enter, n/p, related, J/K):
        the timer that marks it read starts; a preview (the list's cursor, a search's top
        hit, a new view's first row) is never reading, however long it rests."""
        screen = self.screen
        article = self.article
        if article is None or article.id != article_id:
            found = ask(screen, screen.library.article, article_id)
            if found is None or isinstance(found, Failed):
                return None
            article = found
            self._stop_read_timer()  # whatever was open is left: skimmed is not read
            screen.reader.article = article
            self._rank_related_later(article)
        if not from_list:
            screen.articles.select_id(article_id)
        if opened:
            self._start_read_timer(article)
        return article

    # -- moving from article to article -----------------------------------------------------

    def step(self, step: int) -> None:
        """J / K: open the next (previous) article in list order, beside the cursor."""
        screen = self.screen
        row = screen.articles.row_now(screen.articles.cursor + step)
        if row is None:
            screen.notify("No more articles" + ("" if step > 0 else " above"))
            return
        screen.open_article(row.id)

    def next_unread(self, *, forward: bool) -> None:
        screen = self.screen
        if screen.search_text:
            found: int | Failed | None = self._unread_in_results(forward)
        else:
            after = screen.current_article_id()
            view = screen.list_query  # the view in the list's order
            found = ask(screen, screen.library.next_unread, view, after, forward=forward)
        if isinstance(found, Failed):
            return
        if found is None:
            screen.notify("No more unread articles" + ("" if forward else " above"))
            return
        screen.open_article(found)

    def _unread_in_results(self, forward: bool) -> int | None:
        # Search results are ranked, not dated: walk them in list order from the cursor.
        articles = self.screen.articles
        step = 1 if forward else -1
        index = articles.cursor + step
        for _ in range(SEARCH_SCAN_LIMIT):
            row = articles.row_now(index)
            if row is None:
                return None
            if not row.read:
                return row.id
            index += step
        return None

    # -- read and starred ----------------------------------------------------------------------

    def toggle(self, *, read: bool) -> None:
        """m (`read`) or s: flip the open article's state, else the cursor row's (after
        the reader catches up with the cursor: MainScreen.catch_up)."""
        self.screen.catch_up()
        if (article := self.article) is not None:
            state = article.id, article.read, article.starred
        elif (row := self.screen.articles.current) is not None:
            state = row.id, row.read, row.starred
        else:
            return
        if read:
            self.set_read(state[0], not state[1])
        else:
            self.set_starred(state[0], not state[2])

    def mark_view_read_asking(self, query: ArticleQuery, feed_title: str | None) -> None:
        """A: how many will be marked, and where; yes marks them."""
        screen = self.screen
        unread = ask(screen, screen.library.unread_count, query)
        if isinstance(unread, Failed):
            return
        if not unread:
            screen.notify("Nothing unread here")
            return
        plural = "" if unread == 1 else "s"
        question = Text(f"Mark {unread} unread article{plural} in “")
        question.append(query.label(feed_title))  # a feed title: data, as text
        question.append("” as read?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.mark_view_read(query)

        screen.app.push_screen(ConfirmScreen(question), answered)

    def set_read(self, article_id: int, read: bool) -> bool:
        screen = self.screen
        if isinstance(ask(screen, screen.library.set_read, [article_id], read), Failed):
            return False
        if self.article is not None and self.article.id == article_id:
            self.article.read = read
            if not read:
                self._stop_read_timer()
        screen.articles.update_row(article_id, read=read)
        screen.counts_changed()
        return True

    def set_starred(self, article_id: int, starred: bool) -> bool:
        screen = self.screen
        if isinstance(ask(screen, screen.library.set_starred, article_id, starred), Failed):
            return False
        if self.article is not None and self.article.id == article_id:
            self.article.starred = starred
        screen.articles.update_row(article_id, starred=starred)
        screen.counts_changed()  # the Starred view's count
        return True

    def mark_view_read(self, query: ArticleQuery) -> None:
        screen = self.screen
        marked = ask(screen, screen.library.mark_view_read, query)
        if isinstance(marked, Failed):
            return
        if self.article is not None:
            self.article.read = True
            self._stop_read_timer()
        screen.articles.reload(screen.current_article_id())
        screen.counts_changed()
        screen.notify(f"Marked {marked} article{'' if marked == 1 else 's'} read")

    def undo(self) -> None:
        """u: undo the session's last change; the status line says what it was."""
        screen = self.screen
        what = ask(screen, screen.library.undo)
        if isinstance(what, Failed):
            return
        if what is None:
            screen.notify("Nothing to undo")
            return
        if (article := self.article) is not None:
            # The open article's own state may be what came back.
            now = ask(screen, screen.library.article, article.id)
            if now is not None and not isinstance(now, Failed):
                article.read, article.starred = now.read, now.starred
                if now.tags != article.tags:  # the header shows them: draw it again
                    screen.reader.article = now
            self._stop_read_timer()  # an undone "read" must not be marked read again
        screen.articles.reload(screen.current_article_id())
        screen.counts_changed()
        screen.status.show("undid: " + what)  # may hold a title: data, as Text

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def _start_read_timer(self, article: Article) -> None:
        self._stop_read_timer()
        delay = self.screen.config.mark_read_delay
        if article.read or delay < 0:
            return
        if delay == 0:
            self.set_read(article.id, True)
            return
        # Leaving the article before the timer fires stops it: skimmed is not read.
        fired = partial(self._read_timer_fired, article.id)
        self._read_timer = self.screen.set_timer(delay, fired)

    def _read_timer_fired(self, article_id: int) -> None:
        self._read_timer = None
        if self.is_open(article_id):
            self.set_read(article_id, True)

    # -- related articles ----------------------------------------------------------------------

    def _rank_related_later(self, article: Article) -> None:
        self.screen.related.mark_stale()
        # Holding j opens an article per key; rank related ones only where the cursor rests,
        # so the list never waits behind a ranking nobody will see.
        if self._related_timer is not None:
            self._related_timer.stop()
        self._related_timer = self.screen.set_timer(
            RELATED_DELAY, partial(self._load_related, article)
        )

    def _load_related(self, article: Article) -> None:
        work = partial(self._rank, article)
        self.screen.run_worker(
            work, thread=True, exclusive=True, group="related", exit_on_error=False
        )

    def _rank(self, article: Article) -> None:
        """On a worker thread: ranking asks the index several questions (the library keeps
        a connection of its own for it)."""
        # Back to the UI thread with call_later (a message), never call_from_thread: that
        # waits for the UI, which, quitting while a ranking runs, never answers (a hang
        # measured in 1 tmux run of 2 where Enter, q, j arrived in one burst).
        screen = self.screen
        try:
            rows = screen.library.related(article)
        except Exception as exc:  # a ranking failure costs the pane, not the app
            screen.call_later(screen.status.show, f"related articles: {exc}")
            return
        screen.call_later(self._show_related, article.id, rows)

    def _show_related(self, article_id: int, rows: list[ArticleRow]) -> None:
        # A slower, older worker must not overwrite the list for the article now open.
        if self.is_open(article_id):
            self.screen.related.show(article_id, rows)
