"""The roster (also as JSON batches sent from an offline browser), the sign-in sheet, the
rotating-code screen and the trainee's check-in."""
from __future__ import annotations

import segno
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from training.attendance import codes, marking, service
from training.attendance.forms import CheckinForm
from training.attendance.labels import STATUS_LABELS, status_label
from training.attendance.models import STATUSES
from training.attendance.views import bp
from training.attendance.views.common import locale, managed_session
from training.exceptions import ServiceError
from training.extensions import db, limiter
from training.security import roles_required


@bp.route("/sessions/<int:session_id>/roster", methods=["GET", "POST"])
@login_required
def roster(session_id: int):
    session = managed_session(session_id)
    errors, status = [], 200
    if request.method == "POST":
        try:
            if request.form.get("action") == "all-present":
                changed = marking.mark_all_present(current_user, session)
            else:
                changed = marking.save_roster(current_user, session, request.form)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            errors, status = [str(exc)], 400
        else:
            flash(ngettext("%(num)d mark saved.", "%(num)d marks saved.", changed), "success")
            return redirect(url_for("attendance.roster", session_id=session.id))
    entries = marking.roster(session)
    return render_template("attendance/roster.html", session=session, entries=entries, errors=errors,
                           form_values=request.form if errors else None, statuses=STATUSES,
                           status_labels=STATUS_LABELS, locale=locale()), status


@bp.route("/sessions/<int:session_id>/marks", methods=["POST"])
@login_required
def sync_marks(session_id: int):
    """Marks made in the browser (perhaps offline), as JSON: {"marks": [{trainee, status, ...}]}."""
    session = managed_session(session_id)
    payload = request.get_json(silent=True)
    try:
        result = marking.apply_offline(current_user, session, payload)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        return jsonify({"ok": False, "message": str(exc)}), 400
    return jsonify({"ok": True, **result, "message": ngettext(
        "%(num)d mark saved.", "%(num)d marks saved.", result["applied"] + result["unchanged"])})


@bp.route("/sessions/<int:session_id>/sheet", methods=["GET", "POST"])
@login_required
def sheet(session_id: int):
    """A printable sign-in sheet; and the form to enter who signed it afterwards."""
    session = managed_session(session_id)
    if request.method == "POST":
        signed = {key.removeprefix("signed-") for key in request.form if key.startswith("signed-")}
        try:
            changed = marking.save_sheet(current_user, session, signed)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("attendance.sheet", session_id=session.id), code=303)
        flash(ngettext("%(num)d mark saved.", "%(num)d marks saved.", changed), "success")
        return redirect(url_for("attendance.roster", session_id=session.id))
    return render_template("attendance/sheet.html", session=session, entries=marking.roster(session),
                           status_label=status_label, locale=locale())


def _current_code(session):
    now = service.now_utc()
    code = codes.code_for(session.secret, codes.step_at(now))
    link = f"{current_app.config['BASE_URL']}{url_for('attendance.checkin', session=session.id, code=code)}"
    qr = segno.make(link, error="m").svg_data_uri(scale=6, border=2)
    return {"code": code, "qr": qr, "link": link, "seconds_left": codes.seconds_left(now)}


@bp.route("/sessions/<int:session_id>/code")
@login_required
def code_screen(session_id: int):
    session = managed_session(session_id)
    return render_template("attendance/code.html", session=session, locale=locale(), **_current_code(session))


@bp.route("/sessions/<int:session_id>/code.json")
@login_required
def code_json(session_id: int):
    session = managed_session(session_id)
    return jsonify(_current_code(session))


def _checkin_key() -> str:
    if current_user.is_authenticated:
        return f"checkin-user:{current_user.id}"
    return f"checkin-address:{get_remote_address()}"


def _checkin_message(result) -> str:
    title = result.session.title(locale())
    if result.already:
        return _("You are already checked in to %(title)s.", title=title)
    if result.mark.status == "late":
        return _("Checked in to %(title)s: late by %(minutes)d minutes.", title=title,
                 minutes=result.mark.minutes_late)
    return _("Checked in to %(title)s: present.", title=title)


@bp.route("/checkin", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config.get("ATTENDANCE_CHECKIN_LIMIT", "10 per minute;60 per hour"),
               methods=["POST"], key_func=_checkin_key, scope="checkin")
@roles_required("trainee")
def checkin():
    """The trainee types (or scans) the code; JSON posts carry the time it was entered."""
    if request.is_json:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return jsonify({"ok": False, "message": _("The check-in was malformed.")}), 400
        try:
            at = marking.parse_time(payload["at"]) if payload.get("at") else None
            hint = payload.get("session")
            hint = int(hint) if hint not in (None, "") else None
        except (ValueError, TypeError):
            return jsonify({"ok": False, "message": _("The check-in was malformed.")}), 400
        try:
            result = marking.check_in(current_user, str(payload.get("code") or ""), at=at, session_id=hint)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            return jsonify({"ok": False, "message": str(exc)}), 400
        return jsonify({"ok": True, "status": result.mark.status, "label": status_label(result.mark.status),
                        "message": _checkin_message(result)})
    form = CheckinForm()
    if request.method == "GET":
        form.code.data = request.args.get("code", "")
        form.session.data = request.args.get("session", "")
    if form.validate_on_submit():
        hint = form.session.data
        try:
            result = marking.check_in(current_user, form.code.data,
                                      session_id=int(hint) if hint and hint.isdigit() else None)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            form.code.errors = list(form.code.errors) + [str(exc)]
        else:
            flash(_checkin_message(result), "success")
            return redirect(url_for("attendance.checkin"))
    status = 400 if request.method == "POST" else 200
    return render_template("attendance/checkin.html", form=form), status
