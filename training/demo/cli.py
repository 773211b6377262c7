"""`flask demo load`: data to try the platform with, loaded once."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from training.accounts import service
from training.attendance.demo import load_demo_sessions
from training.certificates.demo import load_demo_certificates
from training.cli_support import command_errors
from training.demo import data
from training.extensions import db
from training.learning.demo import load_demo_learning

demo_cli = click.Group("demo", help="Demo data.")


def load_demo() -> list[tuple[str, str, str]]:
    """Create what is missing of the demo data; return (role, email, password) of each login."""
    for slug, name in data.ORGANISATIONS:
        if not db.session.scalar(db.select(service.Organisation.id).where(service.Organisation.slug == slug)):
            service.create_organisation(None, slug, name)
    logins = []
    for email, name, role in [data.ADMIN, *data.TRAINERS]:
        if service.user_by_email(email) is None:
            service.create_user(None, email, name, role, password=data.PASSWORDS[role])
        logins.append((role, email, data.PASSWORDS[role]))
    for slug, name, org, trainers in data.COHORTS:
        if not db.session.scalar(db.select(service.Cohort.id).where(service.Cohort.slug == slug)):
            service.create_cohort(None, slug, name, org, trainers)
    for email, name, org, cohort in data.TRAINEES:
        if service.user_by_email(email) is None:
            service.create_user(None, email, name, "trainee", organisation=org, cohorts=[cohort],
                                password=data.PASSWORDS["trainee"])
        logins.append(("trainee", email, data.PASSWORDS["trainee"]))
    db.session.flush()
    load_demo_sessions()
    load_demo_learning()  # enrolments, paths and some reading, when the curriculum is loaded
    load_demo_certificates()
    return logins


@demo_cli.command("load")
@with_appcontext
@command_errors
def load():
    """Load demo organisations, cohorts and accounts (safe to run again)."""
    logins = load_demo()
    db.session.commit()
    click.echo("Demo data loaded. Sign in at /login with:")
    for role, email, password in logins:
        click.echo(f"  {role:<8} {email:<30} {password}")
