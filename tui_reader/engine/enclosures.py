"""What the user did with an article's enclosures (played, downloaded): the enclosure_state
table, read with the article and written by the play and download actions."""

from __future__ import annotations

import time

from tui_reader.engine.db import Db
from tui_reader.engine.models import EnclosureState


def states(db: Db, article_id: int) -> dict[str, EnclosureState]:
    rows = db.select(
        "SELECT url, played_at, file, bytes FROM enclosure_state WHERE article_id = ?",
        (article_id,),
    )
    return {r["url"]: EnclosureState(r["played_at"], r["file"], r["bytes"]) for r in rows}


def mark_played(db: Db, article_id: int, url: str, when: int | None = None) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT INTO enclosure_state (article_id, url, played_at) VALUES (?, ?, ?) "
            "ON CONFLICT (article_id, url) DO UPDATE SET played_at = excluded.played_at",
            (article_id, url, int(time.time()) if when is None else when),
        )


def mark_downloaded(db: Db, article_id: int, url: str, file: str, size: int) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT INTO enclosure_state (article_id, url, file, bytes) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (article_id, url) DO UPDATE SET file = excluded.file, "
            "bytes = excluded.bytes",
            (article_id, url, file, size),
        )
