"""config.toml: defaults in one dataclass; a bad value or setting is a warning, not a refusal.

Only a file that cannot be read as TOML stops tui-reader (ConfigError, naming the line). Any
other problem (a value out of range or of the wrong type, an unknown setting or action, two
actions on one key) becomes one line in `Config.warnings` naming the file and line, and that
setting keeps its default.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from tui_reader.actions import DEFAULT_KEYS, key_clash
from tui_reader.engine.query import SORTS
from tui_reader.engine.querylang import check as query_problem
from tui_reader.engine.rules import Rule, action_problem


class ConfigError(Exception):
    """A config.toml that cannot be used at all; str() names the file and the line."""


@dataclass(frozen=True, slots=True)
class SyncConfig:
    """[sync]: a Google Reader API service that owns the subscriptions (engine/sync/)."""

    url: str  # the API base, e.g. https://rss.example.org/api/greader.php
    user: str
    password_cmd: str  # run at each sync; its first output line is the password (never stored)
    service: str = "greader"


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
    sync: SyncConfig | None = None
    # [retention]: read articles past these go in `cleanup` (and after each refresh when
    # either is set); 0 means no limit.
    keep_days: int = 0
    max_per_feed: int = 0
    sort: str = "newest"  # the list's order: newest, oldest, feed, title, unread
    # [commands]
    pipe: str = ""  # a command the open article is piped to ({url}, {file} placeholders)
    pipe_console: bool = True  # pipe runs in this terminal (app suspended); false: a GUI one
    save_dir: str = ""  # where the app saves articles as Markdown; empty: the data folder
    images: str = "auto"  # auto: a graphics protocol, else placeholders; blocks; off
    # Enclosures (podcasts, video): the player command ({url}, {file} placeholders, each kept
    # one argument), whether it draws in this terminal, and where downloads go.
    player: str = ""
    player_console: bool = True
    download_dir: str = ""  # empty: "downloads" in the data folder
    max_download_mb: float = 2000.0
    views: dict[str, str] = field(default_factory=dict)
    """[views]: saved views, name -> query (the query language of engine/querylang.py)."""
    rules: list[Rule] = field(default_factory=list)
    """[[rules]]: applied to new articles as they are stored."""
    warnings: list[str] = field(default_factory=list, compare=False)
    """One line per problem found in config.toml (file and line named); shown to the user."""

    @property
    def max_bytes(self) -> int:
        return int(self.max_body_mb * 1_000_000)

    @property
    def max_download_bytes(self) -> int:
        return int(self.max_download_mb * 1_000_000)


# setting -> (is the value usable, what a usable value is); settings not listed take any value
# of the right type.
_RANGES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "jobs": (lambda v: 1 <= v <= 256, "1 to 256"),
    "timeout": (lambda v: 0 < v <= 3600, "more than 0 and at most 3600 seconds"),
    "max_body_mb": (lambda v: 0 < v <= 10_000, "more than 0 and at most 10000"),
    "max_redirects": (lambda v: 0 <= v <= 50, "0 to 50"),
    "measure": (lambda v: 20 <= v <= 1000, "20 to 1000 cells"),
    "refresh_interval": (lambda v: 0 <= v <= 100_000, "0 (never) or more minutes"),
    "theme": (lambda v: bool(v.strip()), "a theme name"),
    "keep_days": (lambda v: 0 <= v <= 100_000, "0 (keep all) or more days"),
    "max_per_feed": (lambda v: 0 <= v <= 10_000_000, "0 (keep all) or more articles"),
    "sort": (lambda v: v in SORTS, ", ".join(SORTS)),
    "images": (lambda v: v in ("auto", "blocks", "off"), "auto, blocks or off"),
    "max_download_mb": (lambda v: 0 < v <= 1_000_000, "more than 0 and at most 1000000"),
}
# [table] -> the settings it holds (kept flat in Config; the table only groups them).
_TABLES: dict[str, tuple[str, ...]] = {
    "retention": ("keep_days", "max_per_feed"),
    "commands": ("pipe", "pipe_console", "save_dir"),
}
_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


def load_config(path: Path) -> Config:
    """Read `path`; a missing file means defaults."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already says "(at line N, column M)".
        raise ConfigError(f"{path}: {exc}") from None
    return config_from_dict(data, path, text)


def config_from_dict(
    data: dict[str, Any], path: Path | str = "config.toml", text: str = ""
) -> Config:
    """A Config from parsed TOML; `text` (the file itself) lets warnings name their line."""
    config = Config()
    in_tables = {name for names in _TABLES.values() for name in names}
    known = (
        {f.name for f in fields(Config)}
        - {"keys", "warnings", "sync", "views", "rules"}
        - in_tables
    )

    def warn(key: str, table: str | None, message: str) -> None:
        line = _line_of(text, key, table)
        where = f"{path}, line {line}" if line else str(path)
        config.warnings.append(f"{where}: {message}")

    for name, value in data.items():
        if name == "keys":
            _apply_keys(config, value, warn)
        elif name == "sync":
            config.sync = _sync_config(value, warn)
        elif name == "views":
            _apply_views(config, value, warn)
        elif name == "rules":
            _apply_rules(config, value, text, path)
        elif name in _TABLES:
            _apply_table(config, name, value, warn)
        elif name not in known:
            warn(name, None, f"unknown setting {name!r}; ignored")
        else:
            problem = _check(getattr(config, name), name, value)
            if problem:
                warn(name, None, f"{problem}; using the default {getattr(config, name)!r}")
            else:
                default = getattr(config, name)
                setattr(config, name, float(value) if isinstance(default, float) else value)
    return config


def _apply_table(
    config: Config, table: str, value: Any, warn: Callable[[str, str | None, str], None]
) -> None:
    """A table of settings ([retention], [commands]): each checked like a top-level one."""
    if not isinstance(value, dict):
        warn(table, None, f"[{table}] must be a table; using its defaults")
        return
    for name, item in value.items():
        if name not in _TABLES[table]:
            warn(name, table, f"[{table}] has unknown setting {name!r}; ignored")
            continue
        default = getattr(config, name)
        problem = _check(default, name, item)
        if problem:
            warn(name, table, f"[{table}] {problem}; using the default {default!r}")
        else:
            setattr(config, name, item)


def _check(default: Any, name: str, value: Any) -> str | None:
    """Why `value` cannot be used for setting `name`, or None when it can."""
    kind = type(default)
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if not ok:
        return f"{name} must be {_TYPE_NAMES[kind]}, not {value!r}"
    rule = _RANGES.get(name)
    if rule and not rule[0](value):
        return f"{name} = {value!r} is out of range ({rule[1]})"
    return None


def _apply_keys(config: Config, value: Any, warn: Callable[[str, str | None, str], None]) -> None:
    if not isinstance(value, dict):
        warn("keys", None, '[keys] must be a table of action = "key,key"; using the default keys')
        return
    chosen: list[str] = []  # actions the file rebinds, in file order
    for action, keys in value.items():
        if action not in DEFAULT_KEYS:
            warn(action, "keys", f"[keys] has unknown action {action!r}; ignored")
            continue
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.replace(",", "").strip():
            warn(action, "keys", f"[keys] {action} must be a key name or a list of them")
            continue
        config.keys[action] = keys.replace(" ", "")
        chosen.append(action)
    # A rebinding that clashes goes back to its default; the latest one first, so the
    # earlier line wins. Going back can clash again, hence the loop (at most once per action).
    while clash := _first_clash(config.keys, chosen):
        action, other, key = clash
        chosen.remove(action)
        config.keys[action] = DEFAULT_KEYS[action]
        warn(
            action,
            "keys",
            f"[keys] {action} and {other} are both bound to {key!r}; "
            f"{action} keeps its default ({DEFAULT_KEYS[action]})",
        )


_SYNC_KEYS = ("service", "url", "user", "password_cmd")


def _sync_config(value: Any, warn: Callable[[str, str | None, str], None]) -> SyncConfig | None:
    """[sync], or None (with a warning per problem) when it cannot be used: then nothing
    syncs and the cache works as without a service."""
    if not isinstance(value, dict):
        warn("sync", None, "[sync] must be a table (service, url, user, password_cmd); not syncing")
        return None
    ok = True
    for key in value:
        if key not in _SYNC_KEYS:
            warn(key, "sync", f"[sync] has unknown setting {key!r}; ignored")
    for key in _SYNC_KEYS:
        item = value.get(key, "greader" if key == "service" else None)
        if not isinstance(item, str) or not item.strip():
            warn(
                key if key in value else "sync",
                "sync" if key in value else None,
                f"[sync] {key} must be a non-empty string; not syncing",
            )
            ok = False
    if ok and value.get("service", "greader") != "greader":
        warn(
            "service",
            "sync",
            f"[sync] service {value['service']!r} is not known "
            '(only "greader": FreshRSS, Miniflux); not syncing',
        )
        ok = False
    if ok and not re.match(r"https?://[^/\s]+", value["url"], re.IGNORECASE):
        warn("url", "sync", f"[sync] url must be an http(s) URL, not {value['url']!r}; not syncing")
        ok = False
    if not ok:
        return None
    return SyncConfig(
        url=value["url"].strip(), user=value["user"], password_cmd=value["password_cmd"]
    )


def _apply_views(config: Config, value: Any, warn: Callable[[str, str | None, str], None]) -> None:
    if not isinstance(value, dict):
        warn("views", None, '[views] must be a table of name = "query"; ignored')
        return
    for name, query in value.items():
        problem = query_problem(query) if isinstance(query, str) else "the query must be a string"
        if problem:
            warn(name, "views", f"[views] {name}: {problem}; view left out")
        else:
            config.views[name] = query


def _apply_rules(config: Config, value: Any, text: str, path: Path | str) -> None:
    """[[rules]] tables of match = "query" and action; a bad one is left out, with a
    warning naming its line."""

    def warn(index: int, key: str, message: str) -> None:
        line = _rule_line(text, index, key)
        where = f"{path}, line {line}" if line else str(path)
        config.warnings.append(f"{where}: [[rules]] {index + 1}: {message}; rule left out")

    if not isinstance(value, list):
        warn(0, "rules", "write each rule as [[rules]] with match and action")
        return
    for index, rule in enumerate(value):
        if not isinstance(rule, dict) or not isinstance(rule.get("match"), str):
            warn(index, "match", 'needs match = "a query"')
            continue
        if problem := query_problem(rule["match"]):
            warn(index, "match", problem)
        elif problem := action_problem(rule.get("action")):
            warn(index, "action", problem)
        elif unknown := sorted(set(rule) - {"match", "action"}):
            warn(index, unknown[0], f"unknown key {unknown[0]!r}")
        else:
            config.rules.append(Rule(rule["match"], rule["action"].strip()))


def _rule_line(text: str, index: int, key: str) -> int | None:
    """The line of `key` in the `index`-th [[rules]] table (else of its header)."""
    seen, header = -1, None
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"\s*\[", line):
            if seen == index:
                break
            if re.match(r"\s*\[\[\s*rules\s*\]\]", line):
                seen += 1
                header = number if seen == index else header
            continue
        if seen == index and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return header


def _first_clash(keys: dict[str, str], chosen: list[str]) -> tuple[str, str, str] | None:
    """(a rebound action, the action it clashes with, the key), latest rebinding first; the
    action table says which actions share a scope."""
    for action in reversed(chosen):
        if clash := key_clash(keys, action):
            return action, *clash
    return None


def _line_of(text: str, key: str, table: str | None) -> int | None:
    """The 1-based line where `key` is set inside `[table]` (None: top level), if found."""
    current: str | None = None
    pattern = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header:
            current = header.group(1).strip("\"'")
            if key == current and table is None:
                return number
            continue
        if current == table and pattern.match(line):
            return number
    return None


def save_view(path: Path, name: str, query: str) -> None:
    """Add `name = "query"` under [views] in config.toml (creating the table or the file),
    keeping the rest of the file as written; ConfigError if it cannot be done."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc}); the view was not saved") from None
    # JSON strings are TOML basic strings: quotes, backslashes and control characters escaped.
    entry = f"{json.dumps(name, ensure_ascii=False)} = {json.dumps(query, ensure_ascii=False)}"
    lines = text.splitlines()
    header = next(
        (i for i, ln in enumerate(lines) if re.fullmatch(r"\s*\[\s*views\s*\]\s*(#.*)?", ln)),
        None,
    )
    if header is None:
        lines += ["", "[views]", entry] if lines else ["[views]", entry]
    else:
        lines.insert(header + 1, entry)
    new = "\n".join(lines) + "\n"
    try:
        saved = tomllib.loads(new).get("views", {}).get(name)
    except tomllib.TOMLDecodeError:
        saved = None
    if saved != query:
        raise ConfigError(f"{path}: could not add the view to [views]; add it by hand")
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(new, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot write ({exc.strerror}); the view was not saved"
        ) from None
