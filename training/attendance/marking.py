"""Marks: the roster form, "mark all present", offline batches, the sign-in sheet and self check-in.

Every change writes an audit entry with the before and after of the mark; input is checked
whole before anything is written, so a refused form or batch changes nothing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from training.accounts.models import User, cohort_trainees
from training.attendance import codes
from training.attendance.models import STATUSES, AttendanceMark, ClassSession
from training.attendance.service import is_in_cohort, utc_to_local
from training.attendance.signals import marks_changed
from training.audit import service as audit
from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db

MAX_BATCH = 500
MAX_TEXT = 500


@dataclass(frozen=True)
class Entry:
    status: str
    minutes_late: int | None = None
    reason: str | None = None
    note: str | None = None


def roster(session: ClassSession) -> list[tuple[User, AttendanceMark | None]]:
    """The cohort's trainees by name, each with their mark for the session: two queries."""
    trainees = db.session.scalars(
        sa.select(User).join(cohort_trainees, cohort_trainees.c.user_id == User.id)
        .where(cohort_trainees.c.cohort_id == session.cohort_id).order_by(User.name, User.id))
    marks = {m.trainee_id: m for m in db.session.scalars(
        sa.select(AttendanceMark).where(AttendanceMark.session_id == session.id))}
    return [(t, marks.get(t.id)) for t in trainees]


def _text(value, label_field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ServiceError(_l("The batch of marks is malformed."), field=label_field)
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ServiceError(_l("A reason or note is too long (500 characters at most)."), field=label_field)
    return value or None


def check_entry(name: str, status, minutes=None, reason=None, note=None) -> Entry:
    """A valid mark for the trainee called `name`, or a ServiceError saying what is wrong."""
    if status not in STATUSES:
        raise ServiceError(_l("'{status}' is not a status: use present, late, excused or absent."),
                           field="status", status=str(status)[:40])
    reason, note = _text(reason, "reason"), _text(note, "note")
    if status == "late":
        if isinstance(minutes, str):
            minutes = minutes.strip()
            if not minutes.isdigit():
                raise ServiceError(_l("Give the minutes late for {name} as a whole number from 1 to 600."),
                                   field="minutes", name=name)
            minutes = int(minutes)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
            raise ServiceError(_l("Give the minutes late for {name} as a whole number from 1 to 600."),
                               field="minutes", name=name)
    else:
        minutes = None
    if status == "excused" and not reason:
        raise ServiceError(_l("Give the reason why {name} is excused."), field="reason", name=name)
    if status != "excused":
        reason = None
    return Entry(status, minutes, reason, note)


def _same(mark: AttendanceMark, entry: Entry) -> bool:
    return (mark.status, mark.minutes_late, mark.reason, mark.note) == (
        entry.status, entry.minutes_late, entry.reason, entry.note)


def _write(actor, session: ClassSession, trainee_id: int, entry: Entry, source: str,
           at: datetime | None = None, existing: AttendanceMark | None = None) -> tuple[AttendanceMark, bool]:
    """Create or change one mark and audit it: (the mark, whether this call wrote it).

    When another transaction inserted the same trainee's mark first, that mark is kept if it
    says the same (or, for a check-in, if it already says present or late)."""
    at = at or now_utc()
    mark = existing
    if mark is None:
        mark = AttendanceMark(session_id=session.id, trainee_id=trainee_id, status=entry.status,
                              minutes_late=entry.minutes_late, reason=entry.reason, note=entry.note,
                              source=source, marked_at=at, marked_by_id=getattr(actor, "id", None))
        try:
            with db.session.begin_nested():
                db.session.add(mark)
        except IntegrityError:  # somebody else's mark for this trainee landed first
            mark = db.session.scalar(sa.select(AttendanceMark).where(
                AttendanceMark.session_id == session.id, AttendanceMark.trainee_id == trainee_id))
            if _same(mark, entry) or (source == "checkin" and mark.status in ("present", "late")):
                return mark, False
        else:
            audit.record(actor, "attendance.mark", "attendance", f"{session.id}:{trainee_id}",
                         before=None, after=mark.snapshot())
            return mark, True
    before = mark.snapshot()
    mark.status, mark.minutes_late, mark.reason, mark.note = (
        entry.status, entry.minutes_late, entry.reason, entry.note)
    mark.source, mark.marked_at, mark.marked_by_id = source, at, getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "attendance.mark", "attendance", f"{session.id}:{trainee_id}",
                 before=before, after=mark.snapshot())
    return mark, True


def _notify(session: ClassSession, trainee_ids: list[int]) -> None:
    if trainee_ids:
        marks_changed.send(None, session_id=session.id, trainee_ids=sorted(set(trainee_ids)))


# ----- the roster form -----------------------------------------------------------------------

def save_roster(actor, session: ClassSession, form: Mapping[str, str], source: str = "roster") -> int:
    """Apply the roster form (fields status-<id>, minutes-<id>, reason-<id>, note-<id>).

    Rows without a status are left as they are. Returns the number of marks changed.
    """
    rows = roster(session)
    known = {t.id: (t, m) for t, m in rows}
    for key in form:
        prefix, _, raw_id = key.partition("-")
        if prefix in ("status", "minutes", "reason", "note") and raw_id:
            if not raw_id.isdigit() or int(raw_id) not in known:
                raise ServiceError(_l("Trainee {id} is not in the cohort of this session."), id=raw_id[:20])
    entries = {}
    for trainee_id, (trainee, _mark) in known.items():
        status = (form.get(f"status-{trainee_id}") or "").strip()
        if not status:
            continue
        entries[trainee_id] = check_entry(trainee.name, status, form.get(f"minutes-{trainee_id}"),
                                          form.get(f"reason-{trainee_id}"), form.get(f"note-{trainee_id}"))
    changed = []
    for trainee_id, entry in entries.items():
        mark = known[trainee_id][1]
        if mark is not None and _same(mark, entry):
            continue
        _write(actor, session, trainee_id, entry, source, existing=mark)
        changed.append(trainee_id)
    _notify(session, changed)
    return len(changed)


def mark_all_present(actor, session: ClassSession) -> int:
    """Mark present every trainee who has no mark yet (the fast path; then the exceptions)."""
    changed = []
    for trainee, mark in roster(session):
        if mark is None and trainee.is_active_account:
            _write(actor, session, trainee.id, Entry("present"), "roster")
            changed.append(trainee.id)
    _notify(session, changed)
    return len(changed)


def save_sheet(actor, session: ClassSession, signed: set[str]) -> int:
    """Enter a paper sign-in sheet: who signed is present, who did not (and has no mark) absent."""
    rows = roster(session)
    known = {str(t.id) for t, _ in rows}
    unknown = sorted(signed - known)
    if unknown:
        raise ServiceError(_l("Trainee {id} is not in the cohort of this session."), id=unknown[0][:20])
    changed = []
    for trainee, mark in rows:
        if str(trainee.id) in signed:
            if mark is None or mark.status not in ("present", "late"):
                _write(actor, session, trainee.id, Entry("present"), "sheet", existing=mark)
                changed.append(trainee.id)
        elif mark is None:
            _write(actor, session, trainee.id, Entry("absent"), "sheet")
            changed.append(trainee.id)
    _notify(session, changed)
    return len(changed)


# ----- marks made offline and sent later -----------------------------------------------------

def parse_time(value) -> datetime:
    """An ISO-8601 time from a browser, as naive UTC (a time without offset is taken as UTC)."""
    if not isinstance(value, str):
        raise ValueError(value)
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def apply_offline(actor, session: ClassSession, payload) -> dict[str, int]:
    """Apply a batch of marks made in the browser, each with the time it was made.

    Idempotent: a mark already applied changes nothing. When the server's mark for the same
    trainee was made later, the server's stays; the one that lost is recorded in the audit log.
    """
    malformed = ServiceError(_l("The batch of marks is malformed."))
    if not isinstance(payload, dict) or not isinstance(payload.get("marks"), list):
        raise malformed
    items = payload["marks"]
    if not 1 <= len(items) <= MAX_BATCH:
        raise ServiceError(_l("A batch holds between 1 and {most} marks."), most=MAX_BATCH)
    known = {t.id: (t, m) for t, m in roster(session)}
    now = now_utc()
    checked = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("trainee"), int) or isinstance(
                item.get("trainee"), bool):
            raise malformed
        if item["trainee"] not in known:
            raise ServiceError(_l("Trainee {id} is not in the cohort of this session."), id=item["trainee"])
        try:
            at = parse_time(item.get("at"))
        except ValueError:
            raise malformed from None
        trainee = known[item["trainee"]][0]
        entry = check_entry(trainee.name, item.get("status"), item.get("minutes"),
                            item.get("reason"), item.get("note"))
        checked.append((min(at, now), trainee.id, entry))
    result = {"applied": 0, "unchanged": 0, "superseded": 0}
    changed = []
    current = {tid: m for tid, (_t, m) in known.items()}
    for at, trainee_id, entry in sorted(checked, key=lambda c: c[0]):
        mark = current.get(trainee_id)
        if mark is not None and _same(mark, entry) and mark.marked_at <= at:
            result["unchanged"] += 1
            continue
        if mark is not None and mark.marked_at > at:
            if _same(mark, entry):
                result["unchanged"] += 1
                continue
            audit.record(actor, "attendance.mark_superseded", "attendance", f"{session.id}:{trainee_id}",
                         before=mark.snapshot(), after={
                             "status": entry.status, "minutes_late": entry.minutes_late,
                             "reason": entry.reason, "note": entry.note, "source": "offline",
                             "marked_at": at.isoformat(timespec="seconds"), "kept": "server"})
            result["superseded"] += 1
            continue
        current[trainee_id] = _write(actor, session, trainee_id, entry, "offline", at=at, existing=mark)[0]
        result["applied"] += 1
        changed.append(trainee_id)
    _notify(session, changed)
    return result


# ----- self check-in with the rotating code --------------------------------------------------

@dataclass
class CheckinResult:
    session: ClassSession
    mark: AttendanceMark
    already: bool


def _window(session: ClassSession) -> tuple[datetime, datetime]:
    early = int(current_app.config.get("ATTENDANCE_CHECKIN_OPENS_MINUTES", 15))
    return session.starts_at - timedelta(minutes=early), session.ends_at


def _format_local(moment: datetime) -> str:
    return utc_to_local(moment).strftime("%Y-%m-%d %H:%M")


def check_in(user: User, code: str, at: datetime | None = None, session_id: int | None = None,
             now: datetime | None = None) -> CheckinResult:
    """Mark the trainee present (or late) with the code shown at the session.

    `at` is when the code was entered (later than now only by clock skew; earlier when the
    phone was offline); `session_id` is the session the check-in page was opened for, if any.
    """
    now = now or now_utc()
    code = codes.normalise(code)
    if not codes.is_well_formed(code):
        raise ServiceError(_l("Type the six digits of the code shown on the screen."), field="code")
    at = min(at or now, now)
    max_age = int(current_app.config.get("ATTENDANCE_OFFLINE_MAX_HOURS", 48))
    if at < now - timedelta(hours=max_age):
        raise ServiceError(_l("This check-in was entered too long ago to be accepted."), field="code")
    candidates = list(db.session.scalars(sa.select(ClassSession).where(
        ClassSession.cancelled_at.is_(None),
        ClassSession.starts_at <= at + timedelta(days=1), ClassSession.ends_at >= at - timedelta(days=1))))
    valid, expired = [], []
    for candidate in candidates:
        outcome = codes.match(candidate.secret, code, at)
        (valid if outcome == "valid" else expired if outcome == "expired" else []).append(candidate)
    if not valid:
        if expired:
            raise ServiceError(_l("This code has expired. Type the code shown on the screen now."), field="code")
        raise ServiceError(_l("This code is not correct. Check the code on the screen and try again."),
                           field="code")
    if session_id is not None and all(s.id != session_id for s in valid):
        raise ServiceError(_l("This code belongs to another session."), field="code")
    mine = [s for s in valid if is_in_cohort(user.id, s.cohort_id)]
    if not mine:
        raise ServiceError(_l("You are not a trainee of the cohort of this session."), field="code")
    session = mine[0]
    opens, closes = _window(session)
    if not opens <= at <= closes:
        raise ServiceError(_l("Check-in for this session is open from {opens} to {closes} only."),
                           field="code", opens=_format_local(opens), closes=_format_local(closes))
    late_by = int((at - session.starts_at).total_seconds() // 60)
    entry = (Entry("late", minutes_late=late_by) if late_by > session.late_after_minutes
             else Entry("present"))
    existing = db.session.scalar(sa.select(AttendanceMark).where(
        AttendanceMark.session_id == session.id, AttendanceMark.trainee_id == user.id))
    if existing is not None and existing.status in ("present", "late"):
        return CheckinResult(session, existing, already=True)
    mark, written = _write(user, session, user.id, entry, "checkin", at=at, existing=existing)
    if written:
        _notify(session, [user.id])
    return CheckinResult(session, mark, already=not written)
