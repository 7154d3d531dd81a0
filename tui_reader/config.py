"""config.toml: defaults in one dataclass, a clear message when the file is broken."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

# action -> comma-separated Textual key names; every entry is rebindable under [keys].
DEFAULT_KEYS: dict[str, str] = {
    "down": "j,down",
    "up": "k,up",
    "top": "g,home",
    "bottom": "G,end",
    "open": "enter",
    "back": "escape,h",
    "next_pane": "tab",
    "previous_pane": "shift+tab",
    "page_down": "space,pagedown",
    "page_up": "b,pageup",
    "next_unread": "n",
    "previous_unread": "p",
    "open_browser": "o",
    "follow_link": "f",
    "toggle_read": "m",
    "toggle_star": "s",
    "mark_all_read": "A",
    "refresh_feed": "r",
    "refresh_all": "R",
    "search": "slash",
    "choose_view": "v",
    "toggle_sidebar": "ctrl+b",
    "help": "question_mark",
    "quit": "q",
    "next_article": "J",
    "previous_article": "K",
    "zoom": "z",
    "redraw": "ctrl+l",
}


class ConfigError(Exception):
    """A config.toml that cannot be used; str() names the file and the line."""


@dataclass(slots=True)
class Config:
    jobs: int = 8  # feeds fetched at once
    timeout: float = 30.0  # seconds per request, body included
    max_body_mb: float = 20.0
    max_redirects: int = 5
    measure: int = 80  # longest reader line, in cells
    mark_read_delay: float = 2.0  # seconds an article must stay open to count as read; <0: never
    refresh_on_start: bool = False
    refresh_interval: int = 0  # minutes; 0 means never
    theme: str = "textual-dark"
    browser: str = ""  # command to open links; empty: the system default
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    @property
    def max_bytes(self) -> int:
        return int(self.max_body_mb * 1_000_000)


def load_config(path: Path) -> Config:
    """Read `path`; a missing file means defaults."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already says "(at line N, column M)".
        raise ConfigError(f"{path}: {exc}") from None
    return config_from_dict(data, path)


def config_from_dict(data: dict[str, Any], path: Path | str = "config.toml") -> Config:
    config = Config()
    known = {f.name: f for f in fields(Config)}
    for name, value in data.items():
        if name == "keys":
            _apply_keys(config, value, path)
            continue
        if name not in known:
            raise ConfigError(f"{path}: unknown setting {name!r}")
        default = getattr(config, name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            value = float(value) if ok else value
        else:
            ok = isinstance(value, type(default)) and not isinstance(value, bool)
        if not ok:
            want = type(default).__name__
            raise ConfigError(f"{path}: setting {name!r} must be a {want}, not {value!r}")
        setattr(config, name, value)
    return config


def _apply_keys(config: Config, value: Any, path: Path | str) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f'{path}: [keys] must be a table of action = "key,key"')
    for action, keys in value.items():
        if action not in DEFAULT_KEYS:
            raise ConfigError(f"{path}: [keys] has unknown action {action!r}")
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f"{path}: [keys] {action} must be a key name or a list of them")
        config.keys[action] = keys.replace(" ", "")
