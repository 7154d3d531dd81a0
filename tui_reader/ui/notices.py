"""One way to call the library from the UI: a cache that fails is a notice, not a crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from textual.dom import DOMNode

from tui_reader.engine.errors import StoreError

P = ParamSpec("P")
T = TypeVar("T")


class Failed:
    """What `ask` returns when the cache failed; the user has been told why."""

    __slots__ = ()


FAILED = Failed()


def ask(node: DOMNode, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failed:
    """`call(*args, **kwargs)`; a StoreError becomes an error notification (one line, the
    store's own words) and FAILED, so a caller stops with one `isinstance` check."""
    try:
        return call(*args, **kwargs)
    except StoreError as exc:
        show_error(node, str(exc))
        return FAILED


def show_error(node: DOMNode, message: str) -> None:
    """An error notification; the message is data (it may quote a path), never markup."""
    node.app.notify(message, severity="error", markup=False)
