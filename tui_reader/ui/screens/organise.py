"""Tags and per-feed settings in the app: `t` tags the open article (else the cursor's),
`e` opens a feed's settings. A helper of the main screen, like Reading and FullText."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.engine.feed_settings import FeedChanges
from tui_reader.ui.notices import Failed, ask
from tui_reader.ui.screens.feed_dialog import FeedDialog
from tui_reader.ui.screens.tag_prompt import TagEdit, TagPrompt

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen


class Organiser:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def tag(self) -> None:
        screen = self.screen
        article_id = screen.current_article_id()
        if article_id is None:
            screen.notify("No article here to tag")
            return
        article = ask(screen, screen.library.article, article_id)
        if article is None or isinstance(article, Failed):
            return

        def edited(edit: TagEdit | None) -> None:
            if edit is not None:
                self._retag(article_id, *edit)

        screen.app.push_screen(TagPrompt(article), edited)

    def _retag(self, article_id: int, add: list[str], remove: list[str]) -> None:
        screen = self.screen
        if isinstance(ask(screen, screen.library.tag_articles, [article_id], add, remove), Failed):
            return
        article = ask(screen, screen.library.article, article_id)
        if article is None or isinstance(article, Failed):
            return
        shown = sorted({*article.tags, *article.feed_tags}, key=str.casefold)
        screen.articles.update_row(article_id, tags=shown)
        if screen.reader.article is not None and screen.reader.article.id == article_id:
            screen.reader.article = article
        screen.reload_feeds()  # the sidebar's tag counts
        said = " ".join("#" + t for t in article.tags) or "no tags"
        screen.status.show(f"tagged: {said}")

    def feed_settings(self, feed_id: int | None) -> None:
        """The dialog for `feed_id` (the view's feed, else the cursor row's, for the APP
        scope's e; the highlighted one in the feeds pane)."""
        screen = self.screen
        if feed_id is None:
            screen.notify("No feed here: choose one in the feeds pane (ctrl+b) and press e")
            return
        feed = ask(screen, screen.library.feed, feed_id)
        if feed is None or isinstance(feed, Failed):
            return

        def saved(changes: FeedChanges | None) -> None:
            if changes is None:
                return
            if isinstance(ask(screen, screen.library.update_feed, feed.id, changes), Failed):
                return
            screen.reload_feeds()
            screen.articles.reload(screen.current_article_id())  # titles, tags, hidden feeds
            screen.update_header()
            shown = screen.reader.article
            if shown is not None and shown.feed_id == feed.id:  # its feed's tags, title
                again = ask(screen, screen.library.article, shown.id)
                if again is not None and not isinstance(again, Failed):
                    screen.reader.article = again
            screen.notify(f"Saved the settings of {feed.display_title}", markup=False)

        screen.app.push_screen(FeedDialog(feed), saved)
