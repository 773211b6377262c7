"""`flask sessions`: scheduling sessions from the command line."""
from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l

from training.accounts import service as accounts
from training.attendance import service
from training.cli_support import command_errors
from training.exceptions import ServiceError
from training.extensions import db

sessions_cli = click.Group("sessions", help="In-person class sessions.")


def _parse_start(value: str) -> datetime:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ServiceError(_l("'{value}' is not a start time: use 'YYYY-MM-DD HH:MM'."), value=value) from None


@sessions_cli.command("create")
@click.argument("cohort")
@click.option("--title", required=True, help="Title (used for every language not given below).")
@click.option("--title-az", default=None)
@click.option("--title-en", default=None)
@click.option("--title-ru", default=None)
@click.option("--start", required=True, help="'YYYY-MM-DD HH:MM' in the platform's time zone.")
@click.option("--minutes", required=True, type=int, help="Length of each session.")
@click.option("--weeks", default=1, show_default=True, type=int, help="Repeat weekly this many times.")
@click.option("--place", default=None)
@click.option("--course", "course_id", default=None, help="Id of the course taught.")
@with_appcontext
@command_errors
def create(cohort, title, title_az, title_en, title_ru, start, minutes, weeks, place, course_id):
    """Schedule a session, or a weekly series, for COHORT; prints the id of each session created."""
    group = accounts.cohort_by_slug(cohort)
    titles = {"az": title_az or title, "en": title_en or title, "ru": title_ru or title}
    created = service.schedule(None, group, titles, _parse_start(start), minutes, weeks=weeks, place=place,
                               course_id=course_id)
    db.session.commit()
    for session in created:
        click.echo(session.id)


@sessions_cli.command("list")
@click.argument("cohort")
@with_appcontext
@command_errors
def list_sessions(cohort):
    """List the sessions of COHORT (id, start in the platform's time zone, title, state)."""
    group = accounts.cohort_by_slug(cohort)
    for session in service.cohort_sessions(group):
        state = "cancelled" if session.is_cancelled else ""
        start = service.utc_to_local(session.starts_at).strftime("%Y-%m-%d %H:%M")
        click.echo(f"{session.id}\t{start}\t{session.title_en}\t{state}".rstrip())
