"""Exports: CSV with BOM and Azerbaijani letters, XLSX, formulas neutralised, permissions."""
import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from training.attendance import marking
from training.attendance.export import neutralise
from training.attendance.marking import Entry
from training.db import now_utc
from training.extensions import db


def setup_marks(world, schedule, make):
    evil = make.user("trainee", email="evil@example.org", name="=HYPERLINK(\"http://x\",\"y\")",
                     cohorts=["pa-2026"])
    session = schedule(world.cohort, start_utc=now_utc() - timedelta(days=1))
    a, b, c = world.trainees
    marking._write(None, session, a.id, Entry("present"), "roster")
    marking._write(None, session, b.id, Entry("late", minutes_late=12), "roster")
    marking._write(None, session, c.id, Entry("excused", reason="-2 days sick leave"), "roster")
    marking._write(None, session, evil.id, Entry("absent", note="@SUM(A1)"), "roster")
    db.session.commit()
    return session


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1"
    assert [neutralise(v) for v in ("+1", "-1", "@x", "\tx")] == ["'+1", "'-1", "'@x", "'\tx"]
    assert neutralise("Əli") == "Əli" and neutralise(12) == 12


def test_cohort_csv(world, schedule, make, login_as):
    setup_marks(world, schedule, make)
    client, _ = login_as(user=world.trainer)
    response = client.get("/attendance/cohorts/pa-2026.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attendance-pa-2026.csv" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Trainee", "Email", "Session", "Date", "Status"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Günel İsmayılova"][4:6] == ["Late", "12"]
    assert by_name["Günel İsmayılova"][8] == "100"
    assert by_name["Orxan Şükürov"][6] == "'-2 days sick leave"
    assert by_name["'=HYPERLINK(\"http://x\",\"y\")"][7] == "'@SUM(A1)"
    assert by_name["Elvin Əliyev"][4] == "Present"


def test_cohort_xlsx(world, schedule, make, login_as):
    setup_marks(world, schedule, make)
    client, _ = login_as(user=world.trainer)
    response = client.get("/attendance/cohorts/pa-2026.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    names = [r[0] for r in rows[1:]]
    assert "Şükürov" in " ".join(names) and "Elvin Əliyev" in names
    evil = next(r for r in sheet.iter_rows(min_row=2) if str(r[0].value).startswith("'="))
    assert evil[0].data_type == "s"  # text, never a formula


def test_session_exports_in_russian(world, schedule, make, login_as):
    session = setup_marks(world, schedule, make)
    client, _ = login_as(user=world.trainer)
    client.get("/sessions/?lang=ru")
    text = client.get(f"/sessions/{session.id}/attendance.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Слушатель"
    assert ["Günel İsmayılova", "gunel@example.org", "Опоздал", "12", "", "", "100"] in rows
    book = load_workbook(io.BytesIO(client.get(f"/sessions/{session.id}/attendance.xlsx").get_data()))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert values[0][0] == "Слушатель" and any(r[0] == "Orxan Şükürov" for r in values)


def test_exports_are_for_the_cohorts_trainers_only(world, schedule, make, login_as):
    session = setup_marks(world, schedule, make)
    other, _ = login_as(user=world.other_trainer)
    trainee, _ = login_as(user=world.trainees[0])
    for client in (other, trainee):
        assert client.get("/attendance/cohorts/pa-2026.csv").status_code == 403
        assert client.get(f"/sessions/{session.id}/attendance.xlsx").status_code == 403
