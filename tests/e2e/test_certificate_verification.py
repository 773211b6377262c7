"""A stranger, without an account, verifies a certificate by typing the code printed on it."""
from tests.certificates.conftest import NAME


def _issue_certificate(trainer_email: str) -> tuple[str, str]:
    """A trainee who completed a course (lessons read, quiz passed) and got the certificate; (code, serial)."""
    import sqlalchemy as sa

    from training.accounts.models import Cohort, User
    from training.certificates import service
    from training.extensions import db
    from training.learning import service as learning
    from training.learning.models import CohortCourse, Course, Lesson
    from training.quizzes.models import GRADED, Attempt, Quiz
    from training.quizzes.signals import attempt_graded

    course = Course(id="custody", title={"en": "Safeguards in police custody", "az": "Polis saxlamasında təminatlar"},
                    summary={"en": "S"}, prerequisites=[], content_hash="x", hours=8, quiz_id="custody-quiz",
                    min_quiz_score=70)
    db.session.add_all([course, Lesson(course_id="custody", slug="one", content_hash="x"),
                        Quiz(id="custody-quiz", course_id="custody", title={"en": "Q"}, topics=[], content_hash="x")])
    cohort = db.session.scalar(sa.select(Cohort))
    db.session.add(CohortCourse(cohort_id=cohort.id, course_id="custody"))
    db.session.flush()
    trainee = db.session.scalar(sa.select(User).where(User.role == "trainee"))
    learning.mark_read(trainee, db.session.scalar(sa.select(Lesson)))
    attempt = Attempt(quiz_id="custody-quiz", user_id=trainee.id, state=GRADED, percent=90, passed=True)
    db.session.add(attempt)
    db.session.flush()
    attempt_graded.send(attempt)
    cert = service.current_for(trainee.id, "custody")
    db.session.commit()
    return cert.code, cert.serial


def test_a_stranger_verifies_a_certificate_by_typing_its_code(page, live_server, tmp_path):
    live_server.app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "key.pem")
    org = live_server.make("organisation", slug="justice", name="Academy of Justice")
    live_server.make("user", "trainer", email="trainer@example.org")
    live_server.make("cohort", slug="judges", name="Judges", organisation=org, trainers=["trainer@example.org"])
    live_server.make("user", "trainee", email="sehla@example.org", name=NAME, cohorts=["judges"])
    code, serial = live_server.call(_issue_certificate, "trainer@example.org")

    page.goto("/verify?lang=en")
    typed = "-".join(code[i:i + 4] for i in range(0, 16, 4)).lower()  # as read off the paper
    page.fill("input[name=code]", typed)
    page.click("button:has-text('Verify')")
    assert page.url.endswith(f"/verify/{code}")
    result = page.locator(".verify-result")
    assert result.inner_text().startswith("Valid")
    facts = page.locator(".verify-facts").inner_text()
    assert NAME in facts and "Safeguards in police custody" in facts and "8" in facts
    assert "sehla@example.org" not in page.content()

    page.goto("/verify?lang=en")
    page.fill("input[name=code]", "AAAA-BBBB-CCCC-DDDD")
    page.click("button:has-text('Verify')")
    assert page.locator(".verify-not-found").inner_text().startswith("Not found")
