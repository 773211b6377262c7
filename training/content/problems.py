"""Problems found in content files, reported as `path:line: message`."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content root, with forward slashes
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Problems:
    """What a check collects; parsers add to it and carry on, so one run reports everything."""
    root: Path
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.rel(path), line or 1, message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.rel(path), line or 1, message, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.warning, p.message))
