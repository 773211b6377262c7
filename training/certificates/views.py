"""Certificate pages: the trainee's, the PDF, public verification, the issuer and status documents,
and the trainer's cohort page (issue, revoke, re-issue, ZIP)."""
from __future__ import annotations

import os

import sqlalchemy as sa
from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.accounts import service as accounts
from training.accounts.models import Cohort
from training.certificates import cohort as cohorts
from training.certificates import rules, service
from training.certificates import subscribers  # noqa: F401  (connects the signals once)
from training.certificates.codes import grouped, normalise
from training.certificates.forms import IssueForm, ReissueForm, RevokeForm
from training.certificates.verify import check_signature
from training.exceptions import ServiceError
from training.extensions import db, limiter
from training.security import roles_required

bp = Blueprint("certificates", __name__)


@bp.record_once
def _complete_courses_by_certificate(state) -> None:
    """With certificates installed, a course counts as complete (for learning paths) once certified."""
    state.app.config.setdefault("COURSE_COMPLETION", "certificate")

verify_limit = limiter.shared_limit(
    lambda: (current_app.config.get("CERTIFICATE_VERIFY_LIMIT") or os.environ.get("CERTIFICATE_VERIFY_LIMIT")
             or "30 per minute"), scope="verify")


@bp.app_template_filter("certificate_code")
def certificate_code(code: str) -> str:
    return grouped(code)


@bp.app_template_global("certificate_panel")
def certificate_panel(course, card=None):
    """The course page's panel: each condition met or not with its figure, and the certificate.

    :param card: the page's CourseCard (enrolment and reading progress), so they are not queried twice.
    """
    if not current_user.is_authenticated or current_user.role != "trainee":
        return {"course": course, "eligibility": None, "certificate": None}
    check = rules.eligibility(current_user, course, enrolled=card.enrolled if card else None,
                              progress=card.progress if card else None)
    return {"course": course, "eligibility": check, "certificate": service.latest_for(current_user.id, course.id)}


# ----- the trainee's ---------------------------------------------------------------------

@bp.route("/certificates/")
@login_required
def mine():
    return render_template("certificates/mine.html", certificates=service.of_user(current_user))


@bp.route("/certificates/<code>.pdf")
@login_required
def pdf(code):
    cert = service.by_code(code)
    if cert is None:
        abort(404)
    if not service.can_download(current_user, cert):
        abort(403)
    pair = "ru-en" if request.args.get("lang") == "ru" else "az-en"
    doc = service.document(cert, pair)
    if doc is None:
        abort(404)
    response = Response(doc.data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{cert.serial}-{pair}.pdf"'
    response.headers["X-Content-SHA256"] = doc.sha256
    return response


# ----- public verification -----------------------------------------------------------------

@bp.route("/verify")
@verify_limit
def verify_form():
    typed = (request.args.get("code") or "").strip()
    if typed:
        code = normalise(typed)
        return redirect(url_for("certificates.verify_page", code=code or typed[:40]))
    return render_template("certificates/verify_form.html")


def _not_found():
    return render_template("certificates/verify_form.html", not_found=True), 404


@bp.route("/verify/<code>")
@verify_limit
def verify_page(code):
    cert = service.by_code(code)
    if cert is None:
        return _not_found()
    checked = check_signature(cert.credential, [service.platform_issuer()])
    documents = {d.lang: d for d in cert.documents}
    lang = str(get_locale())
    manage = bool(cert.path_id and current_user.is_authenticated and current_user.role in ("trainer", "admin")
                  and service.can_download(current_user, cert))  # path certificates are managed here
    return render_template("certificates/verify.html", cert=cert, checked=checked, claims=checked.claims,
                           course_title=cert.course_title.get(lang), documents=documents, manage=manage,
                           revoke_form=RevokeForm() if manage else None,
                           reissue_form=ReissueForm() if manage else None)


@bp.route("/verify/<code>.json")
@verify_limit
def verify_json(code):
    cert = service.by_code(code)
    if cert is None:
        return jsonify({"error": "not found"}), 404
    response = jsonify(cert.credential)
    response.mimetype = "application/vc+ld+json"
    response.headers["Content-Disposition"] = f'attachment; filename="{cert.serial}.json"'
    return response


@bp.route("/issuer.json")
def issuer():
    response = jsonify(service.issuer_document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/certificates/status/1.json")
def status_list():
    response = jsonify(service.status_list_credential())
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# ----- the trainer's cohort page -----------------------------------------------------------

def _managed_cohort(slug: str) -> Cohort:
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.slug == slug))
    if cohort is None:
        abort(404)
    if not accounts.can_manage_cohort(current_user, cohort):
        abort(403)
    return cohort


def _chosen_course(cohort: Cohort, course_id: str | None):
    courses = cohorts.cohort_courses(cohort)
    course = next((c for c in courses if c.id == course_id), None) if course_id else (courses[0] if courses else None)
    if course_id and course is None:
        abort(404)
    return courses, course


@bp.route("/cohorts/<slug>/certificates/")
@roles_required("trainer", "admin")
def cohort_page(slug):
    cohort = _managed_cohort(slug)
    courses, course = _chosen_course(cohort, request.args.get("course"))
    rows = cohorts.table(cohort, course) if course else []
    return render_template("certificates/cohort.html", cohort=cohort, courses=courses, course=course, rows=rows,
                           issue_form=IssueForm(course=course.id if course else ""),
                           revoke_form=RevokeForm(), reissue_form=ReissueForm())


@bp.route("/cohorts/<slug>/certificates/issue", methods=["POST"])
@roles_required("trainer", "admin")
def cohort_issue(slug):
    cohort = _managed_cohort(slug)
    form = IssueForm()
    if not form.validate_on_submit():
        abort(400)
    _courses, course = _chosen_course(cohort, form.course.data)
    try:
        report = cohorts.issue_for_cohort(current_user, cohort, course)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("Certificates issued: %(issued)s. Already issued: %(existing)s. Conditions not met: %(not_met)s.",
                issued=len(report.issued), existing=report.existing, not_met=len(report.not_met)), "success")
        if report.revoked:
            flash(_("Revoked certificates are re-issued one by one: %(names)s.",
                    names=", ".join(report.revoked)), "info")
    return redirect(url_for("certificates.cohort_page", slug=cohort.slug, course=course.id))


def _managed_certificate(code: str):
    cert = service.by_code(code)
    if cert is None:
        abort(404)
    if current_user.role != "admin" and not (current_user.role == "trainer"
                                             and service.can_download(current_user, cert)):
        abort(403)
    return cert


def _back(cert):
    cohort = db.session.get(Cohort, cert.cohort_id) if cert.cohort_id and cert.course_id else None
    if cohort is not None and accounts.can_manage_cohort(current_user, cohort):
        return redirect(url_for("certificates.cohort_page", slug=cohort.slug, course=cert.course_id))
    return redirect(url_for("certificates.verify_page", code=cert.code))


@bp.route("/certificates/<code>/revoke", methods=["POST"])
@roles_required("trainer", "admin")
def revoke(code):
    cert = _managed_certificate(code)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Give the reason for revoking the certificate."), "error")
        return _back(cert)
    try:
        service.revoke(current_user, cert, form.reason.data)
        db.session.commit()
        flash(_("Certificate %(serial)s revoked.", serial=cert.serial), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return _back(cert)


@bp.route("/certificates/<code>/reissue", methods=["POST"])
@roles_required("trainer", "admin")
def reissue(code):
    cert = _managed_certificate(code)
    if not ReissueForm().validate_on_submit():
        abort(400)
    try:
        new = service.reissue(current_user, cert)
        db.session.commit()
        flash(_("Certificate %(serial)s issued in place of the revoked one.", serial=new.serial), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return _back(cert)


@bp.route("/cohorts/<slug>/certificates.zip")
@roles_required("trainer", "admin")
def cohort_zip(slug):
    cohort = _managed_cohort(slug)
    _courses, course = _chosen_course(cohort, request.args.get("course"))
    if course is None:
        abort(404)
    response = Response(stream_with_context(cohorts.zip_stream(cohort, course)), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{cohort.slug}-{course.id}-certificates.zip"'
    return response
