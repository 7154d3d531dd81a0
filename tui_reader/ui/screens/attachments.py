"""Enclosures in the app: `a` plays the open article's attachment with the `player`
command, `D` downloads it into download_dir, `d` stops a download (its .part is kept, and
the next `D` resumes it).

The player is run like the pipe command (export.py): split once with shlex from the user's
own config, {url} and {file} each filled into its one argument, never a shell. A console
player (`player_console = true`, the default) runs with the app suspended, as a console
browser does; a GUI one runs on its own session with its output discarded. A download runs
in a worker thread, its progress on the status line; the UI never waits for it. Quitting
stops every download where it is: the worker ends at once (its socket is shut down), so the
process does not wait for the file.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rich.text import Text

from tui_reader.engine.enclosures import Stopper, amount, safe_name
from tui_reader.engine.errors import DownloadError, DownloadStopped
from tui_reader.engine.models import EnclosureState
from tui_reader.ui.keys import key_shown
from tui_reader.ui.notices import Failed, ask, show_error
from tui_reader.ui.screens.export import CommandError, command_argv

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui_reader.engine.models import Article, Enclosure
    from tui_reader.ui.screens.main import MainScreen

# Seconds between status-line updates: a timer shows the latest count, so a server that
# stalls after a burst leaves the true number up, not the last one a throttle let through.
_PROGRESS_EVERY = 0.25


class Attachments:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.downloading: dict[str, Stopper] = {}
        """URLs being downloaded (one download of a file at a time), each with its stop."""
        self._progress: dict[str, str] = {}
        """URL -> "episode.mp3: 1.2 MB of 3.4 MB (35%)", written by the download's thread."""
        self._shown = ""
        self._ticker: Timer | None = None

    def _open(self) -> tuple[Article, Enclosure] | None:
        screen = self.screen
        article = screen.reader.article
        if article is None:
            screen.notify("No article open")
            return None
        enclosure = next((e for e in article.enclosures if e.url), None)
        if enclosure is None:
            screen.notify("This article has no attachment")
            return None
        return article, enclosure

    # -- a: play ----------------------------------------------------------------------------

    def play(self) -> None:
        screen = self.screen
        config = screen.config
        found = self._open()
        if found is None:
            return
        article, enclosure = found
        if not config.player:
            screen.notify('Set player in config.toml to play attachments, e.g. "mpv {url}"')
            return
        state = article.enclosure_state.get(enclosure.url)
        file = state.file if state and state.file and Path(state.file).exists() else ""
        if "{file}" in config.player and not file:
            screen.notify("The player wants {file}: download the attachment first (D)")
            return
        web = urlsplit(enclosure.url).scheme.lower() in ("http", "https")
        if "{url}" in config.player and not web:
            screen.notify("The attachment has no web address to play")
            return
        try:
            argv = command_argv(config.player, enclosure.url, file, "player")
        except CommandError as exc:
            show_error(screen, str(exc))
            return
        done = partial(self._played, article.id, enclosure.url)
        if config.player_console:
            screen.call_later(self._run_suspended, argv, done)
        else:
            work = partial(self._run_detached, argv, done)
            screen.run_worker(work, thread=True, group="player", exit_on_error=False)

    def _run_suspended(self, argv: list[str], done: partial[None]) -> None:
        app = self.screen.app
        try:
            with app.suspend():
                result = subprocess.run(argv, check=False)
        except Exception as exc:  # SuspendNotSupported, or a player that cannot start
            show_error(self.screen, f"Could not run {argv[0]}: {exc}")
            return
        if result.returncode:
            app.notify(f"{argv[0]} exited with status {result.returncode}", markup=False)
        done()

    def _run_detached(self, argv: list[str], done: partial[None]) -> None:
        """On a worker thread: the player on its own session, nothing of it on our screen."""
        screen = self.screen
        try:
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            screen.app.notify(f"Could not run {argv[0]}: {exc}", severity="error", markup=False)
            return
        screen.app.notify(f"Playing with {argv[0]}", markup=False, timeout=3)
        screen.call_later(done)

    def _played(self, article_id: int, url: str) -> None:
        if not isinstance(
            ask(self.screen, self.screen.library.mark_played, article_id, url), Failed
        ):
            self._reshow(article_id)

    # -- D: download ------------------------------------------------------------------------

    def download(self) -> None:
        screen = self.screen
        found = self._open()
        if found is None:
            return
        article, enclosure = found
        if screen.library.offline:
            screen.notify("Offline: not downloading (started with --offline)")
            return
        if enclosure.url in self.downloading:
            key = key_shown(screen.app, screen.config.keys, "stop_download")
            screen.notify(f"Being downloaded already ({key} stops it)", markup=False)
            return
        stop = Stopper()
        self.downloading[enclosure.url] = stop
        screen.refresh_bindings()  # the footer offers the stop
        screen.status.show(Text("downloading: ").append(enclosure.url))
        if self._ticker is None:
            self._ticker = screen.set_interval(_PROGRESS_EVERY, self._show_progress)
        work = partial(self._download, article.id, enclosure, stop)
        screen.run_worker(work, thread=True, group="download", exit_on_error=False)
        self._reshow(article.id)

    def stop(self) -> None:
        """d: the open article's download, else every one running."""
        screen = self.screen
        shown = screen.reader.article
        mine = [e.url for e in shown.enclosures if e.url in self.downloading] if shown else []
        urls = mine or list(self.downloading)
        if not urls:
            screen.notify("No download is running")
            return
        for url in urls:
            self.downloading[url].stop()  # the worker says what was kept

    def stop_all(self) -> None:
        """Quitting: every download stops where it is; the .part files stay."""
        for stop in self.downloading.values():
            stop.stop()

    def _download(self, article_id: int, enclosure: Enclosure, stop: Stopper) -> None:
        """On a worker thread; back to the UI with call_later (a message: never waits)."""
        screen = self.screen
        url = enclosure.url
        name = safe_name(url, f"article-{article_id}", enclosure.type)

        def progress(done: int, total: int | None) -> None:
            self._progress[url] = f"{name}: {amount(done, total)}"  # one store: no lock

        finish = partial(self._finished, article_id, url)
        try:
            done = screen.library.download_enclosure(
                article_id, url, on_progress=progress, stop=stop
            )
        except DownloadStopped as exc:
            screen.call_later(finish, "", stopped=str(exc))
            return
        except (DownloadError, OSError) as exc:
            screen.call_later(finish, f"Download failed: {exc}")
            return
        except Exception as exc:  # a failing download costs this file, not the app
            screen.call_later(finish, f"Download failed: {type(exc).__name__}: {exc}")
            return
        screen.call_later(finish, "", str(done.path))

    def _finished(
        self, article_id: int, url: str, error: str, path: str = "", stopped: str = ""
    ) -> None:
        screen = self.screen
        self.downloading.pop(url, None)
        self._progress.pop(url, None)
        self._shown = ""
        if not self.downloading and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        screen.refresh_bindings()
        self._reshow(article_id)
        if stopped:
            again = key_shown(screen.app, screen.config.keys, "download_attachment")
            said = f"{stopped}; {again} resumes"
            screen.status.show(Text(said))
            screen.notify(said, markup=False)  # stays when another download's count follows
            return
        if error:
            screen.status.show(Text(error))
            show_error(screen, error)
            return
        screen.status.show(Text("downloaded: " + path))
        screen.notify(f"Downloaded {path}", markup=False)

    def _show_progress(self) -> None:
        """The timer's tick: "downloading a.mp3: 1.2 MB of 3.4 MB (35%)", when it changed."""
        counts = [self._progress[url] for url in self.downloading if url in self._progress]
        line = "downloading " + " · ".join(counts) if counts else ""
        if line and line != self._shown:
            self._shown = line
            self.screen.status.show(Text(line))

    def _reshow(self, article_id: int) -> None:
        screen = self.screen
        shown = screen.reader.article
        if shown is None or shown.id != article_id:
            return
        article = ask(screen, screen.library.article, article_id)
        if article is None or isinstance(article, Failed):
            return
        for url in [e.url for e in article.enclosures if e.url in self.downloading]:
            # just started: the worker may not have told the library yet
            state = article.enclosure_state.get(url, EnclosureState())
            article.enclosure_state[url] = replace(state, downloading=True)
        screen.reader.article = article
