"""Demo sessions and marks for `flask demo load` (created once; a second run adds nothing)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from training.accounts import service as accounts
from training.attendance import marking, service
from training.attendance.models import ClassSession
from training.extensions import db

SERIES = [
    # cohort, titles (az, en, ru), weekday offset, first week (relative), weeks, place, course
    ("pa-2026-autumn",
     ("Niyə qarşısının alınması: OPCAT və Milli Preventiv Mexanizm",
      "Why prevention: OPCAT and the National Preventive Mechanism",
      "Почему предупреждение: ФП КПП и Национальный превентивный механизм"),
     -3, 6, "Police Academy, room 214", "opcat"),
    ("ja-2026-judges",
     ("İstanbul Protokolu: işgəncənin sənədləşdirilməsi",
      "The Istanbul Protocol: documenting torture",
      "Стамбульский протокол: документирование пыток"),
     -2, 4, "Academy of Justice, hall B", None),
]

# A pattern of marks for past sessions, by the trainee's position in the roster.
PATTERN = ["present", "late", "present", "excused", "absent", "present"]


def load_demo_sessions() -> int:
    """Create the demo series that do not exist yet and mark their past sessions; returns how many."""
    created = 0
    courses = set(service.course_ids())
    today = service.utc_to_local(service.now_utc()).date()
    for slug, titles, first_week, weeks, place, course in SERIES:
        key = f"demo-{slug}"
        if db.session.scalar(sa.select(ClassSession.id).where(ClassSession.series == key)):
            continue
        cohort = accounts.cohort_by_slug(slug)
        start = datetime.combine(today + timedelta(weeks=first_week), time(10, 0))
        sessions = service.schedule(None, cohort, dict(zip(("az", "en", "ru"), titles)), start, 90,
                                    weeks=weeks, place=place, course_id=course if course in courses else None)
        for session in sessions:
            session.series = key
        db.session.flush()
        now = service.now_utc()
        for number, session in enumerate(s for s in sessions if s.starts_at <= now):
            form = {}
            for position, (trainee, _mark) in enumerate(marking.roster(session)):
                status = PATTERN[(position + number) % len(PATTERN)]
                form[f"status-{trainee.id}"] = status
                form[f"minutes-{trainee.id}"] = "12" if status == "late" else ""
                form[f"reason-{trainee.id}"] = "Medical certificate" if status == "excused" else ""
            marking.save_roster(None, session, form)
        created += len(sessions)
    return created
