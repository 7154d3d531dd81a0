"""feeds/ and styles/ must be found from an installed wheel, not only from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        cwd=out,
    )
    (found,) = out.glob("tui_reader-*.whl")
    return found


def test_wheel_carries_feeds_and_styles(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "tui_reader/_data/feeds/demo.opml" in names
    assert "tui_reader/_data/styles/app.tcss" in names


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "TUI_READER_HOME": str(tmp_path / "home")}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tui_reader.paths as p; print(p.bundled_feeds_dir()); print(p.styles_dir())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    feeds_dir, styles = probe.stdout.split()
    assert feeds_dir.startswith(str(target)) and styles.startswith(str(target))
    unread = subprocess.run(
        [sys.executable, "-m", "tui_reader", "unread"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unread.returncode == 0, unread.stderr
    assert "Foreign Minister Supports ASEAN Efforts" in unread.stdout


def test_wheel_has_one_version_and_ships_the_license(wheel: Path) -> None:
    from tui_reader import __version__

    assert wheel.name.startswith(f"tui_reader-{__version__}-")
    names = zipfile.ZipFile(wheel).namelist()
    licenses = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert licenses, names
    text = zipfile.ZipFile(wheel).read(licenses[0]).decode()
    assert "MIT License" in text and "Copyright (c) 2026 the tui-reader authors" in text
