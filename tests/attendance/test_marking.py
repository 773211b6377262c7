"""The roster form: each status, the fast path, changes in the audit log, refusals, permissions."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from training.attendance.models import AttendanceMark
from training.audit.models import AuditEntry
from training.extensions import db


def marks(session):
    rows = db.session.scalars(sa.select(AttendanceMark).where(AttendanceMark.session_id == session.id))
    return {m.trainee_id: (m.status, m.minutes_late, m.reason, m.note) for m in rows}


def audit_entries(action="attendance.mark"):
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def test_roster_form_records_each_status(world, schedule, login_as):
    session = schedule(world.cohort)
    a, b, c = world.trainees
    client, _ = login_as(user=world.trainer)
    page = client.get(f"/sessions/{session.id}/roster").get_data(as_text=True)
    assert f'name="status-{a.id}"' in page and "Günel İsmayılova" in page
    response = client.post_form(f"/sessions/{session.id}/roster", {
        f"status-{a.id}": "present", f"note-{a.id}": "front row",
        f"status-{b.id}": "late", f"minutes-{b.id}": "12",
        f"status-{c.id}": "excused", f"reason-{c.id}": "Medical certificate", f"minutes-{c.id}": "5",
        "action": "save",
    })
    assert response.status_code == 302
    assert marks(session) == {a.id: ("present", None, None, "front row"), b.id: ("late", 12, None, None),
                              c.id: ("excused", None, "Medical certificate", None)}
    assert "3 marks saved." in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{a.id}": "absent", "action": "save"})
    assert marks(session)[a.id] == ("absent", None, None, None)


def test_mark_all_present_then_exceptions(world, schedule, login_as):
    session = schedule(world.cohort)
    a, b, c = world.trainees
    client, _ = login_as(user=world.trainer)
    client.post_form(f"/sessions/{session.id}/roster", {"action": "all-present"})
    assert {v[0] for v in marks(session).values()} == {"present"} and len(marks(session)) == 3
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{c.id}": "absent", "action": "save",
                                                        f"status-{a.id}": "present"})
    assert marks(session)[c.id][0] == "absent"
    assert marks(session)[a.id][0] == "present"


def test_each_change_is_audited_with_before_and_after(world, schedule, login_as):
    session = schedule(world.cohort)
    a = world.trainees[0]
    client, user = login_as(user=world.trainer)
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{a.id}": "present", "action": "save"})
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{a.id}": "present", "action": "save"})
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{a.id}": "late", f"minutes-{a.id}": "7",
                                                        "action": "save"})
    entries = audit_entries()
    assert len(entries) == 2  # saving the same mark again changes nothing
    assert entries[0].before is None and entries[0].after["status"] == "present"
    assert entries[1].before["status"] == "present"
    assert entries[1].after["status"] == "late" and entries[1].after["minutes_late"] == 7
    assert entries[1].actor_label == user.email
    assert entries[1].object_id == f"{session.id}:{a.id}"


@pytest.mark.parametrize("fields, message", [
    (lambda a, o: {f"status-{a}": "present", f"status-{o}": "present"}, "is not in the cohort of this session"),
    (lambda a, o: {f"status-{a}": "sleeping"}, "'sleeping' is not a status"),
    (lambda a, o: {f"status-{a}": "late", f"minutes-{a}": ""}, "Give the minutes late for Elvin Əliyev"),
    (lambda a, o: {f"status-{a}": "late", f"minutes-{a}": "-3"}, "Give the minutes late"),
    (lambda a, o: {f"status-{a}": "excused", f"reason-{a}": " "}, "Give the reason why Elvin Əliyev is excused"),
    (lambda a, o: {f"status-{a}": "present", f"note-{a}": "x" * 501}, "too long"),
    (lambda a, o: {f"status-{a}": "present", "status-abc": "present"}, "is not in the cohort"),
])
def test_bad_roster_input_is_refused_and_changes_nothing(world, schedule, login_as, fields, message):
    session = schedule(world.cohort)
    a, b, _ = world.trainees
    client, _ = login_as(user=world.trainer)
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{b.id}": "present", "action": "save"})
    before = marks(session)
    data = {**fields(a.id, world.outsider.id), f"status-{b.id}": "absent", "action": "save"}
    response = client.post_form(f"/sessions/{session.id}/roster", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nothing was saved" in html and message.replace("'", "&#39;") in html
    assert marks(session) == before


def test_only_the_cohorts_trainers_and_admins_may_mark(world, schedule, login_as):
    session = schedule(world.cohort)
    a = world.trainees[0]
    trainee, _ = login_as(user=a)
    other, _ = login_as(user=world.other_trainer)
    admin, _ = login_as("admin")
    url = f"/sessions/{session.id}/roster"
    assert trainee.get(url).status_code == 403
    token = trainee.csrf_token("/sessions/")
    assert trainee.post(url, data={"csrf_token": token, f"status-{a.id}": "present"}).status_code == 403
    assert other.get(url).status_code == 403
    assert other.post_form(url, {f"status-{a.id}": "present"}, token_from="/sessions/").status_code == 403
    assert trainee.get(f"/sessions/{session.id}/code").status_code == 403
    assert trainee.get("/sessions/4242/roster").status_code == 404
    assert marks(session) == {}
    assert admin.post_form(url, {f"status-{a.id}": "present", "action": "save"}).status_code == 302
    assert marks(session)[a.id][0] == "present"


def test_posting_without_csrf_token_is_refused(world, schedule, login_as):
    session = schedule(world.cohort)
    client, _ = login_as(user=world.trainer)
    response = client.post(f"/sessions/{session.id}/roster", data={f"status-{world.trainees[0].id}": "present"})
    assert response.status_code == 400
    assert marks(session) == {}


def test_one_mark_per_trainee_and_session_is_enforced_by_the_database(world, schedule):
    session = schedule(world.cohort)
    a = world.trainees[0]
    db.session.add(AttendanceMark(session_id=session.id, trainee_id=a.id, status="present"))
    db.session.commit()
    db.session.add(AttendanceMark(session_id=session.id, trainee_id=a.id, status="absent"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_status_outside_the_four_is_refused_by_the_database(world, schedule):
    session = schedule(world.cohort)
    db.session.add(AttendanceMark(session_id=session.id, trainee_id=world.trainees[0].id, status="maybe"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_printable_sheet_and_entering_it_afterwards(world, schedule, login_as):
    session = schedule(world.cohort)
    a, b, c = world.trainees
    client, _ = login_as(user=world.trainer)
    client.post_form(f"/sessions/{session.id}/roster", {f"status-{c.id}": "excused",
                                                        f"reason-{c.id}": "Leave", "action": "save"})
    sheet = client.get(f"/sessions/{session.id}/sheet").get_data(as_text=True)
    assert "Signature" in sheet and "Orxan Şükürov" in sheet
    response = client.post_form(f"/sessions/{session.id}/sheet", {f"signed-{a.id}": "1"})
    assert response.status_code == 302
    assert marks(session) == {a.id: ("present", None, None, None), b.id: ("absent", None, None, None),
                              c.id: ("excused", None, "Leave", None)}
    bad = client.post_form(f"/sessions/{session.id}/sheet", {f"signed-{world.outsider.id}": "1"})
    assert bad.status_code == 303
    assert marks(session)[b.id][0] == "absent"
