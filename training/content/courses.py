"""`courses/<course-id>/course.yml` and the lesson files it lists."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from training.content import yamlfile
from training.content.lessons import LANGS, LessonFile, parse_lesson
from training.content.problems import Problems

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ENTRY_RE = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)$")
FILE_RE = re.compile(r"^(\d{2}-[a-z0-9][a-z0-9-]*)\.([a-z]{2})\.md$")
COURSE_KEYS = {"id", "order", "hours", "title", "summary", "prerequisites", "quiz", "certificate", "lessons"}
LANGUAGE_NAMES = {"en": "English", "az": "Azerbaijani", "ru": "Russian"}


@dataclass
class LessonEntry:
    entry: str  # "01-two-pillars"
    slug: str  # "two-pillars"
    position: int
    line: int  # in course.yml
    files: dict[str, LessonFile] = field(default_factory=dict)

    @property
    def english(self) -> LessonFile | None:
        return self.files.get("en")


@dataclass
class CourseFile:
    path: Path  # course.yml
    id: str
    raw: bytes
    position: int = 0
    hours: float = 0
    title: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    prerequisites: list[str] = field(default_factory=list)
    prerequisites_line: int = 1
    quiz: str | None = None
    quiz_line: int = 1
    min_quiz_score: int | None = None
    min_attendance: int | None = None
    lessons: list[LessonEntry] = field(default_factory=list)

    @property
    def hash(self) -> str:
        """Of course.yml and every lesson file, so a changed lesson changes its course too."""
        digest = hashlib.sha256(self.raw)
        for entry in self.lessons:
            for lang in LANGS:
                if lang in entry.files:
                    digest.update(f"\0{entry.entry}.{lang}\0".encode() + entry.files[lang].raw)
        return digest.hexdigest()


def texts_per_language(data: dict, key: str, path: Path, problems: Problems, required: bool = True) -> dict:
    """A {en, az, ru} mapping of non-empty texts; problems for what is missing or unknown."""
    value = data.get(key)
    line = data.line_of(key)
    if value is None:
        if required:
            problems.error(path, data.line, f"'{key}' is required: a text in each of en, az and ru")
        return {}
    if not isinstance(value, dict):
        problems.error(path, line, f"'{key}' must be a mapping {{en: ..., az: ..., ru: ...}}")
        return {}
    result = {}
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.error(path, value.line_of(lang) if lang in value else line,
                           f"'{key}' has no {LANGUAGE_NAMES[lang]} ({lang}) text")
        else:
            result[lang] = " ".join(text.split())
    for lang in value:
        if lang not in LANGS:
            problems.error(path, value.line_of(lang), f"'{key}' has an unknown language '{lang}'")
    return result


def parse_course(folder: Path, root: Path, problems: Problems) -> CourseFile | None:
    path = folder / "course.yml"
    if not path.is_file():
        problems.error(folder / "course.yml", 1, "the course folder has no course.yml")
        return None
    raw = path.read_bytes()
    try:
        data, error = yamlfile.load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.error(path, 1, "the file is not valid UTF-8")
        return None
    if error:
        problems.error(path, *error)
        return None
    if not isinstance(data, dict):
        problems.error(path, 1, "course.yml must be a mapping (id, order, hours, title, ...)")
        return None
    course = CourseFile(path=path, id=folder.name, raw=raw)
    _header(course, data, folder, root, problems)
    _lessons(course, data, folder, problems)
    for key in data:
        if key not in COURSE_KEYS:
            problems.warn(path, data.line_of(key), f"unknown key '{key}'")
    return course


def _number(data, key, path, problems, kind=int, low=None, high=None, required=True):
    value = data.get(key)
    if value is None:
        if required:
            problems.error(path, data.line, f"'{key}' is required")
        return None
    ok = not isinstance(value, bool) and isinstance(value, (int, float) if kind is float else int)
    if not ok or (low is not None and value < low) or (high is not None and value > high):
        what = "a number" if kind is float else "a whole number"
        limits = f" from {low} to {high}" if high is not None else (f" of at least {low}" if low is not None else "")
        problems.error(path, data.line_of(key), f"'{key}' must be {what}{limits}")
        return None
    return value


def _header(course: CourseFile, data: dict, folder: Path, root: Path, problems: Problems) -> None:
    path = course.path
    course_id = data.get("id")
    if not isinstance(course_id, str) or not ID_RE.match(course_id):
        problems.error(path, data.line_of("id"), "'id' is required: lower-case letters, digits and hyphens")
    elif course_id != folder.name:
        problems.error(path, data.line_of("id"), f"'id' is '{course_id}' but the folder is '{folder.name}'")
    course.position = _number(data, "order", path, problems) or 0
    course.hours = _number(data, "hours", path, problems, kind=float, low=0.1) or 0
    course.title = texts_per_language(data, "title", path, problems)
    course.summary = texts_per_language(data, "summary", path, problems)
    prerequisites = data.get("prerequisites") or []
    course.prerequisites_line = data.line_of("prerequisites")
    if not isinstance(prerequisites, list) or not all(isinstance(p, str) and ID_RE.match(p) for p in prerequisites):
        problems.error(path, course.prerequisites_line, "'prerequisites' must be a list of course ids")
    elif course.id in prerequisites:
        problems.error(path, course.prerequisites_line, "a course cannot be its own prerequisite")
    else:
        course.prerequisites = list(dict.fromkeys(prerequisites))
    quiz = data.get("quiz")
    course.quiz_line = data.line_of("quiz")
    if quiz is not None:
        if not isinstance(quiz, str) or not ID_RE.match(quiz):
            problems.error(path, course.quiz_line, "'quiz' must be a quiz id (quizzes/<id>.yml)")
        else:
            course.quiz = quiz
            if not (root / "quizzes" / f"{quiz}.yml").is_file():
                problems.warn(path, course.quiz_line, f"the quiz file quizzes/{quiz}.yml does not exist yet")
    certificate = data.get("certificate")
    if certificate is not None:
        if not isinstance(certificate, dict):
            problems.error(path, data.line_of("certificate"),
                           "'certificate' must be a mapping with min_quiz_score and min_attendance")
        else:
            course.min_quiz_score = _number(certificate, "min_quiz_score", path, problems, low=0, high=100,
                                            required=False)
            course.min_attendance = _number(certificate, "min_attendance", path, problems, low=0, high=100,
                                            required=False)
            for key in certificate:
                if key not in ("min_quiz_score", "min_attendance"):
                    problems.warn(path, certificate.line_of(key), f"unknown certificate rule '{key}'")


def _lessons(course: CourseFile, data: dict, folder: Path, problems: Problems) -> None:
    path = course.path
    entries = data.get("lessons")
    if not isinstance(entries, list) or not entries:
        problems.error(path, data.line_of("lessons"), "'lessons' is required: the lesson files in order")
        return
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = entries.line_of(index)
        match = ENTRY_RE.match(entry) if isinstance(entry, str) else None
        if not match:
            problems.error(path, line, f"lesson entry '{entry}' must look like 01-lesson-id")
            continue
        if int(match.group(1)) != index + 1:
            problems.error(path, line, f"lesson entry '{entry}' is number {index + 1} in the list: "
                           f"expected the prefix {index + 1:02d}-")
        slug = match.group(2)
        if slug in seen:
            problems.error(path, line, f"the lesson id '{slug}' is listed twice (also on line {seen[slug]})")
            continue
        seen[slug] = line
        lesson = LessonEntry(entry=entry, slug=slug, position=index + 1, line=line)
        for lang in LANGS:
            file = folder / f"{entry}.{lang}.md"
            if file.is_file():
                parsed = parse_lesson(file, lang, problems)
                if parsed is not None:
                    lesson.files[lang] = parsed
            elif lang == "en":
                problems.error(path, line, f"the lesson file {entry}.en.md does not exist")
            else:
                problems.warn(path, line, f"no {LANGUAGE_NAMES[lang]} translation: {entry}.{lang}.md is missing")
        _same_anchors(lesson, problems)
        course.lessons.append(lesson)
    listed = {e for e in entries if isinstance(e, str)}
    for file in sorted(folder.glob("*.md")):
        match = FILE_RE.match(file.name)
        if not match:
            problems.error(file, 1, "a lesson file must be named <NN>-<lesson-id>.<lang>.md")
        elif match.group(2) not in LANGS:
            problems.error(file, 1, f"unknown language '{match.group(2)}': use en, az or ru")
        elif match.group(1) not in listed:
            problems.warn(file, 1, "this lesson file is not listed in course.yml")


def _same_anchors(lesson: LessonEntry, problems: Problems) -> None:
    """Every language of a lesson carries the same section anchors as the English file."""
    english = lesson.english
    if english is None:
        return
    for lang, file in lesson.files.items():
        if lang == "en":
            continue
        for anchor, line in file.anchors.items():
            if anchor not in english.anchors:
                problems.error(file.path, line, f"the anchor '{anchor}' is not in the English file")
        missing = [a for a in english.anchors if a not in file.anchors]
        if missing:
            problems.error(file.path, file.body_line,
                           "anchors of the English file missing here: " + ", ".join(missing))
