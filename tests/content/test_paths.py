"""courses/paths.yml: problems reported as path:line: message; sync is one transaction, idempotent, versioned,
and retires what went."""
from __future__ import annotations

import sqlalchemy as sa

from tests.content.helpers import VALID, sync_root
from tests.content.path_fixtures import PATHS_YML, paths_root
from training.content import sync as sync_module
from training.content.loader import collect
from training.extensions import db
from training.learning.path_models import CohortPath, LearningPath, PathCourse

TEXTS = ('    title: {en: "T", az: "T", ru: "T"}\n'
         '    audience: {en: "A", az: "A", ru: "A"}\n'
         '    summary: {en: "S", az: "S", ru: "S"}\n')

BROKEN_PATHS = (
    "paths:\n"                                     # 1
    "  - id: Bad_Id\n"                             # 2
    '    title: {en: "x", az: "x", ru: "x"}\n'     # 3
    "  - id: dup\n"                                # 4
    '    title: {en: "T", az: "T", ru: "T"}\n'     # 5
    '    audience: {en: "A", az: "A"}\n'           # 6
    '    summary: {en: "S", az: "S", ru: "S"}\n'   # 7
    "    courses:\n"                               # 8
    "      - basics\n"                             # 9
    "      - nowhere\n"                            # 10
    "      - basics\n"                             # 11
    "    colour: red\n"                            # 12
    "  - id: dup\n"                                # 13
    "  - id: backwards\n"                          # 14
    + TEXTS +                                      # 15-17
    "    courses: [advanced, basics]\n"            # 18
    "  - id: missing-prerequisite\n"               # 19
    + TEXTS +                                      # 20-22
    "    courses: [advanced]\n"                    # 23
    "  - id: no-courses\n"                         # 24
    + TEXTS                                        # 25-27
)


def _problems(root):
    return [str(p) for p in collect(root).problems.sorted() if p.path == "courses/paths.yml"]


def test_the_fixture_paths_are_valid_and_keep_their_order(tmp_path):
    content = collect(paths_root(tmp_path / "root"))
    assert [p for p in content.problems.items if p.path == "courses/paths.yml"] == []
    assert content.ok
    assert [(p.id, p.courses) for p in content.paths.values()] == [
        ("monitors", ["basics", "advanced"]), ("starters", ["basics"])]
    assert content.paths["monitors"].title["az"] == "Monitorinq yolu"


def test_every_problem_is_reported_with_its_line(tmp_path):
    root = paths_root(tmp_path / "root", BROKEN_PATHS)
    assert _problems(root) == [
        "courses/paths.yml:2: 'id' is required: lower-case letters, digits and hyphens",
        "courses/paths.yml:6: 'audience' has no Russian (ru) text",
        "courses/paths.yml:10: the course 'nowhere' of the path 'dup' is not a course "
        "(no courses/<id>/course.yml)",
        "courses/paths.yml:11: the course 'basics' is listed twice (also on line 9)",
        "courses/paths.yml:12: warning: unknown key 'colour'",
        "courses/paths.yml:13: the path id 'dup' is used twice (also on line 4)",
        "courses/paths.yml:18: warning: the course 'advanced' requires 'basics', "
        "which comes later in the path",
        "courses/paths.yml:23: the course 'advanced' requires 'basics', which is not in the path "
        "'missing-prerequisite'",
        "courses/paths.yml:24: 'courses' is required: the course ids in order",
    ]


def test_invalid_yaml_and_a_wrong_shape_are_errors(tmp_path):
    root = paths_root(tmp_path / "a", "paths:\n  - id: x\n    title: {en: \"open\n")
    assert _problems(root)[0].startswith("courses/paths.yml:3: invalid YAML")
    root = paths_root(tmp_path / "b", "paths: police-cadets\n")
    assert _problems(root) == ["courses/paths.yml:1: the file must hold a list under 'paths:'"]


def test_check_command_fails_on_an_unknown_course(app, runner, tmp_path):
    root = paths_root(tmp_path / "root", PATHS_YML.replace("- advanced", "- detention-conditions"))
    result = runner.invoke(args=["content", "check", "--root", str(root)])
    assert result.exit_code == 1
    assert "courses/paths.yml:9: the course 'detention-conditions' of the path 'monitors' is not a course" \
        in result.output
    result = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert result.exit_code == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LearningPath)) == 0


def _path_courses():
    rows = db.session.execute(sa.select(PathCourse.path_id, PathCourse.course_id).order_by(
        PathCourse.path_id, PathCourse.position))
    result: dict[str, list[str]] = {}
    for path_id, course_id in rows:
        result.setdefault(path_id, []).append(course_id)
    return result


def test_sync_loads_the_paths_then_changes_nothing(app, runner, tmp_path):
    root = paths_root(tmp_path / "root")
    first = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert first.exit_code == 0, first.output
    assert "path monitors v1" in first.output and "path starters v1" in first.output
    assert "2 paths" in first.output
    path = db.session.get(LearningPath, "monitors")
    assert (path.version, path.position, path.retired) == (1, 1, False)
    assert path.audience["ru"] == "Будущие наблюдатели"
    assert _path_courses() == {"monitors": ["basics", "advanced"], "starters": ["basics"]}
    again = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert again.exit_code == 0
    assert again.output.strip().endswith("0 changed.")
    db.session.expire_all()
    assert db.session.get(LearningPath, "monitors").version == 1


def test_a_changed_path_gets_a_new_version_and_its_new_courses(app, tmp_path):
    root = paths_root(tmp_path / "root")
    sync_root(root)
    (root / "courses" / "paths.yml").write_text(
        PATHS_YML.replace("courses: [basics]", "courses: [basics, advanced]"), encoding="utf-8")
    result = sync_root(root)
    assert result.changed == ["path starters v2"]
    db.session.expire_all()
    assert db.session.get(LearningPath, "starters").version == 2
    assert db.session.get(LearningPath, "monitors").version == 1
    assert _path_courses()["starters"] == ["basics", "advanced"]


def test_a_removed_path_is_retired_not_deleted_and_cohorts_keep_it(app, make, tmp_path):
    root = paths_root(tmp_path / "root")
    sync_root(root)
    cohort = make.cohort()
    db.session.add(CohortPath(cohort_id=cohort.id, path_id="starters"))
    db.session.commit()
    text = PATHS_YML[:PATHS_YML.index("  - id: starters")]
    (root / "courses" / "paths.yml").write_text(text, encoding="utf-8")
    assert "path starters retired" in sync_root(root).changed
    db.session.expire_all()
    assert db.session.get(LearningPath, "starters").retired is True
    assert db.session.get(CohortPath, (cohort.id, "starters")) is not None
    (root / "courses" / "paths.yml").write_text(PATHS_YML, encoding="utf-8")
    assert sync_root(root).changed == ["path starters v2"]
    assert db.session.get(LearningPath, "starters").retired is False


def test_a_root_without_paths_yml_loads_no_path(app):
    result = sync_root(VALID)
    assert "paths" not in result.counts
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LearningPath)) == 0


def test_a_failure_after_the_paths_leaves_nothing_loaded(app, runner, monkeypatch, tmp_path):
    root = paths_root(tmp_path / "root")

    def failing_banks(content, result):
        assert db.session.get(LearningPath, "monitors") is not None  # the paths were written, not committed
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sync_module, "sync_quiz_banks", failing_banks)
    result = runner.invoke(args=["content", "sync", "--root", str(root)])
    assert result.exit_code != 0
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LearningPath)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PathCourse)) == 0


def test_the_repository_paths_are_the_three_of_the_curriculum():
    from training.config import ROOT

    content = collect(ROOT)
    assert {p.id: p.courses for p in content.paths.values()} == {
        "police-cadets": ["uncat", "opcat-npm", "police-custody", "juvenile-justice", "detention-conditions"],
        "judge-candidates": ["uncat", "istanbul-protocol", "juvenile-justice", "opcat-npm", "police-custody"],
        "penitentiary-staff": ["uncat", "opcat-npm", "detention-conditions", "juvenile-justice"],
    }
    assert [str(p) for p in content.problems.items if p.path == "courses/paths.yml"] == []
    for path in content.paths.values():
        for field in (path.title, path.summary, path.audience):
            assert set(field) == {"en", "az", "ru"}
            assert "ё" not in field["ru"]
