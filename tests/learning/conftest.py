"""Content from tests/content/fixtures/valid loaded into the database, and enrolled trainees."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.content.helpers import VALID, sync_root
from training.extensions import db
from training.learning import enrolment
from training.learning.models import Course, Lesson


@pytest.fixture
def courses(app):
    """{course id: Course} after syncing the valid fixture (basics, then advanced which requires it)."""
    sync_root(VALID)
    return {c.id: c for c in db.session.scalars(sa.select(Course))}


@pytest.fixture
def lessons(courses):
    """{"course/slug": Lesson}"""
    return {f"{lesson.course_id}/{lesson.slug}": lesson for lesson in db.session.scalars(sa.select(Lesson))}


@pytest.fixture
def enrol():
    """enrol(cohort, *course_ids): assign courses to a cohort and commit."""
    def _enrol(cohort, *course_ids):
        for course_id in course_ids:
            enrolment.assign_course(None, cohort, enrolment.course_by_id(course_id))
        db.session.commit()
    return _enrol


@pytest.fixture
def trainee_in(make, enrol, login_as):
    """trainee_in(*course_ids, locale=None) -> (client, user, cohort): a signed-in trainee enrolled in them."""
    def _make(*course_ids, locale=None):
        cohort = make.cohort()
        enrol(cohort, *course_ids)
        client, user = login_as("trainee", organisation=cohort.organisation, cohorts=[cohort], locale=locale)
        return client, user, cohort
    return _make
