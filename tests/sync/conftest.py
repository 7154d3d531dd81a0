"""Fixtures for the sync tests: a real FreshRSS (once per session) with a user of its own
per test, its feeds served from 127.0.0.1, and a cache configured to sync with it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.helpers import rss
from tests.feedserver import FeedServer
from tests.sync.freshrss import START, Account, FreshRSS, free_port


@pytest.fixture(scope="session")
def freshrss(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshRSS]:
    """A FreshRSS on a free port. Skipped (with the reason) only off CI when it cannot
    run here; under CI it must run."""
    if not START.is_file():
        _cannot(f"{START} is missing")
    service = FreshRSS(tmp_path_factory.mktemp("freshrss") / "work", free_port())
    try:
        service.start()
    except (RuntimeError, OSError) as exc:
        _cannot(f"FreshRSS could not start: {exc}")
    yield service
    if (service.work / "php.pid").exists():
        service.stop()


def _cannot(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def feeds() -> Iterator[FeedServer]:
    """The feeds FreshRSS subscribes to, on 127.0.0.1 (it fetches them itself)."""
    with FeedServer() as server:
        server.add(
            "/alpha.xml", rss("Alpha", [(f"a{i}", f"Alpha {i}", "alpha text") for i in range(5)])
        )
        server.add(
            "/beta.xml", rss("Beta", [(f"b{i}", f"Beta {i}", "beta text") for i in range(3)])
        )
        server.add("/gamma.xml", rss("Gamma", [(f"g{i}", f"Gamma {i}", "gamma") for i in range(2)]))
        yield server


@dataclass
class Synced:
    """A FreshRSS user with two feeds (Alpha in folder Tech, Beta in none), fetched, and
    a tui-reader home whose config syncs with it."""

    account: Account
    home: Path
    feeds: FeedServer

    def configure(self, password: str | None = None, url: str | None = None) -> None:
        (self.home / "config.toml").write_text(
            "[sync]\n"
            f'url = "{url or self.account.service.base}"\n'
            f'user = "{self.account.user}"\n'
            f'password_cmd = "echo {password or self.account.password}"\n'
        )


@pytest.fixture
def synced(freshrss: FreshRSS, feeds: FeedServer, data_dir: Path, tmp_path: Path) -> Synced:
    account = freshrss.new_user()
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="Tech">'
        f'<outline type="rss" text="Alpha" xmlUrl="{feeds.url("/alpha.xml")}"/>'
        f'</outline><outline type="rss" text="Beta" xmlUrl="{feeds.url("/beta.xml")}"/>'
        "</body></opml>"
    )
    account.import_opml(opml)
    account.actualize()
    setup = Synced(account, data_dir, feeds)
    setup.configure()
    return setup
