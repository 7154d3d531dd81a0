"""What every command shares: the one-line user error, stderr notes, the console, dates."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


class UserError(Exception):
    """Bad input on the command line, or nothing done that was asked: one line, exit 1."""


def say(message: str) -> None:
    """A note for the person at the terminal, on stderr (stdout stays for scripts)."""
    print(f"tui-reader: {message}", file=sys.stderr)


def console(stderr: bool = False) -> Console:
    """A Rich console that shows feed text as it is: no markup, highlighting or emoji."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, highlight=False, emoji=False)


def date(ts: int | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"
