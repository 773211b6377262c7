"""Two issues of the same certificate at the same moment make one; two trainees at once get two serials."""
import sqlalchemy as sa

from tests.quizzes.test_concurrency import at_once
from training.accounts.models import User
from training.certificates import service
from training.certificates.models import Certificate
from training.extensions import db
from training.learning.models import Course, LessonProgress


def _warm_fonts():
    """Parse the font first: the test is about the lock, not about the first PDF of a process."""
    from training.certificates import pdf

    pdf.one_line()


def _issue(user_id):
    def call():
        user, course = db.session.get(User, user_id), db.session.get(Course, "custody")
        cert, created = service.issue(None, user, course)
        db.session.commit()
        return cert.code, created
    return call


def test_issuing_twice_at_once_makes_one_certificate(world):
    user = world.trainee()
    world.grade(user, 90)
    world.read_all(user, world.lessons[:2])
    db.session.add(LessonProgress(user_id=user.id, lesson_id=world.lessons[2].id))  # read, without the signal
    db.session.commit()
    _warm_fonts()
    calls = [_issue(user.id), _issue(user.id)]
    db.session.commit()  # reading user.id began a transaction: SQLite's write lock must be free
    results = at_once(calls)
    assert sorted(created for _code, created in results) == [False, True]
    assert results[0][0] == results[1][0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == 1


def test_two_trainees_at_once_get_different_serials_and_positions(world):
    users = [world.trainee(name=f"T{i}") for i in range(2)]
    for user in users:
        world.grade(user, 90)
        world.read_all(user, world.lessons[:2])
        db.session.add(LessonProgress(user_id=user.id, lesson_id=world.lessons[2].id))
    db.session.commit()
    _warm_fonts()
    calls = [_issue(users[0].id), _issue(users[1].id)]
    db.session.commit()
    at_once(calls)
    rows = db.session.execute(sa.select(Certificate.serial, Certificate.status_index)).all()
    assert len(rows) == 2 and len({r.serial for r in rows}) == 2 and len({r.status_index for r in rows}) == 2
