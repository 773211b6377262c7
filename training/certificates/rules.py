"""The rules of course.yml: what a trainee must have done to earn a course's certificate.

- every lesson of the course read;
- the closing quiz at or above the course's minimum score (else the quiz's pass mark), by the
  quiz's grading method;
- attendance at or above the course's minimum (else the platform's), when the course has held
  sessions for the trainee's cohorts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from training.attendance.rates import attendance_rate, threshold
from training.learning.models import Course
from training.learning.service import can_read, progress_by_course
from training.quizzes.grading import grade_for
from training.quizzes.service import get_quiz


@dataclass
class Condition:
    kind: str  # lessons | quiz | attendance
    met: bool
    value: float | None = None  # lessons read, grade %, attendance %
    required: float | None = None  # lessons in total, minimum score %, minimum attendance %
    detail: dict = field(default_factory=dict)


@dataclass
class Eligibility:
    enrolled: bool
    conditions: list[Condition]

    @property
    def earned(self) -> bool:
        return self.enrolled and all(c.met for c in self.conditions)

    def value(self, kind: str) -> float | None:
        return next((c.value for c in self.conditions if c.kind == kind), None)


def lessons_condition(user, course: Course, progress=None) -> Condition:
    progress = progress or progress_by_course(user, [course.id])[course.id]
    return Condition("lessons", progress.complete, progress.done, progress.total)


def quiz_condition(user, course: Course) -> Condition | None:
    if not course.quiz_id:
        return None
    quiz = get_quiz(course.quiz_id)
    if quiz is None:  # named in course.yml but not loaded: cannot be passed yet
        return Condition("quiz", False, None, course.min_quiz_score)
    minimum = course.min_quiz_score if course.min_quiz_score is not None else quiz.pass_mark
    grade, _passed = grade_for(user.id, quiz)
    return Condition("quiz", grade is not None and grade >= minimum, grade, minimum,
                     {"grading": quiz.grading, "quiz_id": quiz.id})


def attendance_condition(user, course: Course) -> Condition | None:
    rate, held, counted = attendance_rate(user.id, course.id)
    if held == 0:  # no sessions held for this course in the trainee's cohorts: not a condition
        return None
    minimum = float(course.min_attendance) if course.min_attendance is not None else threshold(course.id)
    return Condition("attendance", rate is not None and rate >= minimum, rate, minimum,
                     {"held": held, "counted": counted})


def eligibility(user, course: Course, enrolled: bool | None = None, progress=None) -> Eligibility:
    """The conditions for this trainee and course; a page that already knows whether the trainee is
    enrolled and their reading progress passes them in (fewer queries)."""
    conditions = [lessons_condition(user, course, progress)]
    for extra in (quiz_condition(user, course), attendance_condition(user, course)):
        if extra is not None:
            conditions.append(extra)
    enrolled = can_read(user, course) if enrolled is None else enrolled
    return Eligibility(user.role == "trainee" and enrolled, conditions)
