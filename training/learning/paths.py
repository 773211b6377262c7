"""Learning paths: assigning them to cohorts, a trainee's path with the state of each course, completion.

A course of a path is complete for a trainee under one of two rules:
- "certificate": the trainee holds a certificate for it. The certificates feature (which stands above
  learning and is never imported here) says so by sending `signals.course_certified`, and switches the
  rule on by setting the app's config COURSE_COMPLETION = "certificate".
- "reading" (when no certificates feature is installed): every lesson of the course has been read.
When every course of a path is complete, a PathCompletion is recorded once and `path_completed` sent.
Functions flush; the caller commits.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from training.accounts.models import Cohort, User, cohort_trainees
from training.audit import service as audit
from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db
from training.learning import enrolment, service
from training.learning.models import Course, Lesson, LessonProgress
from training.learning.path_models import (
    CohortPath, CourseCertification, LearningPath, PathCompletion, PathCourse)
from training.learning.signals import course_certified, lesson_read, path_completed

RULES = ("certificate", "reading")


def completion_rule() -> str:
    return "certificate" if current_app.config.get("COURSE_COMPLETION") == "certificate" else "reading"


# ----- look-ups ---------------------------------------------------------------------------------

def active_paths() -> list[LearningPath]:
    return list(db.session.scalars(
        sa.select(LearningPath).where(LearningPath.retired.is_(False))
        .order_by(LearningPath.position, LearningPath.id)))


def path_by_id(path_id: str) -> LearningPath:
    path = db.session.get(LearningPath, (path_id or "").strip())
    if path is None or path.retired:
        raise ServiceError(_l("No learning path with the id '{path}'."), field="path", path=path_id)
    return path


def path_courses(path_ids) -> dict[str, list[Course]]:
    """{path id: its active courses in order}, in one query."""
    result: dict[str, list[Course]] = {path_id: [] for path_id in path_ids}
    if not result:
        return result
    rows = db.session.execute(
        sa.select(PathCourse.path_id, Course).join(Course, Course.id == PathCourse.course_id)
        .where(PathCourse.path_id.in_(list(result)), Course.retired.is_(False))
        .order_by(PathCourse.path_id, PathCourse.position))
    for path_id, course in rows:
        result[path_id].append(course)
    return result


def assignments() -> dict[int, list[str]]:
    """{cohort id: [path ids]} for every cohort, in one query."""
    result: dict[int, list[str]] = {}
    for cohort_id, path_id in db.session.execute(
            sa.select(CohortPath.cohort_id, CohortPath.path_id)
            .order_by(CohortPath.assigned_at, CohortPath.path_id)):
        result.setdefault(cohort_id, []).append(path_id)
    return result


# ----- assigning a path to a cohort -----------------------------------------------------------------

def assign_path(actor: User | None, cohort: Cohort, path: LearningPath) -> list[str]:
    """Assign the path and enrol the cohort in each of its courses; returns the courses newly enrolled.

    Assigning again is harmless and enrols the cohort in courses added to the path since.
    """
    if path.retired:
        raise ServiceError(_l("No learning path with the id '{path}'."), field="path", path=path.id)
    courses = path_courses([path.id])[path.id]
    if not courses:
        raise ServiceError(_l("The learning path '{path}' has no course loaded yet."),
                           field="path", path=path.id)
    new_path = db.session.get(CohortPath, (cohort.id, path.id)) is None
    if new_path:
        db.session.add(CohortPath(cohort_id=cohort.id, path_id=path.id, assigned_at=now_utc()))
        db.session.flush()
    enrolled = [course.id for course in courses if enrolment.assign_course(actor, cohort, course)]
    if new_path or enrolled:
        audit.record(actor, "cohort.assign_path", "cohort", cohort.id,
                     after={"path": path.id, "version": path.version, "courses_enrolled": enrolled})
    trainees = list(db.session.scalars(
        sa.select(User).join(cohort_trainees, cohort_trainees.c.user_id == User.id)
        .where(cohort_trainees.c.cohort_id == cohort.id)))
    record_completions(trainees, path_ids=[path.id])
    return enrolled


# ----- completion ----------------------------------------------------------------------------------

def complete_courses(user_ids, course_ids, rule: str | None = None) -> dict[int, set[str]]:
    """{user id: the given courses complete for them under the rule}, in at most two queries."""
    user_ids, course_ids = list(user_ids), list(course_ids)
    result: dict[int, set[str]] = defaultdict(set)
    if not user_ids or not course_ids:
        return result
    if (rule or completion_rule()) == "certificate":
        for user_id, course_id in db.session.execute(
                sa.select(CourseCertification.user_id, CourseCertification.course_id)
                .where(CourseCertification.user_id.in_(user_ids),
                       CourseCertification.course_id.in_(course_ids))):
            result[user_id].add(course_id)
        return result
    totals = dict(db.session.execute(
        sa.select(Lesson.course_id, sa.func.count(Lesson.id))
        .where(Lesson.course_id.in_(course_ids), Lesson.retired.is_(False)).group_by(Lesson.course_id)).all())
    for user_id, course_id, done in db.session.execute(
            sa.select(LessonProgress.user_id, Lesson.course_id, sa.func.count(LessonProgress.id))
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.user_id.in_(user_ids), Lesson.course_id.in_(course_ids),
                   Lesson.retired.is_(False))
            .group_by(LessonProgress.user_id, Lesson.course_id)):
        if totals.get(course_id) and done >= totals[course_id]:
            result[user_id].add(course_id)
    return result


def _paths_of(user_ids, path_ids=None, course_id: str | None = None) -> dict[int, set[str]]:
    """{user id: active paths assigned to their cohorts}, optionally only those with a given course."""
    query = (sa.select(cohort_trainees.c.user_id, CohortPath.path_id).distinct()
             .join(CohortPath, CohortPath.cohort_id == cohort_trainees.c.cohort_id)
             .join(LearningPath, LearningPath.id == CohortPath.path_id)
             .where(cohort_trainees.c.user_id.in_(list(user_ids)), LearningPath.retired.is_(False)))
    if path_ids is not None:
        query = query.where(CohortPath.path_id.in_(list(path_ids)))
    if course_id is not None:
        query = query.where(CohortPath.path_id.in_(
            sa.select(PathCourse.path_id).where(PathCourse.course_id == course_id)))
    result: dict[int, set[str]] = defaultdict(set)
    for user_id, path_id in db.session.execute(query):
        result[user_id].add(path_id)
    return result


def record_completions(users: list[User], path_ids=None,
                       course_id: str | None = None) -> list[PathCompletion]:
    """Record (once) each path whose every course is complete for these trainees; send `path_completed`."""
    users = [u for u in users if u.role == "trainee"]
    if not users:
        return []
    wanted = _paths_of([u.id for u in users], path_ids, course_id)
    all_paths = {p for ids in wanted.values() for p in ids}
    if not all_paths:
        return []
    done_before = {(user_id, path_id) for user_id, path_id in db.session.execute(
        sa.select(PathCompletion.user_id, PathCompletion.path_id)
        .where(PathCompletion.user_id.in_(list(wanted)), PathCompletion.path_id.in_(all_paths)))}
    courses = path_courses(all_paths)
    rule = completion_rule()
    complete = complete_courses(wanted, {c.id for cs in courses.values() for c in cs}, rule)
    paths = {p.id: p for p in db.session.scalars(
        sa.select(LearningPath).where(LearningPath.id.in_(all_paths)))}
    recorded = []
    for user in users:
        for path_id in sorted(wanted.get(user.id, ())):
            needed = {c.id for c in courses[path_id]}
            if (user.id, path_id) in done_before or not needed or not needed <= complete[user.id]:
                continue
            path = paths[path_id]
            completion = PathCompletion(user_id=user.id, path_id=path_id, path_version=path.version,
                                        rule=rule, completed_at=now_utc())
            db.session.add(completion)
            db.session.flush()
            audit.record(None, "path.complete", "user", user.id,
                         after={"path": path_id, "version": path.version, "rule": rule})
            path_completed.send(path, user=user, completion=completion)
            recorded.append(completion)
    return recorded


def record_certified(user: User, course_id: str) -> None:
    """Remember that the trainee holds a certificate for the course: may complete paths."""
    if db.session.get(CourseCertification, (user.id, course_id)) is None:
        db.session.add(CourseCertification(user_id=user.id, course_id=course_id, certified_at=now_utc()))
        db.session.flush()
    if completion_rule() == "certificate":
        record_completions([user], course_id=course_id)


@lesson_read.connect
def _on_lesson_read(lesson, user, **_kwargs) -> None:
    if completion_rule() == "reading":
        record_completions([user], course_id=lesson.course_id)


@course_certified.connect
def _on_course_certified(course, user, **_kwargs) -> None:
    record_certified(user, getattr(course, "id", course))


# ----- a trainee's paths, for the home page ------------------------------------------------------------

@dataclass
class PathStep:
    course: Course
    progress: service.Progress
    state: str  # "done", "ready" or "locked"
    enrolled: bool = True
    missing_prerequisites: list[Course] = field(default_factory=list)


@dataclass
class PathView:
    path: LearningPath
    steps: list[PathStep]
    completed_at: datetime | None = None

    @property
    def done(self) -> int:
        return sum(1 for step in self.steps if step.state == "done")


def trainee_paths(user: User) -> list[PathView]:
    """The user's paths in order, each course with its progress and state; a fixed number of queries."""
    mine = (sa.select(CohortPath.path_id)
            .join(cohort_trainees, cohort_trainees.c.cohort_id == CohortPath.cohort_id)
            .where(cohort_trainees.c.user_id == user.id))
    paths = list(db.session.scalars(
        sa.select(LearningPath).where(LearningPath.id.in_(mine), LearningPath.retired.is_(False))
        .order_by(LearningPath.position, LearningPath.id)))
    if not paths:
        return []
    courses = path_courses([p.id for p in paths])
    by_id = {c.id: c for cs in courses.values() for c in cs}
    missing_ids = {p for c in by_id.values() for p in c.prerequisites} - set(by_id)
    prerequisites = dict(by_id)
    if missing_ids:
        prerequisites.update({c.id: c for c in db.session.scalars(
            sa.select(Course).where(Course.id.in_(missing_ids), Course.retired.is_(False)))})
    progress = service.progress_by_course(user, list(prerequisites))
    complete = complete_courses([user.id], list(by_id))[user.id]
    enrolled = service.enrolled_course_ids(user)
    completed = dict(db.session.execute(
        sa.select(PathCompletion.path_id, PathCompletion.completed_at)
        .where(PathCompletion.user_id == user.id)).all())
    views = []
    for path in paths:
        steps = []
        for course in courses[path.id]:
            missing = [prerequisites[p] for p in course.prerequisites
                       if p in prerequisites and not progress[p].complete]
            is_enrolled = course.id in enrolled
            state = "done" if course.id in complete else ("locked" if missing or not is_enrolled else "ready")
            steps.append(PathStep(course, progress[course.id], state, is_enrolled, missing))
        views.append(PathView(path, steps, completed.get(path.id)))
    return views
