"""config.toml: defaults, overrides; broken TOML stops us, bad values only warn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tui_reader.actions import APP, BY_NAME
from tui_reader.config import DEFAULT_KEYS, Config, ConfigError, load_config


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert config == Config() and config.warnings == []


def test_settings_and_keys_override_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'jobs = 3\nmeasure = 72\ntimeout = 5\n[keys]\ntoggle_star = ["s", "asterisk"]\n'
    )
    config = load_config(path)
    assert (config.jobs, config.measure, config.timeout) == (3, 72, 5.0)
    assert config.keys["toggle_star"] == "s,asterisk"
    assert config.keys["down"] == DEFAULT_KEYS["down"]
    assert config.warnings == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("jobs = 4\ntimeout = 0\n", 2, "timeout = 0 is out of range"),
        ("\n\nmax_redirects = -1\n", 3, "max_redirects = -1 is out of range"),
        ("jobs = 0\n", 1, "jobs = 0 is out of range"),
        ("theme = 'x'\nmeasure = 5\n", 2, "measure = 5 is out of range"),
        ("refresh_interval = -5\n", 1, "refresh_interval = -5 is out of range"),
        ("jobs = 'many'\n", 1, "jobs must be a whole number"),
        ("refresh_on_start = 1\n", 1, "refresh_on_start must be true or false"),
        ("colour = 'red'\n", 1, "unknown setting 'colour'"),
        ("jobs = 2\n[keys]\nfly = 'x'\n", 3, "unknown action 'fly'"),
    ],
)
def test_bad_value_is_a_warning_with_its_line_and_the_default_is_kept(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    config = load_config(path)
    (warning,) = config.warnings
    assert warning.startswith(f"{path}, line {line}: ") and words in warning
    for name in ("timeout", "max_redirects", "measure", "refresh_interval", "refresh_on_start"):
        assert getattr(config, name) == getattr(Config(), name)


def test_toml_syntax_error_stays_fatal_and_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("jobs = 2\njobs = \n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and "line 2" in str(info.value)


def test_two_actions_on_one_key_in_one_scope_is_a_named_conflict(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nhelp = "h"\nrefresh_all = "r"\n')
    config = load_config(path)
    # help on "h" collides with back (escape,h); refresh_all on "r" with refresh_feed.
    assert len(config.warnings) == 2
    assert any(
        w.startswith(f"{path}, line 2: ") and "help and back" in w and "'h'" in w
        for w in config.warnings
    )
    assert any(w.startswith(f"{path}, line 3: ") for w in config.warnings)
    assert config.keys["help"] == DEFAULT_KEYS["help"]
    assert config.keys["refresh_all"] == DEFAULT_KEYS["refresh_all"]


def test_same_key_in_different_scopes_and_swaps_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    # "down" acts inside each pane, "toggle_read" app-wide: j for both is no conflict; and
    # swapping two app keys is no conflict either once both lines apply.
    path.write_text('[keys]\ntoggle_read = "j"\ntoggle_star = "m"\nquit = "s"\n')
    assert APP not in BY_NAME["down"].scopes and set(BY_NAME["toggle_read"].scopes) == {APP}
    config = load_config(path)
    assert config.warnings == []
    assert (config.keys["toggle_read"], config.keys["toggle_star"]) == ("j", "m")


def test_cli_prints_each_warning_once_and_goes_on(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "config.toml").write_text("timeout = 0\njobs = -3\n")
    code, _, err = run(capsys, "feeds")
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "line 1" in lines[0] and "line 2" in lines[1]
    assert "Traceback" not in err
