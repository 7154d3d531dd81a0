"""config.toml's [retention], [commands] and `sort`: good values taken, bad ones a warning
naming the line, with the default kept."""

from __future__ import annotations

from pathlib import Path

from tui_reader.config import load_config


def test_organise_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'sort = "title"\n[retention]\nkeep_days = 30\nmax_per_feed = 200\n'
        '[commands]\npipe = "less {file}"\nsave_dir = "~/Articles"\n'
    )
    config = load_config(path)
    assert config.warnings == []
    assert (config.sort, config.keep_days, config.max_per_feed) == ("title", 30, 200)
    assert (config.pipe, config.save_dir) == ("less {file}", "~/Articles")


def test_bad_organise_settings_warn_by_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'sort = "random"\n[retention]\nkeep_days = "a month"\nkeep_forever = true\n'
        "[commands]\npipe = 3\n"
    )
    config = load_config(path)
    text = "\n".join(config.warnings)
    assert "line 1: sort = 'random' is out of range (newest, oldest, feed, title" in text
    assert "line 3: [retention] keep_days must be a whole number" in text
    assert "line 4: [retention] has unknown setting 'keep_forever'" in text
    assert "line 6: [commands] pipe must be a string" in text
    assert (config.sort, config.keep_days, config.pipe) == ("newest", 0, "")
