"""Courses and lessons for a reader: who may read what, progress, locking, marking lessons read.

No request objects here: the user and the language are arguments. Functions flush, the view commits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from training.accounts.models import User, cohort_trainees
from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.models import CohortCourse, Course, GlossaryTerm, Lesson, LessonProgress, LessonText
from training.learning.signals import lesson_read


def localized(texts: dict | None, lang: str) -> str:
    """The text in `lang`, else English, else any."""
    texts = texts or {}
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@dataclass
class Progress:
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


@dataclass
class CourseCard:
    course: Course
    enrolled: bool
    progress: Progress
    missing_prerequisites: list[Course] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return bool(self.missing_prerequisites)


# ----- look-ups --------------------------------------------------------------------------

def active_courses() -> list[Course]:
    return list(db.session.scalars(
        sa.select(Course).where(Course.retired.is_(False)).order_by(Course.position, Course.id)))


def get_course(course_id: str) -> Course | None:
    course = db.session.get(Course, course_id)
    return course if course is not None and not course.retired else None


def get_lesson(course: Course, slug: str) -> Lesson | None:
    return db.session.scalar(sa.select(Lesson).where(
        Lesson.course_id == course.id, Lesson.slug == slug, Lesson.retired.is_(False)))


def course_lessons(course: Course) -> list[Lesson]:
    return list(db.session.scalars(sa.select(Lesson).where(
        Lesson.course_id == course.id, Lesson.retired.is_(False)).order_by(Lesson.position)))


def lesson_titles(course_ids: list[str], lang: str) -> dict[int, str]:
    """{lesson_id: title in `lang`, else English}, in one query."""
    rows = db.session.execute(
        sa.select(LessonText.lesson_id, LessonText.lang, LessonText.title)
        .join(Lesson, Lesson.id == LessonText.lesson_id)
        .where(Lesson.course_id.in_(course_ids), LessonText.lang.in_({lang, "en"})))
    titles: dict[int, str] = {}
    for lesson_id, text_lang, title in rows:
        if text_lang == lang or lesson_id not in titles:
            titles[lesson_id] = title
    return titles


# ----- enrolment and permission ---------------------------------------------------------------

def enrolled_course_ids(user: User) -> set[str]:
    """Courses assigned to any cohort the user is a trainee of (derived, never copied)."""
    return set(db.session.scalars(
        sa.select(CohortCourse.course_id)
        .join(cohort_trainees, cohort_trainees.c.cohort_id == CohortCourse.cohort_id)
        .where(cohort_trainees.c.user_id == user.id)))


def can_read(user: User, course: Course, enrolled: set[str] | None = None) -> bool:
    """Trainers and admins read every course; a trainee reads the courses of their cohorts."""
    if user.role in ("trainer", "admin"):
        return True
    return course.id in (enrolled if enrolled is not None else enrolled_course_ids(user))


# ----- progress ------------------------------------------------------------------------------

def progress_by_course(user: User, course_ids: list[str]) -> dict[str, Progress]:
    """Lessons read and lessons in total per course, aggregated in one query."""
    if not course_ids:
        return {}
    done = sa.func.count(LessonProgress.id)
    rows = db.session.execute(
        sa.select(Lesson.course_id, done, sa.func.count(Lesson.id))
        .outerjoin(LessonProgress, sa.and_(LessonProgress.lesson_id == Lesson.id,
                                           LessonProgress.user_id == user.id))
        .where(Lesson.course_id.in_(course_ids), Lesson.retired.is_(False))
        .group_by(Lesson.course_id))
    result = {course_id: Progress() for course_id in course_ids}
    for course_id, n_done, n_total in rows:
        result[course_id] = Progress(n_done, n_total)
    return result


def read_lessons(user: User, course: Course) -> dict[int, datetime]:
    """{lesson_id: completed_at} for the lessons of the course the user has read."""
    rows = db.session.execute(
        sa.select(LessonProgress.lesson_id, LessonProgress.completed_at)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id == user.id, Lesson.course_id == course.id))
    return dict(rows.all())


def catalogue(user: User, only_enrolled: bool = False) -> list[CourseCard]:
    """Every active course for this user: their cohorts' courses first, with progress and locks."""
    every = active_courses()
    enrolled = enrolled_course_ids(user)
    courses = [c for c in every if c.id in enrolled] if only_enrolled else every
    by_id = {c.id: c for c in every}
    wanted = list({c.id for c in courses} | {p for c in courses for p in c.prerequisites if p in by_id})
    progress = progress_by_course(user, wanted)
    cards = []
    for course in courses:
        missing = []
        if user.role == "trainee":
            missing = [by_id[p] for p in course.prerequisites
                       if p in by_id and not progress.get(p, Progress()).complete]
        cards.append(CourseCard(course, course.id in enrolled, progress.get(course.id, Progress()), missing))
    cards.sort(key=lambda card: (not card.enrolled, card.course.position, card.course.id))
    return cards


def course_card(user: User, course: Course) -> CourseCard:
    enrolled = enrolled_course_ids(user)
    prerequisites = [c for c in (get_course(p) for p in course.prerequisites) if c is not None]
    progress = progress_by_course(user, [course.id, *[c.id for c in prerequisites]])
    missing = [] if user.role != "trainee" else [c for c in prerequisites if not progress[c.id].complete]
    return CourseCard(course, course.id in enrolled, progress[course.id], missing)


def mark_read(user: User, lesson: Lesson) -> LessonProgress:
    """Record that the user has read the lesson (once; marking again keeps the first time)."""
    course = lesson.course
    if lesson.retired or course.retired:
        raise ServiceError(_l("This lesson is no longer part of the course."))
    if user.role != "trainee":
        raise ServiceError(_l("Only trainees record their reading progress."))
    if not can_read(user, course):
        raise ServiceError(_l("This course is not assigned to your cohort."))
    card = course_card(user, course)
    if card.locked:
        raise ServiceError(_l("Finish the required courses first: {courses}."),
                           courses=", ".join(c.id for c in card.missing_prerequisites))
    existing = db.session.scalar(sa.select(LessonProgress).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id))
    if existing is not None:
        return existing
    progress = LessonProgress(user_id=user.id, lesson_id=lesson.id, completed_at=now_utc())
    db.session.add(progress)
    db.session.flush()
    lesson_read.send(lesson, user=user, progress=progress)
    return progress


# ----- reading a lesson ----------------------------------------------------------------------

@dataclass
class Reading:
    text: LessonText
    fallback: bool  # the reader's language is missing: this is the English text
    stale: bool  # a translation of an older version of the English text

    @property
    def html(self) -> Markup:
        """The HTML rendered and sanitised by `flask content sync` for this version and language."""
        return Markup(self.text.html)


def lesson_text(lesson: Lesson, lang: str) -> Reading | None:
    texts = {t.lang: t for t in db.session.scalars(
        sa.select(LessonText).where(LessonText.lesson_id == lesson.id, LessonText.lang.in_({lang, "en"})))}
    english = texts.get("en")
    if lang in texts:
        text = texts[lang]
        stale = lang != "en" and english is not None and text.source_hash != english.content_hash
        return Reading(text, False, stale)
    return Reading(english, lang != "en", False) if english is not None else None


def glossary_terms(lang: str) -> list[GlossaryTerm]:
    terms = db.session.scalars(sa.select(GlossaryTerm).where(GlossaryTerm.retired.is_(False)))
    return sorted(terms, key=lambda t: localized(t.term, lang).casefold())
