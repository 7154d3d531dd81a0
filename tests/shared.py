"""Where `../shared` is: beside the checkout (or $TUI_READER_SHARED), never a fixed path.

Tests that read it skip when it is absent on a developer's machine; under CI (`CI` set) its
absence stops the run at once (tests/conftest.py), so no test skips quietly there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TUI_READER_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "asean-story.txt"
EXTRACTION = SHARED / "extraction"


def needs(path: Path) -> pytest.MarkDecorator:
    """Skip a test when a part of ../shared is missing (CI never gets this far without it)."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not beside the checkout")
