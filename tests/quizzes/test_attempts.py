"""The attempt state machine over HTTP: open, resume, save, refuse, submit once, deadline, limits, draws."""
import re
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from tests.quizzes.conftest import FULL, load_bank, start_attempt
from training.db import now_utc
from training.extensions import db
from training.quizzes import attempts as flow
from training.quizzes.models import Attempt, AttemptAnswer, Question


def form(data: dict) -> MultiDict:
    items = []
    for key, value in data.items():
        items.extend((key, v) for v in (value if isinstance(value, list) else [value]))
    return MultiDict(items)


def post(client, path, data, token_from):
    payload = form(data)
    payload["csrf_token"] = client.csrf_token(token_from)
    return client.post(path, data=payload)


def answers(attempt_id):
    db.session.expire_all()
    rows = db.session.execute(sa.select(Question.key, AttemptAnswer.answer).join(Question)
                              .where(AttemptAnswer.attempt_id == attempt_id)).all()
    return dict(rows)


def test_quiz_page_start_resume_and_one_open_attempt(quiz, trainee):
    client, user = trainee
    page = client.get("/quizzes/basic/").get_data(as_text=True)
    assert "Basic quiz" in page and "60%" in page and "Start the quiz" in page
    first = start_attempt(client)
    assert start_attempt(client) == first  # resumes
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1
    html = client.get(f"/attempts/{first}/").get_data(as_text=True)
    for name in ("q-s1", "q-m1", "q-t1", "q-x1-l1", "q-x1-l2", "q-o1", "q-k1", "q-n1", "q-c1-a", "q-c1-b"):
        assert f'name="{name}"' in html
    assert "A scenario text." in html and "quiz-attempt.js" in html


def test_save_as_you_go_then_reopen_finds_answers(quiz, trainee):
    client, _user = trainee
    attempt_id = start_attempt(client)
    page = f"/attempts/{attempt_id}/"
    response = post(client, f"/attempts/{attempt_id}/save", {"q-s1": "b", "q-m1": ["a", "c"], "q-k1": "İstanbul"}, page)
    assert response.status_code == 302
    response = client.post(f"/attempts/{attempt_id}/save", headers={"X-Requested-With": "fetch"},
                           data={"csrf_token": client.csrf_token(page), "q-s1": "a", "q-x1-l1": "r2"})
    assert response.status_code == 200 and response.json["ok"] is True and response.json["csrf_token"]
    assert answers(attempt_id) == {"s1": "a", "m1": ["a", "c"], "k1": "İstanbul", "x1": {"l1": "r2"},
                                   "t1": None, "o1": None, "n1": None, "c1": None}
    html = client.get(page).get_data(as_text=True)
    assert re.search(r'name="q-s1"\s+value="a" checked', html)
    assert 'value="İstanbul"' in html
    assert re.search(r'<option value="r2" selected>R2</option>', html)


def test_foreign_option_ids_and_extra_fields_change_nothing(quiz, trainee):
    client, _user = trainee
    attempt_id = start_attempt(client)
    page = f"/attempts/{attempt_id}/"
    post(client, f"/attempts/{attempt_id}/save", {"q-s1": "b"}, page)
    response = client.post(f"/attempts/{attempt_id}/save", headers={"X-Requested-With": "fetch"},
                           data={"csrf_token": client.csrf_token(page), "q-s1": "a", "q-m1": "yes"})
    assert response.status_code == 400
    assert "does not belong to this question" in response.json["message"]
    assert answers(attempt_id)["s1"] == "b"
    post(client, f"/attempts/{attempt_id}/submit",
         {**FULL, "score": "100", "user": "1", "deadline": "2999-01-01", "percent": "100"}, page)
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.percent == 100.0 and attempt.deadline is None


def test_submit_grades_once_and_review_shows_sources(quiz, trainee):
    client, _user = trainee
    attempt_id = start_attempt(client)
    page = f"/attempts/{attempt_id}/"
    half = {"q-s1": "a", "q-m1": ["a", "c"], "q-o1": "i1,i3,i2", "q-c1-a": "yes"}
    response = post(client, f"/attempts/{attempt_id}/submit", half, page)
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/review")
    attempt = db.session.get(Attempt, attempt_id)
    # s1 1 + m1 0 (1/2 - 1/2) + o1 1/3 + c1 1/2 of 8 marks
    assert attempt.state == "graded" and attempt.points == round(1 + 1 / 3 + 0.5, 6)
    first = (attempt.percent, attempt.submitted_at)
    # a replayed submit with other answers changes nothing
    response = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": client.csrf_token("/quizzes/"), **FULL})
    assert response.status_code == 302
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert (attempt.percent, attempt.submitted_at) == first
    # a stale tab saving after the submit is refused
    response = client.post(f"/attempts/{attempt_id}/save", headers={"X-Requested-With": "fetch"},
                           data={"csrf_token": client.csrf_token("/quizzes/"), "q-s1": "b"})
    assert response.status_code == 409 and "already been submitted" in response.json["message"]
    assert answers(attempt_id)["s1"] == "a"
    review = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Not passed" in review and "General feedback S1" in review
    assert "OPCAT art. 1" in review and 'href="/courses/qcourse/intro/#aim"' in review
    assert client.get(f"/attempts/{attempt_id}/").headers["Location"].endswith("/review")


def test_review_modes(course, trainee):
    client, _user = trainee
    load_bank(review="score")
    attempt_id = start_attempt(client)
    post(client, f"/attempts/{attempt_id}/submit", FULL, f"/attempts/{attempt_id}/")
    html = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Score: 100%" in html and "Passed" in html
    assert "Single?" not in html and "OPCAT art. 1" not in html
    load_bank(review="correctness")
    attempt_id = start_attempt(client)
    post(client, f"/attempts/{attempt_id}/submit", {"q-s1": "b"}, f"/attempts/{attempt_id}/")
    html = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Single?" in html and "partly or not correct" in html
    assert "General feedback S1" not in html and "correct answer" not in html


def test_deadline_refuses_late_saves_and_grades_what_was_saved(course, trainee):
    client, user = trainee
    load_bank(time_limit=10)
    attempt_id = start_attempt(client)
    page = f"/attempts/{attempt_id}/"
    assert "countdown" in client.get(page).get_data(as_text=True)
    post(client, f"/attempts/{attempt_id}/save", {"q-s1": "a"}, page)
    token = client.csrf_token(page)
    attempt = db.session.get(Attempt, attempt_id)
    attempt.deadline = now_utc() - timedelta(seconds=20)  # within the 30-second grace: still accepted
    db.session.commit()
    assert client.post(f"/attempts/{attempt_id}/save", data={"csrf_token": token, "q-t1": "true"},
                       headers={"X-Requested-With": "fetch"}).status_code == 200
    attempt = db.session.get(Attempt, attempt_id)
    attempt.deadline = now_utc() - timedelta(seconds=31)
    db.session.commit()
    response = client.post(f"/attempts/{attempt_id}/save", data={"csrf_token": token, "q-m1": ["a", "b"]},
                           headers={"X-Requested-With": "fetch"})
    assert response.status_code == 409 and "time for this attempt is over" in response.json["message"]
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.state == "graded" and attempt.closed_by == "deadline"
    assert attempt.points == 2.0  # s1 and t1, not the late m1


def test_overdue_attempts_are_closed_by_the_command_and_by_submit(course, trainee, runner):
    client, user = trainee
    load_bank(time_limit=5)
    attempt_id = start_attempt(client)
    post(client, f"/attempts/{attempt_id}/save", {"q-s1": "a"}, f"/attempts/{attempt_id}/")
    token = client.csrf_token(f"/attempts/{attempt_id}/")
    db.session.get(Attempt, attempt_id).deadline = now_utc() - timedelta(minutes=1)
    db.session.commit()
    assert "The time is over" in client.get(f"/attempts/{attempt_id}/").get_data(as_text=True)
    assert db.session.get(Attempt, attempt_id).state == "open"  # a GET changes nothing
    # submitting after the deadline grades only what was saved
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token, **FULL})
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert (attempt.state, attempt.closed_by, attempt.points) == ("graded", "deadline", 1.0)
    second = start_attempt(client)
    db.session.get(Attempt, second).deadline = now_utc() - timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["quizzes", "close-overdue"])
    assert result.exit_code == 0 and "1 overdue attempts closed." in result.output
    assert runner.invoke(args=["quizzes", "close-overdue"]).output.startswith("0 ")
    db.session.expire_all()
    assert db.session.get(Attempt, second).state == "graded"


def test_max_attempts_and_time_between_attempts(course, trainee):
    client, _user = trainee
    load_bank(max_attempts=2, minutes_between_attempts=30)
    attempt_id = start_attempt(client)
    post(client, f"/attempts/{attempt_id}/submit", {}, f"/attempts/{attempt_id}/")
    response = client.post_form("/quizzes/basic/start", token_from="/quizzes/basic/")
    assert response.headers["Location"].endswith("/quizzes/basic/")
    assert "You can start the next attempt at" in client.get("/quizzes/basic/").get_data(as_text=True)
    db.session.get(Attempt, attempt_id).submitted_at = now_utc() - timedelta(minutes=31)
    db.session.commit()
    second = start_attempt(client)
    post(client, f"/attempts/{second}/submit", {}, f"/attempts/{second}/")
    db.session.get(Attempt, second).submitted_at = now_utc() - timedelta(minutes=31)
    db.session.commit()
    client.post_form("/quizzes/basic/start", token_from="/quizzes/basic/")
    assert "You have used all 2 attempts" in client.get("/quizzes/basic/").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 2


def test_draw_per_topic_is_stored_and_stable(course, trainee):
    client, _user = trainee
    load_bank(draw={"one": 2}, shuffle_questions=True)
    attempt_id = start_attempt(client)
    rows = db.session.execute(sa.select(Question.topic, Question.key).join(AttemptAnswer)
                              .where(AttemptAnswer.attempt_id == attempt_id).order_by(AttemptAnswer.position)).all()
    assert sum(1 for topic, _key in rows if topic == "one") == 2
    assert sum(1 for topic, _key in rows if topic == "two") == 5
    first = client.get(f"/attempts/{attempt_id}/").get_data(as_text=True)
    order = re.findall(r'name="shown" value="([^"]+)"', first)
    assert order == [key for _topic, key in rows]
    assert re.findall(r'name="shown" value="([^"]+)"', client.get(f"/attempts/{attempt_id}/").get_data(as_text=True)) == order


def test_unique_index_allows_one_open_attempt(quiz, make, setup):
    cohort, _trainer = setup
    user = make.user("trainee", cohorts=[cohort])
    flow.start(user, quiz, "en")
    db.session.commit()
    db.session.add(Attempt(quiz_id=quiz.id, user_id=user.id, number=2, state="open"))
    try:
        db.session.flush()
        raise AssertionError("a second open attempt was accepted")
    except sa.exc.IntegrityError:
        db.session.rollback()


def test_a_trainee_not_enrolled_cannot_start(quiz, login_as):
    client, _user = login_as("trainee")
    response = client.post_form("/quizzes/basic/start", token_from="/quizzes/basic/")
    assert response.headers["Location"].endswith("/quizzes/basic/")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 0


def test_the_attempt_in_each_language(quiz, trainee):
    client, _user = trainee
    attempt_id = start_attempt(client)
    for lang, stem, option, label in (("az", "Tək?", "Düz", "Testi təqdim et"), ("ru", "Один?", "Верно", "Отправить тест"),
                                      ("en", "Single?", "Right", "Submit the quiz")):
        html = client.get(f"/attempts/{attempt_id}/?lang={lang}").get_data(as_text=True)
        assert stem in html and option in html and label in html
