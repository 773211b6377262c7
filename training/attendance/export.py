"""Attendance as CSV (UTF-8 with BOM, for Excel) and XLSX (openpyxl), per cohort and per session.

Every text cell that a spreadsheet could read as a formula (it begins with =, +, -, @, a tab
or a carriage return) is prefixed with an apostrophe and written as text.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from training.attendance.labels import status_label
from training.attendance.models import AttendanceMark, ClassSession
from training.attendance.rates import Grid

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _percent(value: float | None):
    if value is None:
        return ""
    value = round(value, 1)
    return int(value) if value.is_integer() else value


def _mark_cells(mark: AttendanceMark | None) -> list:
    status = mark.status if mark else "absent"
    return [status_label(status), mark.minutes_late if mark and mark.minutes_late is not None else "",
            (mark.reason or "") if mark else "", (mark.note or "") if mark else ""]


def cohort_table(grid: Grid) -> tuple[list[str], Iterator[list]]:
    """One row per trainee and held session, with the trainee's rate in the cohort."""
    locale = str(get_locale())
    header = [_("Trainee"), _("Email"), _("Session"), _("Date"), _("Status"), _("Minutes late"),
              _("Reason"), _("Note"), _("Attendance rate (%)")]

    def rows():
        for row in grid.rows:
            for session, mark in zip(grid.sessions, row.cells):
                yield [row.trainee.name, row.trainee.email, session.title(locale),
                       format_datetime(session.starts_at, "yyyy-MM-dd HH:mm"), *_mark_cells(mark),
                       _percent(row.percent)]
    return header, rows()


def session_table(session: ClassSession, entries, rates: dict[int, float | None]
                  ) -> tuple[list[str], Iterator[list]]:
    header = [_("Trainee"), _("Email"), _("Status"), _("Minutes late"), _("Reason"), _("Note"),
              _("Attendance rate (%)")]

    def rows():
        for trainee, mark in entries:
            yield [trainee.name, trainee.email, *_mark_cells(mark), _percent(rates.get(trainee.id))]
    return header, rows()


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text in chunks, beginning with the byte-order mark Excel needs for UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([neutralise(v) for v in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(v) for v in row])
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(sheet_title: str, header: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Attendance")

    def cells(values):
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            out.append(cell)
        return out

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
