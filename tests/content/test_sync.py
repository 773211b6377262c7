"""`flask content sync`: one transaction, idempotent, versions and hashes, retirement, never half-applied."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.content.helpers import BROKEN, VALID, copy_root, sync_root
from training.content import sync as sync_module
from training.content.loader import collect
from training.extensions import db
from training.learning.models import Course, GlossaryTerm, Lesson, LessonProgress, LessonSection, LessonText


def _lessons():
    return {(lesson.course_id, lesson.slug): lesson for lesson in db.session.scalars(sa.select(Lesson))}


def test_first_sync_loads_courses_lessons_texts_and_glossary(app):
    result = sync_root(VALID)
    assert result.counts == {"courses": 2, "lessons": 3, "texts": 8, "glossary terms": 2}
    basics = db.session.get(Course, "basics")
    assert basics.title["az"] == "Qarşısının alınmasının əsasları"
    assert (basics.version, basics.hours, basics.min_quiz_score, basics.min_attendance) == (1, 2.0, 70, 80)
    assert db.session.get(Course, "advanced").prerequisites == ["basics"]
    lesson = _lessons()[("basics", "first-steps")]
    assert (lesson.position, lesson.minutes, lesson.version, lesson.retired) == (1, 10, 1, False)
    text = db.session.scalar(sa.select(LessonText).where(LessonText.lesson_id == lesson.id, LessonText.lang == "ru"))
    assert text.title == "Первые шаги в предупреждении"
    assert '<h2 id="why-visits">' in text.html and text.html_version == 1
    assert text.sources == ["OPCAT art. 1", "OPCAT art. 4(1)", "OPCAT art. 3", "OPCAT art. 18(2)"]
    assert [anchor for _level, anchor, _title in text.toc] == ["why-visits", "who-visits", "team"]
    assert db.session.get(GlossaryTerm, "custody").term["ru"] == "содержание под стражей"


def test_second_sync_changes_nothing(app, runner):
    first = runner.invoke(args=["content", "sync", "--root", str(VALID)])
    assert first.exit_code == 0, first.output
    assert "7 changed" in first.output  # 2 terms, 2 courses, 3 lessons
    before = [(c.id, c.version, c.content_hash) for c in db.session.scalars(sa.select(Course))]
    again = runner.invoke(args=["content", "sync", "--root", str(VALID)])
    assert again.exit_code == 0
    assert again.output.strip().endswith("0 changed.")
    db.session.expire_all()
    assert [(c.id, c.version, c.content_hash) for c in db.session.scalars(sa.select(Course))] == before


def test_a_changed_lesson_bumps_its_version_hash_and_html(app, tmp_path):
    root = copy_root(VALID, tmp_path / "root")
    sync_root(root)
    lesson = _lessons()[("basics", "second-steps")]
    old_hash = lesson.content_hash
    path = root / "courses" / "basics" / "02-second-steps.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("discuss them", "talk them through"), encoding="utf-8")
    result = sync_root(root)
    assert sorted(result.changed) == ["course basics v2", "lesson basics/second-steps v2"]
    db.session.expire_all()
    lesson = _lessons()[("basics", "second-steps")]
    assert lesson.version == 2 and lesson.content_hash != old_hash
    assert _lessons()[("basics", "first-steps")].version == 1
    text = db.session.scalar(sa.select(LessonText).where(LessonText.lesson_id == lesson.id, LessonText.lang == "en"))
    assert "talk them through" in text.html and text.html_version == 2
    sections = db.session.scalars(sa.select(LessonSection.body).where(LessonSection.text_id == text.id)).all()
    assert any("talk them through" in body for body in sections)


def test_a_removed_lesson_is_retired_not_deleted_and_progress_survives(app, make, tmp_path):
    root = copy_root(VALID, tmp_path / "root")
    sync_root(root)
    trainee = make.user("trainee")
    lesson = _lessons()[("basics", "second-steps")]
    db.session.add(LessonProgress(user_id=trainee.id, lesson_id=lesson.id))
    db.session.commit()
    course_yml = root / "courses" / "basics" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("  - 02-second-steps\n", ""),
                          encoding="utf-8")
    for lang in ("en", "az", "ru"):
        (root / "courses" / "basics" / f"02-second-steps.{lang}.md").unlink()
    result = sync_root(root)
    assert "lesson basics/second-steps retired" in result.changed
    db.session.expire_all()
    retired = _lessons()[("basics", "second-steps")]
    assert retired.retired is True
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonText).where(
        LessonText.lesson_id == retired.id)) == 3
    # Putting it back brings the same lesson row back, with a new version.
    copy_root(VALID, tmp_path / "again")
    back = sync_root(tmp_path / "again")
    assert "lesson basics/second-steps v2" in back.changed
    db.session.expire_all()
    assert _lessons()[("basics", "second-steps")].id == retired.id
    assert _lessons()[("basics", "second-steps")].retired is False


def test_removed_course_and_glossary_term_are_retired(app, tmp_path):
    root = copy_root(VALID, tmp_path / "root")
    sync_root(root)
    import shutil

    shutil.rmtree(root / "courses" / "advanced")
    glossary = root / "courses" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text[: text.index("  - id: visit")], encoding="utf-8")
    (root / "courses" / "basics" / "01-first-steps.en.md").write_text(
        (root / "courses" / "basics" / "01-first-steps.en.md").read_text(encoding="utf-8")
        .replace("[[visit|preventive visit]]", "preventive visit"), encoding="utf-8")
    for lang in ("az", "ru"):
        path = root / "courses" / "basics" / f"01-first-steps.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("[[visit]]", "visit"), encoding="utf-8")
    result = sync_root(root)
    assert {"course advanced retired", "glossary term visit retired"} <= set(result.changed)
    db.session.expire_all()
    assert db.session.get(Course, "advanced").retired is True
    assert db.session.get(GlossaryTerm, "visit").retired is True


def test_sync_refuses_broken_content_and_loads_nothing(app, runner):
    result = runner.invoke(args=["content", "sync", "--root", str(BROKEN)])
    assert result.exit_code == 1
    assert "courses/bad-lessons/04-empty.en.md:4: the lesson body is empty" in result.output
    assert "Nothing was loaded" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GlossaryTerm)) == 0


def test_a_failure_half_way_leaves_the_database_as_it_was(app, runner, monkeypatch, tmp_path):
    root = copy_root(VALID, tmp_path / "root")
    sync_root(root)
    for name in ("01-first-steps.en.md", "02-second-steps.en.md"):
        path = root / "courses" / "basics" / name
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line [@OPCAT art. 2].\n", encoding="utf-8")
    calls = {"n": 0}
    real = sync_module.render_lesson

    def failing_render(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:  # after the first lesson and its texts were written
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_module, "render_lesson", failing_render)
    result = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert result.exit_code != 0
    db.session.rollback()
    assert {lesson.slug: lesson.version for lesson in db.session.scalars(sa.select(Lesson))} == {
        "first-steps": 1, "second-steps": 1, "deeper": 1}
    assert db.session.get(Course, "basics").version == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonSection).where(
        LessonSection.body.contains("One more line"))) == 0


def test_sync_refuses_content_with_errors_when_called_directly(app):
    with pytest.raises(ValueError):
        sync_module.sync(collect(BROKEN))
