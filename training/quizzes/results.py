"""Results per cohort and quiz: trainees x attempts, in two queries, for the page and for CSV/XLSX."""
from __future__ import annotations

import csv
import io
from collections import defaultdict

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _

from training.accounts.models import User, cohort_trainees
from training.extensions import db
from training.quizzes.grading import quiz_grade
from training.quizzes.models import Attempt, Quiz


def cohort_results(quiz: Quiz, cohort) -> list[dict]:
    """One entry per trainee of the cohort: their attempts and their quiz grade."""
    trainees = db.session.scalars(
        sa.select(User).join(cohort_trainees, cohort_trainees.c.user_id == User.id)
        .where(cohort_trainees.c.cohort_id == cohort.id).order_by(User.name, User.id)).all()
    attempts = db.session.scalars(
        sa.select(Attempt).join(cohort_trainees, cohort_trainees.c.user_id == Attempt.user_id)
        .where(cohort_trainees.c.cohort_id == cohort.id, Attempt.quiz_id == quiz.id)
        .order_by(Attempt.user_id, Attempt.number)).all()
    by_user = defaultdict(list)
    for attempt in attempts:
        by_user[attempt.user_id].append(attempt)
    rows = []
    for trainee in trainees:
        mine = by_user.get(trainee.id, [])
        grade = quiz_grade(mine, quiz.grading)
        rows.append({"trainee": trainee, "attempts": mine, "grade": grade,
                     "passed": grade is not None and grade >= quiz.pass_mark})
    return rows


def _header() -> list[str]:
    return [_("Trainee"), _("Email"), _("Attempt"), _("Started"), _("Submitted"), _("Minutes"),
            _("Grade (%)"), _("Passed"), _("Quiz grade (%)")]


def _records(rows: list[dict]):
    yes, no = _("yes"), _("no")
    for row in rows:
        trainee = row["trainee"]
        grade = "" if row["grade"] is None else row["grade"]
        if not row["attempts"]:
            yield [trainee.name, trainee.email, "", "", "", "", "", "", grade]
        for a in row["attempts"]:
            yield [trainee.name, trainee.email, a.number, format_datetime(a.started_at, "short"),
                   format_datetime(a.submitted_at, "short") if a.submitted_at else _("open"),
                   a.minutes_taken if a.minutes_taken is not None else "",
                   "" if a.percent is None else a.percent,
                   "" if a.passed is None else (yes if a.passed else no), grade]


def _safe(value):
    """Cells that a spreadsheet would run as a formula are written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def results_csv(rows: list[dict]):
    """The CSV as a stream of text chunks (UTF-8 with BOM so spreadsheet programs read the letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for record in [_header(), *_records(rows)]:
        writer.writerow([_safe(v) for v in record])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def results_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Results"))
    sheet.append(_header())
    for record in _records(rows):
        sheet.append([_safe(v) for v in record])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
