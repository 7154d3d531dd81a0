"""Fixtures every test folder may use; folder-specific ones live in that folder's conftest."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer

_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", ""})


def _local(host: object) -> bool:
    if not isinstance(host, str):
        return host is None  # getaddrinfo(None, port): this machine
    name = host.strip("[]").lower()
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def stay_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests talk to servers on this machine only: a name lookup or a connection to any
    other host fails at once, naming the host (a refresh that would reach the web from a
    test is a bug of the test or of the code, and never a slow timeout)."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if not _local(host):
            raise socket.gaierror(f"tests stay on 127.0.0.1; a test tried to look up {host}")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    def connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(host):
            raise OSError(f"tests stay on 127.0.0.1; a test tried to connect to {host}")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh local HTTP server; see tests/feedserver.py for the route helpers."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty app home; points every user-dir variable into tmp_path so no test can
    touch the real config, data or cache folders."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("TUI_READER_HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        path = tmp_path / var.lower()
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    return home


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, ../shared must be there: without it ~80 tests would skip and pass quietly."""
    from tests.shared import SHARED

    if os.environ.get("CI") and not (SHARED / "corpus").is_dir():
        pytest.exit(f"CI: {SHARED} is missing; put ../shared beside the checkout", returncode=1)
