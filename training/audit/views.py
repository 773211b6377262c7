"""Administrators read and filter the audit log."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, render_template, request

from training.audit import service
from training.security import roles_required

bp = Blueprint("audit", __name__)


def _day(value: str | None) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%d") if value else None
    except ValueError:
        return None


@bp.route("/")
@roles_required("admin")
def index():
    args = request.args
    until = _day(args.get("until"))
    filters = service.AuditFilter(
        action=args.get("action") or None, object_type=args.get("object_type") or None,
        object_id=args.get("object_id") or None,
        actor=args.get("actor") or None, since=_day(args.get("since")),
        until=until + timedelta(days=1) if until else None,
    )
    page = service.search(filters, page=args.get("page", 1, type=int))
    return render_template("audit/index.html", page=page, args=args,
                           actions=service.known_actions(), object_types=service.known_object_types(),
                           bad_dates=bool((args.get("since") and not filters.since)
                                          or (args.get("until") and not until)))
