"""A course with lessons, a closing quiz and sessions; a cohort, its trainer and a trainee; helpers that
read, grade and mark the way the features below certificates do (sending their signals)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from training.attendance.models import AttendanceMark, ClassSession
from training.attendance.signals import marks_changed
from training.db import now_utc
from training.extensions import db
from training.learning import service as learning
from training.learning.models import CohortCourse, Course, Lesson
from training.quizzes.models import GRADED, Attempt, Quiz
from training.quizzes.signals import attempt_graded

NAME = "Şəhla Əliyeva İlqar qızı"
TITLE = {"en": "Safeguards in police custody", "az": "Polis saxlamasında təminatlar",
         "ru": "Гарантии при содержании в полиции"}


@pytest.fixture(autouse=True)
def signing_key(app, tmp_path):
    """Each test signs with a key of its own, in a temporary file."""
    app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "signing-key.pem")
    return tmp_path / "signing-key.pem"


@dataclass
class World:
    course: Course
    quiz: Quiz
    lessons: list[Lesson]
    cohort: object
    trainer: object
    make: object

    def trainee(self, name: str = NAME, cohort=None, **kwargs):
        cohort = cohort or self.cohort
        return self.make.user("trainee", name=name, organisation=cohort.organisation, cohorts=[cohort],
                              locale="en", **kwargs)

    def read_all(self, user, lessons=None) -> None:
        for lesson in lessons if lessons is not None else self.lessons:
            learning.mark_read(user, lesson)
        db.session.commit()

    def grade(self, user, *percents: float) -> None:
        """Graded attempts in this order, each announced as the quiz engine announces it."""
        base = now_utc() - timedelta(hours=len(percents))
        for number, percent in enumerate(percents, start=1):
            attempt = Attempt(quiz_id=self.quiz.id, user_id=user.id, number=number, state=GRADED,
                              quiz_version=1, started_at=base + timedelta(minutes=number),
                              submitted_at=base + timedelta(minutes=number, seconds=30), max_points=10,
                              points=percent / 10, percent=percent, computed_percent=percent,
                              passed=percent >= self.quiz.pass_mark)
            db.session.add(attempt)
            db.session.flush()
            attempt_graded.send(attempt)
        db.session.commit()

    def sessions(self, count: int, cohort=None) -> list[ClassSession]:
        start = now_utc() - timedelta(days=count + 1)
        rows = [ClassSession(cohort_id=(cohort or self.cohort).id, course_id=self.course.id, title_az="Dərs",
                             title_en="Class", title_ru="Занятие", starts_at=start + timedelta(days=i),
                             ends_at=start + timedelta(days=i, hours=2)) for i in range(count)]
        db.session.add_all(rows)
        db.session.commit()
        return rows

    def attend(self, user, sessions, present: int, status_rest: str = "absent") -> None:
        """Mark the user present at the first `present` sessions, the rest with status_rest."""
        for index, session in enumerate(sessions):
            db.session.add(AttendanceMark(session_id=session.id, trainee_id=user.id,
                                          status="present" if index < present else status_rest))
        db.session.flush()
        marks_changed.send(None, session_id=sessions[-1].id, trainee_ids=[user.id])
        db.session.commit()

    def complete(self, user, grade: float = 85.0, sessions=None, present: int | None = None) -> None:
        self.read_all(user)
        if sessions:
            self.attend(user, sessions, len(sessions) if present is None else present)
        self.grade(user, grade)


@pytest.fixture
def world(app, make) -> World:
    course = Course(id="custody", title=TITLE, summary={"en": "Custody safeguards."}, prerequisites=[],
                    content_hash="x", position=1, hours=8, quiz_id="custody-quiz", min_quiz_score=70,
                    min_attendance=80, version=3)
    db.session.add(course)
    lessons = [Lesson(course_id="custody", slug=f"lesson-{i}", position=i, content_hash="x") for i in (1, 2, 3)]
    db.session.add_all(lessons)
    quiz = Quiz(id="custody-quiz", course_id="custody", title={"en": "Custody quiz"}, topics=[], pass_mark=60,
                grading="highest", content_hash="x")
    db.session.add(quiz)
    db.session.commit()
    trainer = make.user("trainer", name="Rəşad Məmmədov")
    organisation = make.organisation(name="Academy of Justice")
    cohort = make.cohort(organisation=organisation, trainers=[trainer])
    db.session.add(CohortCourse(cohort_id=cohort.id, course_id=course.id))
    db.session.commit()
    return World(course, quiz, lessons, cohort, trainer, make)


@pytest.fixture
def issued(world):
    """(trainee, certificate): a trainee who completed the course and got the certificate automatically."""
    from training.certificates import service

    user = world.trainee()
    world.complete(user)
    cert = service.current_for(user.id, world.course.id)
    assert cert is not None
    return user, cert
