"""Shared by the content and learning tests: the fixture content roots and a one-call sync."""
from __future__ import annotations

import shutil
from pathlib import Path

from training.content.loader import collect
from training.content.sync import sync
from training.extensions import db

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
HOSTILE = FIXTURES / "hostile"


def sync_root(root: Path):
    """Check and load a content root, commit, and return the SyncResult."""
    content = collect(root)
    assert content.ok, [str(p) for p in content.problems.errors]
    result = sync(content)
    db.session.commit()
    return result


def copy_root(source: Path, target: Path) -> Path:
    """A writable copy of a fixture root, to change files in a test."""
    shutil.copytree(source, target)
    return target
