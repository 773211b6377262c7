"""Courses, lessons and their texts, glossary terms, enrolment of cohorts and reading progress."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from training.db import FileVersioned, now_utc
from training.extensions import db

TEXT_LANGUAGES = ("en", "az", "ru")


class Course(FileVersioned, db.Model):
    """A course loaded from courses/<id>/course.yml; the id is the folder name."""
    __tablename__ = "courses"

    id: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    position: so.Mapped[int] = so.mapped_column(default=0)  # place in the catalogue
    hours: so.Mapped[float] = so.mapped_column(sa.Float, default=0)
    title: so.Mapped[dict] = so.mapped_column(sa.JSON)  # {lang: text}
    summary: so.Mapped[dict] = so.mapped_column(sa.JSON)
    prerequisites: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)  # course ids
    quiz_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    min_quiz_score: so.Mapped[int | None]
    min_attendance: so.Mapped[int | None]
    updated_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    lessons: so.Mapped[list[Lesson]] = so.relationship(
        back_populates="course", order_by="Lesson.position",
        primaryjoin="and_(Course.id == Lesson.course_id, Lesson.retired == False)",  # noqa: E712
        viewonly=True,
    )

    def __repr__(self) -> str:
        return f"<Course {self.id} v{self.version}>"


class Lesson(FileVersioned, db.Model):
    """One lesson of a course; retired (never deleted) when its files go away."""
    __tablename__ = "lessons"
    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    course_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("courses.id"), index=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64))
    position: so.Mapped[int] = so.mapped_column(default=0)
    minutes: so.Mapped[int] = so.mapped_column(default=0)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    course: so.Mapped[Course] = so.relationship(back_populates="lessons")

    def __repr__(self) -> str:
        return f"<Lesson {self.course_id}/{self.slug} v{self.version}>"


class LessonText(db.Model):
    """A lesson in one language: its Markdown and the HTML rendered from it for this version."""
    __tablename__ = "lesson_texts"
    __table_args__ = (sa.UniqueConstraint("lesson_id", "lang"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lesson_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lessons.id", ondelete="CASCADE"))
    lang: so.Mapped[str] = so.mapped_column(sa.String(8))
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    body_md: so.Mapped[str] = so.mapped_column(sa.Text)
    html: so.Mapped[str] = so.mapped_column(sa.Text)
    toc: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)  # [[level, anchor, heading], ...]
    sources: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)  # citations in order
    html_version: so.Mapped[int] = so.mapped_column(default=1)  # the lesson version the HTML was made for
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(16))  # of the file, as source_hash is
    source_hash: so.Mapped[str | None] = so.mapped_column(sa.String(16))  # az/ru: the English file translated

    lesson: so.Mapped[Lesson] = so.relationship()


class LessonSection(db.Model):
    """A section of a lesson text as plain text, for full-text search (SQLite mirrors it in FTS5)."""
    __tablename__ = "lesson_sections"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    text_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("lesson_texts.id", ondelete="CASCADE"), index=True)
    lang: so.Mapped[str] = so.mapped_column(sa.String(8))
    anchor: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    heading: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    body: so.Mapped[str] = so.mapped_column(sa.Text, default="")


class GlossaryTerm(FileVersioned, db.Model):
    __tablename__ = "glossary_terms"

    id: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    source: so.Mapped[str] = so.mapped_column(sa.String(300))
    term: so.Mapped[dict] = so.mapped_column(sa.JSON)
    definition: so.Mapped[dict] = so.mapped_column(sa.JSON)


class CohortCourse(db.Model):
    """A course assigned to a cohort: every trainee of the cohort, now or later, is enrolled."""
    __tablename__ = "cohort_courses"

    cohort_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    course_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("courses.id"), primary_key=True, index=True)
    assigned_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)


class LessonProgress(db.Model):
    """A trainee has read a lesson (marked it as read) at a given time."""
    __tablename__ = "lesson_progress"
    __table_args__ = (sa.UniqueConstraint("user_id", "lesson_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    lesson_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lessons.id"), index=True)
    completed_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)
