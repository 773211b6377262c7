"""Write checked content into the database: upsert, bump versions of what changed, retire what went.

`sync(content)` only flushes; the caller commits once (or rolls back), so a sync never
half-applies. Unchanged content changes nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import sqlalchemy as sa

from training.content.courses import CourseFile, LessonEntry
from training.content.lessons import LANGS
from training.content.loader import Content
from training.content.paths import sync_paths
from training.content.quizzes import sync_quiz_banks
from training.db import now_utc
from training.extensions import db
from training.learning.models import Course, GlossaryTerm, Lesson, LessonSection, LessonText
from training.markdown import render_lesson


@dataclass
class SyncResult:
    counts: dict = field(default_factory=lambda: {"courses": 0, "lessons": 0, "texts": 0, "glossary terms": 0})
    changed: list[str] = field(default_factory=list)  # "course introduction v2", "lesson ... retired"

    def summary(self) -> str:
        parts = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        return f"{parts}; {len(self.changed)} changed"


def sync(content: Content, glossary_url: str = "/glossary/") -> SyncResult:
    if not content.ok:
        raise ValueError("content has errors; run the check first")
    result = SyncResult()
    _sync_glossary(content, result)
    titles = {lang: {t.id: t.term.get(lang) or t.term.get("en", t.id) for t in content.glossary.values()}
              for lang in LANGS}
    courses = {c.id: c for c in db.session.scalars(sa.select(Course))}
    for course_file in content.courses.values():
        _sync_course(course_file, courses, result)
    for course in courses.values():
        if course.id not in content.courses and not course.retired:
            course.retired = True
            result.changed.append(f"course {course.id} retired")
    db.session.flush()
    lessons = {(lesson.course_id, lesson.slug): lesson for lesson in db.session.scalars(sa.select(Lesson))}
    texts = {(t.lesson_id, t.lang): t for t in db.session.scalars(sa.select(LessonText))}
    for course_file in content.courses.values():
        for entry in course_file.lessons:
            lesson = _sync_lesson(course_file.id, entry, lessons, result)
            for lang in LANGS:
                _sync_text(lesson, entry, lang, texts, titles[lang], glossary_url, result)
    listed = {(c.id, e.slug) for c in content.courses.values() for e in c.lessons}
    for key, lesson in lessons.items():
        if key not in listed and not lesson.retired:
            lesson.retired = True
            lesson.updated_at = now_utc()
            result.changed.append(f"lesson {key[0]}/{key[1]} retired")
    db.session.flush()
    sync_paths(content, result)
    sync_quiz_banks(content, result)
    return result


def _sync_glossary(content: Content, result: SyncResult) -> None:
    existing = {t.id: t for t in db.session.scalars(sa.select(GlossaryTerm))}
    for entry in content.glossary.values():
        result.counts["glossary terms"] += 1
        term = existing.get(entry.id)
        if term is not None and term.content_hash == entry.hash and not term.retired:
            continue
        if term is None:
            term = GlossaryTerm(id=entry.id, version=1)
            db.session.add(term)
        else:
            term.version += 1
        term.source, term.term, term.definition = entry.source, entry.term, entry.definition
        term.content_hash, term.retired = entry.hash, False
        result.changed.append(f"glossary term {entry.id} v{term.version}")
    for term in existing.values():
        if term.id not in content.glossary and not term.retired:
            term.retired = True
            result.changed.append(f"glossary term {term.id} retired")


def _sync_course(file: CourseFile, courses: dict[str, Course], result: SyncResult) -> None:
    result.counts["courses"] += 1
    course = courses.get(file.id)
    digest = file.hash
    if course is not None and course.content_hash == digest and not course.retired:
        return
    if course is None:
        course = Course(id=file.id, version=1)
        courses[file.id] = course
        db.session.add(course)
    else:
        course.version += 1
    course.position, course.hours = file.position, float(file.hours)
    course.title, course.summary = file.title, file.summary
    course.prerequisites, course.quiz_id = file.prerequisites, file.quiz
    course.min_quiz_score, course.min_attendance = file.min_quiz_score, file.min_attendance
    course.content_hash, course.retired, course.updated_at = digest, False, now_utc()
    result.changed.append(f"course {file.id} v{course.version}")


def _lesson_hash(entry: LessonEntry) -> str:
    digest = hashlib.sha256(f"{entry.position}".encode())
    for lang in LANGS:
        if lang in entry.files:
            digest.update(f"\0{lang}\0".encode() + entry.files[lang].raw)
    return digest.hexdigest()


def _sync_lesson(course_id: str, entry: LessonEntry, lessons: dict, result: SyncResult) -> Lesson:
    result.counts["lessons"] += 1
    lesson = lessons.get((course_id, entry.slug))
    digest = _lesson_hash(entry)
    if lesson is not None and lesson.content_hash == digest and not lesson.retired:
        return lesson
    if lesson is None:
        lesson = Lesson(course_id=course_id, slug=entry.slug, version=1)
        lessons[(course_id, entry.slug)] = lesson
        db.session.add(lesson)
    else:
        lesson.version += 1
    lesson.position, lesson.minutes = entry.position, entry.english.minutes
    lesson.content_hash, lesson.retired, lesson.updated_at = digest, False, now_utc()
    db.session.flush()
    result.changed.append(f"lesson {course_id}/{entry.slug} v{lesson.version}")
    return lesson


def _sync_text(lesson: Lesson, entry: LessonEntry, lang: str, texts: dict, titles: dict,
               glossary_url: str, result: SyncResult) -> None:
    """Store the text and its HTML; the HTML is rendered here, once per version and language."""
    file = entry.files.get(lang)
    text = texts.get((lesson.id, lang))
    if file is None:
        if text is not None:  # the translation was removed: the lesson falls back to English
            db.session.execute(sa.delete(LessonSection).where(LessonSection.text_id == text.id))
            db.session.delete(text)
        return
    result.counts["texts"] += 1
    rendered = render_lesson(file.body, titles, glossary_url)
    html = str(rendered.html)
    if (text is not None and text.content_hash == file.hash and text.html == html
            and text.toc == rendered.toc and text.sources == rendered.sources
            and text.html_version == lesson.version):
        return
    if text is None:
        text = LessonText(lesson_id=lesson.id, lang=lang)
        db.session.add(text)
    text.title, text.body_md = file.title, file.body
    text.content_hash, text.source_hash = file.hash, file.source_hash
    text.html, text.toc, text.sources, text.html_version = html, rendered.toc, rendered.sources, lesson.version
    db.session.flush()
    db.session.execute(sa.delete(LessonSection).where(LessonSection.text_id == text.id))
    db.session.add_all([
        LessonSection(text_id=text.id, lang=lang, anchor=anchor, heading=(heading or file.title)[:300], body=body)
        for anchor, heading, body in rendered.sections
    ])
