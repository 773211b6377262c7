"""Who may take a quiz, and who may see an attempt (everyone else gets 404)."""
from __future__ import annotations

import sqlalchemy as sa

from training.accounts.models import Cohort, User, cohort_trainees, cohort_trainers
from training.extensions import db
from training.learning.models import CohortCourse


def may_take(user, quiz) -> bool:
    """Trainees take the quizzes of courses assigned to one of their cohorts; staff may try any quiz."""
    if user.role in ("trainer", "admin"):
        return True
    return db.session.scalar(
        sa.select(sa.literal(True)).select_from(cohort_trainees)
        .join(CohortCourse, CohortCourse.cohort_id == cohort_trainees.c.cohort_id)
        .where(cohort_trainees.c.user_id == user.id, CohortCourse.course_id == quiz.course_id)
        .limit(1)) is True


def taught_trainee_ids(trainer) -> sa.Select:
    """A subquery of the ids of the trainees in cohorts the trainer teaches."""
    return (sa.select(cohort_trainees.c.user_id)
            .join(cohort_trainers, cohort_trainers.c.cohort_id == cohort_trainees.c.cohort_id)
            .where(cohort_trainers.c.user_id == trainer.id))


def can_see_attempt(user, attempt) -> bool:
    if user.role == "admin" or attempt.user_id == user.id:
        return True
    if user.role == "trainer":
        return db.session.scalar(sa.select(sa.literal(True)).where(
            sa.literal(attempt.user_id).in_(taught_trainee_ids(user)))) is True
    return False


def cohorts_for_results(user) -> list[Cohort]:
    """The cohorts whose results the user may see: all for admins, the ones they teach for trainers."""
    query = sa.select(Cohort).order_by(Cohort.name)
    if user.role == "trainer":
        query = query.where(Cohort.trainers.any(User.id == user.id))
    elif user.role != "admin":
        return []
    return list(db.session.scalars(query))
