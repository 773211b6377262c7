"""Certificates as issued (frozen), and the PDFs made once at issue."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from training.accounts.models import User
from training.db import now_utc
from training.extensions import db

CURRENT = sa.text("revoked_at IS NULL")


class Certificate(db.Model):
    """A trainee completed a course, or every course of a learning path. Everything shown or signed is
    copied here at issue and never changes; correcting one means revoking it and issuing a new one
    (which `replaces` it).

    A path certificate has `path_id` instead of `course_id`; `course_title` and `course_version` hold
    the path's title and version, `hours` the courses' total, and `courses` the path's courses as
    certified: [{"id", "title": {lang: text}, "serial", "hours"}] in the path's order.
    """
    __tablename__ = "certificates"
    __table_args__ = (
        sa.UniqueConstraint("serial_year", "serial_no"),
        # once per trainee and course: at most one certificate that is not revoked
        sa.Index("uq_certificates_current_per_user_course", "user_id", "course_id", unique=True,
                 sqlite_where=CURRENT, postgresql_where=CURRENT),
        sa.Index("uq_certificates_current_per_user_path", "user_id", "path_id", unique=True,
                 sqlite_where=CURRENT, postgresql_where=CURRENT),
        sa.CheckConstraint("revoked_at IS NULL OR revoked_reason IS NOT NULL", name="revoked_has_reason"),
        sa.CheckConstraint("(course_id IS NULL) <> (path_id IS NULL)", name="course_or_path"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    serial: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)
    serial_year: so.Mapped[int]
    serial_no: so.Mapped[int]
    status_index: so.Mapped[int] = so.mapped_column(unique=True)  # bit in the revocation list
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    course_id: so.Mapped[str | None] = so.mapped_column(sa.ForeignKey("courses.id"), index=True)
    path_id: so.Mapped[str | None] = so.mapped_column(sa.ForeignKey("learning_paths.id"), index=True)
    cohort_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="SET NULL"), index=True)
    trainee_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    organisation_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    course_title: so.Mapped[dict] = so.mapped_column(sa.JSON)  # {lang: title} at issue
    course_version: so.Mapped[int]
    hours: so.Mapped[float] = so.mapped_column(sa.Float)
    completed_on: so.Mapped[date]
    quiz_grade: so.Mapped[float | None] = so.mapped_column(sa.Float)
    attendance_rate: so.Mapped[float | None] = so.mapped_column(sa.Float)
    issuer_name: so.Mapped[dict] = so.mapped_column(sa.JSON)  # {lang: name}
    issued_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)
    issued_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: so.Mapped[datetime | None]
    revoked_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    revoked_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    replaces_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("certificates.id"))
    credential: so.Mapped[dict] = so.mapped_column(sa.JSON)  # the signed OpenBadgeCredential
    courses: so.Mapped[list | None] = so.mapped_column(sa.JSON)  # a path certificate's courses

    user: so.Mapped[User] = so.relationship(foreign_keys=[user_id])
    documents: so.Mapped[list[CertificateDocument]] = so.relationship(
        back_populates="certificate", order_by="CertificateDocument.lang")

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def kind(self) -> str:
        return "path" if self.path_id else "course"

    @property
    def status(self) -> str:
        return "revoked" if self.revoked else "valid"

    def __repr__(self) -> str:
        return f"<Certificate {self.serial} {self.status}>"


class CertificateDocument(db.Model):
    """One PDF of a certificate ("az-en" or "ru-en"), generated at issue, with its SHA-256."""
    __tablename__ = "certificate_documents"
    __table_args__ = (sa.UniqueConstraint("certificate_id", "lang"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    certificate_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("certificates.id", ondelete="CASCADE"))
    lang: so.Mapped[str] = so.mapped_column(sa.String(8))
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    size: so.Mapped[int]
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary, deferred=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=now_utc)

    certificate: so.Mapped[Certificate] = so.relationship(back_populates="documents")
