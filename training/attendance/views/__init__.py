"""The attendance blueprint: sessions, marking and check-in, rates and exports."""
from flask import Blueprint

from training.attendance.labels import status_label

bp = Blueprint("attendance", __name__)


@bp.context_processor
def attendance_helpers():
    return {"status_label": status_label}


from training.attendance.views import marking, reports, sessions  # noqa: E402,F401  (routes)
