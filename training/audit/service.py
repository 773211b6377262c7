"""Writing and verifying the audit log.

Each entry carries the SHA-256 of its own content and of the entry before it, so editing,
removing or reordering a row breaks the chain at that row. Writers are serialised (an
advisory lock on PostgreSQL; SQLite write transactions already begin IMMEDIATE), so two
entries never claim the same predecessor.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from training.audit.models import AuditEntry
from training.db import now_utc
from training.extensions import db

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_311_001  # arbitrary, constant: "the audit chain"


def _stamp(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds")


def entry_hash(
    prev_hash: str,
    created_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    before: dict | None,
    after: dict | None,
) -> str:
    """The hash of one entry's content chained to its predecessor's hash."""
    content = json.dumps(
        [prev_hash, _stamp(created_at), actor_id, actor_label, action, object_type,
         object_id, before, after],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def record(
    actor,
    action: str,
    object_type: str,
    object_id: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the log, in the caller's transaction.

    :param actor: the user who made the change, or None for the system (commands, rules).
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    last = db.session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    prev = last or GENESIS
    entry = AuditEntry(
        created_at=now_utc(),
        actor_id=getattr(actor, "id", None),
        actor_label=getattr(actor, "email", None) or "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=_jsonable(before),
        after=_jsonable(after),
        prev_hash=prev,
    )
    entry.hash = entry_hash(
        prev, entry.created_at, entry.actor_id, entry.actor_label, action, object_type,
        entry.object_id, entry.before, entry.after,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


@dataclass
class ChainProblem:
    entry_id: int
    reason: str


def verify_chain(batch: int = 1000) -> tuple[int, ChainProblem | None]:
    """Walk the log in order; return how many entries are sound and the first problem found."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            return checked, None
        for row in rows:
            if row.prev_hash != prev:
                return checked, ChainProblem(row.id, "previous entry missing or out of order")
            expected = entry_hash(
                row.prev_hash, row.created_at, row.actor_id, row.actor_label, row.action,
                row.object_type, row.object_id, row.before, row.after,
            )
            if expected != row.hash:
                return checked, ChainProblem(row.id, "content edited")
            prev = row.hash
            checked += 1
            last_id = row.id
        db.session.expunge_all()


@dataclass
class AuditFilter:
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def search(filters: AuditFilter, page: int = 1, per_page: int = 50):
    """Entries matching the filter, newest first, one page at a time."""
    query = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.actor:
        query = query.where(AuditEntry.actor_label.icontains(filters.actor, autoescape=True))
    if filters.since:
        query = query.where(AuditEntry.created_at >= filters.since)
    if filters.until:
        query = query.where(AuditEntry.created_at < filters.until)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def known_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def known_object_types() -> list[str]:
    return list(
        db.session.scalars(sa.select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type))
    )
