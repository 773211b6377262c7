"""Learning paths: admins assign them to cohorts (browser, CLI); trainees see them on their home page
in order with each course's state; a path is completed once, with a signal, under the reading or
certificate rule."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.content.helpers import sync_root
from tests.content.path_fixtures import PATHS_YML, paths_root
from training.accounts import service as accounts
from training.accounts.models import Cohort
from training.audit.models import AuditEntry
from training.exceptions import ServiceError
from training.extensions import db
from training.learning import enrolment, paths, service
from training.learning.models import CohortCourse, Course, Lesson, LessonProgress
from training.learning.path_models import CohortPath, CourseCertification, PathCompletion
from training.learning.signals import course_certified, path_completed


@pytest.fixture
def loaded(app, tmp_path):
    """The valid fixture courses (basics, then advanced which requires it); the paths monitors, starters.

    Courses complete under the reading rule here (a test of the certificate rule switches it).
    """
    app.config["COURSE_COMPLETION"] = "reading"
    sync_root(paths_root(tmp_path / "root"))
    return {lesson.slug: lesson for lesson in db.session.scalars(sa.select(Lesson))}


@pytest.fixture
def completions():
    """Every path_completed signal sent during the test: [(path id, user id, completion)]."""
    sent = []

    def receiver(path, user, completion, **_kwargs):
        sent.append((path.id, user.id, completion))

    path_completed.connect(receiver)
    yield sent
    path_completed.disconnect(receiver)


def _assigned(cohort) -> set[str]:
    return set(db.session.scalars(
        sa.select(CohortCourse.course_id).where(CohortCourse.cohort_id == cohort.id)))


def _trainee_on(make, login_as, path_id="monitors", locale=None):
    cohort = make.cohort()
    paths.assign_path(None, cohort, paths.path_by_id(path_id))
    db.session.commit()
    client, user = login_as("trainee", organisation=cohort.organisation, cohorts=[cohort], locale=locale)
    return client, user, cohort


def _read(user, *lessons):
    for lesson in lessons:
        service.mark_read(user, lesson)
    db.session.commit()


def _states(html: str) -> list[tuple[str, str]]:
    """[(state, course title)] of the path steps on the page, in order."""
    return re.findall(r'<li class="path-step path-step-(\w+)">\s*<span class="badge[^"]*">[^<]*</span>\s*'
                      r'<a href="[^"]+">([^<]+)</a>', html)


# ----- assigning ------------------------------------------------------------------------------

def test_admin_assigns_a_path_in_the_browser_which_enrols_the_cohort(loaded, make, login_as):
    cohort = make.cohort(slug="pa-test")
    admin, user = login_as("admin")
    page = admin.get("/admin/enrolment/?lang=en").get_data(as_text=True)
    assert '<option value="monitors">Monitoring path — Future monitors</option>' in page
    response = admin.post_form("/admin/enrolment/assign-path?lang=en",
                               {"cohort": "pa-test", "path": "monitors"},
                               token_from="/admin/enrolment/", follow_redirects=True)
    assert "The learning path is assigned to Cohort" in response.get_data(as_text=True)
    assert _assigned(cohort) == {"basics", "advanced"}
    assert db.session.get(CohortPath, (cohort.id, "monitors")) is not None
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "cohort.assign_path"))
    assert entry.actor_id == user.id and entry.object_id == str(cohort.id)
    assert entry.after == {"path": "monitors", "version": 1, "courses_enrolled": ["basics", "advanced"]}
    page = admin.get("/admin/enrolment/?lang=az").get_data(as_text=True)
    assert "Təlim qruplarının təlim trayektoriyaları" in page and "<li>Monitorinq yolu</li>" in page


def test_an_unknown_path_is_refused_with_a_message_and_nothing_changes(loaded, make, login_as):
    cohort = make.cohort(slug="pa-test")
    admin, _user = login_as("admin")
    response = admin.post_form("/admin/enrolment/assign-path?lang=ru", {"cohort": "pa-test", "path": "nope"},
                               token_from="/admin/enrolment/", follow_redirects=True)
    assert "Траектории обучения с идентификатором «nope» нет." in response.get_data(as_text=True)
    assert _assigned(cohort) == set()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortPath)) == 0


def test_only_admins_assign_paths(loaded, make, login_as):
    cohort = make.cohort(slug="pa-test")
    for role in ("trainee", "trainer"):
        client, _user = login_as(role)
        token = client.csrf_token("/courses/")
        response = client.post("/admin/enrolment/assign-path",
                               data={"csrf_token": token, "cohort": "pa-test", "path": "monitors"})
        assert response.status_code == 403
    admin, _user = login_as("admin")
    assert admin.post("/admin/enrolment/assign-path", data={"cohort": "pa-test", "path": "monitors"}
                      ).status_code == 400  # no CSRF token
    assert _assigned(cohort) == set()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortPath)) == 0


def test_cli_assign_path_and_its_refusals(loaded, make, runner):
    cohort = make.cohort(slug="ja-test")
    result = runner.invoke(args=["cohorts", "assign-path", "ja-test", "starters"])
    assert result.exit_code == 0, result.output
    assert "assigned path starters to cohort ja-test; newly enrolled in: basics" in result.output
    assert _assigned(cohort) == {"basics"}
    result = runner.invoke(args=["cohorts", "assign-path", "ja-test", "monitors"])
    assert "newly enrolled in: advanced" in result.output
    again = runner.invoke(args=["cohorts", "assign-path", "ja-test", "monitors"])
    assert again.exit_code == 0 and "newly enrolled in: none" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "cohort.assign_path")) == 2  # assigning again changes nothing, records nothing
    unknown = runner.invoke(args=["cohorts", "assign-path", "ja-test", "nope"])
    assert unknown.exit_code == 1 and unknown.output.strip() == "Error: No learning path with the id 'nope'."
    unknown = runner.invoke(args=["cohorts", "assign-path", "nobody", "monitors"])
    assert unknown.exit_code == 1 and unknown.output.startswith("Error:")


def test_a_retired_path_cannot_be_assigned(loaded, make, tmp_path):
    root = paths_root(tmp_path / "other", PATHS_YML[:PATHS_YML.index("  - id: starters")])
    sync_root(root)
    with pytest.raises(ServiceError) as refused:
        paths.path_by_id("starters")
    assert refused.value.params == {"path": "starters"}
    assert [p.id for p in paths.active_paths()] == ["monitors"]


# ----- the trainee's home page ------------------------------------------------------------------

@pytest.mark.parametrize("lang, labels, titles, heading", [
    ("en", ("Done", "Ready", "Locked"), ("Basics of prevention", "Advanced monitoring"),
     "Your learning path"),
    ("az", ("Tamamlanıb", "Başlamaq olar", "Bağlıdır"),
     ("Qarşısının alınmasının əsasları", "Qabaqcıl monitorinq"), "Sizin təlim trayektoriyanız"),
    ("ru", ("Пройден", "Доступен", "Закрыт"), ("Основы предупреждения", "Углубленный мониторинг"),
     "Ваша траектория обучения"),
])
def test_home_shows_the_path_in_order_with_states(loaded, make, login_as, lang, labels, titles, heading):
    done, ready, locked = labels
    basics, advanced = titles
    client, user, _cohort = _trainee_on(make, login_as, locale=lang)
    html = client.get("/").get_data(as_text=True)
    assert f"<h2>{heading}</h2>" in html
    assert _states(html) == [("ready", basics), ("locked", advanced)]
    assert f'<span class="badge path-badge-ready">{ready}</span>' in html
    assert f'<span class="badge path-badge-locked">{locked}</span>' in html
    _read(user, loaded["first-steps"], loaded["second-steps"])
    html = client.get("/").get_data(as_text=True)
    assert _states(html) == [("done", basics), ("ready", advanced)]
    assert f'<span class="badge path-badge-done">{done}</span>' in html


def test_home_shows_a_completed_path_and_nothing_for_a_trainee_without_one(loaded, make, login_as):
    client, user, _cohort = _trainee_on(make, login_as, "starters")
    _read(user, loaded["first-steps"], loaded["second-steps"])
    html = client.get("/?lang=en").get_data(as_text=True)
    assert "1 of 1 courses complete" in html and "You completed this learning path on" in html
    other, _user = login_as("trainee", cohorts=[make.cohort()])
    assert "path-step" not in other.get("/?lang=en").get_data(as_text=True)


def test_a_course_of_the_path_no_longer_assigned_to_the_cohort_shows_locked(loaded, make, login_as):
    client, _user, cohort = _trainee_on(make, login_as)
    enrolment.unassign_course(None, cohort, "advanced")
    db.session.commit()
    html = client.get("/?lang=en").get_data(as_text=True)
    assert _states(html)[1] == ("locked", "Advanced monitoring")
    assert "This course is not assigned to your cohort yet." in html


def test_home_page_queries_do_not_grow_with_paths_courses_or_progress(loaded, make, login_as, count_queries):
    client, user, _cohort = _trainee_on(make, login_as, "starters")
    with count_queries() as small:
        assert client.get("/?lang=en").status_code == 200
    big, big_user, big_cohort = _trainee_on(make, login_as, "monitors")
    paths.assign_path(None, big_cohort, paths.path_by_id("starters"))
    for n in range(2):
        other = make.cohort()
        paths.assign_path(None, other, paths.path_by_id("monitors"))
        accounts.add_trainees(None, other, [big_user])
    _read(big_user, loaded["first-steps"], loaded["second-steps"], loaded["deeper"])
    html = big.get("/?lang=en").get_data(as_text=True)
    assert html.count('class="learning-path"') == 2 and len(_states(html)) == 3
    with count_queries() as large:
        big.get("/?lang=en")
    assert large.count == small.count


# ----- completion -----------------------------------------------------------------------------------

def test_reading_every_lesson_completes_the_path_once_and_sends_the_signal(loaded, make, login_as,
                                                                          completions):
    _client, user, _cohort = _trainee_on(make, login_as)
    _read(user, loaded["first-steps"], loaded["second-steps"])
    assert completions == []  # advanced is not read yet
    _read(user, loaded["deeper"])
    assert [(path_id, user_id) for path_id, user_id, _c in completions] == [("monitors", user.id)]
    record = db.session.scalar(sa.select(PathCompletion))
    assert (record.user_id, record.path_id, record.path_version, record.rule) == (
        user.id, "monitors", 1, "reading")
    assert completions[0][2].id == record.id
    service.mark_read(user, loaded["deeper"])  # marking again: nothing new
    db.session.commit()
    assert len(completions) == 1
    assert db.session.scalar(sa.select(AuditEntry.after).where(AuditEntry.action == "path.complete")) == {
        "path": "monitors", "version": 1, "rule": "reading"}


def test_a_trainee_who_has_read_everything_completes_when_the_path_is_assigned(loaded, make, completions):
    cohort = make.cohort()
    trainee = make.user("trainee", cohorts=[cohort])
    for course_id in ("basics", "advanced"):
        enrolment.assign_course(None, cohort, db.session.get(Course, course_id))
    _read(trainee, loaded["first-steps"], loaded["second-steps"], loaded["deeper"])
    assert completions == []
    paths.assign_path(None, cohort, paths.path_by_id("monitors"))
    db.session.commit()
    assert [(p, u) for p, u, _c in completions] == [("monitors", trainee.id)]


def test_under_the_certificate_rule_certified_courses_complete_the_path(app, loaded, make, login_as,
                                                                       completions):
    """Learning does not read certificates: it counts the `course_certified` signals it was sent."""
    app.config["COURSE_COMPLETION"] = "certificate"
    client, user, _cohort = _trainee_on(make, login_as)
    course_certified.send(db.session.get(Course, "basics"), user=user, certificate=object())
    db.session.commit()
    assert completions == []
    html = client.get("/?lang=en").get_data(as_text=True)
    assert [state for state, _title in _states(html)] == ["done", "locked"]  # certified, though not read
    course_certified.send(db.session.get(Course, "advanced"), user=user, certificate=object())
    db.session.commit()
    assert [(p, u) for p, u, _c in completions] == [("monitors", user.id)]
    assert db.session.scalar(sa.select(PathCompletion.rule)) == "certificate"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CourseCertification)) == 2
    html = client.get("/?lang=en").get_data(as_text=True)
    assert [state for state, _title in _states(html)] == ["done", "done"]


def test_under_the_certificate_rule_reading_alone_completes_nothing(app, loaded, make, completions):
    app.config["COURSE_COMPLETION"] = "certificate"
    cohort = make.cohort()
    user = make.user("trainee", cohorts=[cohort])
    paths.assign_path(None, cohort, paths.path_by_id("starters"))
    for lesson in (loaded["first-steps"], loaded["second-steps"]):  # no lesson_read: no certificate either
        db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
    db.session.flush()
    assert paths.record_completions([user]) == []
    app.config["COURSE_COMPLETION"] = "reading"
    assert [c.path_id for c in paths.record_completions([user])] == ["starters"]


def test_certification_is_remembered_under_the_reading_rule_without_completing(loaded, make, login_as,
                                                                               completions):
    _client, user, _cohort = _trainee_on(make, login_as, "starters")
    course_certified.send("basics", user=user, certificate=None)
    course_certified.send("basics", user=user, certificate=None)  # twice: one row
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CourseCertification)) == 1
    assert completions == []  # the reading rule: nothing read yet


def test_trainers_reading_do_not_complete_paths(loaded, make, completions):
    trainer = make.user("trainer")
    assert paths.record_completions([trainer]) == []


# ----- demo ------------------------------------------------------------------------------------------

def test_demo_load_assigns_each_demo_cohort_its_path(app, runner, tmp_path):
    text = PATHS_YML.replace("id: monitors", "id: police-cadets")
    text = text.replace("id: starters", "id: judge-candidates")
    sync_root(paths_root(tmp_path / "root", text))
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # safe to run again
    assigned = {(slug, path_id) for slug, path_id in db.session.execute(
        sa.select(Cohort.slug, CohortPath.path_id).join(CohortPath, CohortPath.cohort_id == Cohort.id))}
    assert assigned == {("pa-2026-autumn", "police-cadets"), ("ja-2026-judges", "judge-candidates")}


def test_a_completed_path_is_not_recorded_twice(loaded, make, login_as, completions):
    _client, user, cohort = _trainee_on(make, login_as, "starters")
    _read(user, loaded["first-steps"], loaded["second-steps"])
    assert paths.record_completions([user]) == []  # checked again: already recorded
    paths.assign_path(None, cohort, paths.path_by_id("starters"))
    db.session.commit()
    assert len(completions) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PathCompletion)) == 1
