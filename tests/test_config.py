"""config.toml: defaults, overrides, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.config import DEFAULT_KEYS, Config, ConfigError, load_config


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml") == Config()


def test_settings_and_keys_override_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'jobs = 3\nmeasure = 72\ntimeout = 5\n[keys]\ntoggle_star = ["s", "asterisk"]\n'
    )
    config = load_config(path)
    assert (config.jobs, config.measure, config.timeout) == (3, 72, 5.0)
    assert config.keys["toggle_star"] == "s,asterisk"
    assert config.keys["down"] == DEFAULT_KEYS["down"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("jobs = \n", "line 1"),
        ("jobs = 'many'\n", "'jobs' must be a int"),
        ("colour = 'red'\n", "unknown setting 'colour'"),
        ("[keys]\nfly = 'x'\n", "unknown action 'fly'"),
        ("refresh_on_start = 1\n", "must be a bool"),
    ],
)
def test_broken_config_is_one_clear_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert message in str(info.value) and str(path) in str(info.value)
