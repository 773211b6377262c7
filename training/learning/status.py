"""Translation status per course, lesson and language: complete, missing or stale."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from training.extensions import db
from training.learning.models import Course, Lesson, LessonText
from training.learning.service import active_courses

TRANSLATED = ("az", "ru")


@dataclass
class LessonStatus:
    lesson: Lesson
    title: str
    states: dict[str, str]  # lang -> complete | missing | stale


@dataclass
class CourseStatus:
    course: Course
    lessons: list[LessonStatus] = field(default_factory=list)

    def count(self, lang: str) -> Counter:
        return Counter(item.states[lang] for item in self.lessons)


def translation_status() -> list[CourseStatus]:
    """Three queries: courses, lessons, and the hashes of every text."""
    courses = active_courses()
    lessons = list(db.session.scalars(
        sa.select(Lesson).where(Lesson.retired.is_(False)).order_by(Lesson.course_id, Lesson.position)))
    texts: dict[int, dict[str, tuple]] = {}
    for lesson_id, lang, title, content_hash, source_hash in db.session.execute(
            sa.select(LessonText.lesson_id, LessonText.lang, LessonText.title,
                      LessonText.content_hash, LessonText.source_hash)):
        texts.setdefault(lesson_id, {})[lang] = (title, content_hash, source_hash)
    by_course = {c.id: CourseStatus(c) for c in courses}
    for lesson in lessons:
        if lesson.course_id not in by_course:
            continue
        mine = texts.get(lesson.id, {})
        english = mine.get("en")
        states = {}
        for lang in TRANSLATED:
            if lang not in mine:
                states[lang] = "missing"
            elif english is None or mine[lang][2] != english[1]:
                states[lang] = "stale"
            else:
                states[lang] = "complete"
        title = english[0] if english else lesson.slug
        by_course[lesson.course_id].lessons.append(LessonStatus(lesson, title, states))
    return list(by_course.values())
