"""The palette's "Clean up cache": count what would go, say so and ask, then remove it in a
worker (planning and VACUUM take seconds on a big cache; the UI keeps working)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text

from tui_reader.engine.models import plural, size_text
from tui_reader.ui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from tui_reader.engine.retention import Limits, Plan
    from tui_reader.ui.screens.main import MainScreen

DEFAULT_DAYS = 30  # the app's cut-off when [retention] sets no limit


class Cleanup:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.running = False

    def start(self) -> None:
        screen = self.screen
        if self.running:
            screen.notify("A cleanup is already running")
            return
        library = screen.library
        limits = library.retention()
        if not limits.any:
            limits = library.retention(older_than_days=DEFAULT_DAYS)
        self.running = True
        screen.status.show("cleanup: counting…")
        screen.run_worker(
            partial(self._plan, limits), thread=True, group="cleanup", exit_on_error=False
        )

    def _plan(self, limits: Limits) -> None:
        screen = self.screen
        try:
            plan = screen.library.cleanup_plan(limits)
        except Exception as exc:  # a cache failure costs the cleanup, not the app
            screen.call_later(self._failed, str(exc))
            return
        screen.call_later(self._ask, limits, plan)

    def _ask(self, limits: Limits, plan: Plan) -> None:
        screen = self.screen
        if not plan:
            self.running = False
            screen.status.show("cleanup: nothing to remove")
            screen.notify("Nothing to clean up: no read article is past the limits")
            return
        screen.status.show("")
        question = Text(f"Remove {plural(len(plan), 'read article')} ")
        question.append(_limits_text(limits))
        question.append(f" from {plural(len(plan.by_feed), 'feed')}")
        question.append(", for good? Starred, tagged and unread articles stay.")
        question.append(" The cache file is compacted afterwards.")

        def answered(yes: bool | None) -> None:
            if not yes:
                self.running = False
                return
            screen.status.show(f"cleanup: removing {plural(len(plan), 'article')}…")
            work = partial(self._remove, plan.ids)
            screen.run_worker(work, thread=True, group="cleanup", exit_on_error=False)

        screen.app.push_screen(ConfirmScreen(question), answered)

    def _remove(self, ids: list[int]) -> None:
        screen = self.screen
        try:
            removed, before, after = screen.library.cleanup(ids)
        except Exception as exc:
            screen.call_later(self._failed, str(exc))
            return
        screen.call_later(self._done, removed, before, after)

    def _done(self, removed: int, before: int, after: int) -> None:
        self.running = False
        screen = self.screen
        message = (
            f"cleanup: removed {plural(removed, 'article')}; "
            f"cache {size_text(before)} -> {size_text(after)}"
        )
        screen.status.show(message)
        screen.notify(message.removeprefix("cleanup: ").capitalize())
        screen.refreshed()  # rows, counts and the feeds pane

    def _failed(self, message: str) -> None:
        self.running = False
        self.screen.status.show("")
        self.screen.notify(f"Cleanup failed: {message}", severity="error", markup=False)


def _limits_text(limits: Limits) -> str:
    parts = []
    if limits.keep_days is not None:
        parts.append(f"older than {plural(limits.keep_days, 'day')}")
    if limits.max_per_feed is not None:
        parts.append(f"beyond the newest {limits.max_per_feed} of their feed")
    return " or ".join(parts)
