"""What the attendance views share: loading a session the user may see or manage."""
from __future__ import annotations

from flask import abort
from flask_babel import get_locale
from flask_login import current_user

from training.attendance import service
from training.attendance.models import ClassSession


def viewable_session(session_id: int) -> ClassSession:
    """The session if the signed-in user may see it: 404 when missing, 403 when not theirs."""
    session = service.get_session(session_id)
    if session is None:
        abort(404)
    if not service.can_view_session(current_user, session):
        abort(403)
    return session


def managed_session(session_id: int) -> ClassSession:
    """The session if the signed-in user may mark and edit it (its cohort's trainer, an admin)."""
    session = service.get_session(session_id)
    if session is None:
        abort(404)
    if current_user.role not in ("trainer", "admin") or not service.can_manage_cohort(
            current_user, session.cohort_id):
        abort(403)
    return session


def locale() -> str:
    return str(get_locale())
