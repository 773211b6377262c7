"""Marking an attempt's answers, the grade of a quiz from its attempts, regrades and overrides."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from training.audit.service import record
from training.exceptions import ServiceError
from training.extensions import db
from training.quizzes import types
from training.quizzes.models import GRADED, Attempt, AttemptAnswer, Quiz
from training.quizzes.signals import attempt_graded


def mark_answers(attempt: Attempt) -> tuple[float, float]:
    """Mark every answer of the attempt against the current key; returns (points, max points)."""
    points = max_points = 0.0
    for row in attempt.answers:
        question = row.question
        row.fraction = types.score(question.body, row.answer)
        row.points = round(row.fraction * question.mark, 6)
        points += row.points
        max_points += question.mark
    return round(points, 6), round(max_points, 6)


def percent_of(points: float, max_points: float) -> float:
    return round(100.0 * points / max_points, 2) if max_points else 0.0


def quiz_grade(attempts: list[Attempt], method: str) -> float | None:
    """The quiz grade from a trainee's attempts (graded only), by the quiz's grading method."""
    graded = sorted((a for a in attempts if a.state == GRADED and a.percent is not None),
                    key=lambda a: (a.submitted_at or a.started_at, a.id))
    if not graded:
        return None
    if method == "last":
        return graded[-1].percent
    if method == "first":
        return graded[0].percent
    if method == "average":
        return round(sum(a.percent for a in graded) / len(graded), 2)
    return max(a.percent for a in graded)


def grade_for(user_id: int, quiz: Quiz) -> tuple[float | None, bool]:
    """(grade in percent or None, passed) of a trainee for a quiz: what certificates ask."""
    attempts = list(db.session.scalars(sa.select(Attempt).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz.id, Attempt.state == GRADED)))
    grade = quiz_grade(attempts, quiz.grading)
    return grade, grade is not None and grade >= quiz.pass_mark


def regrade_quiz(actor, quiz: Quiz) -> list[tuple[Attempt, float | None, float]]:
    """Mark every graded attempt again against the current keys; record each changed grade."""
    attempts = db.session.scalars(
        sa.select(Attempt).where(Attempt.quiz_id == quiz.id, Attempt.state == GRADED).order_by(Attempt.id)
        .options(so.selectinload(Attempt.answers).joinedload(AttemptAnswer.question))).all()
    changes = []
    for attempt in attempts:
        before = {"percent": attempt.percent, "computed_percent": attempt.computed_percent, "passed": attempt.passed}
        points, max_points = mark_answers(attempt)
        computed = percent_of(points, max_points)
        if computed == attempt.computed_percent:
            continue
        attempt.points, attempt.max_points, attempt.computed_percent = points, max_points, computed
        if attempt.override_reason is None:
            attempt.percent = computed
            attempt.passed = computed >= quiz.pass_mark
        record(actor, "attempt.regrade", "attempt", attempt.id, before=before,
               after={"percent": attempt.percent, "computed_percent": computed, "passed": attempt.passed,
                      "quiz_version": quiz.version})
        changes.append((attempt, before["computed_percent"], computed))
    db.session.flush()
    for attempt, _old, _new in changes:
        attempt_graded.send(attempt)
    return changes


def override(actor, attempt: Attempt, percent: float, reason: str) -> Attempt:
    """A trainer sets the grade by hand, with a reason; the audit log keeps both grades."""
    if attempt.state != GRADED:
        raise ServiceError(_l("Only a submitted attempt can be given a grade."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Give the reason for changing the grade."), field="reason")
    if percent is None or not 0 <= percent <= 100:
        raise ServiceError(_l("The grade must be between 0 and 100."), field="percent")
    before = {"percent": attempt.percent, "passed": attempt.passed, "override_reason": attempt.override_reason}
    attempt.percent = round(float(percent), 2)
    attempt.passed = attempt.percent >= attempt.quiz.pass_mark
    attempt.override_reason = reason[:1000]
    record(actor, "attempt.override", "attempt", attempt.id, before=before,
           after={"percent": attempt.percent, "passed": attempt.passed, "override_reason": attempt.override_reason})
    db.session.flush()
    attempt_graded.send(attempt)
    return attempt
