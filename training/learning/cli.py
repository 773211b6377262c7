"""`flask cohorts enrol COHORT COURSE` and `flask cohorts assign-path COHORT PATH`.

Attached to the accounts' `cohorts` group (learning stands above it).
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from training.accounts import service as accounts
from training.accounts.cli import cohorts_cli
from training.cli_support import command_errors
from training.extensions import db
from training.learning import enrolment, paths


@cohorts_cli.command("enrol")
@click.argument("cohort")
@click.argument("course")
@with_appcontext
@command_errors
def enrol(cohort, course):
    """Assign a course to a cohort: its trainees, now and later, are enrolled."""
    group = accounts.cohort_by_slug(cohort)
    found = enrolment.course_by_id(course)
    added = enrolment.assign_course(None, group, found)
    db.session.commit()
    if added:
        click.echo(f"enrolled cohort {group.slug} in course {found.id}")
    else:
        click.echo(f"cohort {group.slug} was already enrolled in course {found.id}")


@cohorts_cli.command("assign-path")
@click.argument("cohort")
@click.argument("path")
@with_appcontext
@command_errors
def assign_path(cohort, path):
    """Assign a learning path to a cohort: it is enrolled in every course of the path."""
    group = accounts.cohort_by_slug(cohort)
    found = paths.path_by_id(path)
    enrolled = paths.assign_path(None, group, found)
    db.session.commit()
    courses = ", ".join(enrolled) or "none"
    click.echo(f"assigned path {found.id} to cohort {group.slug}; newly enrolled in: {courses}")
