"""Courses assigned to cohorts, and what a cohort has read (the trainer's table)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import Cohort, User, cohort_trainees
from training.audit import service as audit
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.models import CohortCourse, Course, Lesson, LessonProgress
from training.learning.service import get_course, lesson_titles


def course_by_id(course_id: str) -> Course:
    course = get_course((course_id or "").strip())
    if course is None:
        raise ServiceError(_l("No course with the id '{course}'."), field="course", course=course_id)
    return course


def assign_course(actor: User | None, cohort: Cohort, course: Course) -> bool:
    """Assign a course to a cohort; returns False when it already was."""
    exists = db.session.get(CohortCourse, (cohort.id, course.id))
    if exists is not None:
        return False
    db.session.add(CohortCourse(cohort_id=cohort.id, course_id=course.id))
    db.session.flush()
    audit.record(actor, "cohort.assign_course", "cohort", cohort.id, after={"course": course.id})
    return True


def unassign_course(actor: User | None, cohort: Cohort, course_id: str) -> None:
    row = db.session.get(CohortCourse, (cohort.id, course_id))
    if row is None:
        raise ServiceError(_l("The course '{course}' is not assigned to this cohort."),
                           field="course", course=course_id)
    db.session.delete(row)
    db.session.flush()
    audit.record(actor, "cohort.unassign_course", "cohort", cohort.id, before={"course": course_id})


def assignments() -> dict[int, list[str]]:
    """{cohort_id: [course ids]} for every cohort, in one query."""
    result: dict[int, list[str]] = {}
    for cohort_id, course_id in db.session.execute(
            sa.select(CohortCourse.cohort_id, CohortCourse.course_id).order_by(CohortCourse.course_id)):
        result.setdefault(cohort_id, []).append(course_id)
    return result


@dataclass
class CohortTable:
    """Trainees x lessons of the cohort's courses, and when each lesson was read."""
    trainees: list[User]
    courses: list[Course]
    lessons: dict[str, list[Lesson]]  # course id -> lessons in order
    titles: dict[int, str]
    read: dict[tuple[int, int], object]  # (user_id, lesson_id) -> completed_at

    def done(self, user: User, course: Course) -> int:
        return sum(1 for lesson in self.lessons[course.id] if (user.id, lesson.id) in self.read)


def cohort_table(cohort: Cohort, lang: str) -> CohortTable:
    """Five queries whatever the number of trainees and lessons."""
    trainees = list(db.session.scalars(
        sa.select(User).join(cohort_trainees, cohort_trainees.c.user_id == User.id)
        .where(cohort_trainees.c.cohort_id == cohort.id).order_by(User.name, User.id)))
    courses = list(db.session.scalars(
        sa.select(Course).join(CohortCourse, CohortCourse.course_id == Course.id)
        .where(CohortCourse.cohort_id == cohort.id, Course.retired.is_(False))
        .order_by(Course.position, Course.id)))
    course_ids = [c.id for c in courses]
    lessons: dict[str, list[Lesson]] = {c.id: [] for c in courses}
    for lesson in db.session.scalars(
            sa.select(Lesson).where(Lesson.course_id.in_(course_ids), Lesson.retired.is_(False))
            .order_by(Lesson.position)):
        lessons[lesson.course_id].append(lesson)
    read = {}
    if course_ids:
        rows = db.session.execute(
            sa.select(LessonProgress.user_id, LessonProgress.lesson_id, LessonProgress.completed_at)
            .join(cohort_trainees, cohort_trainees.c.user_id == LessonProgress.user_id)
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(cohort_trainees.c.cohort_id == cohort.id, Lesson.course_id.in_(course_ids),
                   Lesson.retired.is_(False)))
        read = {(user_id, lesson_id): at for user_id, lesson_id, at in rows}
    titles = lesson_titles(course_ids, lang) if course_ids else {}
    return CohortTable(trainees, courses, lessons, titles, read)
