"""A feed's own settings, as `feed set KEY=VALUE…` and the app's dialog give them: checked
here (one line for a person on a bad key or value), stored by feeds.update_feed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from tui_reader.engine.models import FULL_TEXT_MODES
from tui_reader.engine.tags import check_tags

KEYS = ("title", "folder", "hide", "interval", "full_text", "tags")
MIN_INTERVAL = 60  # seconds: a minute; anything shorter only hammers the server
MAX_INTERVAL = 30 * 86400  # a month
_INTERVAL = re.compile(r"(\d{1,6})\s*([smhd]?)", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}  # a bare number is minutes
_YES = {"yes": True, "true": True, "on": True, "1": True}
_NO = {"no": False, "false": False, "off": False, "0": False}


@dataclass(slots=True)
class FeedChanges:
    """What to change; a field left None is kept. `folder=""` takes it out of its folder,
    `interval=0` goes back to the global interval."""

    title: str | None = None
    folder: str | None = None
    hide_from_all: bool | None = None
    interval: int | None = None
    full_text: str | None = None
    tags: list[str] | None = field(default=None)

    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def parse_interval(text: str) -> int:
    """`30m`, `2h`, `1d`, `90s` (a bare number: minutes) as seconds; `default` (or empty):
    0, the global interval. ValueError (one line) otherwise."""
    value = text.strip().lower()
    if value in ("", "default", "global", "none"):
        return 0
    m = _INTERVAL.fullmatch(value)
    if not m:
        raise ValueError(f"interval “{text}” is not like 30m, 2h, 1d or default")
    seconds = int(m.group(1)) * _UNITS[m.group(2).lower()]
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:
        raise ValueError(f"interval “{text}” is outside 1m … 30d")
    return seconds


def interval_text(seconds: int | None) -> str:
    """The shortest way to write an interval back: 90m stays 90m, 120m is 2h."""
    if not seconds:
        return "default"
    for unit, scale in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % scale == 0:
            return f"{seconds // scale}{unit}"
    return f"{seconds}s"


def parse_yes_no(key: str, text: str) -> bool:
    word = text.strip().lower()
    if word in _YES or word in _NO:
        return _YES.get(word, False)
    raise ValueError(f"{key}={text}: say yes or no")


def parse_changes(pairs: list[str]) -> FeedChanges:
    """`KEY=VALUE` words as changes; ValueError naming the first bad one."""
    changes = FeedChanges()
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep:
            raise ValueError(f"“{pair}” is not KEY=VALUE (keys: {', '.join(KEYS)})")
        set_one(changes, key, value)
    return changes


def set_one(changes: FeedChanges, key: str, value: str) -> None:
    """One KEY=VALUE into `changes`, checked."""
    if key == "title":
        changes.title = " ".join(value.split())
    elif key == "folder":
        parts = [" ".join(p.split()) for p in value.split("/")]
        changes.folder = "/".join(p for p in parts if p)
    elif key == "hide":
        changes.hide_from_all = parse_yes_no(key, value)
    elif key == "interval":
        changes.interval = parse_interval(value)
    elif key == "full_text":
        mode = value.strip().lower()
        if mode not in FULL_TEXT_MODES:
            raise ValueError(f"full_text={value}: say {', '.join(FULL_TEXT_MODES)}")
        changes.full_text = mode
    elif key == "tags":
        changes.tags = check_tags(t for t in value.split(",") if t.strip())
    else:
        raise ValueError(f"unknown setting “{key}” (keys: {', '.join(KEYS)})")
