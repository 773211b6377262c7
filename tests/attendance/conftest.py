"""Fixtures for attendance: a cohort with its trainer and trainees, another trainer's cohort,
and sessions scheduled through the service."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale

from training.attendance import service
from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db


@dataclass
class World:
    cohort: object
    trainer: object
    trainees: list
    other_cohort: object
    other_trainer: object
    outsider: object  # a trainee of the other cohort


@pytest.fixture
def world(make):
    org = make.organisation(slug="police-academy", name="Police Academy")
    trainer = make.user("trainer", email="rashad@example.org", name="Rəşad Məmmədov", locale="en")
    other_trainer = make.user("trainer", email="leyla@example.org", name="Leyla Qasımova", locale="en")
    cohort = make.cohort(slug="pa-2026", name="Cadets 2026", organisation=org, trainers=[trainer])
    other = make.cohort(slug="ja-2026", name="Judges 2026", organisation=org, trainers=[other_trainer])
    trainees = [
        make.user("trainee", email="elvin@example.org", name="Elvin Əliyev", cohorts=["pa-2026"], locale="en"),
        make.user("trainee", email="gunel@example.org", name="Günel İsmayılova", cohorts=["pa-2026"], locale="en"),
        make.user("trainee", email="orxan@example.org", name="Orxan Şükürov", cohorts=["pa-2026"], locale="en"),
    ]
    outsider = make.user("trainee", email="igor@example.org", name="Игорь Ковалёв", cohorts=["ja-2026"], locale="en")
    return World(cohort, trainer, trainees, other, other_trainer, outsider)


@pytest.fixture
def schedule(app):
    """schedule(cohort, start_utc=None, minutes=90, **kw) -> ClassSession (committed)."""
    def _schedule(cohort, start_utc: datetime | None = None, minutes: int = 90, weeks: int = 1, **kwargs):
        start_utc = start_utc or now_utc().replace(second=0, microsecond=0) - timedelta(minutes=5)
        kwargs.setdefault("titles", {"en": "Why prevention", "az": "Niyə qarşısının alınması",
                                     "ru": "Почему предупреждение"})
        created = service.schedule(None, cohort, start_local=service.utc_to_local(start_utc),
                                   minutes=minutes, weeks=weeks, **kwargs)
        db.session.commit()
        return created[0] if weeks == 1 else created
    return _schedule


def add_course(course_id: str, min_attendance: int | None = 75) -> None:
    """A row in the learning feature's courses table, written directly (attendance does not
    depend on learning)."""
    import sqlalchemy as sa

    table = sa.table("courses", *[sa.column(c) for c in (
        "id", "position", "hours", "version", "content_hash", "retired", "updated_at", "min_attendance")],
        *[sa.column(c, sa.JSON) for c in ("title", "summary", "prerequisites")])
    db.session.execute(sa.insert(table).values(
        id=course_id, position=1, hours=2.0, title={"en": "OPCAT", "az": "OPCAT", "ru": "ФП КПП"},
        summary={}, prerequisites=[], version=1, content_hash="0" * 64, retired=False,
        updated_at=now_utc(), min_attendance=min_attendance))
    db.session.commit()


@contextmanager
def refused(match: str):
    """Like pytest.raises(ServiceError, match=...), reading the message in English."""
    with pytest.raises(ServiceError) as exc, force_locale("en"):
        yield exc
    with force_locale("en"):
        text = str(exc.value)
    assert match in text, text
