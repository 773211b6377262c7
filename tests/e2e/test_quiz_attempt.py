"""A trainee answers with JavaScript on, closes the page, comes back and finds every answer saved."""
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from training.extensions import db
from training.learning.models import CohortCourse, Course


def _setup(live_server):
    """The test course and bank, a cohort that takes the course, a trainee in it; returns the e-mail."""
    from tests.conftest import Factory
    from tests.quizzes.conftest import load_bank

    def create():
        db.session.add(Course(id="qcourse", title={"en": "Q course"}, summary={"en": "S"}, prerequisites=[],
                              content_hash="x", position=1, hours=1))
        db.session.commit()
        load_bank(time_limit=30)
        factory = Factory()
        cohort = factory.cohort()
        db.session.add(CohortCourse(cohort_id=cohort.id, course_id="qcourse"))
        db.session.commit()
        return factory.user("trainee", cohorts=[cohort], locale="en").email

    return live_server.call(create)


def test_answers_survive_closing_the_page(live_server, page):
    sign_in(page, _setup(live_server), PASSWORD)
    page.goto("/quizzes/basic/")
    page.click("text=Start the quiz")
    assert "/attempts/" in page.url
    attempt_url = page.url
    page.wait_for_selector("#countdown:has-text('Time left')")  # the script has taken over the countdown
    page.check("input[name=q-s1][value=a]")
    page.wait_for_selector("#save-status:has-text('All answers saved')")
    page.fill("input[name=q-k1]", "İSTANBUL")
    page.locator("input[name=q-k1]").blur()
    page.select_option("select[name=q-x1-l1]", "r1")
    page.click("#question-o1 .ordering-items li[data-id=i1] .move-up")
    page.wait_for_timeout(400)
    page.wait_for_selector("#save-status:has-text('All answers saved')")
    order = page.eval_on_selector_all("#question-o1 .ordering-items li", "els => els.map(e => e.dataset.id)")
    context = page.context
    page.close()

    again = context.new_page()
    again.goto("/quizzes/basic/")
    again.click("text=Continue the attempt")
    assert again.url == attempt_url
    assert again.is_checked("input[name=q-s1][value=a]")
    assert again.input_value("input[name=q-k1]") == "İSTANBUL"
    assert again.input_value("select[name=q-x1-l1]") == "r1"
    assert again.eval_on_selector_all("#question-o1 .ordering-items li", "els => els.map(e => e.dataset.id)") == order
    again.click("button:has-text('Submit the quiz')")
    again.wait_for_url("**/review")
    text = again.text_content("main")
    assert "Score:" in text and "OPCAT art. 1" in text and "Read the lesson section" in text
