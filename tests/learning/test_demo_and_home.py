"""`flask demo load` enrols the demo cohorts once content is synced; the trainee home shows progress."""
from __future__ import annotations

import sqlalchemy as sa

from tests.content.helpers import VALID, sync_root
from training.accounts import service as accounts
from training.extensions import db
from training.learning.models import CohortCourse, LessonProgress


def test_demo_load_without_content_enrols_nothing_and_does_not_fail(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortCourse)) == 0


def test_demo_load_after_sync_enrols_demo_cohorts_and_records_some_reading(app, runner):
    sync_root(VALID)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # safe to run again
    for slug in ("pa-2026-autumn", "ja-2026-judges"):
        cohort = accounts.cohort_by_slug(slug)
        assert set(db.session.scalars(sa.select(CohortCourse.course_id).where(
            CohortCourse.cohort_id == cohort.id))) == {"basics", "advanced"}
    elvin = accounts.user_by_email("cadet.elvin@npm.example")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress).where(
        LessonProgress.user_id == elvin.id)) == 2


def test_trainee_home_lists_their_courses_with_progress(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    html = client.get("/?lang=en").get_data(as_text=True)
    assert ">Basics of prevention</a></h3>" in html and "0 of 2 lessons read" in html
    assert "Advanced monitoring" not in html
    assert "No courses have been assigned" not in html


def test_menu_has_courses_and_glossary(app, login_as):
    client, _user = login_as("trainee")
    html = client.get("/?lang=az").get_data(as_text=True)
    assert '<a href="/courses/">Kurslar</a>' in html and '<a href="/glossary/">Terminlər lüğəti</a>' in html
