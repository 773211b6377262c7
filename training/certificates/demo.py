"""Demo certificates for `flask demo load`: a few trainees who completed the first course, one revoked.

Needs the curriculum (`flask content sync`) and the demo enrolment; does nothing without them, and
nothing for a trainee who already holds (or held) the certificate, so loading twice adds nothing.
"""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from training.accounts import service as accounts
from training.certificates import service
from training.learning import service as learning
from training.quizzes import attempts, grading
from training.quizzes.service import get_quiz

COURSE = "introduction"
GRADUATES = {"judge.sehla@npm.example": 92, "cadet.elvin@npm.example": 84, "judge.igor@npm.example": 78}
REVOKED = ("judge.igor@npm.example", "Demo: issued with a misspelt name, to show a revoked certificate.")


def load_demo_certificates() -> int:
    """Complete the course for the demo graduates (read, quiz graded) so the rules issue; returns how many."""
    course = learning.get_course(COURSE)
    quiz = get_quiz(course.quiz_id) if course and course.quiz_id else None
    if course is None or quiz is None:
        return 0
    issued = 0
    for email, percent in GRADUATES.items():
        user = accounts.user_by_email(email)
        if user is None or not learning.can_read(user, course) or service.latest_for(user.id, course.id):
            continue
        for lesson in learning.course_lessons(course):
            learning.mark_read(user, lesson)
        attempt = attempts.start(user, quiz, user.locale or "az")
        attempt = attempts.submit(user, attempt.id, MultiDict())
        grading.override(None, attempt, percent, "Demo data: the answers were marked on paper.")
        cert = service.current_for(user.id, course.id)
        if cert is None:
            continue
        issued += 1
        if email == REVOKED[0]:
            service.revoke(None, cert, REVOKED[1])
    return issued
