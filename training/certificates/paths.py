"""Path certificates: a trainee holds a certificate for every course of a learning path.

Issued when learning sends `path_completed` (see subscribers.py), once per trainee and path. It is a
Certificate with `path_id` set: the same codes, serials, revocation list, PDFs and credential; it
freezes the path's title and version and each course with the serial of its certificate.
Functions flush, the caller commits.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import Cohort, User, cohort_trainees
from training.audit.service import record
from training.certificates import service
from training.certificates.models import Certificate
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.path_models import CohortPath, LearningPath
from training.learning.paths import path_courses


def current_for(user_id: int, path_id: str) -> Certificate | None:
    return db.session.scalar(sa.select(Certificate).where(
        Certificate.user_id == user_id, Certificate.path_id == path_id, Certificate.revoked_at.is_(None)))


def latest_for(user_id: int, path_id: str) -> Certificate | None:
    return db.session.scalar(sa.select(Certificate).where(
        Certificate.user_id == user_id, Certificate.path_id == path_id)
        .order_by(Certificate.revoked_at.is_(None).desc(), Certificate.id.desc()).limit(1))


def _cohort_of(user: User, path: LearningPath) -> Cohort | None:
    return db.session.scalar(
        sa.select(Cohort).join(cohort_trainees, cohort_trainees.c.cohort_id == Cohort.id)
        .join(CohortPath, CohortPath.cohort_id == Cohort.id)
        .where(cohort_trainees.c.user_id == user.id, CohortPath.path_id == path.id)
        .order_by(Cohort.id).limit(1))


def _frozen_courses(user: User, path: LearningPath) -> list[dict]:
    """The path's courses in order, each with the trainee's valid certificate; refused when one is missing."""
    courses = path_courses([path.id])[path.id]
    if not courses:
        raise ServiceError(_l("The learning path '{path}' has no course loaded yet."), path=path.id)
    held = {c.course_id: c for c in db.session.scalars(sa.select(Certificate).where(
        Certificate.user_id == user.id, Certificate.course_id.in_([c.id for c in courses]),
        Certificate.revoked_at.is_(None)))}
    if any(course.id not in held for course in courses):
        raise ServiceError(_l("{name} does not hold a certificate for every course of this learning path yet."),
                           name=user.name)
    return [{"id": course.id, "title": dict(held[course.id].course_title), "serial": held[course.id].serial,
             "hours": held[course.id].hours} for course in courses]


def _create(actor, user: User, path: LearningPath, completed_on=None,
            replaces: Certificate | None = None) -> Certificate:
    courses = _frozen_courses(user, path)
    cohort = _cohort_of(user, path)
    organisation = user.organisation or (cohort.organisation if cohort else None)
    return service.create(actor, user, {
        "path_id": path.id, "courses": courses, "cohort_id": cohort.id if cohort else None,
        "organisation_name": organisation.name if organisation else None,
        "course_title": dict(path.title), "course_version": path.version,
        "hours": float(sum(c["hours"] or 0 for c in courses)), "completed_on": completed_on},
        (path.summary or {}).get("en"), replaces)


def issue(actor, user: User, path: LearningPath) -> tuple[Certificate, bool]:
    """Issue the path certificate to a trainee certified for every course of it; (certificate, created).

    Issuing again returns the existing certificate; a revoked one is re-issued deliberately.
    """
    if user.role != "trainee":
        raise ServiceError(_l("Only trainees receive certificates."))
    service.lock()
    existing = current_for(user.id, path.id)
    if existing is not None:
        return existing, False
    if latest_for(user.id, path.id) is not None:
        raise ServiceError(_l("The certificate of {name} was revoked; re-issue it instead."), name=user.name)
    cert = _create(actor, user, path)
    record(actor, "certificate.issue", "certificate", cert.code, after=service.snapshot(cert))
    return cert, True


def reissue(actor, cert: Certificate) -> Certificate:
    """A corrected path certificate (new code and serial) in place of a revoked one: today's name and
    path, the courses' current certificates, the completion date of the revoked one."""
    service.lock()
    if current_for(cert.user_id, cert.path_id) is not None:
        raise ServiceError(_l("A valid certificate for this learning path already exists."))
    user, path = db.session.get(User, cert.user_id), db.session.get(LearningPath, cert.path_id)
    new = _create(actor, user, path, completed_on=cert.completed_on, replaces=cert)
    record(actor, "certificate.reissue", "certificate", new.code,
           before={"replaces": cert.code, **service.snapshot(cert)}, after=service.snapshot(new))
    return new
