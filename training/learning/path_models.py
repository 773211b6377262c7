"""Learning paths: ordered routes through the courses for an audience, their cohorts and completions."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from training.db import FileVersioned, now_utc
from training.extensions import db
from training.learning.models import Course


class LearningPath(FileVersioned, db.Model):
    """A path loaded from courses/paths.yml; the id is stable, the version grows when the path changes."""
    __tablename__ = "learning_paths"

    id: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    position: so.Mapped[int] = so.mapped_column(default=0)  # order in paths.yml
    title: so.Mapped[dict] = so.mapped_column(sa.JSON)  # {lang: text}
    summary: so.Mapped[dict] = so.mapped_column(sa.JSON)
    audience: so.Mapped[dict] = so.mapped_column(sa.JSON)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    def __repr__(self) -> str:
        return f"<LearningPath {self.id} v{self.version}>"


class PathCourse(db.Model):
    """A course at a position in a path (rewritten with each new version of the path)."""
    __tablename__ = "path_courses"

    path_id: so.Mapped[str] = so.mapped_column(
        sa.ForeignKey("learning_paths.id", ondelete="CASCADE"), primary_key=True)
    course_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("courses.id"), primary_key=True, index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)

    course: so.Mapped[Course] = so.relationship()


class CohortPath(db.Model):
    """A path assigned to a cohort: its trainees, now and later, follow it."""
    __tablename__ = "cohort_paths"

    cohort_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    path_id: so.Mapped[str] = so.mapped_column(
        sa.ForeignKey("learning_paths.id"), primary_key=True, index=True)
    assigned_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)


class PathCompletion(db.Model):
    """A trainee completed every course of a path (once; the version and rule they completed it under)."""
    __tablename__ = "path_completions"
    __table_args__ = (sa.UniqueConstraint("user_id", "path_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    path_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("learning_paths.id"), index=True)
    path_version: so.Mapped[int]
    rule: so.Mapped[str] = so.mapped_column(sa.String(16))  # "certificate" or "reading"
    completed_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    path: so.Mapped[LearningPath] = so.relationship()


class CourseCertification(db.Model):
    """A trainee holds a certificate for a course, as told by the `course_certified` signal."""
    __tablename__ = "course_certifications"

    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    course_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("courses.id"), primary_key=True, index=True)
    certified_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)
