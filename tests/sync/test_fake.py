"""`tui-reader sync` against tests/greader_fake.py: what a real service does only now and
then (slow answers, a login expiring mid-sync, a 500, ids across pages, an item gone
between listing and fetching), and Miniflux's dialect of the API."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.greader_fake import FakeReader


@pytest.fixture(params=["freshrss", "miniflux"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeReader]:
    with FakeReader(dialect=request.param) as server:
        server.add_feed("feed/1", "http://127.0.0.1:9/a.xml", "Alpha", folder="Tech")
        server.add_feed("feed/2", "http://127.0.0.1:9/b.xml", "Beta")
        server.add_items("feed/1", 5)
        server.add_items("feed/2", 3)
        yield server


def configure(home: Path, fake: FakeReader, *, password: str = "", timeout: float = 5) -> None:
    (home / "config.toml").write_text(
        f"timeout = {timeout}\n[sync]\n"
        f'url = "{fake.base}"\nuser = "{fake.user}"\n'
        f'password_cmd = "echo {password or fake.password}"\n'
    )


def query(home: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(home / "cache.db") as db:
        return db.execute(sql).fetchall()


def local(home: Path, where: str) -> set[int]:
    return {int(r[0]) for r in query(home, f"SELECT remote_id FROM articles WHERE {where}")}  # type: ignore[call-overload]


def article_of(home: Path, item: int) -> str:
    return str(query(home, f"SELECT id FROM articles WHERE remote_id = {item}")[0][0])


def test_a_full_cycle_in_both_dialects(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake)
    first = sorted(fake.items)[0]
    fake.items[first].read = True
    code, _, err = run(capsys, "sync")
    assert code == 0, err
    assert local(data_dir, "1") == set(fake.items)
    assert local(data_dir, "read = 0") == fake.unread()
    assert query(data_dir, "SELECT title, folder FROM feeds ORDER BY title") == [
        ("Alpha", "Tech"),
        ("Beta", None),
    ]
    items = sorted(fake.items)
    run(capsys, "mark", "star", article_of(data_dir, items[1]))
    run(capsys, "mark", "read", article_of(data_dir, items[2]))
    assert run(capsys, "sync")[0] == 0
    assert fake.starred() == {items[1]}
    assert items[2] not in fake.unread()
    fake.items[items[3]].read = True  # on the phone
    contents = fake.count("/stream/items/contents")
    assert run(capsys, "sync")[0] == 0
    assert items[3] in local(data_dir, "read = 1")
    assert fake.count("/stream/items/contents") == contents  # state alone: no contents fetched


def test_ids_across_pages_are_all_fetched(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.add_items("feed/2", 2500)
    fake.max_page = 300  # whatever n= asks for
    configure(data_dir, fake)
    assert run(capsys, "sync")[0] == 0
    assert len(local(data_dir, "1")) == len(fake.items) == 2508
    assert fake.count("/stream/items/ids") >= 2 * 9  # reading-list and unread, 9 pages each


def test_a_login_expiring_mid_sync_is_renewed_once(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake)
    fake.expire_login_at = 3
    code, _, err = run(capsys, "sync")
    assert code == 0, err
    assert fake.count("/accounts/ClientLogin") == 2
    assert local(data_dir, "1") == set(fake.items)


def test_a_login_refused_mid_sync_is_one_line(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake)
    fake.fail["/subscription/list"] = 401
    code, _, err = run(capsys, "sync")
    assert code == 1
    assert err == f"tui-reader: the sync service at {fake.base} refused our login during the sync\n"


def test_a_500_keeps_the_changes_for_the_next_sync(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake)
    assert run(capsys, "sync")[0] == 0
    item = sorted(fake.items)[0]
    run(capsys, "mark", "read", article_of(data_dir, item))
    fake.fail["/edit-tag"] = 500
    code, _, err = run(capsys, "sync")
    assert code == 1
    assert err.splitlines() == [
        f"tui-reader: the sync service at {fake.base} failed: HTTP 500 on /reader/api/0/edit-tag",
        "tui-reader: 1 change kept for the next sync",
    ]
    assert item in fake.unread()
    assert local(data_dir, "read = 1") == {item}  # the service's state did not undo it
    del fake.fail["/edit-tag"]
    assert run(capsys, "sync")[0] == 0
    assert item not in fake.unread()
    assert query(data_dir, "SELECT count(*) FROM sync_outbox") == [(0,)]


def test_a_slow_service_times_out_in_one_line(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake, timeout=0.3)
    fake.delay["/stream/items/ids"] = 2
    code, _, err = run(capsys, "sync")
    assert code == 1
    assert err == f"tui-reader: the sync service at {fake.base} did not answer in time\n"


def test_an_item_that_vanished_is_skipped(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = sorted(fake.items)[0]
    fake.vanished.add(gone)
    configure(data_dir, fake)
    code, _, err = run(capsys, "sync")
    assert code == 0, err
    assert local(data_dir, "1") == set(fake.items) - {gone}


def test_item_text_from_the_service_is_sanitised(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = sorted(fake.items)[0]
    fake.items[item].title = "Evil\x1b]52;c;cHduZWQ=\x07 title\u202e"
    fake.items[item].body = "<p>body\x1b[2J</p>"
    configure(data_dir, fake)
    assert run(capsys, "sync")[0] == 0
    code, out, _ = run(capsys, "show", article_of(data_dir, item))
    assert code == 0
    assert "Evil title" in out and "\x1b" not in out and "\u202e" not in out


def test_wrong_password(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake, password="wrong")
    code, _, err = run(capsys, "sync")
    assert code == 1
    assert "refused user 'me' and its password" in err and len(err.splitlines()) == 1


def test_mark_read_on_the_service_then_a_later_sync_sends_few_requests(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake)
    assert run(capsys, "sync")[0] == 0
    before = len(fake.requests)
    fake.items[sorted(fake.items)[0]].read = True
    fake.add_items("feed/1", 1)
    code, out, _ = run(capsys, "sync")
    assert code == 0
    assert "1 new item" in out and "1 state change" in out
    # login, subscriptions, tags, three id lists, the token and one contents batch
    assert len(fake.requests) - before == 8


def test_without_sync_configured_changes_are_not_queued(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake)
    assert run(capsys, "sync")[0] == 0
    items = sorted(fake.items)
    run(capsys, "mark", "star", article_of(data_dir, items[0]))
    assert query(data_dir, "SELECT count(*) FROM sync_outbox") == [(1,)]
    (data_dir / "config.toml").write_text("")
    run(capsys, "mark", "star", article_of(data_dir, items[1]))
    assert query(data_dir, "SELECT count(*) FROM sync_outbox") == [(1,)]


def test_a_change_made_during_a_sync_survives_it_and_goes_out_next(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import subprocess
    import sys
    import time

    configure(data_dir, fake)
    assert run(capsys, "sync")[0] == 0
    item = sorted(fake.items)[0]
    article = article_of(data_dir, item)
    fake.delay["/stream/items/ids"] = 0.5  # the sync is slow to list ids...
    env = {**os.environ, "TUI_READER_HOME": str(data_dir)}
    code = "from tui_reader.main import main; raise SystemExit(main(['sync']))"
    listed = fake.count("/stream/items/ids")
    with subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE) as sync:
        deadline = time.monotonic() + 20
        while fake.count("/stream/items/ids") == listed and time.monotonic() < deadline:
            time.sleep(0.01)
        assert fake.count("/stream/items/ids") > listed, "the sync never listed ids"
        assert run(capsys, "mark", "read", article)[0] == 0  # ...while we read
        assert sync.wait(timeout=30) == 0
    assert item in fake.unread()  # the sync had already sent its outbox
    assert local(data_dir, "read = 1") == {item}  # and did not undo the newer change
    assert run(capsys, "sync")[0] == 0
    assert item not in fake.unread()


@pytest.mark.parametrize(
    "trigger",
    [
        "BEFORE UPDATE OF read ON articles BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
        "BEFORE INSERT ON sync_outbox BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    ],
)
def test_a_change_and_its_outbox_row_are_one_transaction(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str], trigger: str
) -> None:
    configure(data_dir, fake)
    assert run(capsys, "sync")[0] == 0
    article = article_of(data_dir, sorted(fake.items)[0])
    with sqlite3.connect(data_dir / "cache.db") as db:
        db.execute(f"CREATE TRIGGER fail {trigger}")  # the write fails halfway
    code, _, err = run(capsys, "mark", "read", article)
    assert code == 2 and "disk I/O error" in err and len(err.splitlines()) == 1
    assert query(data_dir, "SELECT count(*) FROM sync_outbox") == [(0,)]
    assert query(data_dir, f"SELECT read FROM articles WHERE id = {article}") == [(0,)]


def test_refresh_syncs_when_a_service_is_configured(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(data_dir, fake)
    code, out, err = run(capsys, "refresh")
    assert code == 0, err
    assert out.startswith("synced: 0 changes sent, 8 new items")
    assert fake.count("/subscription/list") == 1


@pytest.mark.parametrize(
    ("command", "line"),
    [
        ("false", "tui-reader: [sync] password_cmd failed (exit status 1)"),
        ("true", "tui-reader: [sync] password_cmd printed no password"),
    ],
)
def test_a_failing_password_cmd_is_one_line(
    fake: FakeReader, data_dir: Path, capsys: pytest.CaptureFixture[str], command: str, line: str
) -> None:
    (data_dir / "config.toml").write_text(
        f'[sync]\nurl = "{fake.base}"\nuser = "me"\npassword_cmd = "{command}"\n'
    )
    code, _, err = run(capsys, "sync")
    assert code == 1
    assert err == line + "\n"
    assert not fake.requests  # nothing sent without a password
