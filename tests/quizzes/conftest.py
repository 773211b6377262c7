"""A course and the test bank loaded into the database, and a trainee enrolled in it."""
from __future__ import annotations

from pathlib import Path

import pytest

from training.extensions import db
from training.learning.models import CohortCourse, Course
from training.quizzes.bank import content_hash, read_bank
from training.quizzes.sync import apply_bank

BANKS = Path(__file__).parent / "banks"

# Answers that earn full marks on every question of banks/basic.yml.
FULL = {"q-s1": "a", "q-m1": ["a", "b"], "q-t1": "true", "q-x1-l1": "r1", "q-x1-l2": "r2", "q-o1": "i1,i2,i3",
        "q-k1": "istanbul", "q-n1": "22,2", "q-c1-a": "yes", "q-c1-b": "false"}


def load_bank(name: str = "basic", **settings):
    bank, problems = read_bank(BANKS / f"{name}.yml")
    assert bank, [str(p) for p in problems]
    bank.settings.update(settings)
    bank.content_hash = content_hash([bank.content_hash, sorted(settings.items())])
    quiz = apply_bank(bank)
    db.session.commit()
    return quiz


@pytest.fixture
def course(app):
    course = Course(id="qcourse", title={"en": "Q course"}, summary={"en": "S"}, prerequisites=[],
                    content_hash="x", position=1, hours=1)
    db.session.add(course)
    db.session.commit()
    return course


@pytest.fixture
def quiz(course):
    return load_bank()


@pytest.fixture
def setup(make, course):
    """(cohort, trainer): a cohort that takes the course, taught by a trainer."""
    trainer = make.user("trainer")
    cohort = make.cohort(trainers=[trainer])
    db.session.add(CohortCourse(cohort_id=cohort.id, course_id=course.id))
    db.session.commit()
    return cohort, trainer


@pytest.fixture
def trainee(login_as, setup):
    """(client, user): a signed-in trainee in the cohort."""
    cohort, _trainer = setup
    return login_as("trainee", cohorts=[cohort], locale="en")


def start_attempt(client, quiz_id: str = "basic") -> int:
    response = client.post_form(f"/quizzes/{quiz_id}/start", token_from=f"/quizzes/{quiz_id}/")
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert "/attempts/" in location, location
    return int(location.rstrip("/").split("/")[-1])
