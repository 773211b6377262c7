"""Sessions: scheduling (also weekly series), editing, cancelling, who may see and manage them.

The acting user is always an argument; functions flush and the caller commits. Times given
to and returned by this module as "local" are naive datetimes in the platform's time zone;
the database stores naive UTC.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import lazy_gettext as _l

from training.accounts.models import Cohort, User, cohort_trainees, cohort_trainers
from training.attendance.models import AttendanceMark, ClassSession
from training.attendance.rates import attendance_rate  # noqa: F401  (the certificates feature calls it)
from training.audit import service as audit
from training.config import LOCALES
from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db

MAX_WEEKS = 52
# The courses table belongs to the learning feature, above this one: read it without importing it.
courses_table = sa.table("courses", sa.column("id"), sa.column("title", sa.JSON), sa.column("retired"))


# ----- time zone -----------------------------------------------------------------------------

def platform_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Baku")


def local_to_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=platform_zone()).astimezone(timezone.utc).replace(tzinfo=None)


def utc_to_local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc).astimezone(platform_zone()).replace(tzinfo=None)


# ----- validation ----------------------------------------------------------------------------

def check_titles(titles: dict[str, str | None]) -> dict[str, str]:
    """A title in every language: the empty ones take the English, else the first given."""
    cleaned = {lang: " ".join((titles.get(lang) or "").split()) for lang in LOCALES}
    if any(len(t) > 200 for t in cleaned.values()):
        raise ServiceError(_l("A title is too long (200 characters at most)."), field="title_en")
    fallback = cleaned["en"] or next((t for t in cleaned.values() if t), "")
    if not fallback:
        raise ServiceError(_l("Give the session a title in at least one language."), field="title_en")
    return {lang: cleaned[lang] or fallback for lang in LOCALES}


def check_course(course_id: str | None) -> str | None:
    course_id = (course_id or "").strip() or None
    if course_id is None:
        return None
    found = db.session.scalar(sa.select(courses_table.c.id).where(courses_table.c.id == course_id))
    if found is None:
        raise ServiceError(_l("No course with the id '{course}'."), field="course", course=course_id)
    return course_id


def course_ids() -> list[str]:
    return list(db.session.scalars(sa.select(courses_table.c.id).order_by(courses_table.c.id)))


def course_choices(locale: str) -> list[tuple[str, str]]:
    """(id, title in the language) of every course, for choosing the course of a session."""
    rows = db.session.execute(sa.select(courses_table.c.id, courses_table.c.title).order_by(courses_table.c.id))
    choices = []
    for course_id, title in rows:
        title = title if isinstance(title, dict) else {}
        choices.append((course_id, title.get(locale) or title.get("en") or course_id))
    return choices


def _check_minutes(minutes) -> int:
    if not isinstance(minutes, int) or not 5 <= minutes <= 720:
        raise ServiceError(_l("A session lasts between 5 and 720 minutes."), field="minutes")
    return minutes


def _check_place(place: str | None) -> str | None:
    place = " ".join((place or "").split()) or None
    if place and len(place) > 200:
        raise ServiceError(_l("The place is too long (200 characters at most)."), field="place")
    return place


def _check_late_after(value) -> int:
    if value is None:
        return int(current_app.config.get("ATTENDANCE_LATE_AFTER_MINUTES", 10))
    if not isinstance(value, int) or not 0 <= value <= 240:
        raise ServiceError(_l("'Late after' must be between 0 and 240 minutes."), field="late_after")
    return value


def _check_trainers(actor: User | None, cohort: Cohort, trainers: list[User] | None) -> list[User]:
    if not trainers:
        if actor is not None and actor.role == "trainer":
            return [actor]
        return list(cohort.trainers)
    allowed = {u.id for u in cohort.trainers}
    for user in trainers:
        if user.role != "admin" and user.id not in allowed:
            raise ServiceError(_l("{name} does not teach this cohort."), field="trainers", name=user.name)
    return list(trainers)


def _check_actor(actor: User | None, cohort: Cohort) -> None:
    if actor is not None and not can_manage_cohort(actor, cohort.id):
        raise ServiceError(_l("You do not teach the cohort '{cohort}'."), field="cohort", cohort=cohort.slug)


# ----- permissions ---------------------------------------------------------------------------

def can_manage_cohort(user: User, cohort_id: int) -> bool:
    if user.role == "admin":
        return True
    if user.role != "trainer":
        return False
    return db.session.scalar(
        sa.select(sa.literal(True)).select_from(cohort_trainers)
        .where(cohort_trainers.c.cohort_id == cohort_id, cohort_trainers.c.user_id == user.id)
    ) is True


def is_in_cohort(user_id: int, cohort_id: int) -> bool:
    return db.session.scalar(
        sa.select(sa.literal(True)).select_from(cohort_trainees)
        .where(cohort_trainees.c.cohort_id == cohort_id, cohort_trainees.c.user_id == user_id)
    ) is True


def can_view_session(user: User, session: ClassSession) -> bool:
    if user.role == "trainee":
        return is_in_cohort(user.id, session.cohort_id)
    return can_manage_cohort(user, session.cohort_id)


def manageable_cohorts(user: User) -> list[Cohort]:
    query = sa.select(Cohort).order_by(Cohort.name)
    if user.role == "trainer":
        query = query.where(Cohort.trainers.any(User.id == user.id))
    elif user.role != "admin":
        return []
    return list(db.session.scalars(query))


# ----- reading -------------------------------------------------------------------------------

def get_session(session_id: int) -> ClassSession | None:
    return db.session.scalar(
        sa.select(ClassSession).where(ClassSession.id == session_id)
        .options(so.joinedload(ClassSession.cohort), so.selectinload(ClassSession.trainers))
    )


def _visible(query, user: User):
    if user.role == "trainer":
        query = query.where(ClassSession.cohort_id.in_(
            sa.select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == user.id)))
    elif user.role == "trainee":
        query = query.where(ClassSession.cohort_id.in_(
            sa.select(cohort_trainees.c.cohort_id).where(cohort_trainees.c.user_id == user.id)))
    return query


def upcoming_sessions(user: User, limit: int = 100, now: datetime | None = None) -> list[ClassSession]:
    now = now or now_utc()
    query = (sa.select(ClassSession).where(ClassSession.ends_at > now)
             .options(so.joinedload(ClassSession.cohort)).order_by(ClassSession.starts_at).limit(limit))
    return list(db.session.scalars(_visible(query, user)))


def past_sessions(user: User, page: int = 1, per_page: int = 50, now: datetime | None = None):
    now = now or now_utc()
    query = (sa.select(ClassSession).where(ClassSession.ends_at <= now)
             .options(so.joinedload(ClassSession.cohort)).order_by(ClassSession.starts_at.desc()))
    return db.paginate(_visible(query, user), page=page, per_page=per_page, error_out=False)


def own_marks(user: User, session_ids: list[int]) -> dict[int, AttendanceMark]:
    if not session_ids:
        return {}
    marks = db.session.scalars(sa.select(AttendanceMark).where(
        AttendanceMark.trainee_id == user.id, AttendanceMark.session_id.in_(session_ids)))
    return {m.session_id: m for m in marks}


# ----- changing ------------------------------------------------------------------------------

def _snapshot(s: ClassSession) -> dict:
    return {"cohort": s.cohort.slug, "course": s.course_id, "title": {"az": s.title_az, "en": s.title_en,
            "ru": s.title_ru}, "starts_at": s.starts_at.isoformat(timespec="minutes"),
            "ends_at": s.ends_at.isoformat(timespec="minutes"), "place": s.place,
            "trainers": sorted(u.email for u in s.trainers), "late_after_minutes": s.late_after_minutes}


def schedule(actor: User | None, cohort: Cohort, titles: dict[str, str | None], start_local: datetime,
             minutes: int, weeks: int = 1, place: str | None = None, course_id: str | None = None,
             trainers: list[User] | None = None, late_after: int | None = None) -> list[ClassSession]:
    """Create one session, or a weekly series of `weeks` sessions, in one step."""
    _check_actor(actor, cohort)
    titles = check_titles(titles)
    minutes = _check_minutes(minutes)
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise ServiceError(_l("A series has between 1 and {most} weeks."), field="weeks", most=MAX_WEEKS)
    place = _check_place(place)
    course_id = check_course(course_id)
    leaders = _check_trainers(actor, cohort, trainers)
    late_after = _check_late_after(late_after)
    series = secrets.token_hex(8) if weeks > 1 else None
    created = []
    for week in range(weeks):
        starts = local_to_utc(start_local + timedelta(weeks=week))
        session = ClassSession(
            cohort=cohort, course_id=course_id, title_az=titles["az"], title_en=titles["en"],
            title_ru=titles["ru"], starts_at=starts, ends_at=starts + timedelta(minutes=minutes),
            place=place, series=series, late_after_minutes=late_after, trainers=leaders,
            created_by_id=getattr(actor, "id", None),
        )
        db.session.add(session)
        created.append(session)
    db.session.flush()
    for session in created:
        audit.record(actor, "session.create", "class_session", session.id, after=_snapshot(session))
    return created


def update_session(actor: User | None, session: ClassSession, titles: dict[str, str | None],
                   start_local: datetime, minutes: int, place: str | None = None,
                   course_id: str | None = None, trainers: list[User] | None = None,
                   late_after: int | None = None) -> ClassSession:
    _check_actor(actor, session.cohort)
    titles = check_titles(titles)
    minutes = _check_minutes(minutes)
    place = _check_place(place)
    course_id = check_course(course_id)
    leaders = _check_trainers(actor, session.cohort, trainers) if trainers else list(session.trainers)
    late_after = _check_late_after(late_after)
    before = _snapshot(session)
    starts = local_to_utc(start_local)
    session.title_az, session.title_en, session.title_ru = titles["az"], titles["en"], titles["ru"]
    session.starts_at, session.ends_at = starts, starts + timedelta(minutes=minutes)
    session.place, session.course_id, session.trainers = place, course_id, leaders
    session.late_after_minutes = late_after
    db.session.flush()
    after = _snapshot(session)
    if after != before:
        audit.record(actor, "session.update", "class_session", session.id, before=before, after=after)
    return session


def cancel_session(actor: User | None, session: ClassSession, reason: str | None = None) -> ClassSession:
    """Cancel a session: it stays listed as cancelled and no longer counts in rates."""
    _check_actor(actor, session.cohort)
    if session.is_cancelled:
        raise ServiceError(_l("This session is already cancelled."))
    reason = " ".join((reason or "").split()) or None
    if reason and len(reason) > 500:
        raise ServiceError(_l("The reason is too long (500 characters at most)."), field="reason")
    session.cancelled_at = now_utc()
    session.cancel_reason = reason
    db.session.flush()
    audit.record(actor, "session.cancel", "class_session", session.id,
                 before={"cancelled": False}, after={"cancelled": True, "reason": reason})
    return session


def restore_session(actor: User | None, session: ClassSession) -> ClassSession:
    _check_actor(actor, session.cohort)
    if not session.is_cancelled:
        return session
    session.cancelled_at = None
    session.cancel_reason = None
    db.session.flush()
    audit.record(actor, "session.restore", "class_session", session.id,
                 before={"cancelled": True}, after={"cancelled": False})
    return session


def cohort_sessions(cohort: Cohort) -> list[ClassSession]:
    return list(db.session.scalars(
        sa.select(ClassSession).where(ClassSession.cohort_id == cohort.id).order_by(ClassSession.starts_at)))
