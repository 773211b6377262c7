"""Issuing, revoking and re-issuing certificates; who may see one.

No request objects here: the actor is an argument (None for the system: rules, commands).
Functions flush, the caller commits. Issuing freezes everything a certificate shows: the name,
organisation, course title and version, figures, the signed credential and both PDFs.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from training.accounts.models import Cohort, User, cohort_trainees, cohort_trainers
from training.audit.service import record
from training.certificates import codes, credential, pdf, rules
from training.certificates.models import Certificate, CertificateDocument
from training.certificates.signing import platform_issuer
from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.models import CohortCourse, Course
from training.learning.signals import course_certified

_PG_LOCK_KEY = 7_311_006  # serial numbers and status-list positions are handed out one at a time
DEFAULT_ISSUER = {
    "az": "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman), Milli Preventiv Mexanizm",
    "en": "Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan, National Preventive Mechanism",
    "ru": "Уполномоченный по правам человека (омбудсмен) Азербайджанской Республики, "
          "Национальный превентивный механизм",
}


def issuer_names() -> dict:
    return current_app.config.get("CERTIFICATE_ISSUER_NAME") or DEFAULT_ISSUER


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def verify_url(code: str) -> str:
    return f"{base_url()}/verify/{code}"


# ----- look-ups --------------------------------------------------------------------------

def by_code(code: str | None) -> Certificate | None:
    """The certificate for a typed code (dashes, spaces and case ignored).

    A malformed code costs the same one query as an unknown one, so the answer and its time do
    not tell them apart.
    """
    normal = codes.normalise(code) or "-" * codes.LENGTH
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == normal))


def current_for(user_id: int, course_id: str) -> Certificate | None:
    return db.session.scalar(sa.select(Certificate).where(
        Certificate.user_id == user_id, Certificate.course_id == course_id, Certificate.revoked_at.is_(None)))


def latest_for(user_id: int, course_id: str) -> Certificate | None:
    return db.session.scalar(sa.select(Certificate).where(
        Certificate.user_id == user_id, Certificate.course_id == course_id)
        .order_by(Certificate.revoked_at.is_(None).desc(), Certificate.id.desc()).limit(1))


def of_user(user: User) -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).where(Certificate.user_id == user.id)
                                   .order_by(Certificate.issued_at.desc())))


def can_download(user, cert: Certificate) -> bool:
    """The trainee, a trainer of a cohort the trainee is in, and admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == "admin" or user.id == cert.user_id:
        return True
    if user.role != "trainer":
        return False
    taught = sa.select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == user.id)
    return db.session.scalar(sa.select(sa.func.count()).select_from(cohort_trainees).where(
        cohort_trainees.c.user_id == cert.user_id, cohort_trainees.c.cohort_id.in_(taught))) > 0


def document(cert: Certificate, pair: str) -> CertificateDocument | None:
    return db.session.scalar(sa.select(CertificateDocument).where(
        CertificateDocument.certificate_id == cert.id, CertificateDocument.lang == pair)
        .options(sa.orm.undefer(CertificateDocument.data)))


# ----- issuing ---------------------------------------------------------------------------

def lock() -> None:
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def local_today(moment: datetime):
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Baku"))
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).date()


def _cohort_of(user: User, course: Course) -> Cohort | None:
    return db.session.scalar(
        sa.select(Cohort).join(cohort_trainees, cohort_trainees.c.cohort_id == Cohort.id)
        .join(CohortCourse, CohortCourse.cohort_id == Cohort.id)
        .where(cohort_trainees.c.user_id == user.id, CohortCourse.course_id == course.id)
        .order_by(Cohort.id).limit(1))


def _next_numbers(year: int) -> tuple[int, int]:
    serial_no = db.session.scalar(sa.select(sa.func.max(Certificate.serial_no))
                                  .where(Certificate.serial_year == year)) or 0
    index = db.session.scalar(sa.select(sa.func.max(Certificate.status_index)))
    return serial_no + 1, 0 if index is None else index + 1


def _new_code() -> str:
    while True:
        code = codes.new_code()
        if db.session.scalar(sa.select(Certificate.id).where(Certificate.code == code)) is None:
            return code


def pdf_data(cert: Certificate) -> pdf.CertificateData:
    return pdf.CertificateData(
        trainee_name=cert.trainee_name, course_title=cert.course_title, hours=cert.hours,
        completed_on=cert.completed_on, serial=cert.serial, code=cert.code,
        verify_url=verify_url(cert.code), issuer_name=cert.issuer_name,
        organisation_name=cert.organisation_name,
        courses=tuple((c["title"], c.get("serial")) for c in cert.courses or ()) if cert.path_id else None)


def create(actor, user: User, fields: dict, summary: str | None = None,
           replaces: Certificate | None = None) -> Certificate:
    """Number, sign and render a new certificate (of a course or a path) from its frozen fields; the
    caller holds the lock."""
    issued_at = now_utc()
    serial_no, index = _next_numbers(issued_at.year)
    fields = {"completed_on": local_today(issued_at), **{k: v for k, v in fields.items() if v is not None}}
    cert = Certificate(
        code=_new_code(), serial=codes.serial(issued_at.year, serial_no), serial_year=issued_at.year,
        serial_no=serial_no, status_index=index, user_id=user.id, trainee_name=user.name,
        issuer_name=dict(issuer_names()), issued_at=issued_at, issued_by_id=getattr(actor, "id", None),
        replaces_id=replaces.id if replaces else None, **fields)
    cert.credential = credential.issue(cert, platform_issuer(), base_url(), summary)
    db.session.add(cert)
    db.session.flush()
    data = pdf_data(cert)
    for pair in pdf.PAIRS:
        content = pdf.render(data, pair)
        db.session.add(CertificateDocument(certificate_id=cert.id, lang=pair, data=content, size=len(content),
                                           sha256=hashlib.sha256(content).hexdigest()))
    db.session.flush()
    return cert


def _create(actor, user: User, course: Course, figures: dict, replaces: Certificate | None = None) -> Certificate:
    """Freeze a new course certificate (the caller holds the lock)."""
    cohort = _cohort_of(user, course)
    organisation = user.organisation or (cohort.organisation if cohort else None)
    return create(actor, user, {
        "course_id": course.id, "cohort_id": cohort.id if cohort else None,
        "organisation_name": organisation.name if organisation else None,
        "course_title": dict(course.title), "course_version": course.version, "hours": float(course.hours or 0),
        "completed_on": figures.get("completed_on"), "quiz_grade": figures.get("quiz"),
        "attendance_rate": figures.get("attendance")}, (course.summary or {}).get("en"), replaces)


def snapshot(cert: Certificate) -> dict:
    return {"serial": cert.serial, "user_id": cert.user_id, "trainee_name": cert.trainee_name,
            "course_id": cert.course_id, "path_id": cert.path_id, "course_version": cert.course_version,
            "quiz_grade": cert.quiz_grade, "attendance_rate": cert.attendance_rate,
            "completed_on": cert.completed_on.isoformat(), "revoked_at": cert.revoked_at,
            "revoked_reason": cert.revoked_reason}


def issue(actor, user: User, course: Course) -> tuple[Certificate, bool]:
    """Issue the course's certificate to a trainee who meets its rules; (certificate, created).

    Issuing again returns the existing certificate. A revoked one is not replaced here: that is
    re-issuing, a deliberate act of a trainer or admin.
    """
    lock()
    existing = current_for(user.id, course.id)
    if existing is not None:
        return existing, False
    if latest_for(user.id, course.id) is not None:
        raise ServiceError(_l("The certificate of {name} was revoked; re-issue it instead."), name=user.name)
    check = rules.eligibility(user, course)
    if not check.earned:
        raise ServiceError(_l("{name} has not met the conditions of this course yet."), name=user.name)
    cert = _create(actor, user, course, {"quiz": check.value("quiz"), "attendance": check.value("attendance")})
    record(actor, "certificate.issue", "certificate", cert.code, after=snapshot(cert))
    course_certified.send(course, user=user, certificate=cert)
    return cert, True


def issue_if_earned(user: User, course: Course) -> Certificate | None:
    """What the rules do when a lesson is read, an attempt graded or a mark changed."""
    if user.role != "trainee" or course.retired or latest_for(user.id, course.id) is not None:
        return None
    if not rules.eligibility(user, course).earned:
        return None
    cert, created = issue(None, user, course)
    return cert if created else None


def revoke(actor, cert: Certificate, reason: str) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Give the reason for revoking the certificate."), field="reason")
    if cert.revoked:
        raise ServiceError(_l("This certificate is already revoked."))
    before = snapshot(cert)
    cert.revoked_at = now_utc()
    cert.revoked_reason = reason[:1000]
    cert.revoked_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(actor, "certificate.revoke", "certificate", cert.code, before=before, after=snapshot(cert))
    return cert


def reissue(actor, cert: Certificate) -> Certificate:
    """After a correction: a new certificate (new code and serial) with today's name and course data
    and the figures of the revoked one, which it replaces."""
    if not cert.revoked:
        raise ServiceError(_l("Revoke the certificate before issuing a corrected one."))
    if cert.path_id:
        from training.certificates import paths  # paths builds on this module

        return paths.reissue(actor, cert)
    lock()
    if current_for(cert.user_id, cert.course_id) is not None:
        raise ServiceError(_l("A valid certificate for this course already exists."))
    user, course = db.session.get(User, cert.user_id), db.session.get(Course, cert.course_id)
    new = _create(actor, user, course, {"quiz": cert.quiz_grade, "attendance": cert.attendance_rate,
                                        "completed_on": cert.completed_on}, replaces=cert)
    record(actor, "certificate.reissue", "certificate", new.code,
           before={"replaces": cert.code, **snapshot(cert)}, after=snapshot(new))
    course_certified.send(course, user=user, certificate=new)
    return new


# ----- the revocation list ---------------------------------------------------------------

def status_list_credential() -> dict:
    rows = db.session.execute(sa.select(Certificate.status_index, Certificate.revoked_at)
                              .where(Certificate.revoked_at.is_not(None))).all()
    return credential.status_list([r.status_index for r in rows], platform_issuer(), base_url(), now_utc())


def issuer_document() -> dict:
    return credential.issuer_document(platform_issuer(), base_url(), issuer_names())
