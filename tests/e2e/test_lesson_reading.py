"""A trainee opens their course, reads a lesson in the browser, marks it read and sees progress move."""
from tests.conftest import PASSWORD
from tests.content.helpers import VALID, sync_root
from tests.e2e.conftest import sign_in


def _enrol(cohort_slug: str, course_id: str) -> None:
    from training.accounts import service as accounts
    from training.extensions import db
    from training.learning import enrolment

    enrolment.assign_course(None, accounts.cohort_by_slug(cohort_slug), enrolment.course_by_id(course_id))
    db.session.commit()


def test_read_a_lesson_and_mark_it_read(page, live_server):
    live_server.call(sync_root, VALID)
    org = live_server.make("organisation", slug="police-academy", name="Police Academy")
    live_server.make("cohort", slug="pa-2026", name="Cadets 2026", organisation=org)
    live_server.make("user", "trainee", email="cadet@example.org", name="Orxan Şükürov",
                     cohorts=["pa-2026"])
    live_server.call(_enrol, "pa-2026", "basics")

    sign_in(page, "cadet@example.org", PASSWORD)
    assert "0 of 2 lessons read" in page.locator("main").inner_text()
    page.click("text=Basics of prevention")
    page.click("text=First steps in prevention")
    assert page.locator("h1").inner_text() == "First steps in prevention"
    page.click("nav.toc >> text=Who visits")
    assert page.url.endswith("#who-visits")
    assert page.locator("#sources li").count() == 4

    page.click("button:has-text('Mark as read')")
    assert page.locator(".flash-success").inner_text() == "Lesson marked as read."
    assert "You marked this lesson as read" in page.locator(".done-note").inner_text()

    page.click("a[rel=next]")
    assert page.locator("h1").inner_text() == "Second steps: recommendations"
    page.click("form.lang-switch button[value=az]")
    assert page.locator("h1").inner_text() == "İkinci addımlar: tövsiyələr"
    page.click(".breadcrumb >> text=Qarşısının alınmasının əsasları")
    assert "2 dərsdən 1 oxunub" in page.locator("main").inner_text()
