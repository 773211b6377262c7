"""Full-text search over the lessons in the reader's language, linking to the section."""
from __future__ import annotations

from tests.content.helpers import VALID, copy_root, sync_root
from training.learning.search import search


def test_results_link_to_the_section_that_matches(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    html = client.get("/search?q=recommendations&lang=en").get_data(as_text=True)
    assert 'href="/courses/basics/second-steps/#dialogue"' in html
    assert "<mark>recommendations</mark>" in html


def test_search_is_in_the_current_language(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    ru = client.get("/search?q=рекомендации&lang=ru").get_data(as_text=True)
    assert 'href="/courses/basics/second-steps/' in ru and "Вторые шаги: рекомендации" in ru
    assert "Second steps" not in ru
    az = client.get("/search?q=tövsiyələr&lang=az").get_data(as_text=True)
    assert "İkinci addımlar: tövsiyələr" in az
    assert "recommendations" not in client.get("/search?q=рекомендации&lang=en").get_data(as_text=True).split(
        "</form>")[1]


def test_search_matches_word_prefixes_and_every_word(courses):
    hits = search("independ visit", "en")
    assert [(h.lesson_slug, h.anchor) for h in hits] == [("first-steps", "why-visits")]
    assert search("independent nonsenseword", "en") == []


def test_search_is_not_a_substring_match(courses):
    assert search("ndependent", "en") == []  # LIKE '%ndependent%' would match


def test_trainees_find_only_their_cohorts_courses(courses, trainee_in, login_as):
    client, _user, _cohort = trainee_in("advanced")
    html = client.get("/search?q=interview&lang=en").get_data(as_text=True)
    assert "/courses/advanced/deeper/" in html
    assert "/courses/basics/" not in html
    outsider, _user = login_as("trainee")
    assert "Nothing found" in outsider.get("/search?q=interview&lang=en").get_data(as_text=True)


def test_query_syntax_is_harmless(courses, trainee_in):
    client, _user, _cohort = trainee_in("basics")
    for query in ['"', "NEAR(", "a OR", "*", "'; DROP TABLE lessons; --", "<script>x</script>", "a" * 500]:
        response = client.get("/search", query_string={"q": query, "lang": "en"})
        assert response.status_code == 200
        assert "<script>x" not in response.get_data(as_text=True)


def test_search_follows_content_changes_and_retired_lessons(app, tmp_path):
    root = copy_root(VALID, tmp_path / "root")
    sync_root(root)
    assert search("dialogue", "en")
    path = root / "courses" / "basics" / "02-second-steps.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Dialogue", "Conversation"), encoding="utf-8")
    sync_root(root)
    assert search("conversation", "en") and not search("dialogue", "en")
    course_yml = root / "courses" / "basics" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("  - 02-second-steps\n", ""),
                          encoding="utf-8")
    for lang in ("en", "az", "ru"):
        (root / "courses" / "basics" / f"02-second-steps.{lang}.md").unlink()
    sync_root(root)
    assert search("conversation", "en") == []
