"""The audit log entry."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from training.db import now_utc
from training.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=now_utc, index=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_label: so.Mapped[str] = so.mapped_column(sa.String(254))  # kept if the user goes
    action: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    object_type: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    object_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    before: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    after: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    prev_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
