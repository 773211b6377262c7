"""Admins assign courses to cohorts (browser and CLI); trainees of the cohort, also later ones, are enrolled;
trainers see who has read what, in a bounded number of queries."""
from __future__ import annotations

import sqlalchemy as sa

from training.accounts import service as accounts
from training.audit.models import AuditEntry
from training.extensions import db
from training.learning.models import CohortCourse, LessonProgress


def _assigned(cohort) -> set[str]:
    return set(db.session.scalars(sa.select(CohortCourse.course_id).where(CohortCourse.cohort_id == cohort.id)))


def test_admin_assigns_and_unassigns_a_course_in_the_browser(courses, make, login_as):
    cohort = make.cohort(slug="pa-test")
    admin, _user = login_as("admin")
    page = admin.get("/admin/enrolment/?lang=en").get_data(as_text=True)
    assert "pa-test" in page and '<option value="basics">Basics of prevention</option>' in page
    response = admin.post_form("/admin/enrolment/assign", {"cohort": "pa-test", "course": "basics"},
                               token_from="/admin/enrolment/")
    assert response.status_code == 302
    assert _assigned(cohort) == {"basics"}
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "cohort.assign_course"))
    admin.post_form("/admin/enrolment/unassign", {"cohort": "pa-test", "course": "basics"},
                    token_from="/admin/enrolment/")
    assert _assigned(cohort) == set()


def test_assigning_an_unknown_course_is_refused_with_a_message(courses, make, login_as):
    make.cohort(slug="pa-test")
    admin, _user = login_as("admin")
    response = admin.post_form("/admin/enrolment/assign?lang=ru", {"cohort": "pa-test", "course": "nope"},
                               token_from="/admin/enrolment/", follow_redirects=True)
    assert "Курса с идентификатором «nope» нет." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortCourse)) == 0


def test_only_admins_manage_enrolment_and_translations(courses, make, login_as):
    cohort = make.cohort(slug="pa-test")
    for role in ("trainee", "trainer"):
        client, _user = login_as(role)
        assert client.get("/admin/enrolment/").status_code == 403
        assert client.get("/admin/translations/").status_code == 403
        token = client.csrf_token("/courses/")
        response = client.post("/admin/enrolment/assign", data={"csrf_token": token, "cohort": "pa-test",
                                                                "course": "basics"})
        assert response.status_code == 403
    assert _assigned(cohort) == set()


def test_cli_enrol_and_its_refusals(courses, make, runner):
    cohort = make.cohort(slug="ja-test")
    result = runner.invoke(args=["cohorts", "enrol", "ja-test", "basics"])
    assert result.exit_code == 0, result.output
    assert "enrolled cohort ja-test in course basics" in result.output
    assert _assigned(cohort) == {"basics"}
    again = runner.invoke(args=["cohorts", "enrol", "ja-test", "basics"])
    assert again.exit_code == 0 and "already enrolled" in again.output
    bad_course = runner.invoke(args=["cohorts", "enrol", "ja-test", "nope"])
    assert bad_course.exit_code == 1 and bad_course.output.strip() == "Error: No course with the id 'nope'."
    bad_cohort = runner.invoke(args=["cohorts", "enrol", "nope", "basics"])
    assert bad_cohort.exit_code == 1 and "Traceback" not in bad_cohort.output


def test_trainees_who_join_later_are_enrolled_too(courses, make, enrol, login_as):
    cohort = make.cohort()
    enrol(cohort, "basics")
    later = make.user("trainee", organisation=cohort.organisation)
    accounts.add_trainees(None, cohort, [later])
    db.session.commit()
    client, _user = login_as(user=later)
    assert client.get("/courses/basics/first-steps/").status_code == 200


def test_trainer_sees_the_cohort_table(courses, lessons, make, enrol, login_as):
    trainer = make.user("trainer")
    cohort = make.cohort(trainers=[trainer])
    enrol(cohort, "basics")
    alice = make.user("trainee", name="Alice Əliyeva", organisation=cohort.organisation, cohorts=[cohort])
    make.user("trainee", name="Bob", organisation=cohort.organisation, cohorts=[cohort])
    db.session.add(LessonProgress(user_id=alice.id, lesson_id=lessons["basics/first-steps"].id))
    db.session.commit()
    client, _user = login_as(user=trainer)
    html = client.get(f"/cohorts/{cohort.slug}/progress/?lang=en").get_data(as_text=True)
    assert "Basics of prevention" in html
    alice_row = html[html.index("Alice Əliyeva"):]
    alice_row = alice_row[:alice_row.index("</tr>")]
    bob_row = html[html.index(">Bob<"):]
    bob_row = bob_row[:bob_row.index("</tr>")]
    assert alice_row.count("✓") == 1 and "1/2" in alice_row
    assert "✓" not in bob_row and "0/2" in bob_row


def test_a_trainer_cannot_see_another_cohorts_table(courses, make, login_as):
    other = make.cohort()
    client, _user = login_as("trainer")
    assert client.get(f"/cohorts/{other.slug}/progress/").status_code == 403
    trainee, _user = login_as("trainee")
    assert trainee.get(f"/cohorts/{other.slug}/progress/").status_code == 403
    assert client.get("/cohorts/no-such-cohort/progress/").status_code == 404


def _cohort_of(make, enrol, lessons, size: int):
    trainer = make.user("trainer")
    cohort = make.cohort(trainers=[trainer])
    enrol(cohort, "basics", "advanced")
    organisation = cohort.organisation
    from training.accounts.models import User

    users = [User(email=f"t{size}-{i}@example.org", name=f"Trainee {i:03d}", role="trainee",
                  organisation_id=organisation.id, password_hash="x") for i in range(size)]
    db.session.add_all(users)
    db.session.flush()
    cohort.trainees.extend(users)
    for i, user in enumerate(users):
        if i % 2:
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lessons["basics/first-steps"].id))
    db.session.commit()
    return trainer, cohort


def test_cohort_table_issues_the_same_number_of_queries_at_5_and_200_trainees(
        courses, lessons, make, enrol, login_as, count_queries):
    counts = []
    for size in (5, 200):
        trainer, cohort = _cohort_of(make, enrol, lessons, size)
        client, _user = login_as(user=trainer)
        client.get(f"/cohorts/{cohort.slug}/progress/")  # warm the session
        with count_queries() as counter:
            response = client.get(f"/cohorts/{cohort.slug}/progress/")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("<tr><th scope=\"row\">") == 2 * size
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12


def test_catalogue_and_course_pages_have_bounded_queries(courses, trainee_in, count_queries):
    client, _user, _cohort = trainee_in("basics", "advanced")
    client.get("/courses/")
    with count_queries() as catalogue:
        client.get("/courses/")
    with count_queries() as course:
        client.get("/courses/basics/")
    with count_queries() as lesson:
        client.get("/courses/basics/first-steps/")
    assert catalogue.count <= 8 and course.count <= 10 and lesson.count <= 12, (
        catalogue.count, course.count, lesson.count)
