"""The attempt state machine: open (or resume), save as you go, submit once, close when overdue."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.orm.attributes import set_committed_value
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db
from training.quizzes import types
from training.quizzes.access import may_take
from training.quizzes.grading import percent_of
from training.quizzes.models import GRADED, OPEN, Attempt, AttemptAnswer, Question, Quiz
from training.quizzes.signals import attempt_graded

GRACE = timedelta(seconds=30)


class AttemptClosed(ServiceError):
    """A refusal that closed the attempt on the way (its deadline had passed): the caller commits it."""


# ----- opening --------------------------------------------------------------------------------

def start(user, quiz: Quiz, lang: str, now: datetime | None = None, rng: random.Random | None = None) -> Attempt:
    """Open an attempt, or return the one already open (the database allows one per trainee and quiz)."""
    now = now or now_utc()
    if quiz.retired or not may_take(user, quiz):
        raise ServiceError(_l("This quiz is not open to you."))
    current = open_attempt(user.id, quiz.id)
    if current and is_overdue(current, now):
        close(current, "deadline", now)
        current = None
    if current:
        return current
    _check_allowed(user, quiz, now)
    number = 1 + (db.session.scalar(sa.select(sa.func.max(Attempt.number)).where(
        Attempt.user_id == user.id, Attempt.quiz_id == quiz.id)) or 0)
    attempt = Attempt(quiz_id=quiz.id, user_id=user.id, number=number, state=OPEN, lang=lang,
                      quiz_version=quiz.version, started_at=now,
                      deadline=now + timedelta(minutes=quiz.time_limit) if quiz.time_limit else None)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
    except sa.exc.IntegrityError:  # another request opened one at the same moment
        existing = open_attempt(user.id, quiz.id)
        if existing is None:
            raise
        return existing
    rng = rng or random.SystemRandom()
    for position, question in enumerate(draw(quiz, rng), start=1):
        db.session.add(AttemptAnswer(attempt_id=attempt.id, question_id=question.id, position=position,
                                     question_version=question.version,
                                     layout=layout_for(question.body, quiz.shuffle_options, rng)))
    db.session.flush()
    return attempt


def _check_allowed(user, quiz: Quiz, now: datetime) -> None:
    done, last = db.session.execute(sa.select(sa.func.count(), sa.func.max(Attempt.submitted_at)).where(
        Attempt.user_id == user.id, Attempt.quiz_id == quiz.id, Attempt.state == GRADED)).one()
    if quiz.max_attempts is not None and done >= quiz.max_attempts:
        raise ServiceError(_l("You have used all {n} attempts at this quiz."), n=quiz.max_attempts)
    if quiz.minutes_between_attempts and last is not None:
        allowed = last + timedelta(minutes=quiz.minutes_between_attempts)
        if now < allowed:
            raise ServiceError(_l("You can start the next attempt at {time}."),
                               time=format_datetime(allowed, "short"))


def draw(quiz: Quiz, rng: random.Random) -> list[Question]:
    """The questions of a new attempt: per topic all, or the number the settings draw; then ordered."""
    questions = list(db.session.scalars(sa.select(Question).where(
        Question.quiz_id == quiz.id, Question.retired.is_(False)).order_by(Question.position)))
    chosen = []
    for topic in [t["id"] for t in quiz.topics]:
        pool = [q for q in questions if q.topic == topic]
        n = (quiz.draw or {}).get(topic)
        chosen.extend(rng.sample(pool, n) if n is not None and n < len(pool) else pool)
    chosen.sort(key=lambda q: q.position)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def layout_for(body: dict, shuffle_options: bool, rng: random.Random) -> dict:
    """The order options, right-hand items and ordering items are shown in, fixed for the attempt."""
    layout = {}
    kind = body["type"]
    if kind == "case_study":
        for part in body["parts"]:
            layout.update(layout_for(part, shuffle_options, rng))
    elif kind in ("single", "multiple"):
        ids = [o["id"] for o in body["options"]]
        if shuffle_options and body.get("shuffle", True):
            rng.shuffle(ids)
        layout[body["id"]] = ids
    elif kind == "matching":
        ids = [p["right"]["id"] for p in body["pairs"]] + [d["id"] for d in body.get("distractors", [])]
        if shuffle_options and body.get("shuffle", True):
            rng.shuffle(ids)
        layout[body["id"]] = ids
    elif kind == "ordering":
        ids = [i["id"] for i in body["items"]]
        shown = ids[:]
        for _ in range(20):  # never show the items already in the right order
            rng.shuffle(shown)
            if shown != ids:
                break
        layout[body["id"]] = shown
    return layout


# ----- finding and locking --------------------------------------------------------------------

def open_attempt(user_id: int, quiz_id: str) -> Attempt | None:
    return db.session.scalar(sa.select(Attempt).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz_id, Attempt.state == OPEN))


def locked(attempt_id: int) -> Attempt | None:
    """The attempt with its row locked for this transaction (PostgreSQL; SQLite writers begin IMMEDIATE)."""
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Attempt).where(Attempt.id == attempt_id).with_for_update()
        .execution_options(populate_existing=True))


def load_answers(attempt: Attempt) -> list[AttemptAnswer]:
    """The attempt's answers with their questions, in two queries."""
    return list(db.session.scalars(
        sa.select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)
        .order_by(AttemptAnswer.position).options(so.joinedload(AttemptAnswer.question))))


def is_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    return attempt.state == OPEN and attempt.deadline is not None and (now or now_utc()) > attempt.deadline + GRACE


# ----- saving, submitting, closing -------------------------------------------------------------

def _refuse_if_closed(attempt: Attempt, now: datetime) -> None:
    if attempt.state != OPEN:
        raise ServiceError(_l("This attempt has already been submitted; the answer was not saved."))
    if is_overdue(attempt, now):
        close(attempt, "deadline", now)
        raise AttemptClosed(_l("The time for this attempt is over; the answer was not saved. "
                              "The answers saved before the deadline have been graded."))


def apply_form(attempt: Attempt, form, now: datetime, rows: list[AttemptAnswer]) -> int:
    """Store the answers the form carries for the attempt's questions; foreign ids refuse everything."""
    shown = set(form.getlist("shown"))
    changes = []
    for row in rows:
        body = row.question.body
        if body["id"] in shown or types.mentions(body, form):
            answer = types.from_form(body, form)  # raises before anything is written
            if answer != row.answer:
                changes.append({"id": row.id, "answer": answer, "saved_at": now})
    if changes:  # one statement (executemany) whatever the number of questions
        db.session.execute(sa.update(AttemptAnswer), changes)
        for row, change in ((r, c) for r in rows for c in changes if c["id"] == r.id):
            set_committed_value(row, "answer", change["answer"])
    return len(changes)


def save(user, attempt_id: int, form, now: datetime | None = None) -> Attempt:
    """Save answers as the trainee goes (POST /attempts/<id>/save)."""
    now = now or now_utc()
    attempt = _owned(user, attempt_id)
    _refuse_if_closed(attempt, now)
    apply_form(attempt, form, now, load_answers(attempt))
    return attempt


def submit(user, attempt_id: int, form, now: datetime | None = None) -> Attempt:
    """Grade the attempt once; a second submit returns the same graded attempt unchanged."""
    now = now or now_utc()
    attempt = _owned(user, attempt_id)
    if attempt.state != OPEN:
        return attempt
    if is_overdue(attempt, now):
        return close(attempt, "deadline", now)
    rows = load_answers(attempt)
    apply_form(attempt, form, now, rows)
    return close(attempt, "trainee", now, rows)


def close(attempt: Attempt, closed_by: str, now: datetime, rows: list[AttemptAnswer] | None = None) -> Attempt:
    """Mark and close an open attempt: a compare-and-set on its state, in the caller's transaction."""
    rows = rows if rows is not None else load_answers(attempt)
    points = max_points = 0.0
    marks = []
    for row in rows:
        fraction = types.score(row.question.body, row.answer)
        marks.append({"id": row.id, "fraction": fraction, "points": round(fraction * row.question.mark, 6)})
        points += marks[-1]["points"]
        max_points += row.question.mark
    points, max_points = round(points, 6), round(max_points, 6)
    percent = percent_of(points, max_points)
    passed = percent >= attempt.quiz.pass_mark
    result = db.session.execute(
        sa.update(Attempt).where(Attempt.id == attempt.id, Attempt.state == OPEN)
        .values(state=GRADED, submitted_at=now, closed_by=closed_by, points=points, max_points=max_points,
                percent=percent, computed_percent=percent, passed=passed)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # someone else closed it first: keep their result
        db.session.rollback()
        return db.session.get(Attempt, attempt.id, populate_existing=True)
    if marks:
        db.session.execute(sa.update(AttemptAnswer), marks)
    db.session.refresh(attempt)
    attempt_graded.send(attempt)
    return attempt


def close_overdue(now: datetime | None = None) -> int:
    """Grade every attempt whose deadline (plus grace) has passed, with what was saved; returns how many."""
    now = now or now_utc()
    ids = db.session.scalars(sa.select(Attempt.id).where(
        Attempt.state == OPEN, Attempt.deadline.is_not(None), Attempt.deadline < now - GRACE)).all()
    closed = 0
    for attempt_id in ids:
        attempt = locked(attempt_id)
        if attempt is not None and is_overdue(attempt, now):
            close(attempt, "deadline", now)
            closed += 1
    return closed


def _owned(user, attempt_id: int) -> Attempt:
    attempt = locked(attempt_id)
    if attempt is None or attempt.user_id != user.id:
        raise LookupError(attempt_id)
    return attempt
