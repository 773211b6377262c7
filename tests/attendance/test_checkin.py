"""Self check-in with the rotating code: present or late, every refusal reason, offline codes,
idempotency, the rate limit and two check-ins racing on PostgreSQL."""
import threading
from datetime import timedelta

import pytest

from tests.attendance.conftest import refused
import sqlalchemy as sa

from tests.attendance.test_marking import marks
from training.attendance import codes, marking
from training.attendance.models import AttendanceMark
from training.db import now_utc
from training.extensions import db


def code_at(session, moment):
    return codes.code_for(session.secret, codes.step_at(moment))


def test_check_in_on_time_is_present_and_twice_keeps_one_mark(world, schedule):
    session = schedule(world.cohort)
    trainee = world.trainees[0]
    now = session.starts_at + timedelta(minutes=3)
    result = marking.check_in(trainee, code_at(session, now), now=now)
    assert (result.mark.status, result.already) == ("present", False)
    again = marking.check_in(trainee, code_at(session, now), now=now + timedelta(seconds=5))
    assert again.already is True
    db.session.commit()
    assert marks(session) == {trainee.id: ("present", None, None, None)}


def test_check_in_after_the_late_limit_is_late_with_minutes(world, schedule):
    session = schedule(world.cohort, late_after=10)
    now = session.starts_at + timedelta(minutes=17, seconds=20)
    result = marking.check_in(world.trainees[0], code_at(session, now), now=now)
    assert (result.mark.status, result.mark.minutes_late) == ("late", 17)


def test_previous_code_is_still_accepted(world, schedule):
    session = schedule(world.cohort)
    shown = session.starts_at
    now = shown + timedelta(seconds=30 + (30 - codes.seconds_left(shown)) % 30)  # the next step
    assert codes.step_at(now) == codes.step_at(shown) + 1
    assert marking.check_in(world.trainees[0], code_at(session, shown), now=now).mark.status == "present"


@pytest.mark.parametrize("case, message", [
    ("old", "This code has expired"),
    ("wrong", "This code is not correct"),
    ("malformed", "Type the six digits"),
    ("other-session", "This code belongs to another session"),
    ("not-in-cohort", "You are not a trainee of the cohort"),
    ("too-early", "Check-in for this session is open from"),
    ("too-late", "Check-in for this session is open from"),
    ("cancelled", "This code is not correct"),
])
def test_each_refusal_reason(world, schedule, case, message):
    from training.attendance import service

    session = schedule(world.cohort)
    other = schedule(world.cohort, start_utc=session.starts_at + timedelta(minutes=1))
    trainee = world.trainees[0]
    now = session.starts_at + timedelta(minutes=5)
    code, hint, user = code_at(session, now), None, trainee
    if case == "old":
        code = code_at(session, now - timedelta(minutes=3))
    elif case == "wrong":
        code = next(c for c in ("000000", "111111", "222222") if c != code and c != code_at(other, now))
    elif case == "malformed":
        code = "12ab"
    elif case == "other-session":
        hint = other.id
    elif case == "not-in-cohort":
        user = world.outsider
    elif case == "too-early":
        now = session.starts_at - timedelta(minutes=40)
        code = code_at(session, now)
    elif case == "too-late":
        now = session.ends_at + timedelta(minutes=1)
        code = code_at(session, now)
    elif case == "cancelled":
        service.cancel_session(None, session)
    with refused(message):
        marking.check_in(user, code, now=now, session_id=hint)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(AttendanceMark.id))) == 0


def test_code_entered_offline_is_accepted_later_if_valid_when_entered(world, schedule):
    session = schedule(world.cohort, late_after=10)
    entered = session.starts_at + timedelta(minutes=2)
    later = entered + timedelta(hours=3)  # back online long after the session
    result = marking.check_in(world.trainees[0], code_at(session, entered), at=entered, now=later)
    assert result.mark.status == "present"
    assert result.mark.marked_at == entered
    with refused("expired"):  # the same code typed now would be refused
        marking.check_in(world.trainees[1], code_at(session, entered), now=entered + timedelta(minutes=5))
    with refused("too long ago"):
        marking.check_in(world.trainees[2], code_at(session, entered), at=entered,
                         now=entered + timedelta(days=5))


def test_check_in_page_and_json(world, schedule, login_as):
    session = schedule(world.cohort)  # began 5 minutes ago
    client, trainee = login_as(user=world.trainees[0])
    page = client.get(f"/checkin?session={session.id}&code=123456").get_data(as_text=True)
    assert 'value="123456"' in page
    response = client.post_form("/checkin", {"code": code_at(session, now_utc()), "session": str(session.id)})
    assert response.status_code == 302
    assert "Checked in to Why prevention: present." in client.get("/checkin").get_data(as_text=True)
    token = client.csrf_token("/checkin")
    wrong = client.post("/checkin", json={"code": "12", "at": now_utc().isoformat() + "Z"},
                        headers={"X-CSRFToken": token})
    assert wrong.status_code == 400 and "six digits" in wrong.json["message"]
    other, _ = login_as(user=world.trainees[1])
    entered = now_utc() - timedelta(seconds=50)
    ok = other.post("/checkin", json={"code": code_at(session, entered), "at": entered.isoformat() + "Z",
                                      "session": session.id}, headers={"X-CSRFToken": other.csrf_token("/checkin")})
    assert ok.status_code == 200 and ok.json["status"] == "present"
    assert set(marks(session)) == {world.trainees[0].id, world.trainees[1].id}


def test_trainers_cannot_use_check_in_and_form_errors_show(world, schedule, login_as):
    schedule(world.cohort)
    trainer, _ = login_as(user=world.trainer)
    assert trainer.get("/checkin").status_code == 403
    client, _ = login_as(user=world.trainees[0])
    response = client.post_form("/checkin", {"code": "000000"})
    assert response.status_code == 400
    assert "This code is not correct" in response.get_data(as_text=True)


def test_codes_are_rate_limited_per_trainee(world, schedule, login_as):
    schedule(world.cohort)
    client, _ = login_as(user=world.trainees[0])
    token = client.csrf_token("/checkin")
    statuses = [client.post("/checkin", json={"code": "000000"}, headers={"X-CSRFToken": token}).status_code
                for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    other, _ = login_as(user=world.trainees[1])  # another trainee is not held back
    assert other.post("/checkin", json={"code": "000000"},
                      headers={"X-CSRFToken": other.csrf_token("/checkin")}).status_code == 400


def test_code_screen_shows_the_current_code(world, schedule, login_as):
    session = schedule(world.cohort)
    client, _ = login_as(user=world.trainer)
    html = client.get(f"/sessions/{session.id}/code").get_data(as_text=True)
    data = client.get(f"/sessions/{session.id}/code.json").json
    assert data["code"] in (code_at(session, now_utc()), code_at(session, now_utc() - timedelta(seconds=30)))
    assert 'id="checkin-code"' in html and data["qr"].startswith("data:image/svg+xml")
    assert f"session={session.id}" in data["link"]


def test_concurrent_check_ins_keep_one_mark(world, schedule, app, backend):
    if backend != "postgresql":
        pytest.skip("SQLite serialises writers; the race is meaningful on PostgreSQL only")
    session = schedule(world.cohort)
    trainee_id, session_id = world.trainees[0].id, session.id
    now = now_utc()
    code = code_at(session, now)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def worker():
        with app.app_context():
            try:
                from training.accounts.models import User

                user = db.session.get(User, trainee_id)
                barrier.wait()
                result = marking.check_in(user, code, now=now)
                db.session.commit()
                outcomes.append(result.already)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert errors == []
    assert sorted(outcomes) == [False, True]
    count = db.session.scalar(sa.select(sa.func.count(AttendanceMark.id)).where(
        AttendanceMark.session_id == session_id))
    assert count == 1
