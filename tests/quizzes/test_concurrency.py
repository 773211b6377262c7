"""Two submits at the same moment grade once; two starts at the same moment open one attempt."""
import threading

import sqlalchemy as sa

from flask import current_app

from tests.conftest import PASSWORD
from tests.quizzes.conftest import FULL, start_attempt
from training.extensions import db
from training.quizzes.models import Attempt


def clients_for(app, user, n=2):
    out = []
    for _ in range(n):
        client = app.test_client()
        assert client.login(user.email, PASSWORD).status_code == 302
        out.append(client)
    return out


def at_once(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    app = current_app._get_current_object()

    def run(i, call):
        with app.app_context():  # each thread is its own process, with its own connection
            barrier.wait()
            results[i] = call()
            db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_submits_grade_once(app, quiz, trainee):
    _client, user = trainee
    tabs = clients_for(app, user)
    attempt_id = start_attempt(tabs[0])
    tokens = [tab.csrf_token(f"/attempts/{attempt_id}/") for tab in tabs]
    other = {"q-s1": "b"}
    results = at_once([
        lambda: tabs[0].post(f"/attempts/{attempt_id}/submit", data={"csrf_token": tokens[0], **FULL}),
        lambda: tabs[1].post(f"/attempts/{attempt_id}/submit", data={"csrf_token": tokens[1], **other}),
    ])
    assert [r.status_code for r in results] == [302, 302]
    assert all(r.headers["Location"].endswith(f"/attempts/{attempt_id}/review") for r in results)
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.state == "graded"
    assert attempt.percent in (100.0, 0.0)  # one of the two, whole, never a mixture
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1
    pages = [tab.get(f"/attempts/{attempt_id}/review").get_data(as_text=True) for tab in tabs]
    assert all(f"Score: {attempt.percent:.0f}%" in page for page in pages)


def test_two_starts_open_one_attempt(app, quiz, trainee):
    _client, user = trainee
    tabs = clients_for(app, user, 3)
    tokens = [tab.csrf_token("/quizzes/basic/") for tab in tabs]
    results = at_once([lambda t=tab, k=token: t.post("/quizzes/basic/start", data={"csrf_token": k})
                       for tab, token in zip(tabs, tokens)])
    locations = {r.headers["Location"] for r in results}
    assert len(locations) == 1 and "/attempts/" in locations.pop()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1
