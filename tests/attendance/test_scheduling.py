"""Scheduling sessions (single and weekly series), editing, cancelling: service, pages, command."""
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.attendance.conftest import refused, add_course
from training.attendance import service
from training.attendance.models import ClassSession
from training.audit.models import AuditEntry
from training.extensions import db


def _actions(kind=None):
    query = sa.select(AuditEntry.action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def test_weekly_series_in_platform_time(world):
    start = datetime(2026, 12, 1, 10, 0)  # a Tuesday, Baku time
    created = service.schedule(world.trainer, world.cohort, {"en": "OPCAT"}, start, 90, weeks=8,
                               place="Room 214")
    db.session.commit()
    assert len(created) == 8
    assert len({s.series for s in created}) == 1 and created[0].series
    assert created[0].starts_at == datetime(2026, 12, 1, 6, 0)  # stored in UTC (Baku is UTC+4)
    assert created[0].ends_at == datetime(2026, 12, 1, 7, 30)
    assert [s.starts_at.weekday() for s in created] == [1] * 8
    assert created[7].starts_at - created[0].starts_at == timedelta(weeks=7)
    assert created[0].title_az == created[0].title_ru == "OPCAT"  # empty titles take the English
    assert [u.email for u in created[0].trainers] == [world.trainer.email]
    assert _actions().count("session.create") == 8


@pytest.mark.parametrize("kwargs, message", [
    ({"titles": {}}, "title in at least one language"),
    ({"minutes": 0}, "between 5 and 720 minutes"),
    ({"weeks": 53}, "between 1 and 52 weeks"),
    ({"course_id": "nope"}, "No course with the id 'nope'"),
    ({"late_after": -1}, "between 0 and 240"),
])
def test_bad_input_is_refused_and_nothing_created(world, kwargs, message):
    args = {"titles": {"en": "OPCAT"}, "minutes": 90, **kwargs}
    with refused(message):
        service.schedule(world.trainer, world.cohort, args.pop("titles"), datetime(2026, 12, 1, 10), **args)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(ClassSession.id))) == 0


def test_trainer_cannot_schedule_for_another_cohort_or_name_another_trainer(world):
    with refused("You do not teach"):
        service.schedule(world.trainer, world.other_cohort, {"en": "x"}, datetime(2026, 12, 1, 10), 60)
    with refused("does not teach this cohort"):
        service.schedule(world.trainer, world.cohort, {"en": "x"}, datetime(2026, 12, 1, 10), 60,
                         trainers=[world.other_trainer])


def test_course_must_exist_and_is_kept(world):
    add_course("opcat")
    session = service.schedule(world.trainer, world.cohort, {"en": "x"}, datetime(2026, 12, 1, 10), 60,
                               course_id="opcat")[0]
    db.session.commit()
    assert session.course_id == "opcat"


def test_edit_and_cancel_are_audited(world, schedule):
    session = schedule(world.cohort)
    service.update_session(world.trainer, session, {"en": "New title"}, datetime(2026, 12, 2, 9, 30), 60,
                           place="Hall B")
    service.cancel_session(world.trainer, session, "Trainer ill")
    db.session.commit()
    assert session.title_en == "New title" and session.place == "Hall B"
    assert session.is_cancelled and session.cancel_reason == "Trainer ill"
    assert _actions()[-2:] == ["session.update", "session.cancel"]
    with refused("already cancelled"):
        service.cancel_session(world.trainer, session)


# ----- pages ---------------------------------------------------------------------------------

def test_trainer_schedules_a_series_in_the_browser_form(world, login_as):
    client, _ = login_as(user=world.trainer)
    page = client.get("/sessions/new?cohort=pa-2026").get_data(as_text=True)
    assert '<option selected value="pa-2026">' in page
    response = client.post_form("/sessions/new", {
        "cohort": "pa-2026", "course": "", "title_az": "Niyə qarşısının alınması", "title_en": "Why prevention",
        "title_ru": "", "date": "2026-12-01", "start": "10:00", "end": "11:30", "weeks": "8",
        "place": "Room 214", "late_after": "10", "trainers": str(world.trainer.id),
    })
    assert response.status_code == 302
    sessions = db.session.scalars(sa.select(ClassSession).order_by(ClassSession.starts_at)).all()
    assert len(sessions) == 8
    assert sessions[0].title_az == "Niyə qarşısının alınması" and sessions[0].title_ru == "Why prevention"
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "8 sessions scheduled." in detail


def test_form_refuses_end_before_start_and_other_cohort(world, login_as):
    client, _ = login_as(user=world.trainer)
    data = {"cohort": "pa-2026", "title_en": "x", "date": "2026-12-01", "start": "10:00", "end": "09:00",
            "weeks": "1", "late_after": "10"}
    response = client.post_form("/sessions/new", data)
    assert response.status_code == 400
    assert "The session must end after it starts." in response.get_data(as_text=True)
    response = client.post_form("/sessions/new", {**data, "end": "11:00", "cohort": "ja-2026"},
                                token_from="/sessions/new")
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(ClassSession.id))) == 0


def test_session_pages_check_who_may_see_them(world, schedule, login_as):
    session = schedule(world.cohort)
    trainee, _ = login_as(user=world.trainees[0])
    outsider, _ = login_as(user=world.outsider)
    other, _ = login_as(user=world.other_trainer)
    assert trainee.get(f"/sessions/{session.id}").status_code == 200
    assert "Why prevention" in trainee.get("/sessions/").get_data(as_text=True)
    assert "Why prevention" not in outsider.get("/sessions/").get_data(as_text=True)
    assert outsider.get(f"/sessions/{session.id}").status_code == 403
    assert other.get(f"/sessions/{session.id}/edit").status_code == 403
    assert trainee.get(f"/sessions/{session.id}/edit").status_code == 403
    assert trainee.get("/sessions/new").status_code == 403
    assert trainee.get("/sessions/99999").status_code == 404


def test_cancel_from_the_page(world, schedule, login_as):
    session = schedule(world.cohort)
    client, _ = login_as(user=world.trainer)
    response = client.post_form(f"/sessions/{session.id}/cancel", {"reason": "Flooded room"},
                                token_from=f"/sessions/{session.id}")
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.is_cancelled
    other, _ = login_as(user=world.other_trainer)
    assert other.post_form(f"/sessions/{session.id}/restore", token_from="/sessions/").status_code == 403


def test_edit_page_saves_changes(world, schedule, login_as):
    session = schedule(world.cohort)
    client, _ = login_as(user=world.trainer)
    response = client.post_form(f"/sessions/{session.id}/edit", {
        "cohort": "pa-2026", "title_en": "Edited", "date": "2026-12-05", "start": "14:00", "end": "15:00",
        "late_after": "5", "place": "Hall"})
    assert response.status_code == 302
    db.session.refresh(session)
    assert (session.title_en, session.starts_at, session.late_after_minutes) == (
        "Edited", datetime(2026, 12, 5, 10, 0), 5)


# ----- the command ---------------------------------------------------------------------------

def test_cli_creates_a_series_and_prints_ids(world, runner):
    result = runner.invoke(args=["sessions", "create", "pa-2026", "--title", "OPCAT", "--start",
                                 "2026-12-01 10:00", "--minutes", "90", "--weeks", "3", "--place", "Room 1"])
    assert result.exit_code == 0, result.output
    ids = [int(line) for line in result.output.split()]
    sessions = db.session.scalars(sa.select(ClassSession).order_by(ClassSession.id)).all()
    assert ids == [s.id for s in sessions] and len(ids) == 3


@pytest.mark.parametrize("args, message", [
    (["nope", "--title", "x", "--start", "2026-12-01 10:00", "--minutes", "60"], "No cohort"),
    (["pa-2026", "--title", "x", "--start", "tomorrow", "--minutes", "60"], "is not a start time"),
    (["pa-2026", "--title", "x", "--start", "2026-12-01 10:00", "--minutes", "60", "--course", "zzz"],
     "No course with the id 'zzz'"),
])
def test_cli_refuses_bad_input_in_one_line(world, runner, args, message):
    result = runner.invoke(args=["sessions", "create", *args])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_service_worker_is_served_with_a_scope_covering_check_in(client):
    response = client.get("/sessions/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert b"attendance-v1" in response.data
