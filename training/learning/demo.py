"""Demo enrolment and reading progress for `flask demo load` (needs `flask content sync` first)."""
from __future__ import annotations

from training.accounts import service as accounts
from training.exceptions import ServiceError
from training.learning import enrolment, paths, service

DEMO_COHORTS = ("pa-2026-autumn", "ja-2026-judges")
DEMO_READERS = {"cadet.elvin@npm.example": 2, "judge.sehla@npm.example": 1}  # lessons read
DEMO_PATHS = {"pa-2026-autumn": "police-cadets", "ja-2026-judges": "judge-candidates"}


def load_demo_learning() -> None:
    """Enrol the demo cohorts in every loaded course; a few lessons read. Nothing when no course exists."""
    courses = service.active_courses()
    if not courses:
        return
    for slug in DEMO_COHORTS:
        try:
            cohort = accounts.cohort_by_slug(slug)
        except ServiceError:
            continue
        for course in courses:
            enrolment.assign_course(None, cohort, course)
        _assign_demo_path(cohort)
    first = next((c for c in courses if not c.prerequisites), None)
    if first is None:
        return
    lessons = service.course_lessons(first)
    for email, count in DEMO_READERS.items():
        user = accounts.user_by_email(email)
        if user is None:
            continue
        for lesson in lessons[:count]:
            service.mark_read(user, lesson)


def _assign_demo_path(cohort) -> None:
    """The cohort's learning path (the courses of it that are loaded); nothing when paths are not loaded."""
    try:
        paths.assign_path(None, cohort, paths.path_by_id(DEMO_PATHS[cohort.slug]))
    except ServiceError:
        return
