"""Users, organisations and cohorts."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from training.db import now_utc
from training.extensions import db

ROLES = ("trainee", "trainer", "admin")

cohort_trainees = sa.Table(
    "cohort_trainees",
    db.metadata,
    sa.Column("cohort_id", sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

cohort_trainers = sa.Table(
    "cohort_trainers",
    db.metadata,
    sa.Column("cohort_id", sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    created_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    cohorts: so.Mapped[list[Cohort]] = so.relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Cohort(db.Model):
    __tablename__ = "cohorts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    organisation_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organisations.id"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    organisation: so.Mapped[Organisation] = so.relationship(back_populates="cohorts")
    trainees: so.Mapped[list[User]] = so.relationship(
        secondary=cohort_trainees, back_populates="cohorts", order_by="User.name"
    )
    trainers: so.Mapped[list[User]] = so.relationship(
        secondary=cohort_trainers, back_populates="teaching", order_by="User.name"
    )

    def __repr__(self) -> str:
        return f"<Cohort {self.slug}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("role IN ('trainee', 'trainer', 'admin')", name="role_known"),
        sa.CheckConstraint("locale IS NULL OR locale IN ('az', 'en', 'ru')", name="locale_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(256))
    role: so.Mapped[str] = so.mapped_column(sa.String(16), default="trainee")
    organisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    is_active_account: so.Mapped[bool] = so.mapped_column("active", default=True)
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    # Bumped by sign-out, password change and deactivation: every older session stops working.
    session_version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)
    last_login_at: so.Mapped[datetime | None]

    organisation: so.Mapped[Organisation | None] = so.relationship()
    cohorts: so.Mapped[list[Cohort]] = so.relationship(
        secondary=cohort_trainees, back_populates="trainees", order_by="Cohort.name"
    )
    teaching: so.Mapped[list[Cohort]] = so.relationship(
        secondary=cohort_trainers, back_populates="trainers", order_by="Cohort.name"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_active_account

    def get_id(self) -> str:
        """The session carries the id and the session version together."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_trainer(self) -> bool:
        return self.role == "trainer"

    def __repr__(self) -> str:
        return f"<User {self.email}>"
