"""One sync: push the outbox, then pull subscriptions, new items and read/starred state.

Push comes first, so the state pulled afterwards already holds our changes; a change made
while the sync runs stays queued and is protected by the reconcile rule. Any failure stops
the sync with a one-line `SyncError`: what was pushed is out of the outbox, what was not
stays queued, and every pulled batch already stored stays stored.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tui_reader.engine.db import Db
from tui_reader.engine.sync import outbox, reconcile
from tui_reader.engine.sync.client import (
    READ,
    READING_LIST,
    STARRED,
    GReaderClient,
    SyncError,
)
from tui_reader.engine.sync.items import parse_item

OVERLAP_S = 24 * 3600  # `ot` reaches this far before the last sync: clocks and late crawls
PASSWORD_TIMEOUT_S = 60.0  # a password manager may ask for a passphrase


@dataclass(slots=True)
class SyncReport:
    pushed: int = 0
    feeds_added: int = 0
    feeds_removed: int = 0
    folders: int = 0
    fetched: int = 0  # new items stored
    vanished: int = 0  # items listed but not given by stream/items/contents
    state_changed: int = 0
    requests: int = 0
    problems: list[str] = field(default_factory=list)


def read_password(command: str) -> str:
    """Run the user's password_cmd and take the first line of its output (never stored)."""
    try:
        done = subprocess.run(
            command,
            shell=True,
            capture_output=True,
            text=True,
            timeout=PASSWORD_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SyncError(f"[sync] password_cmd could not run: {exc}") from None
    if done.returncode != 0:
        raise SyncError(f"[sync] password_cmd failed (exit status {done.returncode})")
    lines = done.stdout.splitlines()
    if not lines or not lines[0]:
        raise SyncError("[sync] password_cmd printed no password")
    return lines[0]


def push(db: Db, client: GReaderClient) -> int:
    """Send the outbox in batches; each batch leaves the outbox once the service has it."""
    pending = outbox.take(db)
    sent = 0
    for items, field_name, add, remove in (
        (pending.read, outbox.READ, READ, None),
        (pending.unread, outbox.READ, None, READ),
        (pending.star, outbox.STARRED, STARRED, None),
        (pending.unstar, outbox.STARRED, None, STARRED),
    ):
        if items:
            client.edit_tag(items, add=add, remove=remove)
            outbox.done(db, items, field_name, pending.last_row)
            sent += len(items)
    return sent


def sync(
    db: Db, client: GReaderClient, *, on_step: Callable[[str], None] | None = None
) -> SyncReport:
    """Push, then pull; SyncError on the first failure (the report so far is lost, the
    cache keeps everything done until then). Records the time of the last good sync."""
    step = on_step or (lambda _: None)
    report = SyncReport()
    started = int(time.time())
    step("sending local changes")
    report.pushed = push(db, client)
    step("subscriptions")
    changes = reconcile.apply_subscriptions(db, client.subscriptions())
    report.feeds_added, report.feeds_removed = changes.added, changes.removed
    report.folders = len(client.folders())
    step("item ids")
    last = db.value("SELECT value FROM meta WHERE key = 'sync.last'")
    since = int(last) - OVERLAP_S if last else None
    recent = client.item_ids(READING_LIST, since=since) if since else []
    unread = client.item_ids(READING_LIST, exclude=READ)
    starred = client.item_ids(STARRED)
    if since is None:  # first sync: everything the service keeps
        recent = client.item_ids(READING_LIST)
    known = reconcile.known_items(db)
    # Only items we lack are fetched: state changes come from the id lists alone.
    missing = sorted({*recent, *unread, *starred} - known, reverse=True)
    by_stream = reconcile.feed_ids(db)
    for batch in client.contents(missing):
        step(f"items {report.fetched + len(batch)}/{len(missing)}")
        parsed = [p for p in map(parse_item, batch) if p is not None]
        report.fetched += reconcile.store_items(db, parsed, by_stream)
    report.vanished = max(0, len(missing) - report.fetched)
    step("read and starred")
    report.state_changed = reconcile.apply_state(db, set(unread), set(starred))
    with db.write() as conn:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('sync.last', ?)", (str(started),))
        conn.execute("DELETE FROM meta WHERE key = 'sync.error'")
    report.requests = client.counter.requests
    return report


def record_failure(db: Db, message: str) -> None:
    with db.write() as conn:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('sync.error', ?)", (message,))


@dataclass(slots=True)
class SyncStatus:
    last: int | None  # epoch seconds of the last good sync
    waiting: int  # items with changes in the outbox
    error: str | None  # why the last sync failed, if it did


def status(db: Db) -> SyncStatus:
    last = db.value("SELECT value FROM meta WHERE key = 'sync.last'")
    error = db.value("SELECT value FROM meta WHERE key = 'sync.error'")
    return SyncStatus(int(last) if last else None, outbox.waiting(db), error)
