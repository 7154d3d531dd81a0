"""The gate: type checking, the import contract and import hygiene, run by the suite so that
`.ci/run` enforces them (the tools are in the `test` extra)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-color-output"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_contracts_are_kept() -> None:
    done = subprocess.run(
        [_tool("lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _modules_after(code: str) -> set[str]:
    """The modules loaded by a fresh interpreter after running `code`.

    httpx imports its own command line (click, then rich) whenever click is installed; the
    test tools bring click, a user's install does not. Hiding it makes this interpreter load
    what a user's would."""
    hide_click = "import sys\nsys.modules['click'] = None\n"
    script = hide_click + code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_engine_loads_neither_textual_nor_rich() -> None:
    engine = sorted(
        f"tui_reader.engine.{p.stem}"
        for p in (ROOT / "tui_reader" / "engine").glob("*.py")
        if p.stem != "__init__"
    )
    loaded = _roots(_modules_after("\n".join(f"import {m}" for m in engine)))
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_content_loads_no_textual() -> None:
    content = sorted(
        f"tui_reader.content.{p.stem}"
        for p in (ROOT / "tui_reader" / "content").glob("*.py")
        if p.stem != "__init__"
    )
    loaded = _roots(_modules_after("\n".join(f"import {m}" for m in content)))
    assert "textual" not in loaded


def test_cli_commands_load_no_textual() -> None:
    # A headless command must not pay for (or depend on) the UI toolkit.
    loaded = _roots(
        _modules_after(
            "import os, tempfile\n"
            "from tui_reader.main import main\n"
            "os.environ['TUI_READER_HOME'] = tempfile.mkdtemp()\n"
            "main(['--offline', 'feeds'])\n"
        )
    )
    assert "textual" not in loaded
