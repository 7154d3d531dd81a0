"""Articles out of the app: saved as Markdown (w), or piped to the `[commands] pipe`
command (|), which gets the Markdown on its standard input and `{url}` / `{file}` (a
Markdown copy) in its arguments.

No shell ever sees article text: the command is split with shlex once, from the user's
own config, and each placeholder is replaced inside the one argument that holds it, so a
title or URL stays a single argument whatever it contains. A console command (the
default, like `less`) runs with the app suspended; with `pipe_console = false` (a GUI
viewer) it runs on its own, its output discarded, as the browser is (see browser.py).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.engine.sanitize import is_openable
from tui_reader.ui.notices import Failed, ask, show_error

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen

_PLACEHOLDER = re.compile(r"\{url\}|\{file\}")


class CommandError(ValueError):
    """A `pipe` setting that cannot be run; str() says why, for a person."""


def command_argv(
    template: str, url: str, file: str, setting: str = "pipe under [commands]"
) -> list[str]:
    """The argv of `template` with {url} and {file} filled in, each value staying inside
    its one argument. CommandError for a template shlex cannot split, or that is empty;
    `setting` names it in the message."""
    try:
        words = shlex.split(template)
    except ValueError as exc:
        raise CommandError(f"the setting {setting} cannot be read: {exc}") from None
    if not words:
        raise CommandError(f"no command to run: set {setting} in config.toml")
    # One pass: a URL that itself holds "{file}" is not filled in again.
    values = {"{url}": url, "{file}": file}
    return [_PLACEHOLDER.sub(lambda m: values[m.group(0)], word) for word in words]


class Export:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def save(self, article_id: int | None) -> None:
        """w: the article as a Markdown file; the notice names it."""
        screen = self.screen
        if article_id is None:
            screen.notify("No article to save")
            return
        try:
            path = ask(screen, screen.library.save_markdown, article_id)
        except OSError as exc:
            show_error(screen, f"Could not save the article: {exc}")
            return
        if isinstance(path, Failed):
            return
        if path is None:
            screen.notify("That article is no longer in the cache")
            return
        screen.notify(f"Saved {path}", markup=False)

    def pipe(self, article_id: int | None) -> None:
        """|: run the pipe command on the article."""
        screen = self.screen
        config = screen.config
        article = screen.reader.article
        if article_id is None or article is None or article.id != article_id:
            found = ask(screen, screen.library.article, article_id) if article_id else None
            article = None if isinstance(found, Failed) else found
        if article is None:
            screen.notify("No article to pipe")
            return
        text = ask(screen, screen.library.markdown, article.id)
        if text is None or isinstance(text, Failed):
            return
        url = article.link if is_openable(article.link) else ""
        if "{url}" in config.pipe and not url:
            screen.notify("This article has no web link for {url}", markup=False)
            return
        file = _copy(text) if "{file}" in config.pipe else ""
        try:
            argv = command_argv(config.pipe, url or "", file)
        except CommandError as exc:
            show_error(screen, str(exc))
            return
        if config.pipe_console:
            screen.call_later(self._run_suspended, argv, text, file)
        else:
            work = partial(self._run_detached, argv, text)
            screen.run_worker(work, thread=True, group="pipe", exit_on_error=False)

    def _run_suspended(self, argv: list[str], text: str, file: str) -> None:
        app = self.screen.app
        try:
            with app.suspend():
                done = subprocess.run(argv, input=text.encode("utf-8"), check=False)
        except Exception as exc:  # SuspendNotSupported, or a command that cannot start
            show_error(self.screen, f"Could not run {argv[0]}: {exc}")
            return
        finally:
            if file:
                Path(file).unlink(missing_ok=True)
        if done.returncode:
            app.notify(f"{argv[0]} exited with status {done.returncode}", markup=False)

    def _run_detached(self, argv: list[str], text: str) -> None:
        """On a worker thread: the command runs on its own session, nothing of it on our
        screen; its {file} copy stays for it to read (in the temporary folder)."""
        app = self.screen.app
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            assert process.stdin is not None
            try:
                process.stdin.write(text.encode("utf-8"))
                process.stdin.close()
            except BrokenPipeError:  # the command did not read its input: fine
                pass
        except OSError as exc:
            app.notify(f"Could not run {argv[0]}: {exc}", severity="error", markup=False)
            return
        app.notify(f"Piped to {argv[0]}", markup=False, timeout=3)


def _copy(text: str) -> str:
    """A Markdown copy of the article for {file}, in a folder of our own."""
    folder = Path(tempfile.gettempdir()) / "tui-reader"
    folder.mkdir(mode=0o700, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", suffix=".md", dir=folder, delete=False, encoding="utf-8"
    ) as out:
        out.write(text)
    return out.name
