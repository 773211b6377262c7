"""Listing, scheduling, editing and cancelling sessions; the service worker script."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from training.accounts.models import User, cohort_trainers
from training.attendance import service
from training.attendance.forms import CancelForm, SessionForm
from training.attendance.views import bp
from training.attendance.views.common import locale, managed_session, viewable_session
from training.exceptions import ServiceError
from training.extensions import db
from training.security import roles_required


@bp.route("/sessions/")
@login_required
def index():
    upcoming = service.upcoming_sessions(current_user)
    past = service.past_sessions(current_user, page=request.args.get("page", 1, type=int))
    marks = {}
    if current_user.role == "trainee":
        marks = service.own_marks(current_user, [s.id for s in upcoming] + [s.id for s in past.items])
    return render_template("attendance/index.html", upcoming=upcoming, past=past, marks=marks,
                           locale=locale(), now=service.now_utc())


@bp.route("/sessions/<int:session_id>")
@login_required
def detail(session_id: int):
    session = viewable_session(session_id)
    mark = service.own_marks(current_user, [session.id]).get(session.id)
    can_manage = current_user.role != "trainee"
    return render_template("attendance/detail.html", session=session, mark=mark, can_manage=can_manage,
                           cancel_form=CancelForm(), locale=locale(), now=service.now_utc())


def _fill_choices(form: SessionForm, cohorts) -> None:
    form.cohort.choices = [(c.slug, c.name) for c in cohorts]
    form.course.choices = [("", _("No course"))] + service.course_choices(locale())
    ids = [c.id for c in cohorts]
    trainers = db.session.scalars(
        sa.select(User).where(sa.or_(User.role == "admin", User.id.in_(
            sa.select(cohort_trainers.c.user_id).where(cohort_trainers.c.cohort_id.in_(ids)))))
        .order_by(User.name)) if ids else []
    form.trainers.choices = [(u.id, u.name) for u in trainers]


def _times(form: SessionForm) -> tuple[datetime, int] | None:
    start = datetime.combine(form.date.data, form.start.data)
    end = datetime.combine(form.date.data, form.end.data)
    if end <= start:
        form.end.errors.append(_("The session must end after it starts."))
        return None
    return start, int((end - start).total_seconds() // 60)


def _apply_error(form: SessionForm, exc: ServiceError) -> None:
    target = {"title_en": form.title_en, "minutes": form.end, "weeks": form.weeks, "place": form.place,
              "course": form.course, "trainers": form.trainers, "late_after": form.late_after,
              "cohort": form.cohort}.get(exc.field)
    if target is not None:
        target.errors = list(target.errors) + [str(exc)]
    else:
        flash(str(exc), "error")


def _titles(form: SessionForm) -> dict[str, str]:
    return {"az": form.title_az.data, "en": form.title_en.data, "ru": form.title_ru.data}


def _trainers(form: SessionForm) -> list[User]:
    ids = form.trainers.data or []
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)))) if ids else []


@bp.route("/sessions/new", methods=["GET", "POST"])
@roles_required("trainer", "admin")
def new():
    cohorts = service.manageable_cohorts(current_user)
    form = SessionForm()
    _fill_choices(form, cohorts)
    if request.method == "GET":
        form.cohort.data = request.args.get("cohort")
        form.late_after.data = current_app.config.get("ATTENDANCE_LATE_AFTER_MINUTES", 10)
    if form.validate_on_submit() and (times := _times(form)):
        cohort = next(c for c in cohorts if c.slug == form.cohort.data)
        try:
            created = service.schedule(
                current_user, cohort, _titles(form), times[0], times[1], weeks=form.weeks.data,
                place=form.place.data, course_id=form.course.data or None, trainers=_trainers(form),
                late_after=form.late_after.data)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            _apply_error(form, exc)
        else:
            flash(ngettext("%(num)d session scheduled.", "%(num)d sessions scheduled.", len(created)),
                  "success")
            return redirect(url_for("attendance.detail", session_id=created[0].id))
    status = 400 if request.method == "POST" else 200
    return render_template("attendance/form.html", form=form, session=None), status


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit(session_id: int):
    session = managed_session(session_id)
    form = SessionForm()
    _fill_choices(form, [session.cohort])
    del form.weeks
    if request.method == "GET":
        starts, ends = service.utc_to_local(session.starts_at), service.utc_to_local(session.ends_at)
        form.cohort.data = session.cohort.slug
        form.course.data = session.course_id or ""
        form.title_az.data, form.title_en.data, form.title_ru.data = (
            session.title_az, session.title_en, session.title_ru)
        form.date.data, form.start.data, form.end.data = starts.date(), starts.time(), ends.time()
        form.place.data = session.place
        form.trainers.data = [u.id for u in session.trainers]
        form.late_after.data = session.late_after_minutes
    if form.validate_on_submit() and (times := _times(form)):
        try:
            service.update_session(current_user, session, _titles(form), times[0], times[1],
                                   place=form.place.data, course_id=form.course.data or None,
                                   trainers=_trainers(form), late_after=form.late_after.data)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            _apply_error(form, exc)
        else:
            flash(_("The session has been saved."), "success")
            return redirect(url_for("attendance.detail", session_id=session.id))
    status = 400 if request.method == "POST" else 200
    return render_template("attendance/form.html", form=form, session=session, locale=locale()), status


@bp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
@login_required
def cancel(session_id: int):
    session = managed_session(session_id)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.cancel_session(current_user, session, form.reason.data)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("The session has been cancelled. It no longer counts in attendance rates."), "success")
    return redirect(url_for("attendance.detail", session_id=session.id))


@bp.route("/sessions/<int:session_id>/restore", methods=["POST"])
@login_required
def restore(session_id: int):
    session = managed_session(session_id)
    if not CancelForm().validate_on_submit():
        abort(400)
    service.restore_session(current_user, session)
    db.session.commit()
    flash(_("The session takes place again."), "success")
    return redirect(url_for("attendance.detail", session_id=session.id))


@bp.route("/sessions/sw.js")
def service_worker():
    """The offline script, served under /sessions/ and allowed to control the whole site."""
    script = Path(current_app.static_folder, "js", "attendance-sw.js").read_bytes()
    response = Response(script, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response

