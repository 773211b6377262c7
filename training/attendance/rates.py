"""Attendance rates and the cohort grid.

rate = (present + late) / (sessions held - sessions excused for that trainee), where a session
is held once it has begun and was not cancelled; a held session without a mark counts as absent.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from training.accounts.models import Cohort, User, cohort_trainees
from training.attendance.models import AttendanceMark, ClassSession
from training.db import now_utc
from training.extensions import db


def _held(now: datetime):
    return sa.and_(ClassSession.cancelled_at.is_(None), ClassSession.starts_at <= now)


def percent(attended: int, counted: int) -> float | None:
    return None if counted <= 0 else 100.0 * attended / counted


def attendance_rate(user_id: int, course_id: str | None = None, now: datetime | None = None
                    ) -> tuple[float | None, int, int]:
    """(percent or None, sessions held, sessions counted) for a trainee, over the sessions of the
    course (or of every session of the trainee's cohorts when course_id is None); one query."""
    now = now or now_utc()
    mark = so.aliased(AttendanceMark)
    query = (
        sa.select(
            sa.func.count(ClassSession.id),
            sa.func.coalesce(sa.func.sum(sa.case((mark.status.in_(("present", "late")), 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((mark.status == "excused", 1), else_=0)), 0),
        )
        .select_from(ClassSession)
        .join(cohort_trainees, sa.and_(cohort_trainees.c.cohort_id == ClassSession.cohort_id,
                                       cohort_trainees.c.user_id == user_id))
        .outerjoin(mark, sa.and_(mark.session_id == ClassSession.id, mark.trainee_id == user_id))
        .where(_held(now))
    )
    if course_id is not None:
        query = query.where(ClassSession.course_id == course_id)
    held, attended, excused = db.session.execute(query).one()
    counted = held - excused
    return percent(attended, counted), held, counted


def threshold(course_id: str | None = None) -> float:
    """The minimum attendance: the course's (course.yml), else the platform's setting."""
    if course_id is not None:
        courses = sa.table("courses", sa.column("id"), sa.column("min_attendance"))
        minimum = db.session.scalar(sa.select(courses.c.min_attendance).where(courses.c.id == course_id))
        if minimum is not None:
            return float(minimum)
    return float(current_app.config.get("ATTENDANCE_MIN_PERCENT", 80))


@dataclass
class GridRow:
    trainee: User
    cells: list[AttendanceMark | None] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("present", "late", "excused", "absent"), 0))
    percent: float | None = None
    held: int = 0
    counted: int = 0
    below: bool = False


@dataclass
class Grid:
    cohort: Cohort
    course_id: str | None
    sessions: list[ClassSession]
    rows: list[GridRow]
    threshold: float
    session_present: list[int]  # present + late per session

    @property
    def below_count(self) -> int:
        return sum(1 for r in self.rows if r.below)


def cohort_grid(cohort: Cohort, course_id: str | None = None, now: datetime | None = None) -> Grid:
    """Trainees x held sessions with totals and rates, in three queries whatever the size."""
    now = now or now_utc()
    query = sa.select(ClassSession).where(ClassSession.cohort_id == cohort.id, _held(now))
    if course_id is not None:
        query = query.where(ClassSession.course_id == course_id)
    sessions = list(db.session.scalars(query.order_by(ClassSession.starts_at, ClassSession.id)))
    trainees = list(db.session.scalars(
        sa.select(User).join(cohort_trainees, cohort_trainees.c.user_id == User.id)
        .where(cohort_trainees.c.cohort_id == cohort.id).order_by(User.name, User.id)))
    marks: dict[tuple[int, int], AttendanceMark] = {}
    if sessions:
        ids = [s.id for s in sessions]
        for m in db.session.scalars(sa.select(AttendanceMark).where(AttendanceMark.session_id.in_(ids))):
            marks[(m.session_id, m.trainee_id)] = m
    limit = threshold(course_id)
    rows, per_session = [], [0] * len(sessions)
    for trainee in trainees:
        row = GridRow(trainee=trainee, held=len(sessions))
        for index, session in enumerate(sessions):
            mark = marks.get((session.id, trainee.id))
            row.cells.append(mark)
            status = mark.status if mark else "absent"
            row.counts[status] += 1
            if status in ("present", "late"):
                per_session[index] += 1
        row.counted = row.held - row.counts["excused"]
        row.percent = percent(row.counts["present"] + row.counts["late"], row.counted)
        row.below = row.percent is not None and row.percent < limit
        rows.append(row)
    return Grid(cohort=cohort, course_id=course_id, sessions=sessions, rows=rows, threshold=limit,
                session_present=per_session)


@dataclass
class TraineeSummary:
    cohort: Cohort
    overall: tuple[float | None, int, int]
    courses: list[tuple[str, float | None, int, int]]
    sessions: list[tuple[ClassSession, AttendanceMark | None]]


def trainee_summary(user: User, now: datetime | None = None) -> list[TraineeSummary]:
    """The trainee's own attendance per cohort: overall and per course, and each held session."""
    now = now or now_utc()
    cohorts = list(db.session.scalars(
        sa.select(Cohort).join(cohort_trainees, cohort_trainees.c.cohort_id == Cohort.id)
        .where(cohort_trainees.c.user_id == user.id).order_by(Cohort.name)))
    sessions = list(db.session.scalars(
        sa.select(ClassSession).where(ClassSession.cohort_id.in_([c.id for c in cohorts]), _held(now))
        .order_by(ClassSession.starts_at.desc()))) if cohorts else []
    marks = {m.session_id: m for m in db.session.scalars(sa.select(AttendanceMark).where(
        AttendanceMark.trainee_id == user.id,
        AttendanceMark.session_id.in_([s.id for s in sessions])))} if sessions else {}
    result = []
    for cohort in cohorts:
        mine = [(s, marks.get(s.id)) for s in sessions if s.cohort_id == cohort.id]
        course_keys = sorted({s.course_id for s, _ in mine if s.course_id})
        result.append(TraineeSummary(
            cohort=cohort, overall=_rate(mine),
            courses=[(c, *_rate([p for p in mine if p[0].course_id == c])) for c in course_keys],
            sessions=mine))
    return result


def _rate(pairs) -> tuple[float | None, int, int]:
    held = len(pairs)
    attended = sum(1 for _, m in pairs if m and m.status in ("present", "late"))
    counted = held - sum(1 for _, m in pairs if m and m.status == "excused")
    return percent(attended, counted), held, counted
