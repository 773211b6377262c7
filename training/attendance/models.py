"""Sessions (in-person classes) and attendance marks."""
from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from training.accounts.models import Cohort, User
from training.db import now_utc
from training.extensions import db

STATUSES = ("present", "late", "excused", "absent")
SOURCES = ("roster", "checkin", "offline", "sheet")

class_session_trainers = sa.Table(
    "class_session_trainers",
    db.metadata,
    sa.Column("session_id", sa.ForeignKey("class_sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


def new_secret() -> str:
    return secrets.token_hex(32)


class ClassSession(db.Model):
    """One in-person class of a cohort. Times are stored in UTC without tzinfo."""

    __tablename__ = "class_sessions"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("late_after_minutes >= 0", name="late_after_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cohort_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    course_id: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), sa.ForeignKey("courses.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title_az: so.Mapped[str] = so.mapped_column(sa.String(200))
    title_en: so.Mapped[str] = so.mapped_column(sa.String(200))
    title_ru: so.Mapped[str] = so.mapped_column(sa.String(200))
    starts_at: so.Mapped[datetime] = so.mapped_column(index=True)
    ends_at: so.Mapped[datetime]
    place: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # Sessions created in one step (a weekly series) share this key.
    series: so.Mapped[str | None] = so.mapped_column(sa.String(64), index=True)
    late_after_minutes: so.Mapped[int] = so.mapped_column(default=10)
    secret: so.Mapped[str] = so.mapped_column(sa.String(64), default=new_secret)
    cancelled_at: so.Mapped[datetime | None]
    cancel_reason: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    cohort: so.Mapped[Cohort] = so.relationship()
    trainers: so.Mapped[list[User]] = so.relationship(secondary=class_session_trainers, order_by="User.name")

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def title(self, locale: str) -> str:
        return getattr(self, f"title_{locale}", None) or self.title_en

    def __repr__(self) -> str:
        return f"<ClassSession {self.id} {self.starts_at:%Y-%m-%d %H:%M}>"


class AttendanceMark(db.Model):
    """One trainee's attendance at one session: at most one, enforced by the database."""

    __tablename__ = "attendance_marks"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "trainee_id"),  # one mark per trainee and session
        sa.CheckConstraint("status IN ('present', 'late', 'excused', 'absent')", name="status_known"),
        sa.CheckConstraint("minutes_late IS NULL OR minutes_late >= 0", name="minutes_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("class_sessions.id", ondelete="CASCADE"))
    trainee_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(16))
    minutes_late: so.Mapped[int | None]
    reason: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    note: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    source: so.Mapped[str] = so.mapped_column(sa.String(16), default="roster")
    # When the mark was made (for marks sent later from a browser: when it was made there).
    marked_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)
    marked_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: so.Mapped[datetime] = so.mapped_column(default=now_utc, onupdate=now_utc)

    session: so.Mapped[ClassSession] = so.relationship()
    trainee: so.Mapped[User] = so.relationship(foreign_keys=[trainee_id])

    def snapshot(self) -> dict:
        return {"status": self.status, "minutes_late": self.minutes_late, "reason": self.reason,
                "note": self.note, "source": self.source,
                "marked_at": self.marked_at.isoformat(timespec="seconds") if self.marked_at else None}
