"""The images table (engine/images.py fills it; the reader reads it through the library)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.engine.db import in_chunks

if TYPE_CHECKING:
    from tui_reader.engine.db import Db


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A stored image without its bytes: enough to lay out its place in the reader."""

    url: str
    width: int
    height: int
    error: str | None


@dataclass(frozen=True, slots=True)
class ImageJob:
    article_id: int
    base: str  # the article's link: relative srcs resolve against it
    html: str


def image_jobs(db: Db, article_ids: list[int]) -> list[ImageJob]:
    from tui_reader.engine import upsert

    jobs: list[ImageJob] = []
    for chunk, marks in in_chunks(article_ids):
        for r in db.select(
            "SELECT id, link, content, summary, full_content FROM articles "
            f"WHERE id IN ({marks}) AND content_type = 'html'",
            chunk,
        ):
            html = " ".join(
                upsert.unpack(r[name]) or "" for name in ("full_content", "content", "summary")
            )
            jobs.append(ImageJob(r["id"], r["link"] or "", html))
    return jobs


def known_urls(db: Db, article_id: int) -> set[str]:
    rows = db.select("SELECT url FROM images WHERE article_id = ?", (article_id,))
    return {r["url"] for r in rows}


def store_image(
    db: Db,
    article_id: int,
    url: str,
    data: bytes | None,
    width: int,
    height: int,
    error: str | None,
) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO images (article_id, url, data, width, height, error, fetched)"
            " SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?)",
            (article_id, url, data, width, height, error, int(time.time()), article_id),
        )


def image_infos(db: Db, article_id: int) -> dict[str, ImageInfo]:
    rows = db.select(
        "SELECT url, width, height, error FROM images WHERE article_id = ?", (article_id,)
    )
    return {r["url"]: ImageInfo(r["url"], r["width"], r["height"], r["error"]) for r in rows}


def image_data(db: Db, article_id: int, url: str) -> bytes | None:
    rows = db.select("SELECT data FROM images WHERE article_id = ? AND url = ?", (article_id, url))
    return rows[0]["data"] if rows else None
