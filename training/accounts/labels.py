"""What roles are called in each language."""
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {"trainee": _l("Trainee"), "trainer": _l("Trainer"), "admin": _l("Administrator")}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
