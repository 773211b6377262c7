"""The admin page lists per course and language which translations are complete, missing or stale."""
from __future__ import annotations

from training.learning.status import translation_status


def test_status_per_course_and_language(courses):
    statuses = {s.course.id: s for s in translation_status()}
    assert {item.lesson.slug: item.states for item in statuses["advanced"].lessons} == {
        "deeper": {"az": "stale", "ru": "missing"}}
    assert statuses["basics"].count("az") == {"complete": 2}
    assert statuses["basics"].count("ru") == {"complete": 2}


def test_admin_page_shows_it_in_the_admins_language(courses, login_as):
    client, _user = login_as("admin")
    html = client.get("/admin/translations/?lang=az").get_data(as_text=True)
    assert "Tərcümələrin vəziyyəti" in html
    row = html[html.index("Going deeper"):]
    row = row[:row.index("</tr>")]
    assert "köhnəlib" in row and "yoxdur" in row
    en = client.get("/admin/translations/?lang=en").get_data(as_text=True)
    assert "complete: 2" in en
