"""[sync] in config.toml: a bad value is a warning naming its line and nothing syncs; with a
good one the demo feeds are not loaded and the outbox only then records changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tui_reader.config import SyncConfig, config_from_dict, load_config


def test_a_good_section(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[sync]\nservice = "greader"\nurl = "https://rss.example.org/api/greader.php"\n'
        'user = "me"\npassword_cmd = "pass show freshrss"\n'
    )
    config = load_config(path)
    assert config.warnings == []
    assert config.sync == SyncConfig(
        url="https://rss.example.org/api/greader.php", user="me", password_cmd="pass show freshrss"
    )


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        (
            '[sync]\nurl = "ftp://x"\nuser = "me"\npassword_cmd = "p"\n',
            "config.toml, line 2: [sync] url must be an http(s) URL, not 'ftp://x'; not syncing",
        ),
        (
            '[sync]\nservice = "fever"\nurl = "http://x/"\nuser = "me"\npassword_cmd = "p"\n',
            "config.toml, line 2: [sync] service 'fever' is not known",
        ),
        (
            '[sync]\nurl = "http://x/"\nuser = 3\npassword_cmd = "p"\n',
            "config.toml, line 3: [sync] user must be a non-empty string; not syncing",
        ),
        (
            '[sync]\nurl = "http://x/"\nuser = "me"\n',
            "config.toml, line 1: [sync] password_cmd must be a non-empty string; not syncing",
        ),
        ('sync = "yes"\n', "config.toml, line 1: [sync] must be a table"),
    ],
)
def test_bad_values_warn_and_nothing_syncs(text: str, warning: str) -> None:
    import tomllib

    config = config_from_dict(tomllib.loads(text), "config.toml", text)
    assert config.sync is None
    assert len(config.warnings) == 1 and config.warnings[0].startswith(warning)


def test_an_unknown_key_warns_and_the_rest_works() -> None:
    text = '[sync]\nurl = "http://x/"\nuser = "me"\npassword_cmd = "p"\npassword = "no"\n'
    import tomllib

    config = config_from_dict(tomllib.loads(text), "config.toml", text)
    assert config.sync is not None
    assert config.warnings == [
        "config.toml, line 5: [sync] has unknown setting 'password'; ignored"
    ]


def test_a_cache_opened_with_sync_never_gets_the_demo_feeds(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "config.toml").write_text(
        '[sync]\nurl = "http://127.0.0.1:9/api/greader.php"\nuser = "me"\npassword_cmd = "echo p"\n'
    )
    code, out, _ = run(capsys, "feeds")
    assert code == 0 and out == ""
    (data_dir / "config.toml").write_text("")
    code, out, _ = run(capsys, "feeds")
    assert code == 0 and out == ""  # [sync] taken out again: still no demo feeds
