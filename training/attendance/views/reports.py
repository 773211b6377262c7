"""Rates: the trainee's own, the cohort grid; exports per cohort and per session."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, render_template, request, stream_with_context
from flask_login import current_user, login_required

from training.accounts import service as accounts
from training.accounts.models import Cohort
from training.attendance import export, marking, rates, service
from training.attendance.labels import STATUS_SHORT, status_label, status_short
from training.attendance.views import bp
from training.attendance.views.common import locale, managed_session
from training.extensions import db
from training.security import roles_required

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/attendance/")
@login_required
def mine():
    if current_user.role != "trainee":
        cohorts = service.manageable_cohorts(current_user)
        return render_template("attendance/cohorts.html", cohorts=cohorts)
    return render_template("attendance/mine.html", summaries=rates.trainee_summary(current_user),
                           threshold=rates.threshold(), status_label=status_label, locale=locale())


def _managed_cohort(slug: str) -> Cohort:
    cohort = db.first_or_404(sa.select(Cohort).where(Cohort.slug == slug))
    if not accounts.can_manage_cohort(current_user, cohort):
        abort(403)
    return cohort


def _course_arg() -> str | None:
    return request.args.get("course") or None


@bp.route("/attendance/cohorts/<slug>/")
@roles_required("trainer", "admin")
def grid(slug: str):
    cohort = _managed_cohort(slug)
    course = _course_arg()
    grid = rates.cohort_grid(cohort, course)
    return render_template("attendance/grid.html", grid=grid, course=course, courses=service.course_ids(),
                           status_label=status_label, status_short=status_short,
                           status_short_label=lambda s: str(STATUS_SHORT[s]), locale=locale())


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/attendance/cohorts/<slug>.csv")
@roles_required("trainer", "admin")
def cohort_csv(slug: str):
    cohort = _managed_cohort(slug)
    header, rows = export.cohort_table(rates.cohort_grid(cohort, _course_arg()))
    return _download(stream_with_context(export.csv_stream(header, rows)), CSV_TYPE,
                     f"attendance-{cohort.slug}.csv")


@bp.route("/attendance/cohorts/<slug>.xlsx")
@roles_required("trainer", "admin")
def cohort_xlsx(slug: str):
    cohort = _managed_cohort(slug)
    header, rows = export.cohort_table(rates.cohort_grid(cohort, _course_arg()))
    return _download(export.xlsx_bytes(cohort.slug, header, rows), XLSX_TYPE, f"attendance-{cohort.slug}.xlsx")


def _session_table(session):
    grid = rates.cohort_grid(session.cohort, session.course_id)
    by_trainee = {row.trainee.id: row.percent for row in grid.rows}
    return export.session_table(session, marking.roster(session), by_trainee)


@bp.route("/sessions/<int:session_id>/attendance.csv")
@login_required
def session_csv(session_id: int):
    session = managed_session(session_id)
    header, rows = _session_table(session)
    return _download(stream_with_context(export.csv_stream(header, rows)), CSV_TYPE,
                     f"attendance-session-{session.id}.csv")


@bp.route("/sessions/<int:session_id>/attendance.xlsx")
@login_required
def session_xlsx(session_id: int):
    session = managed_session(session_id)
    header, rows = _session_table(session)
    return _download(export.xlsx_bytes(f"session-{session.id}", header, rows), XLSX_TYPE,
                     f"attendance-session-{session.id}.xlsx")
