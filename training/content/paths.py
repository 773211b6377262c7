"""`courses/paths.yml`: the learning paths (ordered routes through the courses for an audience).

Parsed by `collect`, checked against the courses (CHECKS), loaded by `sync` in the same transaction.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from training.content import yamlfile
from training.content.courses import ID_RE, texts_per_language
from training.content.problems import Problems
from training.db import now_utc
from training.extensions import db
from training.learning.path_models import LearningPath, PathCourse

if TYPE_CHECKING:
    from training.content.loader import Content

PATH_KEYS = ("id", "title", "summary", "audience", "courses")


@dataclass
class PathFile:
    id: str
    path: Path  # paths.yml
    line: int
    position: int
    title: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    audience: dict = field(default_factory=dict)
    courses: list[str] = field(default_factory=list)
    course_lines: list[int] = field(default_factory=list)

    @property
    def hash(self) -> str:
        data = {"position": self.position, "title": self.title, "summary": self.summary,
                "audience": self.audience, "courses": self.courses}
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def parse_paths(path: Path, problems: Problems) -> dict[str, PathFile] | None:
    """{path id: PathFile}; None when there is no paths.yml (paths are optional)."""
    if not path.is_file():
        return None
    try:
        data, error = yamlfile.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.error(path, 1, "the file is not valid UTF-8")
        return {}
    if error:
        problems.error(path, *error)
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("paths"), list):
        problems.error(path, 1, "the file must hold a list under 'paths:'")
        return {}
    items = data["paths"]
    result: dict[str, PathFile] = {}
    for index, item in enumerate(items):
        line = items.line_of(index)
        if not isinstance(item, dict):
            problems.error(path, line,
                           "a path must be a mapping with id, title, summary, audience and courses")
            continue
        path_id = item.get("id")
        if not isinstance(path_id, str) or not ID_RE.match(path_id):
            problems.error(path, item.line_of("id"),
                           "'id' is required: lower-case letters, digits and hyphens")
            continue
        if path_id in result:
            problems.error(path, item.line_of("id"),
                           f"the path id '{path_id}' is used twice (also on line {result[path_id].line})")
            continue
        entry = PathFile(path_id, path, line, index + 1)
        entry.title = texts_per_language(item, "title", path, problems)
        entry.summary = texts_per_language(item, "summary", path, problems)
        entry.audience = texts_per_language(item, "audience", path, problems)
        _courses(entry, item, problems)
        for key in item:
            if key not in PATH_KEYS:
                problems.warn(path, item.line_of(key), f"unknown key '{key}'")
        result[path_id] = entry
    for key in data:
        if key != "paths":
            problems.warn(path, data.line_of(key), f"unknown key '{key}'")
    return result


def _courses(entry: PathFile, item: dict, problems: Problems) -> None:
    courses = item.get("courses")
    if not isinstance(courses, list) or not courses:
        problems.error(entry.path, item.line_of("courses"), "'courses' is required: the course ids in order")
        return
    seen: dict[str, int] = {}
    for index, course_id in enumerate(courses):
        line = courses.line_of(index)
        if not isinstance(course_id, str) or not ID_RE.match(course_id):
            problems.error(entry.path, line, f"'{course_id}' is not a course id")
        elif course_id in seen:
            problems.error(entry.path, line,
                           f"the course '{course_id}' is listed twice (also on line {seen[course_id]})")
        else:
            seen[course_id] = line
            entry.courses.append(course_id)
            entry.course_lines.append(line)


def check_paths(content: Content) -> None:
    """Every course of a path exists; a course's prerequisites are in the path, and before it."""
    problems = content.problems
    for entry in (content.paths or {}).values():
        for position, (course_id, line) in enumerate(zip(entry.courses, entry.course_lines)):
            course = content.courses.get(course_id)
            if course is None:
                problems.error(entry.path, line, f"the course '{course_id}' of the path '{entry.id}' "
                               "is not a course (no courses/<id>/course.yml)")
                continue
            for prerequisite in course.prerequisites:
                needs = f"the course '{course_id}' requires '{prerequisite}'"
                if prerequisite not in entry.courses:
                    problems.error(entry.path, line, f"{needs}, which is not in the path '{entry.id}'")
                elif entry.courses.index(prerequisite) > position:
                    problems.warn(entry.path, line, f"{needs}, which comes later in the path")


def sync_paths(content: Content, result) -> None:
    """Upsert the paths, rewrite the courses of a changed path, retire paths no longer listed."""
    files = content.paths or {}
    if content.paths is not None:
        result.counts["paths"] = len(files)
    existing = {p.id: p for p in db.session.scalars(sa.select(LearningPath))}
    for entry in files.values():
        path = existing.get(entry.id)
        digest = entry.hash
        if path is not None and path.content_hash == digest and not path.retired:
            continue
        if path is None:
            path = LearningPath(id=entry.id, version=1)
            db.session.add(path)
        else:
            path.version += 1
        path.position, path.title, path.summary, path.audience = (
            entry.position, entry.title, entry.summary, entry.audience)
        path.content_hash, path.retired, path.updated_at = digest, False, now_utc()
        db.session.flush()
        db.session.execute(sa.delete(PathCourse).where(PathCourse.path_id == entry.id))
        db.session.add_all([PathCourse(path_id=entry.id, course_id=course_id, position=index + 1)
                            for index, course_id in enumerate(entry.courses)])
        result.changed.append(f"path {entry.id} v{path.version}")
    for path in existing.values():
        if path.id not in files and not path.retired:
            path.retired = True
            path.updated_at = now_utc()
            result.changed.append(f"path {path.id} retired")
    db.session.flush()
