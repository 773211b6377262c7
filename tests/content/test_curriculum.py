"""The curriculum in the repository: complete, consistent and in three languages.

These tests read the real courses/ and quizzes/ folders, so a lesson without its translation,
a question pointing at a section that does not exist, or a bank too small for a final test
fails the build, not a reader.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from training.content.loader import collect

ROOT = Path(__file__).resolve().parents[2]
CURRICULUM = ["uncat", "opcat-npm", "police-custody", "detention-conditions", "istanbul-protocol",
              "juvenile-justice"]
LANGS = ("en", "az", "ru")
TYPES = {"single", "multiple", "truefalse", "matching", "ordering", "short", "numeric", "case_study"}


@pytest.fixture(scope="module")
def content():
    return collect(ROOT)


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("---", 2)[2] if text.startswith("---") else text


def _words(body: str) -> int:
    body = re.sub(r"\[@[^\]]*\]|\{#[^}]*\}", " ", body)
    body = re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", body)
    return len(re.findall(r"\w+", body))


def test_the_repository_content_passes_the_check_without_warnings(content):
    assert [str(p) for p in content.problems.errors] == []
    assert [str(p) for p in content.problems.warnings] == []


@pytest.mark.parametrize("course_id", CURRICULUM)
def test_each_course_has_five_or_more_full_lessons_in_every_language(content, course_id):
    course_dir = ROOT / "courses" / course_id
    spec = yaml.safe_load((course_dir / "course.yml").read_text(encoding="utf-8"))
    assert len(spec["lessons"]) >= 5
    for lang in LANGS:
        assert spec["title"][lang].strip() and spec["summary"][lang].strip()
    for entry in spec["lessons"]:
        english = course_dir / f"{entry}.en.md"
        assert 700 <= _words(_body(english)) <= 1600, english.name
        anchors = set(re.findall(r"\{#([a-z0-9-]+)\}", _body(english)))
        citations = re.findall(r"\[@[^\]]+\]", _body(english))
        assert anchors and len(citations) >= 10, english.name
        for lang in ("az", "ru"):
            translation = course_dir / f"{entry}.{lang}.md"
            body = _body(translation)
            # A real translation: the same sections, the same sources, and of comparable length.
            assert set(re.findall(r"\{#([a-z0-9-]+)\}", body)) == anchors, translation.name
            assert Counter(re.findall(r"\[@[^\]]+\]", body)) == Counter(citations), translation.name
            assert 0.6 <= _words(body) / _words(_body(english)) <= 1.6, translation.name


def test_azerbaijani_texts_use_the_azerbaijani_alphabet():
    for path in (ROOT / "courses").glob("*/*.az.md"):
        body = _body(path)
        assert "ə" in body and "ş" in body, path.name
        # TERMS.md S1: never the obsolete "işkəncə", never ISTINTAQ-style dotless capitals.
        assert "işkəncə" not in body.lower(), path.name


def test_russian_legal_texts_do_not_use_yo():
    for path in (ROOT / "courses").glob("*/*.ru.md"):
        assert "ё" not in _body(path), path.name


@pytest.mark.parametrize("course_id", CURRICULUM)
def test_each_bank_is_a_real_final_test(content, course_id):
    bank = yaml.safe_load((ROOT / "quizzes" / f"{course_id}.yml").read_text(encoding="utf-8"))
    questions = bank["questions"]
    assert len(questions) >= 30
    assert {q["type"] for q in questions} == TYPES
    assert sum(q["type"] == "case_study" for q in questions) >= 3
    anchors = content.anchors()[course_id]
    for question in questions:
        assert question.get("source"), question["id"]
        assert question["lesson"] in anchors, question["id"]
        # Feedback that explains why: general, per true/false answer, or per option.
        feedback = [v for k, v in question.items() if k.startswith("feedback")]
        feedback += [o["feedback"] for o in question.get("options", []) if "feedback" in o]
        assert feedback, question["id"]
        for lang in LANGS:
            assert question["text"][lang].strip(), question["id"]
            assert all(f[lang].strip() for f in feedback), question["id"]
    settings = bank["settings"]
    assert settings["pass_mark"] == 70 and settings["max_attempts"] == 3


def test_glossary_defines_every_term_in_three_languages_with_its_instrument():
    terms = yaml.safe_load((ROOT / "courses" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    assert len(terms) >= 40
    assert len({t["id"] for t in terms}) == len(terms)
    for term in terms:
        assert term["source"].strip(), term["id"]
        for lang in LANGS:
            assert term["term"][lang].strip() and term["definition"][lang].strip(), term["id"]


def test_terminology_table_gives_each_term_in_three_languages_with_a_source():
    terms = yaml.safe_load((ROOT / "courses" / "terminology.yml").read_text(encoding="utf-8"))["terms"]
    assert len(terms) >= 40
    for term in terms:
        assert term["en"] and term["az"] and term["ru"] and term["source"], term


def test_every_course_of_a_path_exists(content):
    assert content.paths, "courses/paths.yml is missing"
    for path in content.paths.values():
        for course_id in path.courses:
            assert course_id in content.courses, (path.id, course_id)


def test_facts_the_fact_base_marks_unverified_are_either_checked_or_absent():
    registry = yaml.safe_load((ROOT / "courses" / "unverified-facts.yml").read_text(encoding="utf-8"))["facts"]
    texts = {path: path.read_text(encoding="utf-8")
             for path in [*(ROOT / "courses").glob("*/*.md"), *(ROOT / "quizzes").glob("*.yml")]}
    cited = {c for text in texts.values() for c in re.findall(r"\[@([^\]]+)\]", text)}
    cited |= {c for text in texts.values() for c in re.findall(r"source:\s*\"?([^\"\n]+)", text)}
    for fact in registry:
        if fact["status"] == "verified":
            assert fact["checked_against"].strip(), fact["fact"]
            assert set(fact["cites"]) & cited, f"stale entry, not cited anywhere: {fact['fact']}"
        else:
            assert fact["status"] == "left-out", fact
            for phrase in fact["must_not_appear"]:
                found = [p.name for p, text in texts.items() if phrase in text]
                assert not found, f"{fact['fact']!r} was left out as unverified, yet {phrase!r} is in {found}"
