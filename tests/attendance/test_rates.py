"""Rates: (present + late) / (held - excused); the grid with totals and highlights; query bounds."""
from datetime import timedelta

import pytest

from tests.attendance.conftest import add_course
from training.attendance import marking, rates, service
from training.attendance.marking import Entry
from training.db import now_utc
from training.extensions import db


def mark(session, trainee, status, **kw):
    marking._write(None, session, trainee.id, Entry(status, **kw), "roster")


@pytest.fixture
def history(world, schedule):
    """Five held sessions (one cancelled), one upcoming; course 'opcat' for the first three."""
    add_course("opcat", min_attendance=75)
    start = now_utc().replace(second=0, microsecond=0) - timedelta(weeks=5)
    held = [schedule(world.cohort, start_utc=start + timedelta(weeks=i),
                     course_id="opcat" if i < 3 else None) for i in range(5)]
    upcoming = schedule(world.cohort, start_utc=now_utc() + timedelta(days=2), course_id="opcat")
    cancelled = schedule(world.cohort, start_utc=start + timedelta(days=1), course_id="opcat")
    service.cancel_session(None, cancelled)
    a, b, c = world.trainees
    # a: present, late, excused, absent(no mark), present -> 3 of (5 - 1) = 75 %
    mark(held[0], a, "present")
    mark(held[1], a, "late", minutes_late=5)
    mark(held[2], a, "excused", reason="ill")
    mark(held[4], a, "present")
    # b: present at one only -> 1 of 5 = 20 %; c: all excused -> no rate
    mark(held[0], b, "present")
    for s in held:
        mark(s, c, "excused", reason="on duty")
    mark(cancelled, b, "present")  # does not count
    mark(upcoming, b, "present")  # not held yet: does not count
    db.session.commit()
    return held


def test_attendance_rate_overall_and_per_course(world, history):
    a, b, c = world.trainees
    assert rates.attendance_rate(a.id, None) == (75.0, 5, 4)
    assert rates.attendance_rate(b.id, None) == (20.0, 5, 5)
    assert rates.attendance_rate(c.id, None) == (None, 5, 0)
    assert rates.attendance_rate(a.id, "opcat") == (100.0, 3, 2)
    assert rates.attendance_rate(b.id, "opcat") == (pytest.approx(100 / 3), 3, 3)
    assert rates.attendance_rate(world.outsider.id, "opcat") == (None, 0, 0)
    assert service.attendance_rate is rates.attendance_rate


def test_grid_has_totals_rates_and_highlights_below_threshold(world, history):
    grid = rates.cohort_grid(world.cohort)
    assert len(grid.sessions) == 5 and grid.threshold == 80
    rows = {r.trainee.email: r for r in grid.rows}
    assert rows["elvin@example.org"].counts == {"present": 2, "late": 1, "excused": 1, "absent": 1}
    assert rows["elvin@example.org"].percent == 75.0 and rows["elvin@example.org"].below
    assert rows["gunel@example.org"].below and not rows["orxan@example.org"].below
    assert grid.session_present == [2, 1, 0, 0, 1]
    course = rates.cohort_grid(world.cohort, "opcat")
    assert course.threshold == 75  # the course's own minimum
    assert not {r.trainee.email: r for r in course.rows}["elvin@example.org"].below
    for row in grid.rows:  # the grid and the function the certificates use agree
        assert row.percent == rates.attendance_rate(row.trainee.id, None)[0]


def test_grid_page_for_the_trainer_only(world, history, login_as):
    client, _ = login_as(user=world.trainer)
    html = client.get("/attendance/cohorts/pa-2026/").get_data(as_text=True)
    assert "Günel İsmayılova" in html and "75%" in html and "20%" in html
    assert "2 trainees below the minimum." in html
    assert 'class="below"' in html
    other, _ = login_as(user=world.other_trainer)
    trainee, _ = login_as(user=world.trainees[0])
    assert other.get("/attendance/cohorts/pa-2026/").status_code == 403
    assert trainee.get("/attendance/cohorts/pa-2026/").status_code == 403
    assert client.get("/attendance/cohorts/nope/").status_code == 404


def test_trainee_sees_own_rate_and_marks_only(world, history, login_as):
    client, _ = login_as(user=world.trainees[0])
    html = client.get("/attendance/").get_data(as_text=True)
    assert "75%" in html and "100%" in html  # overall, and the course
    assert "Günel" not in html
    assert "below the minimum" in html
    listing = client.get("/sessions/").get_data(as_text=True)
    assert "Excused" in listing and "Cancelled" in listing


@pytest.mark.parametrize("path", ["/attendance/cohorts/big/", "/attendance/cohorts/big.csv",
                                  "/attendance/cohorts/big.xlsx", "/sessions/{sid}/attendance.csv",
                                  "/sessions/{sid}/attendance.xlsx", "/sessions/{sid}/roster"])
def test_pages_and_exports_issue_a_bounded_number_of_queries(app, make, schedule, login_as, count_queries, path):
    trainer = make.user("trainer")
    cohort = make.cohort(slug="big", trainers=[trainer])
    client, _ = login_as(user=trainer)
    counts = []
    sessions = [schedule(cohort, start_utc=now_utc() - timedelta(days=d + 1)) for d in range(3)]
    for size in (5, 200):
        from training.accounts import service as accounts
        from training.accounts.models import User

        users = [User(email=f"t{size}-{i}@example.org", name=f"Trainee {i}", role="trainee") for i in range(
            size - len(cohort.trainees))]
        db.session.add_all(users)
        db.session.flush()
        accounts.add_trainees(None, cohort, users)
        for s in sessions:
            for i, u in enumerate(users):
                mark(s, u, ("present", "absent", "late")[i % 3], **({"minutes_late": 3} if i % 3 == 2 else {}))
        db.session.commit()
        with count_queries() as counter:
            response = client.get(path.format(sid=sessions[0].id))
            assert response.status_code == 200
            response.get_data()
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12
