"""Declarative base, naming convention and shared column helpers."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class FileVersioned:
    """Columns of everything loaded from the curriculum files (courses, lessons, quizzes, questions,
    glossary terms, paths): the version goes up when the file's content hash changes, and an item
    whose file is gone is retired, never deleted, so that history keeps pointing at it."""

    version: so.Mapped[int] = so.mapped_column(default=1)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    retired: so.Mapped[bool] = so.mapped_column(default=False)


def now_utc() -> datetime:
    """The current time in UTC, without tzinfo: how every timestamp is stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def configure_sqlite(engine: sa.Engine, busy_timeout_ms: int = 5000) -> None:
    """WAL, busy timeout, foreign keys, and write transactions that begin IMMEDIATE.

    Requests that only read (GET, HEAD, OPTIONS) begin a plain deferred transaction so that
    readers never queue behind writers; everything else takes the write lock up front, so
    two writers never deadlock upgrading a read lock.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        read_only = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: leave out tables SQL builds beside the models (SQLite's FTS5 search index)."""
    return not (type_ == "table" and reflected and compare_to is None
                and (name or "").startswith("lesson_sections_fts"))
