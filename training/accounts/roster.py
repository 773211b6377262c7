"""Importing a roster of trainees from CSV (columns email, name, organisation, cohort).

The file is read whole first: if it is not UTF-8 CSV with those columns, nothing is
imported. Then each row is created, skipped (the account exists already) or refused (with
the reason), and every created trainee gets a temporary password to hand over.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from training.accounts import service
from training.accounts.passwords import generate_password
from training.exceptions import ServiceError
from training.extensions import db

COLUMNS = ("email", "name", "organisation", "cohort")
MAX_ROWS = 5000


@dataclass
class RowResult:
    line: int
    email: str
    name: str
    status: str  # created | skipped | refused
    reason: str = ""
    password: str = ""


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def parse(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows of a roster file with their line numbers, or a ServiceError for a malformed file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(_l("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))
    if not text.strip():
        raise ServiceError(_l("The file is empty."))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        lines = list(reader)
    except csv.Error as exc:
        raise ServiceError(_l("The file is not valid CSV: {error}."), error=str(exc))
    header = [h.strip().lower() for h in lines[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ServiceError(
            _l("The first line must name the columns email, name, organisation, cohort; missing: {columns}."),
            columns=", ".join(missing),
        )
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise ServiceError(
                _l("Line {line} has {found} fields where the header has {expected}."),
                line=number, found=len(values), expected=len(header),
            )
        rows.append((number, {h: v.strip() for h, v in zip(header, values)}))
    if len(rows) > MAX_ROWS:
        raise ServiceError(_l("The file has more than {limit} rows."), limit=MAX_ROWS)
    return rows


def import_roster(actor, data: bytes, dry_run: bool = False) -> ImportReport:
    """Create trainees from a roster file; each row in its own savepoint."""
    report = ImportReport()
    for line, row in parse(data):
        email, name = row["email"], row["name"]
        try:
            normalised = service.normalise_email(email)
        except ServiceError as exc:
            report.rows.append(RowResult(line, email, name, "refused", str(exc)))
            continue
        existing = service.user_by_email(normalised)
        if existing is not None:
            report.rows.append(RowResult(line, normalised, name, "skipped", str(_l("An account with this email already exists."))))
            continue
        password = generate_password()
        try:
            with db.session.begin_nested():
                service.create_user(
                    actor, normalised, name, "trainee",
                    organisation=row["organisation"] or None,
                    cohorts=[row["cohort"]] if row["cohort"] else [],
                    password=password,
                )
        except ServiceError as exc:
            report.rows.append(RowResult(line, normalised, name, "refused", str(exc)))
            continue
        report.rows.append(RowResult(line, normalised, name, "created", password=password))
    if dry_run:
        db.session.rollback()
    return report
