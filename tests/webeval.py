"""Where the shared webeval texts are, for tests that read them when they are present."""

from __future__ import annotations

from pathlib import Path

import pytest


def webeval_text_dir() -> Path | None:
    """``shared/data/webeval/text`` beside the repository (or beside a worktrees' folder)."""
    for parent in Path(__file__).resolve().parents:
        folder = parent / "shared" / "data" / "webeval" / "text"
        if folder.is_dir():
            return folder
    return None


def webeval_pages() -> list[Path]:
    """The webeval text files in order; skips the calling test when they are absent."""
    folder = webeval_text_dir()
    if folder is None:
        pytest.skip("shared/data/webeval not found beside the repository")
    return sorted(folder.glob("*.txt"))
