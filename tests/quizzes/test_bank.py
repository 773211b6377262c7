"""Bank validation with path:line messages, the `flask content` hook, idempotent and versioned sync."""
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.quizzes.conftest import BANKS
from training.extensions import db
from training.quizzes.bank import read_bank
from training.quizzes.models import Question, Quiz
from training.quizzes.sync import BankErrors, check_banks, sync_banks

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path, text, name="bad"):
    folder = tmp_path / "quizzes"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path, text, **kwargs):
    _banks, problems = check_banks(tmp_path, **kwargs)
    return [str(p) for p in problems if not p.warning]


def test_the_test_bank_and_the_sample_bank_are_valid():
    bank, problems = read_bank(BANKS / "basic.yml")
    assert bank and not [p for p in problems if not p.warning]
    sample, problems = read_bank(REPO / "quizzes" / "introduction.yml")
    assert sample, [str(p) for p in problems]
    assert len(sample.questions) >= 12
    assert {q["type"] for q in sample.questions} == {"single", "multiple", "truefalse", "matching", "ordering",
                                                     "short", "numeric", "case_study"}
    assert not problems, [str(p) for p in problems]  # complete in en, az and ru


def test_errors_name_the_file_and_line(tmp_path):
    text = (BANKS / "basic.yml").read_text(encoding="utf-8")
    text = text.replace("id: basic", "id: bad", 1)
    text = text.replace("      - {id: a, text: {en: \"Right\", az: \"Düz\", ru: \"Верно\"}, correct: true}",
                        "      - {id: a, text: {en: \"Right\", az: \"Düz\", ru: \"Верно\"}}")
    text = text.replace("    answer: 22\n", "    answer: twenty-two\n")
    text = text.replace("    type: ordering", "    type: sorting")
    text = text.replace("    lesson: \"intro#aim\"\n    answers:", "    lesson: \"intro aim\"\n    answers:")
    text = text.replace("    answer: true\n", "    answer: true\n    corect: true\n", 1)
    write(tmp_path, text)
    found = problems_of(tmp_path, text)
    lines = text.splitlines()

    def line_of(needle, start=0):
        return next(i for i, line in enumerate(lines, 1) if i > start and needle in line)

    assert f"quizzes/bad.yml:{line_of('    options:')}: question `s1`: a single-choice question needs exactly one correct option" in found
    assert f"quizzes/bad.yml:{line_of('answer: twenty-two')}: question `n1`: `answer` must be a number" in found
    assert any(p.startswith(f"quizzes/bad.yml:{line_of('type: sorting')}: question `o1`: `type` must be one of") for p in found)
    assert f"quizzes/bad.yml:{line_of('intro aim')}: question `k1`: `lesson` must be `lesson-id#anchor`" in found
    assert f"quizzes/bad.yml:{line_of('corect')}: question `t1`: unknown key `corect`" in found


@pytest.mark.parametrize("change, message", [
    (("id: bad", "id: other"), "`id` is `other` but the file is named `bad.yml`"),
    (("  - id: m1", "  - id: s1"), "question `s1`: the id is already used on line"),
    (("  pass_mark: 60", "  pass_mark: 160"), "settings: `pass_mark` must be a whole number (0-100)"),
    (("  review: feedback", "  review: feedback\n  draw: {one: 5}"), "settings: `draw.one` is 5 but the topic has 3 questions"),
    (("        answer: false", "        answer: no way"), "question `c1-b`: `answer` must be true or false"),
    (("    topic: two\n    type: numeric", "    topic: three\n    type: numeric"), "question `n1`: `topic` must be one of"),
    (("title: {en: \"Basic quiz\"", "title: {fr: \"Basic quiz\""), "bank: `title` has an unknown language `fr`"),
    (("settings:", "settings:\nsettings:"), "not valid YAML"),
])
def test_each_error_is_reported(tmp_path, change, message):
    text = (BANKS / "basic.yml").read_text(encoding="utf-8").replace("id: basic", "id: bad", 1)
    assert change[0] in text
    write(tmp_path, text.replace(change[0], change[1], 1))
    found = problems_of(tmp_path, text)
    assert any(message in p and p.startswith("quizzes/bad.yml:") for p in found), found


def test_anchors_and_courses_are_checked(tmp_path):
    shutil.copy(BANKS / "basic.yml", write(tmp_path, "", "basic"))
    found = problems_of(tmp_path, "", anchors={"qcourse/intro#other"}, courses={"elsewhere"})
    assert any(":2: `course`: there is no course `qcourse`" in p for p in found)
    assert any("`lesson`: there is no section `intro#aim` in course `qcourse`" in p for p in found)
    assert not problems_of(tmp_path, "", anchors={"qcourse/intro#aim"}, courses={"qcourse"})


def test_missing_translation_is_a_warning(tmp_path):
    text = (BANKS / "basic.yml").read_text(encoding="utf-8").replace(
        'title: {en: "Basic quiz", az: "Əsas test", ru: "Базовый тест"}', 'title: {en: "Basic quiz"}')
    write(tmp_path, text, "basic")
    _banks, problems = check_banks(tmp_path)
    assert [str(p) for p in problems] == ["quizzes/basic.yml:3: warning: bank: `title` has no az, ru translation"]


def test_sync_is_idempotent_versioned_and_never_half_applied(app, course, tmp_path):
    path = write(tmp_path, (BANKS / "basic.yml").read_text(encoding="utf-8"), "basic")
    report = sync_banks(tmp_path)
    db.session.commit()
    assert report.quizzes_added == ["basic"] and report.questions_added == 8
    assert not sync_banks(tmp_path).changed  # unchanged files: nothing happens
    quiz = db.session.get(Quiz, "basic")
    assert quiz.version == 1

    text = path.read_text(encoding="utf-8").replace("    answer: 22\n", "    answer: 23\n")
    text = text.replace("  - id: t1\n", "  - id: t1-gone\n")
    path.write_text(text, encoding="utf-8")
    report = sync_banks(tmp_path)
    db.session.commit()
    assert report.quizzes_updated == ["basic"]
    assert (report.questions_added, report.questions_updated, report.questions_retired) == (1, 1, 1)
    n1 = db.session.scalar(sa.select(Question).where(Question.key == "n1"))
    assert (n1.version, n1.body["answer"]) == (2, 23)
    assert db.session.scalar(sa.select(Question.retired).where(Question.key == "t1")) is True

    # A second bank with an error: nothing at all is loaded, not even the valid change.
    path.write_text(text.replace("    answer: 23\n", "    answer: 24\n"), encoding="utf-8")
    write(tmp_path, "id: broken\n", "broken")
    with pytest.raises(BankErrors) as error:
        sync_banks(tmp_path)
    db.session.rollback()
    assert "quizzes/broken.yml:1:" in str(error.value)
    assert db.session.scalar(sa.select(Question.body).where(Question.key == "n1"))["answer"] == 23


def test_content_check_and_sync_include_the_banks(app, runner):
    result = runner.invoke(args=["content", "check"])
    assert "quizzes/introduction.yml" not in result.output, result.output
    result = runner.invoke(args=["content", "sync"])
    if result.exit_code == 0:  # the whole repository's curriculum is valid right now
        assert db.session.get(Quiz, "introduction") is not None
        assert "quiz added: introduction" in result.output


def test_content_check_reports_a_bad_bank(app, runner, tmp_path):
    shutil.copytree(REPO / "courses", tmp_path / "courses")
    (tmp_path / "quizzes").mkdir()
    text = (REPO / "quizzes" / "introduction.yml").read_text(encoding="utf-8")
    bad = text.replace('lesson: "npm-in-azerbaijan#reprisals"', 'lesson: "npm-in-azerbaijan#nowhere"')
    (tmp_path / "quizzes" / "introduction.yml").write_text(bad, encoding="utf-8")
    line = next(i for i, l in enumerate(bad.splitlines(), 1) if "#nowhere" in l)
    result = runner.invoke(args=["content", "check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert f"quizzes/introduction.yml:{line}: question `case-reprisal`: `lesson`: there is no section" in result.output
    result = runner.invoke(args=["content", "sync", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert db.session.get(Quiz, "introduction") is None
