"""What statuses are called in each language."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "present": _l("Present"),
    "late": _l("Late"),
    "excused": _l("Excused"),
    "absent": _l("Absent"),
}


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS[status]) if status in STATUS_LABELS else ""

# One letter per status for the grid; the page explains them.
STATUS_SHORT = {
    "present": _l("P (present)"),
    "late": _l("L (late)"),
    "excused": _l("E (excused)"),
    "absent": _l("A (absent)"),
}


def status_short(status: str) -> str:
    return str(STATUS_SHORT[status])[:1]
