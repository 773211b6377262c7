"""Read a content root (courses/, quizzes/) into plain objects and collect every problem.

`collect(root)` parses everything, then runs the cross-file checks in CHECKS. Another part
(the quiz engine) validates its own files by appending a function to CHECKS; it receives the
Content and can use `content.anchors()` ({course_id: {"<lesson-id>#<anchor>", ...}}) and
`content.problems.error(path, line, message)`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from training.content.courses import CourseFile, parse_course
from training.content.glossary import GlossaryEntry, TermEntry, parse_glossary, parse_terminology
from training.content.lessons import line_containing
from training.content.paths import PathFile, check_paths, parse_paths
from training.content.problems import Problems


@dataclass
class Content:
    root: Path
    problems: Problems
    courses: dict[str, CourseFile] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    terminology: list[TermEntry] = field(default_factory=list)
    paths: dict[str, PathFile] | None = None  # None: there is no courses/paths.yml

    @property
    def ok(self) -> bool:
        return not self.problems.errors

    def anchors(self) -> dict[str, set[str]]:
        """Every section a quiz or link may point at: {course_id: {"lesson-id#anchor", ...}}.

        A lesson id alone ("lesson-id") stands for the top of the lesson.
        """
        result: dict[str, set[str]] = {}
        for course in self.courses.values():
            targets = result.setdefault(course.id, set())
            for entry in course.lessons:
                targets.add(entry.slug)
                if entry.english is not None:
                    targets.update(f"{entry.slug}#{a}" for a in entry.english.anchors)
        return result


def collect(root: Path | str) -> Content:
    """Parse and check everything under `root`; `content.problems` holds what is wrong."""
    root = Path(root)
    content = Content(root=root, problems=Problems(root))
    courses_dir = root / "courses"
    if not courses_dir.is_dir():
        content.problems.error(courses_dir, 1, "there is no courses/ folder here")
        return content
    content.glossary = parse_glossary(courses_dir / "glossary.yml", content.problems)
    content.terminology = parse_terminology(courses_dir / "terminology.yml", content.problems)
    for folder in sorted(p for p in courses_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        course = parse_course(folder, root, content.problems)
        if course is not None:
            content.courses[course.id] = course
    content.paths = parse_paths(courses_dir / "paths.yml", content.problems)
    for check in CHECKS:
        check(content)
    return content


# ----- cross-file checks --------------------------------------------------------------------

def check_glossary_links(content: Content) -> None:
    for course in content.courses.values():
        for entry in course.lessons:
            for file in entry.files.values():
                for term_id, line in file.glossary_refs:
                    if term_id not in content.glossary:
                        content.problems.error(file.path, line,
                                               f"the glossary term '{term_id}' is not in courses/glossary.yml")


def check_local_links(content: Content) -> None:
    """Links to '#anchor' in the same lesson and to '/courses/<course>/<lesson>/#anchor'."""
    anchors = content.anchors()
    for course in content.courses.values():
        for entry in course.lessons:
            for file in entry.files.values():
                for target, line in file.links:
                    if target.startswith("#"):
                        ok = target[1:] in file.anchors
                    else:
                        parts = target.removeprefix("/courses/").split("/")
                        course_id = parts[0] if parts else ""
                        lesson = parts[1] if len(parts) > 1 else ""
                        anchor = target.split("#", 1)[1] if "#" in target else ""
                        wanted = f"{lesson}#{anchor}" if anchor else lesson
                        ok = course_id in anchors and (not lesson or wanted in anchors[course_id])
                    if not ok:
                        content.problems.error(file.path, line, f"the link target '{target}' does not exist")


def check_prerequisites(content: Content) -> None:
    for course in content.courses.values():
        for prerequisite in course.prerequisites:
            if prerequisite not in content.courses:
                content.problems.error(course.path, course.prerequisites_line,
                                       f"the prerequisite '{prerequisite}' is not a course")
    # A cycle would lock every course in it for ever.
    state: dict[str, int] = {}

    def visit(course_id: str, trail: list[str]) -> None:
        state[course_id] = 1
        for nxt in content.courses[course_id].prerequisites:
            if nxt not in content.courses:
                continue
            if state.get(nxt) == 1:
                course = content.courses[course_id]
                cycle = " -> ".join([*trail[trail.index(nxt):], nxt]) if nxt in trail else nxt
                content.problems.error(course.path, course.prerequisites_line,
                                       f"the prerequisites form a cycle: {cycle}")
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[course_id] = 2

    for course_id in content.courses:
        if course_id not in state:
            visit(course_id, [course_id])


def check_terminology(content: Content) -> None:
    """Warn where an az or ru lesson uses a form the terminology list says to avoid."""
    for course in content.courses.values():
        for entry in course.lessons:
            for lang, file in entry.files.items():
                body = file.body.casefold()
                for term in content.terminology:
                    for form in term.avoid.get(lang, []):
                        if form.casefold() in body:
                            line = line_containing(file, form)
                            content.problems.warn(file.path, line,
                                                  f"'{form}' should be '{term.forms.get(lang, '')}' "
                                                  "(courses/terminology.yml)")


from training.content.quizzes import check_quiz_banks  # noqa: E402 - the question banks, beside the courses

CHECKS: list[Callable[[Content], None]] = [
    check_glossary_links, check_local_links, check_prerequisites, check_terminology, check_quiz_banks,
    check_paths,
]
