"""A cohort's certificates: the trainer's table, issuing to everyone who qualifies, the ZIP of PDFs."""
from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import Cohort, User, cohort_trainees
from training.certificates import service
from training.certificates.models import Certificate, CertificateDocument
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.models import CohortCourse, Course


def cohort_courses(cohort: Cohort) -> list[Course]:
    return list(db.session.scalars(
        sa.select(Course).join(CohortCourse, CohortCourse.course_id == Course.id)
        .where(CohortCourse.cohort_id == cohort.id, Course.retired.is_(False))
        .order_by(Course.position, Course.id)))


@dataclass
class Row:
    trainee: User
    certificates: list[Certificate] = field(default_factory=list)  # newest first

    @property
    def current(self) -> Certificate | None:
        return next((c for c in self.certificates if not c.revoked), None)

    @property
    def latest(self) -> Certificate | None:
        return self.certificates[0] if self.certificates else None


def table(cohort: Cohort, course: Course) -> list[Row]:
    """Trainees of the cohort with their certificates for the course: two queries, whatever the size."""
    trainees = list(db.session.scalars(
        sa.select(User).join(cohort_trainees, cohort_trainees.c.user_id == User.id)
        .where(cohort_trainees.c.cohort_id == cohort.id).order_by(User.name, User.id)))
    rows = {t.id: Row(t) for t in trainees}
    if rows:
        for cert in db.session.scalars(sa.select(Certificate).where(
                Certificate.course_id == course.id, Certificate.user_id.in_(list(rows)))
                .order_by(Certificate.id.desc())):
            rows[cert.user_id].certificates.append(cert)
    return list(rows.values())


@dataclass
class IssueReport:
    issued: list[Certificate] = field(default_factory=list)
    existing: int = 0
    not_met: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)


def issue_for_cohort(actor, cohort: Cohort, course: Course) -> IssueReport:
    """Issue to every trainee of the cohort who meets the rules; report the others."""
    if course.id not in {c.id for c in cohort_courses(cohort)}:
        raise ServiceError(_l("The course {course} is not assigned to this cohort."), course=course.id)
    report = IssueReport()
    for row in table(cohort, course):
        if row.trainee.role != "trainee" or not row.trainee.is_active_account:
            continue
        if row.current is not None:
            report.existing += 1
            continue
        if row.latest is not None:
            report.revoked.append(row.trainee.name)
            continue
        try:
            cert, created = service.issue(actor, row.trainee, course)
        except ServiceError:
            report.not_met.append(row.trainee.name)
            continue
        if created:
            report.issued.append(cert)
    return report


# ----- the ZIP, streamed -----------------------------------------------------------------

class ZipSink:
    """A write-only file for ZipFile that hands out what was written since the last take()."""

    def __init__(self):
        self._parts: list[bytes] = []
        self._offset = 0

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in " .-_" else "_" for ch in name).strip() or "certificate"


def zip_stream(cohort: Cohort, course: Course, batch: int = 20) -> Iterator[bytes]:
    """The cohort's valid certificates for the course as a ZIP, one PDF at a time in memory."""
    query = (
        sa.select(Certificate.serial, Certificate.trainee_name, CertificateDocument.lang, CertificateDocument.data)
        .join(CertificateDocument, CertificateDocument.certificate_id == Certificate.id)
        .join(cohort_trainees, sa.and_(cohort_trainees.c.user_id == Certificate.user_id,
                                       cohort_trainees.c.cohort_id == cohort.id))
        .where(Certificate.course_id == course.id, Certificate.revoked_at.is_(None))
        .order_by(Certificate.serial, CertificateDocument.lang)
        .execution_options(yield_per=batch, stream_results=True))
    sink = ZipSink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed
        for serial, name, lang, data in db.session.execute(query):
            archive.writestr(f"{serial} {_safe(name)} ({lang}).pdf", data)
            yield sink.take()
    yield sink.take()
