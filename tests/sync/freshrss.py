"""A real FreshRSS on 127.0.0.1 for the sync tests (../shared/servers/freshrss/start.sh),
and a small Google Reader API view of it that is independent of our client, so a test
checks the service's side with its own eyes."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.shared import SHARED

START = SHARED / "servers" / "freshrss" / "start.sh"
API_PASSWORD = "reader-api-pass"
_users = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class FreshRSS:
    """One FreshRSS install in `work`, served on `port` while running."""

    work: Path
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/greader.php"

    def start(self) -> None:
        """Start (or restart, data kept); raises RuntimeError with start.sh's reason."""
        done = subprocess.run(
            ["bash", str(START), str(self.work), str(self.port), "reader", API_PASSWORD],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1:])

    def stop(self) -> None:
        pid = int((self.work / "php.pid").read_text())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                return
            time.sleep(0.05)
        raise RuntimeError("FreshRSS did not stop")

    def php(self, script: str, *args: str) -> str:
        app = self.work / "FreshRSS"
        done = subprocess.run(
            ["php", str(app / "cli" / script), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{script}: {done.stderr or done.stdout}")
        return done.stdout

    def new_user(self) -> Account:
        """A user of its own for each test: tests do not see each other's state."""
        name = f"user{next(_users)}"
        self.php(
            "create-user.php",
            "--user",
            name,
            "--password",
            API_PASSWORD,
            "--api-password",
            API_PASSWORD,
        )
        return Account(self, name)


@dataclass
class Account:
    service: FreshRSS
    user: str
    password: str = API_PASSWORD

    def import_opml(self, path: Path) -> None:
        self.service.php("import-for-user.php", "--user", self.user, "--filename", str(path))

    def actualize(self) -> None:
        """FreshRSS fetches the user's feeds now."""
        self.service.php("actualize-user.php", "--user", self.user)

    def api(self) -> Api:
        return Api(self.service.base, self.user, self.password)


class Api:
    """The Google Reader API spoken by hand: what the service holds, and changes made
    on it as another client (a phone) would."""

    def __init__(self, base: str, user: str, password: str) -> None:
        self.base = base
        login = httpx.post(f"{base}/accounts/ClientLogin", data={"Email": user, "Passwd": password})
        login.raise_for_status()
        auth = login.text.split("Auth=", 1)[1].split()[0]
        self.headers = {"Authorization": f"GoogleLogin auth={auth}"}
        self.token = httpx.get(f"{base}/reader/api/0/token", headers=self.headers).text.strip()

    def ids(self, stream: str, exclude: str | None = None) -> set[int]:
        params = {"output": "json", "s": stream, "n": "10000"}
        if exclude:
            params["xt"] = exclude
        doc = httpx.get(
            f"{self.base}/reader/api/0/stream/items/ids", params=params, headers=self.headers
        ).json()
        return {int(ref["id"]) for ref in doc.get("itemRefs", [])}

    def unread(self) -> set[int]:
        return self.ids("user/-/state/com.google/reading-list", "user/-/state/com.google/read")

    def starred(self) -> set[int]:
        return self.ids("user/-/state/com.google/starred")

    def all(self) -> set[int]:
        return self.ids("user/-/state/com.google/reading-list")

    def subscriptions(self) -> list[dict[str, object]]:
        doc = httpx.get(
            f"{self.base}/reader/api/0/subscription/list",
            params={"output": "json"},
            headers=self.headers,
        ).json()
        return list(doc["subscriptions"])

    def edit(self, item: int, *, add: str = "", remove: str = "") -> None:
        data = {"T": self.token, "i": str(item)}
        data |= {"a": add} if add else {}
        data |= {"r": remove} if remove else {}
        answer = httpx.post(f"{self.base}/reader/api/0/edit-tag", data=data, headers=self.headers)
        assert answer.text.strip() == "OK", answer.text
