"""Commands: `flask orgs`, `flask cohorts` and `flask users`."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from training.accounts import roster, service
from training.accounts.models import ROLES
from training.accounts.passwords import generate_password
from training.cli_support import command_errors
from training.extensions import db

orgs_cli = click.Group("orgs", help="Organisations.")
cohorts_cli = click.Group("cohorts", help="Cohorts of trainees.")
users_cli = click.Group("users", help="User accounts.")


@orgs_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Full name, e.g. 'Police Academy'.")
@with_appcontext
@command_errors
def orgs_create(slug, name):
    """Create an organisation."""
    org = service.create_organisation(None, slug, name)
    db.session.commit()
    click.echo(f"created organisation {org.slug}: {org.name}")


@orgs_cli.command("list")
@with_appcontext
def orgs_list():
    """List organisations."""
    for org, n_cohorts, n_users in service.list_organisations():
        click.echo(f"{org.slug}\t{org.name}\t{n_cohorts} cohorts\t{n_users} users")


@cohorts_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--org", "org_slug", required=True, help="Short name of the organisation.")
@click.option("--trainer", "trainers", multiple=True, help="Email of a trainer (repeatable).")
@with_appcontext
@command_errors
def cohorts_create(slug, name, org_slug, trainers):
    """Create a cohort in an organisation."""
    cohort = service.create_cohort(None, slug, name, org_slug, trainers)
    db.session.commit()
    click.echo(f"created cohort {cohort.slug}: {cohort.name}")


@cohorts_cli.command("list")
@with_appcontext
def cohorts_list():
    """List cohorts."""
    cohorts = service.list_cohorts()
    counts = service.trainee_counts([c.id for c in cohorts])
    for c in cohorts:
        trainers = ",".join(u.email for u in c.trainers) or "-"
        click.echo(f"{c.slug}\t{c.name}\t{c.organisation.slug}\t{counts.get(c.id, 0)} trainees\t{trainers}")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", default="trainee", show_default=True, help="|".join(ROLES))
@click.option("--org", "org_slug", default=None)
@click.option("--cohort", "cohort_slugs", multiple=True)
@click.option("--password", default=None, help="Prompted for when omitted.")
@with_appcontext
@command_errors
def users_create(email, name, role, org_slug, cohort_slugs, password):
    """Create a user account."""
    service.check_role(role)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = service.create_user(None, email, name, role, organisation=org_slug,
                               cohorts=list(cohort_slugs), password=password)
    db.session.commit()
    click.echo(f"created {user.role} {user.email}")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", default=None, help="Prompted for when omitted; '-' generates one.")
@with_appcontext
@command_errors
def users_set_password(email, password):
    """Set a user's password (ends the user's sessions)."""
    user = service.user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with the email {email}")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    generated = password == "-"
    service.set_password(None, user, generate_password() if generated else password)
    db.session.commit()
    click.echo(f"password set for {user.email}")


@users_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would happen; import nothing.")
@with_appcontext
@command_errors
def users_import(path, dry_run):
    """Import trainees from a CSV roster (email,name,organisation,cohort)."""
    report = roster.import_roster(None, path.read_bytes(), dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    for row in report.rows:
        extra = row.reason or (f"password {row.password}" if row.password else "")
        click.echo(f"line {row.line}\t{row.status}\t{row.email}\t{extra}")
    click.echo(f"{report.count('created')} created, {report.count('skipped')} skipped, "
               f"{report.count('refused')} refused" + (" (dry run: nothing saved)" if dry_run else ""))
