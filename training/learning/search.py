"""Full-text search over lesson sections: SQLite FTS5 or PostgreSQL text search, one interface.

Sections are kept by `flask content sync` (lesson_sections); on SQLite the migration mirrors
them into the FTS5 table lesson_sections_fts through triggers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup, escape

from training.extensions import db

WORD_RE = re.compile(r"\w+", re.UNICODE)
START, STOP = "\u27e6", "\u27e7"  # marks around matched words, turned into <mark> after escaping
PG_CONFIG = {"en": "english", "ru": "russian"}  # no Azerbaijani stemmer: 'simple' for az


@dataclass
class Hit:
    course_id: str
    lesson_slug: str
    lesson_title: str
    anchor: str
    heading: str
    snippet: Markup


def _words(query: str) -> list[str]:
    return WORD_RE.findall(query or "")[:12]


def _snippet(text: str) -> Markup:
    return Markup(str(escape(text)).replace(START, "<mark>").replace(STOP, "</mark>"))


def search(query: str, lang: str, course_ids: set[str] | None = None, limit: int = 30) -> list[Hit]:
    """Sections in `lang` matching every word of the query (prefixes too), best first."""
    words = _words(query)
    if not words or (course_ids is not None and not course_ids):
        return []
    backend = db.engine.dialect.name
    params = {"lang": lang, "limit": limit, "start": START, "stop": STOP}
    scope = ""
    if course_ids is not None:
        scope = " AND l.course_id IN :course_ids"
        params["course_ids"] = sorted(course_ids)
    if backend == "postgresql":
        params["cfg"] = PG_CONFIG.get(lang, "simple")
        params["q"] = " & ".join(f"{w}:*" for w in words)
        sql = f"""
            SELECT l.course_id, l.slug, t.title, s.anchor, s.heading,
                   ts_headline(CAST(:cfg AS regconfig), s.body, q,
                               'StartSel=' || :start || ', StopSel=' || :stop || ', MaxWords=30, MinWords=12')
            FROM lesson_sections s
            JOIN lesson_texts t ON t.id = s.text_id
            JOIN lessons l ON l.id = t.lesson_id
            JOIN courses c ON c.id = l.course_id,
                 to_tsquery(CAST(:cfg AS regconfig), :q) q
            WHERE s.lang = :lang AND l.retired = false AND c.retired = false{scope}
              AND to_tsvector(CAST(:cfg AS regconfig), s.heading || ' ' || s.body) @@ q
            ORDER BY ts_rank(to_tsvector(CAST(:cfg AS regconfig), s.heading || ' ' || s.body), q) DESC, s.id
            LIMIT :limit"""
    else:
        params["q"] = " ".join(f'"{w}"*' for w in words)
        sql = f"""
            SELECT l.course_id, l.slug, t.title, s.anchor, s.heading,
                   snippet(lesson_sections_fts, 1, :start, :stop, '…', 16)
            FROM lesson_sections_fts
            JOIN lesson_sections s ON s.id = lesson_sections_fts.rowid
            JOIN lesson_texts t ON t.id = s.text_id
            JOIN lessons l ON l.id = t.lesson_id
            JOIN courses c ON c.id = l.course_id
            WHERE lesson_sections_fts MATCH :q AND s.lang = :lang
              AND l.retired = 0 AND c.retired = 0{scope}
            ORDER BY bm25(lesson_sections_fts, 4.0, 1.0), s.id
            LIMIT :limit"""
    statement = sa.text(sql)
    if course_ids is not None:
        statement = statement.bindparams(sa.bindparam("course_ids", expanding=True))
    rows = db.session.execute(statement, params)
    return [Hit(course_id, slug, title, anchor, heading, _snippet(snippet or ""))
            for course_id, slug, title, anchor, heading, snippet in rows]
