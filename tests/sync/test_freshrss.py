"""`tui-reader sync` against a real FreshRSS on 127.0.0.1: feeds, folders, items and
read/starred state both ways, the service stopped and back, a wrong password, and a second
sync that changes nothing. The service's side is read with tests/sync/freshrss.py's Api."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.sync.conftest import Synced
from tests.sync.freshrss import API_PASSWORD, free_port

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


def cache(synced: Synced) -> sqlite3.Connection:
    return sqlite3.connect(synced.home / "cache.db")


def local_ids(synced: Synced, where: str) -> set[int]:
    """The service ids of cached articles matching `where`."""
    with cache(synced) as db:
        rows = db.execute(f"SELECT remote_id FROM articles WHERE {where}").fetchall()
    return {r[0] for r in rows}


def article_of(synced: Synced, item: int) -> int:
    with cache(synced) as db:
        return int(db.execute("SELECT id FROM articles WHERE remote_id = ?", (item,)).fetchone()[0])


def test_sync_brings_feeds_folders_and_unread_state(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    api = synced.account.api()
    first = sorted(api.all())[0]
    api.edit(first, add=READ)  # read on the phone before the first sync
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    assert "8 new items" in out
    code, out, _ = run(capsys, "feeds")
    lines = sorted(line.split("\t")[1:4:2] for line in out.splitlines())
    assert lines == [["Alpha", "4/5"], ["Beta", "3/3"]]  # no demo feeds, counts as on the service
    with cache(synced) as db:
        folders = dict(db.execute("SELECT title, folder FROM feeds").fetchall())
    assert folders["Alpha"] == "Tech"
    assert local_ids(synced, "read = 0") == api.unread()
    assert local_ids(synced, "1") == api.all()
    code, out, _ = run(capsys, "unread")
    assert len(out.splitlines()) == 7


def test_local_read_and_star_reach_the_service(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    api = synced.account.api()
    assert run(capsys, "sync")[0] == 0
    items = sorted(api.all())
    read, star = article_of(synced, items[0]), article_of(synced, items[1])
    assert run(capsys, "mark", "read", str(read))[0] == 0
    assert run(capsys, "mark", "star", str(star))[0] == 0
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    assert "2 changes sent" in out
    assert items[0] not in api.unread()
    assert api.starred() == {items[1]}
    # and back: unread and unstar
    run(capsys, "mark", "unread", str(read))
    run(capsys, "mark", "unstar", str(star))
    assert run(capsys, "sync")[0] == 0
    assert items[0] in api.unread()
    assert api.starred() == set()


def test_a_read_on_the_service_reaches_the_cache(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    api = synced.account.api()
    assert run(capsys, "sync")[0] == 0
    item = sorted(api.all())[2]
    api.edit(item, add=READ)
    api.edit(item, add=STARRED)
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    assert "0 new items" in out
    assert local_ids(synced, "read = 1") == {item}
    assert local_ids(synced, "starred = 1") == {item}


def test_changes_made_while_the_service_is_down_are_kept_and_sent(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    api = synced.account.api()
    assert run(capsys, "sync")[0] == 0
    items = sorted(api.all())
    service = synced.account.service
    service.stop()
    try:
        run(
            capsys,
            "mark",
            "read",
            str(article_of(synced, items[0])),
            str(article_of(synced, items[1])),
        )
        run(capsys, "mark", "star", str(article_of(synced, items[2])))
        code, out, err = run(capsys, "sync")
        assert code == 1
        assert "Traceback" not in err
        lines = err.strip().splitlines()
        assert "cannot reach the sync service" in lines[0]
        assert lines[1] == "tui-reader: 3 changes kept for the next sync"
        # the cache works as without a service meanwhile
        code, out, _ = run(capsys, "unread")
        assert code == 0 and len(out.splitlines()) == 6
    finally:
        service.start()
    api = synced.account.api()
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    assert "3 changes sent" in out
    assert not {items[0], items[1]} & api.unread()
    assert api.starred() == {items[2]}
    assert local_ids(synced, "read = 0") == api.unread()


def test_service_state_wins_unless_a_newer_local_change_is_queued(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    api = synced.account.api()
    assert run(capsys, "sync")[0] == 0
    items = sorted(api.all())
    service = synced.account.service
    service.stop()
    try:
        run(capsys, "mark", "read", str(article_of(synced, items[0])))
        assert run(capsys, "sync")[0] == 1
    finally:
        service.start()
    api = synced.account.api()
    api.edit(items[1], add=READ)  # on the phone meanwhile
    assert run(capsys, "sync")[0] == 0
    assert local_ids(synced, "read = 1") == {items[0], items[1]}
    assert local_ids(synced, "read = 0") == api.unread()


def test_two_syncs_in_a_row_change_nothing(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "sync")[0] == 0
    with cache(synced) as db:
        before = db.execute(
            "SELECT id, remote_id, read, starred, digest FROM articles ORDER BY id"
        ).fetchall()
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    assert out.strip() == "synced: 0 changes sent, 0 new items, 0 state changes"
    with cache(synced) as db:
        after = db.execute(
            "SELECT id, remote_id, read, starred, digest FROM articles ORDER BY id"
        ).fetchall()
    assert after == before


def test_a_wrong_password_is_one_line_and_keeps_the_changes(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "sync")[0] == 0
    item = sorted(synced.account.api().all())[0]
    run(capsys, "mark", "star", str(article_of(synced, item)))
    synced.configure(password="not-the-password")
    code, _, err = run(capsys, "sync")
    assert code == 1
    assert err.splitlines()[0] == (
        f"tui-reader: the sync service at {synced.account.service.base} refused user "
        f"'{synced.account.user}' and its password; check [sync] user and password_cmd"
    )
    assert "Traceback" not in err
    synced.configure()
    assert run(capsys, "sync")[0] == 0
    assert synced.account.api().starred() == {item}


def test_add_and_remove_subscribe_and_unsubscribe_on_the_service(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    api = synced.account.api()
    assert run(capsys, "sync")[0] == 0
    gamma = synced.feeds.url("/gamma.xml")
    code, out, err = run(capsys, "add", gamma, "--folder", "News")
    assert code == 0, err
    subs = {s["url"]: s for s in api.subscriptions()}
    assert gamma in subs
    assert [c["label"] for c in subs[gamma]["categories"]] == ["News"]  # type: ignore[attr-defined]
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    code, out, _ = run(capsys, "feeds")
    rows = {line.split("\t")[2]: line.split("\t") for line in out.splitlines()}
    assert rows[gamma][3] == "2/2"  # its items came from the service, once
    code, out, err = run(capsys, "remove", rows[gamma][0])
    assert code == 0, err
    assert gamma not in {s["url"] for s in api.subscriptions()}
    assert run(capsys, "sync")[0] == 0
    code, out, _ = run(capsys, "feeds")
    assert gamma not in out and len(out.splitlines()) == 2


def test_add_with_the_service_down_is_one_line_and_changes_nothing(
    synced: Synced, capsys: pytest.CaptureFixture[str]
) -> None:
    synced.configure(url=f"http://127.0.0.1:{free_port()}/api/greader.php")
    code, _, err = run(capsys, "add", "--no-fetch", synced.feeds.url("/gamma.xml"))
    assert code == 1
    assert (
        err.startswith("tui-reader: cannot reach the sync service") and len(err.splitlines()) == 1
    )
    assert run(capsys, "feeds")[1] == ""


def test_import_subscribes_on_the_service(
    synced: Synced, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gamma = synced.feeds.url("/gamma.xml")
    opml = tmp_path / "more.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        f'<outline type="rss" text="Gamma" xmlUrl="{gamma}"/></body></opml>'
    )
    code, _, err = run(capsys, "import", str(opml))
    assert code == 0, err
    assert gamma in {s["url"] for s in synced.account.api().subscriptions()}


def test_the_clients_mark_all_as_read_keeps_what_came_after_ts(synced: Synced) -> None:
    from tui_reader.engine.sync.client import GReaderClient

    api = synced.account.api()
    alpha = next(s for s in api.subscriptions() if s["title"] == "Alpha")
    stream = str(alpha["id"])
    alpha_items = api.ids(stream)
    newest = max(alpha_items)
    with GReaderClient(synced.account.service.base, synced.account.user, API_PASSWORD) as client:
        client.mark_all_as_read(stream, newest - 1)  # FreshRSS ids are microsecond times
    assert api.unread() & alpha_items == {newest}
