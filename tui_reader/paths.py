"""Where tui-reader keeps things: user dirs via platformdirs, or one folder for portable use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "tui-reader"
HOME_ENV = "TUI_READER_HOME"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / "cache.db"

    @property
    def config_path(self) -> Path:
        return self.config_dir / "config.toml"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.config_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """`--data-dir`, else $TUI_READER_HOME, else the platform's user dirs (XDG on Linux)."""
    home = data_dir or os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(root, root, root / "cache")
    import platformdirs  # lazy: only needed when no folder was given

    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def _resource_dir(name: str) -> Path:
    """A top-level folder of the checkout, or its copy inside the installed wheel."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def bundled_feeds_dir() -> Path:
    return _resource_dir("feeds")


def styles_dir() -> Path:
    return _resource_dir("styles")
