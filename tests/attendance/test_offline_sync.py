"""Marks made offline and sent later as JSON: idempotent, later wins, both in the audit log."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.attendance.conftest import refused
from tests.attendance.test_marking import audit_entries, marks
from training.attendance import marking
from training.attendance.models import AttendanceMark
from training.db import now_utc
from training.extensions import db


def iso(moment):
    return moment.isoformat() + "Z"


def post_batch(client, session, payload, token_from=None):
    token = client.csrf_token(token_from or f"/sessions/{session.id}/roster")
    return client.post(f"/sessions/{session.id}/marks", json=payload, headers={"X-CSRFToken": token})


def test_batch_is_applied_and_replaying_it_changes_nothing(world, schedule, login_as):
    session = schedule(world.cohort)
    a, b, _ = world.trainees
    client, _ = login_as(user=world.trainer)
    made = now_utc() - timedelta(minutes=3)
    batch = {"marks": [{"trainee": a.id, "status": "present", "at": iso(made)},
                       {"trainee": b.id, "status": "late", "minutes": 9, "note": "bus", "at": iso(made)}]}
    first = post_batch(client, session, batch)
    assert first.status_code == 200 and first.json["applied"] == 2
    again = post_batch(client, session, batch)
    assert again.json == {**again.json, "applied": 0, "unchanged": 2}
    assert marks(session) == {a.id: ("present", None, None, None), b.id: ("late", 9, None, "bus")}
    stored = db.session.scalar(sa.select(AttendanceMark).where(AttendanceMark.trainee_id == a.id))
    assert stored.source == "offline"
    assert abs(stored.marked_at - made.replace(microsecond=0)) < timedelta(seconds=1)  # the time it was made
    assert len(audit_entries()) == 2


def test_later_server_change_wins_and_both_are_audited(world, schedule, login_as):
    session = schedule(world.cohort)
    a = world.trainees[0]
    client, _ = login_as(user=world.trainer)
    offline_made = now_utc() - timedelta(minutes=10)
    # Meanwhile, on the server, a colleague marks the trainee late (now, i.e. later).
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{a.id}": "late", f"minutes-{a.id}": "4",
                                                        "action": "save"})
    response = post_batch(client, session, {"marks": [{"trainee": a.id, "status": "absent",
                                                       "at": iso(offline_made)}]})
    assert response.json["superseded"] == 1
    assert marks(session)[a.id][0] == "late"
    lost = audit_entries("attendance.mark_superseded")
    assert len(lost) == 1 and lost[0].after["status"] == "absent" and lost[0].before["status"] == "late"


def test_later_offline_mark_wins_over_an_older_server_mark(world, schedule, login_as):
    session = schedule(world.cohort)
    a = world.trainees[0]
    client, _ = login_as(user=world.trainer)
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{a.id}": "absent", "action": "save"})
    later = now_utc() + timedelta(seconds=1)
    response = post_batch(client, session, {"marks": [{"trainee": a.id, "status": "present", "at": iso(later)}]})
    assert response.json["applied"] == 1
    assert marks(session)[a.id][0] == "present"
    entries = audit_entries()
    assert [e.after["status"] for e in entries] == ["absent", "present"]
    assert entries[1].before["status"] == "absent"


def test_two_offline_marks_for_one_trainee_keep_the_latest(world, schedule):
    session = schedule(world.cohort)
    a = world.trainees[0]
    t = now_utc() - timedelta(minutes=5)
    marking.apply_offline(world.trainer, session, {"marks": [
        {"trainee": a.id, "status": "absent", "at": iso(t + timedelta(minutes=1))},
        {"trainee": a.id, "status": "present", "at": iso(t)},
    ]})
    assert marks(session)[a.id][0] == "absent"


@pytest.mark.parametrize("payload, message", [
    (None, "malformed"),
    ([], "malformed"),
    ({"marks": "all"}, "malformed"),
    ({"marks": []}, "between 1 and 500"),
    ({"marks": [{"trainee": "1", "status": "present", "at": "2026-12-01T10:00:00Z"}]}, "malformed"),
    ({"marks": [{"trainee": "A", "status": "present", "at": "yesterday"}]}, "malformed"),
    ({"marks": [{"trainee": "B", "status": "present"}]}, "malformed"),
    ({"marks": [{"trainee": "A", "status": "gone", "at": "2026-12-01T10:00:00Z"}]}, "is not a status"),
    ({"marks": [{"trainee": "O", "status": "present", "at": "2026-12-01T10:00:00Z"}]}, "not in the cohort"),
    ({"marks": [{"trainee": "A", "status": "late", "minutes": "x", "at": "2026-12-01T10:00:00Z"}]}, "minutes"),
])
def test_malformed_batches_are_refused_and_change_nothing(world, schedule, login_as, payload, message):
    session = schedule(world.cohort)
    ids = {"A": world.trainees[0].id, "B": world.trainees[1].id, "O": world.outsider.id}
    if isinstance(payload, dict) and payload["marks"] and isinstance(payload["marks"], list):
        payload = {"marks": [{**m, "trainee": ids.get(m["trainee"], m["trainee"])} for m in payload["marks"]]
                   + [{"trainee": world.trainees[2].id, "status": "present", "at": "2026-12-01T10:00:00Z"}]}
    client, _ = login_as(user=world.trainer)
    response = post_batch(client, session, payload)
    assert response.status_code == 400
    assert response.json["ok"] is False and message in response.json["message"]
    assert marks(session) == {}


def test_batch_from_another_trainer_or_a_trainee_is_refused(world, schedule, login_as):
    session = schedule(world.cohort)
    batch = {"marks": [{"trainee": world.trainees[0].id, "status": "present", "at": iso(now_utc())}]}
    other, _ = login_as(user=world.other_trainer)
    trainee, _ = login_as(user=world.trainees[0])
    assert post_batch(other, session, batch, token_from="/sessions/").status_code == 403
    assert post_batch(trainee, session, batch, token_from="/sessions/").status_code == 403
    client, _ = login_as(user=world.trainer)
    assert client.post(f"/sessions/{session.id}/marks", json=batch).status_code == 400  # no CSRF token
    assert marks(session) == {}


def test_future_times_are_taken_as_now(world, schedule):
    session = schedule(world.cohort)
    marking.apply_offline(world.trainer, session, {"marks": [
        {"trainee": world.trainees[0].id, "status": "present", "at": iso(now_utc() + timedelta(days=3))}]})
    stored = db.session.scalar(sa.select(AttendanceMark))
    assert stored.marked_at <= now_utc()
    with refused("malformed"):
        marking.apply_offline(world.trainer, session, {"marks": [{"trainee": True, "status": "present",
                                                                   "at": iso(now_utc())}]})
