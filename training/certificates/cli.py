"""`flask certificates issue|revoke|list|verify`."""
from __future__ import annotations

import json
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l

from training.accounts import service as accounts
from training.accounts.models import Cohort, cohort_trainees
from training.certificates import cohort as cohorts
from training.certificates import service
from training.certificates.models import Certificate
from training.certificates.verify import VALID, trusted_from_issuer_document, verify
from training.cli_support import command_errors
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.enrolment import course_by_id
from training.learning.models import CohortCourse

certificates_cli = click.Group("certificates", help="Issue, revoke, list and verify certificates.")


@certificates_cli.command("issue")
@click.option("--course", "course_id", required=True, help="Course id (its folder name).")
@click.option("--cohort", "cohort_slug", help="Only this cohort (default: every cohort the course is assigned to).")
@with_appcontext
@command_errors
def issue(course_id, cohort_slug):
    """Issue the course's certificate to every trainee who meets its conditions."""
    course = course_by_id(course_id)
    if cohort_slug:
        targets = [accounts.cohort_by_slug(cohort_slug)]
    else:
        targets = list(db.session.scalars(sa.select(Cohort).join(CohortCourse, CohortCourse.cohort_id == Cohort.id)
                                          .where(CohortCourse.course_id == course.id).order_by(Cohort.slug)))
    total = 0
    for target in targets:
        report = cohorts.issue_for_cohort(None, target, course)
        db.session.commit()
        total += len(report.issued)
        click.echo(f"{target.slug}: {len(report.issued)} issued, {report.existing} already issued, "
                   f"{len(report.not_met)} not met, {len(report.revoked)} revoked (re-issue one by one)")
        for cert in report.issued:
            click.echo(f"  {cert.code}  {cert.serial}  {cert.trainee_name}")
    click.echo(f"{total} certificate(s) issued.")


@certificates_cli.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why it is revoked (shown on the verification page).")
@with_appcontext
@command_errors
def revoke(code, reason):
    """Revoke a certificate by its verification code."""
    cert = service.by_code(code)
    if cert is None:
        raise ServiceError(_l("No certificate has the code {code}."), code=code)
    service.revoke(None, cert, reason)
    db.session.commit()
    click.echo(f"Revoked {cert.serial} ({cert.trainee_name}).")


@certificates_cli.command("list")
@click.option("--course", "course_id", help="Only this course.")
@click.option("--cohort", "cohort_slug", help="Only trainees of this cohort.")
@with_appcontext
@command_errors
def list_(course_id, cohort_slug):
    """One line per certificate: code, serial, status, trainee name, course (or path:<id>)."""
    query = sa.select(Certificate).order_by(Certificate.serial)
    if course_id:
        query = query.where(Certificate.course_id == course_by_id(course_id).id)
    if cohort_slug:
        cohort = accounts.cohort_by_slug(cohort_slug)
        query = query.join(cohort_trainees, sa.and_(cohort_trainees.c.user_id == Certificate.user_id,
                                                    cohort_trainees.c.cohort_id == cohort.id))
    for cert in db.session.scalars(query):
        click.echo("\t".join([cert.code, cert.serial, cert.status, cert.trainee_name,
                               cert.course_id or f"path:{cert.path_id}"]))


def _read_json(path: Path, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServiceError(_l("Cannot read the {what} {path}: {reason}"), what=what, path=str(path),
                           reason=exc.__class__.__name__) from None


@certificates_cli.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--issuer", "issuer_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The issuer document (/issuer.json) to take the public key from; default: this platform's key.")
@click.option("--status-list", "status_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A saved status list (/certificates/status/1.json); default: this platform's database.")
@with_appcontext
@command_errors
def verify_command(file, issuer_file, status_file):
    """Check a downloaded credential offline: valid, tampered, revoked (as of the last status list) or not."""
    doc = _read_json(file, "credential")
    trusted = (trusted_from_issuer_document(_read_json(issuer_file, "issuer document")) if issuer_file
               else [service.platform_issuer()])
    if not trusted:
        raise ServiceError(_l("The issuer document holds no usable key."))
    status = None
    if status_file:
        status = _read_json(status_file, "status list")
    else:
        try:
            status = service.status_list_credential()
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
    outcome = verify(doc, trusted, status)
    claims = outcome.claims
    if claims is not None:
        click.echo(f"{claims.name} — {claims.course} ({claims.hours:g} h), completed {claims.completed_on}"
                   if claims.hours is not None else f"{claims.name} — {claims.course}")
    if outcome.state == VALID:
        click.echo(f"valid (status list as of {outcome.status_as_of})")
        return
    if outcome.state == "revoked":
        click.echo(f"revoked (as of the status list of {outcome.status_as_of})")
    else:
        click.echo(f"{outcome.state}: {outcome.reason}")
    raise SystemExit(1)
