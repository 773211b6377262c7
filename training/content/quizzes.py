"""The question banks (quizzes/<quiz>.yml) as part of `flask content check` and `flask content sync`."""
from __future__ import annotations

from training.quizzes.sync import SyncReport, check_banks, sync_banks


def _anchors(content) -> set[str]:
    """{"course/lesson#anchor"} from the loader's {course: {"lesson#anchor", ...}}."""
    return {f"{course}/{target}" for course, targets in content.anchors().items() for target in targets}


def check_quiz_banks(content) -> None:
    """Check every bank against the courses and lesson anchors just parsed."""
    _banks, problems = check_banks(content.root, anchors=_anchors(content), courses=set(content.courses))
    for problem in problems:
        report = content.problems.warn if problem.warning else content.problems.error
        report(content.root / problem.path, problem.line, problem.message)


def sync_quiz_banks(content, result) -> SyncReport:
    """Load every bank (after the courses, in the same transaction); the check has already passed."""
    report = sync_banks(content.root, anchors=_anchors(content), courses=set(content.courses))
    result.changed.extend(report.lines())
    return report
