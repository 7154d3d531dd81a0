"""The engine/library/CLI half of the gate: strict mypy and the import contracts, run by the
suite (the whole-tree gate replaces these once the UI half passes too)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = [
    "tui_reader/engine",
    "tui_reader/library.py",
    "tui_reader/cli",
    "tui_reader/config.py",
    "tui_reader/paths.py",
    "tui_reader/__init__.py",
]
CONTRACTS = """
[tool.importlinter]
root_package = "tui_reader"
include_external_packages = true

[[tool.importlinter.contracts]]
name = "The CLI over the library, over content, over the engine"
type = "layers"
layers = ["tui_reader.cli", "tui_reader.library", "tui_reader.content", "tui_reader.engine"]

[[tool.importlinter.contracts]]
name = "No Textual and no UI below the UI (the CLI starts the app by name only)"
type = "forbidden"
source_modules = ["tui_reader.engine", "tui_reader.content", "tui_reader.library", "tui_reader.cli"]
forbidden_modules = ["textual", "tui_reader.ui"]

[[tool.importlinter.contracts]]
name = "The engine imports no Rich"
type = "forbidden"
source_modules = ["tui_reader.engine", "tui_reader.library"]
forbidden_modules = ["rich"]

[[tool.importlinter.contracts]]
name = "No import circles in the engine or the CLI"
type = "acyclic_siblings"
ancestors = ["tui_reader.engine", "tui_reader.cli"]
"""


@pytest.mark.slow
def test_mypy_strict_is_clean_for_the_core() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-color-output", *CORE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_import_contracts_are_kept(tmp_path: Path) -> None:
    config = tmp_path / "contracts.toml"
    config.write_text(CONTRACTS)
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint), "--no-cache", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_headless_commands_load_no_textual(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from tui_reader.cli import main\n"
        f"main(['--data-dir', {str(tmp_path)!r}, '--offline', 'feeds'])\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = {m.split(".")[0] for m in json.loads(done.stdout.splitlines()[-1])}
    assert "textual" not in loaded
    assert "tui_reader" in loaded
