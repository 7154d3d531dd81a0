"""The door, what is kept: retention and cleanup, Markdown copies, podcast and video
downloads, stored images."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_reader.engine import enclosures
from tui_reader.engine.store import Store
from tui_reader.library.organise import OrganiseDoor

if TYPE_CHECKING:
    from pathlib import Path

    from tui_reader.engine.download import Downloaded
    from tui_reader.engine.enclosures import Stopper
    from tui_reader.engine.image_store import ImageInfo
    from tui_reader.engine.models import Article, Enclosure
    from tui_reader.engine.retention import Limits, Plan


class KeepingDoor(OrganiseDoor):
    """Retention and cleanup, Markdown copies, downloads, stored images."""

    # -- retention ---------------------------------------------------------------------------

    def retention(self, *, older_than_days: int | None = None, unread: bool = False) -> Limits:
        """The config's [retention] limits; `older_than_days` (cleanup --older-than)
        replaces keep_days."""
        from tui_reader.engine.retention import Limits

        config = self.config
        days = older_than_days if older_than_days is not None else config.keep_days or None
        return Limits(days, config.max_per_feed or None, unread)

    def cleanup_plan(self, limits: Limits) -> Plan:
        """What a cleanup within `limits` would remove; nothing changes. On a connection
        of its own (the app plans in a worker: 0.45 s at 100,000 articles)."""
        from tui_reader.engine.retention import plan

        with Store(self.path, readonly=True) as store:
            return plan(store, limits)

    def cleanup(self, ids: list[int], *, reclaim: bool = True) -> tuple[int, int, int]:
        """Remove these articles (one transaction; starred or tagged ones are kept) and,
        with `reclaim`, give the space back to the disk (VACUUM: seconds on a big cache).
        Returns (removed, file bytes before, after). Not undoable: the text is gone. On a
        connection of its own, so the app's reads go on meanwhile (WAL)."""
        from tui_reader.engine.retention import reclaim as vacuum
        from tui_reader.engine.retention import remove

        before = self._file_bytes()
        with Store(self.path) as store:
            removed = remove(store, ids)
            if reclaim:
                vacuum(store)
        return removed, before, self._file_bytes()

    def _file_bytes(self) -> int:
        path = self.path
        wal = path.with_name(path.name + "-wal")
        return sum(p.stat().st_size for p in (path, wal) if p.exists())

    # -- saving -------------------------------------------------------------------------------

    def markdown(self, article_id: int) -> str | None:
        """The article as Markdown (its full text when stored), or None if it is gone."""
        from tui_reader.content.markdown import render_markdown
        from tui_reader.content.reading import read_article

        article = self.article(article_id)
        return None if article is None else render_markdown(read_article(article))

    def save_markdown(self, article_id: int, folder: Path | None = None) -> Path | None:
        """Write the article as Markdown into `folder` (the config's save_dir, else
        "saved" in the data folder), named after its title; never over a file: a name
        taken becomes name-1.md, name-2.md … None if the article is gone. OSError (a
        folder that cannot be made or written) is the caller's to report."""
        from pathlib import Path

        text = self.markdown(article_id)
        if text is None:
            return None
        title = self._store.value("SELECT title FROM articles WHERE id = ?", (article_id,))
        if folder is None:
            chosen = self.config.save_dir
            folder = Path(chosen).expanduser() if chosen else self.paths.data_dir / "saved"
        folder.mkdir(parents=True, exist_ok=True)
        stem = file_stem(title or "", f"article-{article_id}")
        for n in range(10_000):
            path = folder / (f"{stem}-{n}.md" if n else f"{stem}.md")
            try:
                with path.open("x", encoding="utf-8") as out:  # "x": never overwrite
                    out.write(text)
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"{folder} already holds 10,000 files named {stem}")

    # -- enclosures (podcasts, video) ---------------------------------------------------------

    def download_folder(self) -> Path:
        """The config's download_dir, else "downloads" in the data folder."""
        from pathlib import Path

        chosen = self.config.download_dir
        return Path(chosen).expanduser() if chosen else self.paths.data_dir / "downloads"

    def article(self, article_id: int) -> Article | None:
        """The article, with the state of its enclosures' unfinished downloads: running in
        this process, or stopped with bytes kept in a .part in download_dir."""
        article = super().article(article_id)
        if article is not None and article.enclosures:
            enclosures.add_progress(article, self.download_folder(), self._downloading)
        return article

    def download_enclosure(
        self,
        article_id: int,
        url: str | None = None,
        folder: Path | None = None,
        on_progress: Callable[[int, int | None], None] | None = None,
        stop: Stopper | None = None,
    ) -> Downloaded:
        """Download the article's enclosure (`url`, else its first) and remember where it
        went. DownloadError for no such article or enclosure, and for a failed download
        (DownloadStopped when `stop` was used: the .part is kept); OSError for a folder
        that cannot be written. Blocking: call it off the UI thread."""
        from tui_reader.engine.download import download
        from tui_reader.engine.errors import DownloadError
        from tui_reader.engine.fetch import FetchLimits

        if self.offline:
            raise DownloadError("offline: not downloading (--offline)")
        enclosure = self.enclosure(article_id, url)
        if enclosure is None:
            raise DownloadError(f"article {article_id} has no such attachment")
        config = self.config
        limits = FetchLimits(timeout=config.timeout, max_redirects=config.max_redirects)
        name = enclosures.safe_name(enclosure.url, f"article-{article_id}", enclosure.type)
        self._downloading.add(enclosure.url)
        try:
            done = download(
                enclosure.url,
                folder or self.download_folder(),
                name,
                max_bytes=config.max_download_bytes,
                limits=limits,
                on_progress=on_progress,
                stop=stop,
            )
        finally:
            self._downloading.discard(enclosure.url)
        with self._lock:
            enclosures.mark_downloaded(
                self._store, article_id, enclosure.url, str(done.path), done.size
            )
        return done

    def enclosure(self, article_id: int, url: str | None = None) -> Enclosure | None:
        """The article's enclosure with this URL, else its first; None when it has none."""
        article = self.article(article_id)
        found = [e for e in (article.enclosures if article else []) if e.url]
        return next((e for e in found if url is None or e.url == url), None)

    def mark_played(self, article_id: int, url: str) -> None:
        with self._lock:
            enclosures.mark_played(self._store, article_id, url)

    # -- stored images (fetched at refresh: network.py) --------------------------------------

    def image_infos(self, article_id: int) -> dict[str, ImageInfo]:
        """The article's stored images by URL: sizes and errors, no bytes (cheap)."""
        with self._lock:
            return self._store.image_infos(article_id)

    def image_data(self, article_id: int, url: str) -> bytes | None:
        """One stored image's bytes (re-encoded PNG/JPEG), or None."""
        with self._lock:
            return self._store.image_data(article_id, url)


def file_stem(title: str, fallback: str, limit: int = 60) -> str:
    """A file name from an article title: words and dashes only (no slash, dot or control
    character can come through), at most `limit` characters."""
    words = re.findall(r"\w+", title)
    stem = "-".join(words)[:limit].strip("-_")
    return stem.lower() or fallback
