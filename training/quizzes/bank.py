"""Reading and checking question banks (quizzes/<quiz>.yml): problems come as `path:line: message`."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from training.quizzes import bank_yaml
from training.quizzes.bank_questions import QuestionChecker
from training.quizzes.bank_yaml import LineDict, LineList

LANGS = ("en", "az", "ru")
ID_RE = re.compile(r"^[a-z0-9-]{1,64}$")
GRADING = ("highest", "last", "first", "average")
REVIEW = ("score", "correctness", "feedback")
SETTINGS_DEFAULTS = {
    "pass_mark": 70, "time_limit": None, "max_attempts": None, "minutes_between_attempts": 0,
    "grading": "highest", "draw": {}, "shuffle_questions": False, "shuffle_options": True,
    "review": "feedback",
}
TOP_KEYS = {"id", "course", "title", "description", "settings", "topics", "questions"}


@dataclass
class Problem:
    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass
class Bank:
    """A checked bank, as plain data ready for the database."""
    id: str
    course: str
    title: dict
    description: dict | None
    settings: dict
    topics: list
    questions: list  # plain question dicts, in file order
    path: str = ""
    content_hash: str = ""
    problems: list = field(default_factory=list)


def content_hash(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class Reporter:
    """Collects problems for one file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, warning=True))

    @property
    def failed(self) -> bool:
        return any(not p.warning for p in self.problems)

    def lang_map(self, parent: LineDict, key: str, where: str, required: bool = True) -> dict | None:
        value = parent.get(key)
        line = parent.line_of(key)
        if value is None:
            if required:
                self.error(parent.line, f"{where}: `{key}` is missing (a map {{en: ..., az: ..., ru: ...}})")
            return None
        if not isinstance(value, dict):
            self.error(line, f"{where}: `{key}` must be a map {{en: ..., az: ..., ru: ...}}")
            return None
        result = {}
        for lang, text in value.items():
            if lang not in LANGS:
                self.error(value.line_of(lang), f"{where}: `{key}` has an unknown language `{lang}` (en, az, ru)")
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
                self.error(value.line_of(lang), f"{where}: `{key}.{lang}` must be non-empty text")
            else:
                result[lang] = str(text).strip()
        if not result and not any(lang not in LANGS for lang in value):
            self.error(line, f"{where}: `{key}` needs at least one language")
        missing = [lang for lang in LANGS if lang not in value]
        if result and missing:
            self.warn(line, f"{where}: `{key}` has no {', '.join(missing)} translation")
        return result or None

    def unknown_keys(self, mapping: LineDict, allowed: set, where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(mapping.line_of(key), f"{where}: unknown key `{key}`")


def read_bank(path: Path, display: str | None = None, anchors: set | None = None,
              courses: set | None = None) -> tuple[Bank | None, list[Problem]]:
    """Parse and check one bank file; the Bank is None when there is any error."""
    rep = Reporter(display or str(path))
    try:
        data = bank_yaml.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        rep.error(1, "the file is not UTF-8")
        return None, rep.problems
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        rep.error(mark.line + 1 if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}")
        return None, rep.problems
    bank = check_bank_data(data, rep, expected_id=path.stem, anchors=anchors, courses=courses)
    if bank:
        bank.path = rep.path
    return bank, rep.problems


def check_bank_data(data, rep: Reporter, expected_id: str | None = None, anchors: set | None = None,
                    courses: set | None = None) -> Bank | None:
    if not isinstance(data, LineDict):
        rep.error(1, "a bank must be a mapping with id, course, title, settings, topics, questions")
        return None
    rep.unknown_keys(data, TOP_KEYS, "bank")
    quiz_id = data.get("id")
    if not isinstance(quiz_id, str) or not ID_RE.match(quiz_id):
        rep.error(data.line_of("id"), "`id` must be an id ([a-z0-9-]+)")
    elif expected_id is not None and quiz_id != expected_id:
        rep.error(data.line_of("id"), f"`id` is `{quiz_id}` but the file is named `{expected_id}.yml`")
    course = data.get("course")
    if not isinstance(course, str) or not ID_RE.match(course):
        rep.error(data.line_of("course"), "`course` must be a course id")
    elif courses is not None and course not in courses:
        rep.error(data.line_of("course"), f"`course`: there is no course `{course}`")
    title = rep.lang_map(data, "title", "bank")
    description = rep.lang_map(data, "description", "bank", required=False)
    topics = _topics(data, rep)
    questions = QuestionChecker(rep, {t["id"] for t in topics}, course if isinstance(course, str) else "",
                                anchors).questions(data)
    settings = _settings(data, rep, topics, questions)
    if rep.failed:
        return None
    bank = Bank(id=quiz_id, course=course, title=title, description=description, settings=settings,
                topics=topics, questions=questions, problems=rep.problems)
    bank.content_hash = content_hash([quiz_id, course, title, description, settings, topics, questions])
    return bank


def _topics(data: LineDict, rep: Reporter) -> list[dict]:
    raw = data.get("topics")
    if not isinstance(raw, LineList) or not raw:
        rep.error(data.line_of("topics"), "`topics` must be a list with at least one topic")
        return []
    topics, seen = [], set()
    for index, topic in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(topic, LineDict):
            rep.error(line, "a topic must be a mapping with `id` and `title`")
            continue
        rep.unknown_keys(topic, {"id", "title"}, "topic")
        tid = topic.get("id")
        if not isinstance(tid, str) or not ID_RE.match(tid):
            rep.error(line, "topic `id` must be an id ([a-z0-9-]+)")
            continue
        if tid in seen:
            rep.error(line, f"topic `{tid}` appears twice")
        seen.add(tid)
        topics.append({"id": tid, "title": rep.lang_map(topic, "title", f"topic `{tid}`") or {}})
    return topics


def _settings(data: LineDict, rep: Reporter, topics: list, questions: list) -> dict:
    raw = data.get("settings") or LineDict()
    if not isinstance(raw, LineDict):
        rep.error(data.line_of("settings"), "`settings` must be a mapping")
        return dict(SETTINGS_DEFAULTS)
    rep.unknown_keys(raw, set(SETTINGS_DEFAULTS), "settings")
    result = dict(SETTINGS_DEFAULTS)
    result.update({k: bank_yaml.plain(v) for k, v in raw.items() if k in SETTINGS_DEFAULTS})

    def integer(key, low, high=None, optional=False):
        value = result[key]
        if value is None and optional:
            return
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
            rng = f"{low}-{high}" if high is not None else f"at least {low}"
            rep.error(raw.line_of(key), f"settings: `{key}` must be a whole number ({rng})"
                      + (" or null" if optional else ""))

    integer("pass_mark", 0, 100)
    integer("time_limit", 1, optional=True)
    integer("max_attempts", 1, optional=True)
    integer("minutes_between_attempts", 0)
    for key, allowed in (("grading", GRADING), ("review", REVIEW)):
        if result[key] not in allowed:
            rep.error(raw.line_of(key), f"settings: `{key}` must be one of {' | '.join(allowed)}")
    for key in ("shuffle_questions", "shuffle_options"):
        if not isinstance(result[key], bool):
            rep.error(raw.line_of(key), f"settings: `{key}` must be true or false")
    draw = raw.get("draw")
    if draw is not None and not isinstance(draw, LineDict):
        rep.error(raw.line_of("draw"), "settings: `draw` must be a mapping {topic: number}")
        result["draw"] = {}
    elif draw:
        sizes = {t["id"]: 0 for t in topics}
        for q in questions:
            if q.get("topic") in sizes:
                sizes[q["topic"]] += 1
        for topic, n in draw.items():
            line = draw.line_of(topic)
            if topic not in sizes:
                rep.error(line, f"settings: `draw` names an unknown topic `{topic}`")
            elif not isinstance(n, int) or isinstance(n, bool) or n < 1:
                rep.error(line, f"settings: `draw.{topic}` must be a whole number of at least 1")
            elif n > sizes[topic]:
                rep.error(line, f"settings: `draw.{topic}` is {n} but the topic has {sizes[topic]} questions")
    return result
