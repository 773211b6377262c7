"""Issuing automatically when the last condition is met: a lesson read, an attempt graded, a mark changed;
and a path certificate when learning says a trainee has every course of a path certified.

Each handler runs in the sender's transaction, inside a savepoint: a certificate that cannot be
made now (the trainer can issue it later) never undoes the reading, grade or mark that woke it.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from training.accounts.models import User
from training.attendance.models import ClassSession
from training.attendance.signals import marks_changed
from training.certificates import paths, service
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.models import Course
from training.learning.signals import lesson_read, path_completed
from training.quizzes.signals import attempt_graded


def _try(user: User, course: Course | None) -> None:
    if user is None or course is None or user.role != "trainee":
        return
    try:
        with db.session.begin_nested():
            service.issue_if_earned(user, course)
    except ServiceError:
        pass
    except Exception:  # noqa: BLE001 - reported, and the sender's change stands
        current_app.logger.exception("certificate for user %s, course %s not issued", user.id, course.id)


@lesson_read.connect
def on_lesson_read(lesson, user=None, **_extra) -> None:
    _try(user, lesson.course)


@attempt_graded.connect
def on_attempt_graded(attempt, **_extra) -> None:
    quiz = attempt.quiz
    _try(attempt.user, db.session.get(Course, quiz.course_id) if quiz else None)


@marks_changed.connect
def on_marks_changed(_sender, session_id=None, trainee_ids=(), **_extra) -> None:
    course_id = db.session.scalar(sa.select(ClassSession.course_id).where(ClassSession.id == session_id))
    course = db.session.get(Course, course_id) if course_id else None
    if course is None:
        return
    for user in db.session.scalars(sa.select(User).where(User.id.in_(list(trainee_ids)))):
        _try(user, course)


@path_completed.connect
def on_path_completed(path, user=None, **_extra) -> None:
    if user is None or user.role != "trainee":
        return
    try:
        with db.session.begin_nested():
            paths.issue(None, user, path)
    except ServiceError:
        pass
    except Exception:  # noqa: BLE001 - reported, and the completion stands
        current_app.logger.exception("path certificate for user %s, path %s not issued", user.id, path.id)
