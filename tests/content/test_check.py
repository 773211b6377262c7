"""`flask content check`: every kind of broken file is reported as path:line: message."""
from __future__ import annotations

import hashlib

import pytest

from tests.content.helpers import BROKEN, HOSTILE, VALID, copy_root
from training.content import loader
from training.content.loader import collect

# One line per kind of problem in tests/content/fixtures/broken (path:line: message).
EXPECTED_ERRORS = [
    "courses/bad-yaml/course.yml:3: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)",
    "courses/no-course-file/course.yml:1: the course folder has no course.yml",
    "courses/wrong-id/course.yml:1: 'id' is 'other-name' but the folder is 'wrong-id'",
    "courses/wrong-id/course.yml:1: 'summary' is required: a text in each of en, az and ru",
    "courses/wrong-id/course.yml:2: 'order' must be a whole number",
    "courses/wrong-id/course.yml:3: 'hours' must be a number of at least 0.1",
    "courses/wrong-id/course.yml:4: 'title' has an unknown language 'fr'",
    "courses/wrong-id/course.yml:5: the prerequisite 'no-such-course' is not a course",
    "courses/wrong-id/course.yml:7: 'min_quiz_score' must be a whole number from 0 to 100",
    "courses/wrong-id/course.yml:10: lesson entry 'intro' must look like 01-lesson-id",
    "courses/wrong-id/course.yml:11: the lesson file 03-absent.en.md does not exist",
    "courses/bad-lessons/01-no-front.en.md:1: the file must start with front matter between '---' lines",
    "courses/bad-lessons/02-bad-front.en.md:2: 'minutes' is required (a whole number of minutes, 1-600)",
    "courses/bad-lessons/02-bad-front.en.md:2: 'title' is required (a non-empty text)",
    "courses/bad-lessons/03-anchors.en.md:5: an empty citation '[@]': name the instrument and article",
    "courses/bad-lessons/03-anchors.en.md:5: the glossary term 'unknown-term' is not in courses/glossary.yml",
    "courses/bad-lessons/03-anchors.en.md:7: a '##' or '###' heading must end with an anchor {#anchor-id}",
    "courses/bad-lessons/03-anchors.en.md:11: the anchor 'good' is used twice in this lesson (first on line 9)",
    "courses/bad-lessons/03-anchors.en.md:13: invalid anchor 'Bad_Anchor': use lower-case letters, digits and hyphens",
    "courses/bad-lessons/03-anchors.en.md:15: a citation '[@...' is not closed with ']' on the same line",
    "courses/bad-lessons/03-anchors.en.md:16: malformed glossary link '[[Bad Term]]': "
    "use [[term-id]] or [[term-id|shown text]]",
    "courses/bad-lessons/03-anchors.en.md:16: the link target '#nowhere' does not exist",
    "courses/bad-lessons/03-anchors.en.md:16: the link target '/courses/none/x/' does not exist",
    "courses/bad-lessons/03-anchors.az.md:4: 'source_hash' must be 16 lower-case hex characters",
    "courses/bad-lessons/03-anchors.az.md:10: the anchor 'extra' is not in the English file",
    "courses/bad-lessons/04-empty.en.md:4: the lesson body is empty",
    "courses/glossary.yml:5: 'definition' has no Azerbaijani (az) text",
    "courses/glossary.yml:6: the term id 'custody' is used twice (also on line 2)",
    "courses/glossary.yml:10: 'id' is required: lower-case letters, digits and hyphens",
]


def test_every_broken_file_is_reported_with_its_path_and_line():
    content = collect(BROKEN)
    errors = [str(p) for p in content.problems.sorted() if not p.warning]
    assert sorted(errors) == sorted(EXPECTED_ERRORS)


def test_warnings_name_missing_translations_unknown_keys_and_avoided_terms():
    warnings = [str(p) for p in collect(BROKEN).problems.warnings]
    assert "courses/bad-lessons/02-bad-front.en.md:3: warning: unknown front matter key 'colour'" in warnings
    assert ("courses/bad-lessons/course.yml:9: warning: no Russian translation: 03-anchors.ru.md is missing"
            in warnings)
    assert ("courses/bad-lessons/03-anchors.az.md:12: warning: 'milli qarşısıalma mexanizmi' should be "
            "'milli preventiv mexanizm' (courses/terminology.yml)") in warnings


def test_the_valid_fixture_and_the_sample_course_have_no_errors():
    assert collect(VALID).problems.errors == []
    assert collect(HOSTILE).problems.errors == []


def test_check_command_prints_problems_and_exits_1(runner):
    result = runner.invoke(args=["content", "check", "--root", str(BROKEN)])
    assert result.exit_code == 1
    assert "courses/bad-lessons/03-anchors.en.md:7: a '##' or '###' heading must end with an anchor" in result.output
    assert "29 errors" in result.output


def test_check_command_passes_valid_content_and_strict_fails_on_warnings(runner):
    result = runner.invoke(args=["content", "check", "--root", str(VALID)])
    assert result.exit_code == 0, result.output
    assert "2 courses, 3 lessons, 2 glossary terms: 0 errors, 1 warnings" in result.output
    strict = runner.invoke(args=["content", "check", "--root", str(VALID), "--strict"])
    assert strict.exit_code == 1
    assert "no Russian translation: 01-deeper.ru.md is missing" in strict.output


def test_a_missing_root_is_an_error(runner, tmp_path):
    result = runner.invoke(args=["content", "check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "courses:1: there is no courses/ folder here" in result.output


def test_a_prerequisite_cycle_is_refused(tmp_path):
    root = copy_root(VALID, tmp_path / "root")
    basics = root / "courses" / "basics" / "course.yml"
    basics.write_text(basics.read_text(encoding="utf-8").replace("order: 1\n", "order: 1\nprerequisites: [advanced]\n"),
                      encoding="utf-8")
    errors = [str(p) for p in collect(root).problems.errors]
    assert any("the prerequisites form a cycle" in e for e in errors), errors


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    root = copy_root(VALID, tmp_path / "root")
    (root / "courses" / "basics" / "02-second-steps.en.md").write_bytes(b"---\ntitle: x\n\xff\xfe\n---\n")
    assert "courses/basics/02-second-steps.en.md:3: the file is not valid UTF-8" in [
        str(p) for p in collect(root).problems.errors]


def test_translations_command_lists_hashes_and_states(runner):
    result = runner.invoke(args=["content", "translations", "--root", str(VALID)])
    assert result.exit_code == 0
    english = (VALID / "courses" / "advanced" / "01-deeper.en.md").read_bytes()
    digest = hashlib.sha256(english).hexdigest()[:16]
    assert f"advanced/01-deeper\t{digest}\taz: stale\tru: missing" in result.output
    assert "basics/01-first-steps\t" in result.output and "az: complete\tru: complete" in result.output


def test_anchors_are_reported_per_course_for_question_banks():
    anchors = collect(VALID).anchors()
    assert anchors["basics"] == {"first-steps", "first-steps#why-visits", "first-steps#who-visits",
                                 "first-steps#team", "second-steps", "second-steps#dialogue"}
    assert anchors["advanced"] == {"deeper", "deeper#private-interviews"}


def test_another_part_can_add_its_own_check(monkeypatch):
    """The quiz engine validates quizzes/*.yml by appending to CHECKS; its problems join the report."""
    def quiz_check(content):
        if "basics#nowhere" not in content.anchors()["basics"]:
            content.problems.error(content.root / "quizzes" / "basics.yml", 7, "unknown anchor basics#nowhere")

    monkeypatch.setattr(loader, "CHECKS", [*loader.CHECKS, quiz_check])
    content = collect(VALID)
    assert [str(p) for p in content.problems.errors] == ["quizzes/basics.yml:7: unknown anchor basics#nowhere"]


@pytest.mark.parametrize("course", ["introduction"])
def test_the_sample_course_in_the_repository_is_valid(course):
    from training.config import ROOT

    content = collect(ROOT)
    problems = [str(p) for p in content.problems.items if p.path.startswith(f"courses/{course}/")]
    assert problems == []
    assert [e.slug for e in content.courses[course].lessons] == [
        "what-torture-is", "prevention-by-visits", "npm-in-azerbaijan"]
    for entry in content.courses[course].lessons:
        assert set(entry.files) == {"en", "az", "ru"}
        english = entry.files["en"]
        for lang in ("az", "ru"):
            assert entry.files[lang].source_hash == english.hash, f"{entry.entry}.{lang} is stale"
