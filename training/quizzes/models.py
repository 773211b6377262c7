"""Quizzes and their questions (loaded from banks), attempts and the answers in them."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from training.accounts.models import User
from training.db import FileVersioned, now_utc
from training.extensions import db

OPEN, GRADED = "open", "graded"


class Quiz(FileVersioned, db.Model):
    """A quiz loaded from quizzes/<id>.yml (origin 'file') or imported through the admin form ('upload')."""
    __tablename__ = "quizzes"
    __table_args__ = (
        sa.CheckConstraint("grading IN ('highest', 'last', 'first', 'average')", name="grading_known"),
        sa.CheckConstraint("review IN ('score', 'correctness', 'feedback')", name="review_known"),
        sa.CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_percent"),
    )

    id: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    course_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("courses.id"), index=True)
    title: so.Mapped[dict] = so.mapped_column(sa.JSON)
    description: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    topics: so.Mapped[list] = so.mapped_column(sa.JSON)  # [{id, title}]
    pass_mark: so.Mapped[int] = so.mapped_column(default=70)
    time_limit: so.Mapped[int | None]  # minutes
    max_attempts: so.Mapped[int | None]
    minutes_between_attempts: so.Mapped[int] = so.mapped_column(default=0)
    grading: so.Mapped[str] = so.mapped_column(sa.String(16), default="highest")
    draw: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)  # {topic: n}
    shuffle_questions: so.Mapped[bool] = so.mapped_column(default=False)
    shuffle_options: so.Mapped[bool] = so.mapped_column(default=True)
    review: so.Mapped[str] = so.mapped_column(sa.String(16), default="feedback")
    origin: so.Mapped[str] = so.mapped_column(sa.String(16), default="file")
    updated_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    questions: so.Mapped[list[Question]] = so.relationship(
        back_populates="quiz", order_by="Question.position",
        primaryjoin="and_(Quiz.id == Question.quiz_id, Question.retired == False)",  # noqa: E712
        viewonly=True,
    )

    def __repr__(self) -> str:
        return f"<Quiz {self.id} v{self.version}>"


class Question(FileVersioned, db.Model):
    """One question of a quiz (a case study with its parts is one question); `body` is the bank's dict."""
    __tablename__ = "questions"
    __table_args__ = (sa.UniqueConstraint("quiz_id", "key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    quiz_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("quizzes.id"))
    key: so.Mapped[str] = so.mapped_column(sa.String(64))  # the stable id written in the bank
    position: so.Mapped[int] = so.mapped_column(default=0)
    topic: so.Mapped[str] = so.mapped_column(sa.String(64))
    type: so.Mapped[str] = so.mapped_column(sa.String(16))
    mark: so.Mapped[float] = so.mapped_column(sa.Float, default=1.0)
    body: so.Mapped[dict] = so.mapped_column(sa.JSON)

    quiz: so.Mapped[Quiz] = so.relationship(back_populates="questions")

    def __repr__(self) -> str:
        return f"<Question {self.quiz_id}/{self.key} v{self.version}>"


class Attempt(db.Model):
    """A trainee's attempt at a quiz: open until submitted or overdue, then graded once."""
    __tablename__ = "attempts"
    __table_args__ = (
        sa.CheckConstraint("state IN ('open', 'graded')", name="state_known"),
        # At most one open attempt per trainee and quiz, enforced by the database.
        sa.Index("uq_attempts_open_per_user_quiz", "user_id", "quiz_id", unique=True,
                 sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'")),
        sa.Index("ix_attempts_quiz_id_state", "quiz_id", "state"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    quiz_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("quizzes.id"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: so.Mapped[int] = so.mapped_column(default=1)  # 1st, 2nd ... attempt of this trainee
    state: so.Mapped[str] = so.mapped_column(sa.String(16), default=OPEN)
    lang: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")  # language it was started in
    quiz_version: so.Mapped[int] = so.mapped_column(default=1)
    started_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)
    deadline: so.Mapped[datetime | None]
    submitted_at: so.Mapped[datetime | None]
    closed_by: so.Mapped[str | None] = so.mapped_column(sa.String(16))  # trainee | deadline
    points: so.Mapped[float | None] = so.mapped_column(sa.Float)
    max_points: so.Mapped[float] = so.mapped_column(sa.Float, default=0)
    percent: so.Mapped[float | None] = so.mapped_column(sa.Float)  # the grade: computed or overridden
    computed_percent: so.Mapped[float | None] = so.mapped_column(sa.Float)
    passed: so.Mapped[bool | None]
    override_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)

    quiz: so.Mapped[Quiz] = so.relationship()
    user: so.Mapped[User] = so.relationship()
    answers: so.Mapped[list[AttemptAnswer]] = so.relationship(
        back_populates="attempt", order_by="AttemptAnswer.position", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def minutes_taken(self) -> float | None:
        if not self.submitted_at:
            return None
        return round((self.submitted_at - self.started_at).total_seconds() / 60, 1)


class AttemptAnswer(db.Model):
    """A drawn question in an attempt: its place, the order its options are shown in, the answer, its mark."""
    __tablename__ = "attempt_answers"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    attempt_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("questions.id"), index=True)
    position: so.Mapped[int]
    question_version: so.Mapped[int] = so.mapped_column(default=1)
    layout: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)  # {question or part id: [ids shown in order]}
    answer: so.Mapped[object | None] = so.mapped_column(sa.JSON(none_as_null=True))
    saved_at: so.Mapped[datetime | None]
    fraction: so.Mapped[float | None] = so.mapped_column(sa.Float)  # 0..1 of the mark
    points: so.Mapped[float | None] = so.mapped_column(sa.Float)

    attempt: so.Mapped[Attempt] = so.relationship(back_populates="answers")
    question: so.Mapped[Question] = so.relationship()
