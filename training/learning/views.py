"""Catalogue, course and lesson pages, glossary, search, and the trainers' and admins' views."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.accounts import service as accounts
from training.accounts.models import Cohort
from training.exceptions import ServiceError
from training.extensions import db
from training.learning import enrolment, paths, service
from training.learning.forms import AssignCourseForm, AssignPathForm, MarkReadForm, UnassignCourseForm
from training.learning.search import search as search_sections
from training.learning.status import translation_status
from training.security import roles_required

bp = Blueprint("learning", __name__)


@bp.app_template_global("localized")
def localized(texts, lang=None):
    return service.localized(texts, lang or str(get_locale()))


@bp.app_template_filter("number")
def number(value):
    return format_decimal(value, format="#,##0.#")


def _lang() -> str:
    return str(get_locale())


def _course_or_404(course_id: str):
    course = service.get_course(course_id)
    if course is None:
        abort(404)
    return course


def _readable_lesson(course_id: str, slug: str):
    """The course and lesson, 404 when missing, 403 when the user may not read the course."""
    course = _course_or_404(course_id)
    lesson = service.get_lesson(course, slug)
    if lesson is None:
        abort(404)
    if not service.can_read(current_user, course):
        abort(403)
    return course, lesson


@bp.route("/courses/")
@login_required
def catalogue():
    return render_template("learning/catalogue.html", cards=service.catalogue(current_user))


@bp.route("/courses/<course_id>/")
@login_required
def course(course_id):
    course = _course_or_404(course_id)
    lessons = service.course_lessons(course)
    return render_template(
        "learning/course.html", course=course, card=service.course_card(current_user, course),
        lessons=lessons, titles=service.lesson_titles([course.id], _lang()),
        read=service.read_lessons(current_user, course), may_read=service.can_read(current_user, course))


@bp.route("/courses/<course_id>/<slug>/")
@login_required
def lesson(course_id, slug):
    course, lesson = _readable_lesson(course_id, slug)
    card = service.course_card(current_user, course)
    if card.locked:
        flash(_("This course is locked until you finish the courses it requires."), "info")
        return redirect(url_for("learning.course", course_id=course.id))
    reading = service.lesson_text(lesson, _lang())
    if reading is None:
        abort(404)
    lessons = service.course_lessons(course)
    index = next(i for i, item in enumerate(lessons) if item.id == lesson.id)
    return render_template(
        "learning/lesson.html", course=course, lesson=lesson, reading=reading, card=card,
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
        titles=service.lesson_titles([course.id], _lang()), position=index + 1, count=len(lessons),
        read_at=service.read_lessons(current_user, course).get(lesson.id), form=MarkReadForm())


@bp.route("/courses/<course_id>/<slug>/read", methods=["POST"])
@login_required
def mark_read(course_id, slug):
    course, lesson = _readable_lesson(course_id, slug)
    if not MarkReadForm().validate_on_submit():
        abort(400)
    try:
        service.mark_read(current_user, lesson)
        db.session.commit()
        flash(_("Lesson marked as read."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("learning.lesson", course_id=course.id, slug=lesson.slug))


@bp.route("/glossary/")
@login_required
def glossary():
    return render_template("learning/glossary.html", terms=service.glossary_terms(_lang()))


@bp.route("/search")
@login_required
def search():
    query = (request.args.get("q") or "").strip()[:200]
    scope = None if current_user.role in ("trainer", "admin") else service.enrolled_course_ids(current_user)
    hits = search_sections(query, _lang(), scope) if query else []
    titles = {c.id: c.title for c in service.active_courses()} if hits else {}
    return render_template("learning/search.html", query=query, hits=hits, course_titles=titles)


@bp.route("/cohorts/<slug>/progress/")
@roles_required("trainer", "admin")
def cohort_progress(slug):
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.slug == slug))
    if cohort is None:
        abort(404)
    if not accounts.can_manage_cohort(current_user, cohort):
        abort(403)
    return render_template("learning/cohort_progress.html", cohort=cohort,
                           table=enrolment.cohort_table(cohort, _lang()))


@bp.route("/admin/translations/")
@roles_required("admin")
def translations():
    return render_template("learning/translations.html", statuses=translation_status())


@bp.route("/admin/enrolment/")
@roles_required("admin")
def enrolment_page():
    courses = service.active_courses()
    return render_template("learning/enrolment.html", cohorts=accounts.list_cohorts(), courses=courses,
                           assigned=enrolment.assignments(), assign_form=AssignCourseForm(),
                           unassign_form=UnassignCourseForm(),
                           paths=paths.active_paths(), cohort_paths=paths.assignments())


@bp.route("/admin/enrolment/assign", methods=["POST"])
@roles_required("admin")
def assign():
    form = AssignCourseForm()
    if not form.validate_on_submit():
        flash(_("Choose a course to assign."), "error")
        return redirect(url_for("learning.enrolment_page"))
    try:
        cohort = accounts.cohort_by_slug(form.cohort.data)
        course = enrolment.course_by_id(form.course.data)
        enrolment.assign_course(current_user, cohort, course)
        db.session.commit()
        flash(_("The course is assigned to %(cohort)s.", cohort=cohort.name), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("learning.enrolment_page"))


@bp.route("/admin/enrolment/unassign", methods=["POST"])
@roles_required("admin")
def unassign():
    form = UnassignCourseForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        cohort = accounts.cohort_by_slug(form.cohort.data)
        enrolment.unassign_course(current_user, cohort, form.course.data)
        db.session.commit()
        flash(_("The course is no longer assigned to %(cohort)s.", cohort=cohort.name), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("learning.enrolment_page"))


@bp.route("/admin/enrolment/assign-path", methods=["POST"])
@roles_required("admin")
def assign_path():
    form = AssignPathForm()
    if not form.validate_on_submit():
        flash(_("Choose a learning path to assign."), "error")
        return redirect(url_for("learning.enrolment_page"))
    try:
        cohort = accounts.cohort_by_slug(form.cohort.data)
        path = paths.path_by_id(form.path.data)
        enrolled = paths.assign_path(current_user, cohort, path)
        db.session.commit()
        flash(_("The learning path is assigned to %(cohort)s; courses newly assigned: %(count)s.",
                cohort=cohort.name, count=len(enrolled)), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("learning.enrolment_page"))
