"""Catalogue, course and lesson pages for trainees: languages, fallback, marking read, progress, locks."""
from __future__ import annotations

import re

import sqlalchemy as sa

from training.extensions import db
from training.learning.models import LessonProgress


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_catalogue_lists_the_cohorts_courses_first_with_progress(courses, trainee_in):
    client, _user, _cohort = trainee_in("advanced")
    html = _text(client.get("/courses/?lang=en"))
    mine, others = html.split("Other courses")
    assert ">Advanced monitoring</a></h3>" in mine and ">Basics of prevention</a></h3>" not in mine
    assert ">Basics of prevention</a></h3>" in others
    assert "Finish these courses first:" in mine  # advanced requires basics
    assert '<progress max="1" value="0"' in mine
    assert "0 of 1 lessons read" in mine


def test_course_page_shows_summary_hours_lessons_and_certificate_rules(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    html = _text(client.get("/courses/basics/?lang=en"))
    assert "Where prevention starts." in html
    assert "About 2 hours" in html
    assert 'href="/courses/basics/first-steps/"' in html and "Second steps: recommendations" in html
    assert "Attend at least 80% of the in-person sessions." in html


def test_lesson_page_has_toc_sources_minutes_and_prev_next(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    html = _text(client.get("/courses/basics/first-steps/?lang=en"))
    assert "<h1>First steps in prevention</h1>" in html
    assert "Lesson 1 of 2" in html and "10 min" in html
    assert '<a href="#why-visits">Why visits matter</a>' in html  # table of contents
    assert '<li id="source-2">OPCAT art. 4(1)</li>' in html  # sources at the end
    assert 'href="/glossary/#custody"' in html
    assert 'rel="next" href="/courses/basics/second-steps/"' in html
    assert 'rel="prev"' not in html
    assert 'name="csrf_token"' in html and "Mark as read" in html


def test_lesson_in_each_language(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    assert "<h1>Qarşısının alınmasında ilk addımlar</h1>" in _text(client.get("/courses/basics/first-steps/?lang=az"))
    assert "<h1>Первые шаги в предупреждении</h1>" in _text(client.get("/courses/basics/first-steps/?lang=ru"))
    assert "<h1>First steps in prevention</h1>" in _text(client.get("/courses/basics/first-steps/?lang=en"))


def test_missing_translation_falls_back_to_english_with_a_notice_in_the_readers_language(
        courses, trainee_in, make, enrol, login_as):
    client, user, cohort = trainee_in("basics", "advanced")
    client.post_form("/courses/basics/first-steps/read", token_from="/courses/basics/first-steps/")
    client.post_form("/courses/basics/second-steps/read", token_from="/courses/basics/second-steps/")
    html = _text(client.get("/courses/advanced/deeper/?lang=ru"))
    assert "<h1>Going deeper</h1>" in html
    assert 'lang="en"' in html
    notice = re.search(r'<p class="notice" role="note">(.*?)</p>', html).group(1)
    assert notice == "Этот урок пока не переведен на русский язык. Вы читаете английский текст."


def test_stale_translation_is_shown_with_a_notice(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics", "advanced")
    for slug in ("first-steps", "second-steps"):
        client.post_form(f"/courses/basics/{slug}/read", token_from=f"/courses/basics/{slug}/")
    html = _text(client.get("/courses/advanced/deeper/?lang=az"))
    assert "<h1>Daha dərinə</h1>" in html
    assert 'class="notice"' in html


def test_mark_as_read_records_completion_and_progress_moves(courses, lessons, trainee_in):
    client, user, _cohort = trainee_in("basics")
    response = client.post_form("/courses/basics/first-steps/read", token_from="/courses/basics/first-steps/")
    assert response.status_code == 302
    row = db.session.scalar(sa.select(LessonProgress).where(LessonProgress.user_id == user.id))
    assert row.lesson_id == lessons["basics/first-steps"].id and row.completed_at is not None
    html = _text(client.get("/courses/basics/?lang=en"))
    assert "1 of 2 lessons read" in html and "✓ Read" in html
    assert "1 of 2 lessons read" in _text(client.get("/?lang=en"))
    assert "You marked this lesson as read" in _text(client.get("/courses/basics/first-steps/?lang=en"))


def test_marking_twice_keeps_one_row_and_the_first_time(courses, trainee_in):
    client, user, _cohort = trainee_in("basics")
    for _ in range(2):
        client.post_form("/courses/basics/first-steps/read", token_from="/courses/basics/second-steps/")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 1


def test_mark_as_read_needs_the_csrf_token(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    response = client.post("/courses/basics/first-steps/read")
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 0


def test_get_never_marks_a_lesson(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    assert client.get("/courses/basics/first-steps/read").status_code == 405


def test_a_locked_course_says_why_and_its_lessons_stay_closed(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics", "advanced")
    html = _text(client.get("/courses/advanced/?lang=en"))
    assert "Locked" in html and "Finish these courses first:" in html
    assert 'href="/courses/basics/">Basics of prevention</a>' in html
    assert 'href="/courses/advanced/deeper/"' not in html
    response = client.get("/courses/advanced/deeper/?lang=en")
    assert response.status_code == 302 and response.location.endswith("/courses/advanced/")
    client.post_form("/courses/advanced/deeper/read", token_from="/courses/basics/")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 0
    # Completing the prerequisite opens the course.
    for slug in ("first-steps", "second-steps"):
        client.post_form(f"/courses/basics/{slug}/read", token_from=f"/courses/basics/{slug}/")
    html = _text(client.get("/courses/advanced/?lang=en"))
    assert "Finish these courses first:" not in html
    assert client.get("/courses/advanced/deeper/").status_code == 200


def test_a_trainee_cannot_read_or_mark_a_course_not_assigned_to_their_cohort(courses, trainee_in):
    client, _user, _cohort = trainee_in("advanced")
    assert client.get("/courses/basics/first-steps/").status_code == 403
    token_page = "/courses/basics/"
    assert client.post_form("/courses/basics/first-steps/read", token_from=token_page).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 0
    html = _text(client.get("/courses/basics/?lang=en"))
    assert "not assigned to your cohort" in html
    assert 'href="/courses/basics/first-steps/"' not in html


def test_trainee_without_cohort_and_anonymous_visitors(courses, login_as, client):
    lonely, _user = login_as("trainee")
    assert "No courses have been assigned to your cohort yet." in _text(lonely.get("/courses/?lang=en"))
    assert lonely.get("/courses/basics/first-steps/").status_code == 403
    response = client.get("/courses/")
    assert response.status_code == 302 and "/login" in response.location


def test_missing_course_and_lesson_are_404(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    assert client.get("/courses/nope/").status_code == 404
    assert client.get("/courses/basics/nope/").status_code == 404


def test_trainers_read_every_course_but_do_not_record_progress(courses, login_as):
    client, _user = login_as("trainer")
    html = _text(client.get("/courses/basics/first-steps/?lang=en"))
    assert "<h1>First steps in prevention</h1>" in html and "Mark as read" not in html
    client.post_form("/courses/basics/first-steps/read", token_from="/courses/basics/")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 0


def test_pages_in_azerbaijani_and_russian_use_translated_ui(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    az = _text(client.get("/courses/basics/?lang=az"))
    assert "Qarşısının alınmasının əsasları" in az and "Dərslər" in az
    ru = _text(client.get("/courses/basics/?lang=ru"))
    assert "Основы предупреждения" in ru and "Уроки" in ru


def test_glossary_lists_terms_with_definitions_and_sources(courses, login_as):
    client, _user = login_as("trainee")
    html = _text(client.get("/glossary/?lang=ru"))
    assert '<dt id="custody">содержание под стражей' in html
    assert "Нахождение в месте, которое лицо не может покинуть по своей воле." in html
    assert "OPCAT art. 4(2)" in html
