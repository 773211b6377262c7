"""Content roots with a courses/paths.yml: the valid fixture courses plus tests/content/fixtures/paths."""
from __future__ import annotations

from pathlib import Path

from tests.content.helpers import FIXTURES, VALID, copy_root

PATHS_YML = (FIXTURES / "paths" / "paths.yml").read_text(encoding="utf-8")


def paths_root(target: Path, text: str = PATHS_YML) -> Path:
    """A copy of the valid fixture with `text` as its courses/paths.yml."""
    root = copy_root(VALID, target)
    (root / "courses" / "paths.yml").write_text(text, encoding="utf-8")
    return root
