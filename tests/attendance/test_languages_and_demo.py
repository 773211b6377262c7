"""The attendance pages in Azerbaijani, English and Russian; the demo data."""
import pytest
import sqlalchemy as sa

from training.attendance.models import AttendanceMark, ClassSession
from training.db import now_utc
from training.extensions import db


@pytest.mark.parametrize("lang, words", [
    ("az", ["Davamiyyət", "Hamısını iştirak edib kimi qeyd et", "Gecikib", "Üzrlü səbəbdən iştirak etməyib"]),
    ("en", ["Roster", "Mark all present", "Late", "Excused"]),
    ("ru", ["Список", "Отметить всех присутствующими", "Опоздал", "Уважительная причина"]),
])
def test_roster_in_each_language(world, schedule, login_as, lang, words):
    session = schedule(world.cohort)
    client, _ = login_as(user=world.trainer)
    html = client.get(f"/sessions/{session.id}/roster?lang={lang}").get_data(as_text=True)
    for word in words:
        assert word in html, word
    title = {"az": "Niyə qarşısının alınması", "en": "Why prevention", "ru": "Почему предупреждение"}[lang]
    assert title in html


@pytest.mark.parametrize("lang, message", [
    ("az", "Bu kod düzgün deyil"),
    ("en", "This code is not correct"),
    ("ru", "Этот код неверен"),
])
def test_check_in_refusal_in_each_language(world, schedule, login_as, lang, message):
    schedule(world.cohort)
    client, _ = login_as(user=world.trainees[0])
    client.get(f"/checkin?lang={lang}")
    response = client.post_form("/checkin", {"code": "000000"})
    assert message in response.get_data(as_text=True)


def test_demo_load_creates_sessions_once(app, runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    sessions = db.session.scalar(sa.select(sa.func.count(ClassSession.id)))
    marks = db.session.scalar(sa.select(sa.func.count(AttendanceMark.id)))
    assert sessions == 10 and marks > 0
    past = db.session.scalar(sa.select(sa.func.count(ClassSession.id)).where(ClassSession.starts_at < now_utc()))
    assert past >= 2
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(sa.select(sa.func.count(ClassSession.id))) == sessions
    assert db.session.scalar(sa.select(sa.func.count(AttendanceMark.id))) == marks
