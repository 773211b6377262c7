"""What the quiz pages read: quizzes a user may take, their attempts, an attempt a viewer may see."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from training.extensions import db
from training.learning.models import Course
from training.quizzes.access import can_see_attempt, may_take
from training.quizzes.grading import quiz_grade
from training.quizzes.models import Attempt, AttemptAnswer, Question, Quiz


def get_quiz(quiz_id: str) -> Quiz | None:
    quiz = db.session.get(Quiz, quiz_id)
    return None if quiz is None or quiz.retired else quiz


def quizzes_for(user) -> list[tuple[Quiz, Course]]:
    """The quizzes a user may take (staff: all), with their courses, in catalogue order."""
    rows = db.session.execute(
        sa.select(Quiz, Course).join(Course, Course.id == Quiz.course_id)
        .where(Quiz.retired.is_(False)).order_by(Course.position, Quiz.id)).all()
    return [(quiz, course) for quiz, course in rows if may_take(user, quiz)]


def attempts_of(user_id: int, quiz_id: str) -> list[Attempt]:
    return list(db.session.scalars(sa.select(Attempt).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz_id).order_by(Attempt.number)))


def question_count(quiz: Quiz) -> int:
    """How many questions an attempt gets (after the draw)."""
    rows = db.session.execute(sa.select(Question.topic, sa.func.count()).where(
        Question.quiz_id == quiz.id, Question.retired.is_(False)).group_by(Question.topic)).all()
    draw = quiz.draw or {}
    return sum(min(n, draw.get(topic, n)) for topic, n in rows)


def quiz_summary(user, quiz: Quiz) -> dict:
    attempts = attempts_of(user.id, quiz.id)
    grade = quiz_grade(attempts, quiz.grading)
    done = sum(1 for a in attempts if not a.is_open)
    return {
        "attempts": attempts, "grade": grade, "passed": grade is not None and grade >= quiz.pass_mark,
        "open": next((a for a in attempts if a.is_open), None), "may_take": may_take(user, quiz),
        "left": None if quiz.max_attempts is None else max(0, quiz.max_attempts - done),
        "questions": question_count(quiz), "course": db.session.get(Course, quiz.course_id),
    }


def attempt_for(user, attempt_id: int) -> Attempt | None:
    """The attempt with its quiz, or None when it does not exist or the user may not see it."""
    attempt = db.session.scalar(sa.select(Attempt).where(Attempt.id == attempt_id)
                                .options(so.joinedload(Attempt.quiz), so.joinedload(Attempt.user)))
    if attempt is None or not can_see_attempt(user, attempt):
        return None
    return attempt


def answers_with_questions(attempt: Attempt) -> list[AttemptAnswer]:
    return list(db.session.scalars(
        sa.select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)
        .order_by(AttemptAnswer.position).options(so.joinedload(AttemptAnswer.question))))
