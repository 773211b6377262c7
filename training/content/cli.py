"""`flask content check|sync|translations [--root DIR]`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from training.config import ROOT
from training.content.lessons import TRANSLATED
from training.content.loader import Content, collect
from training.extensions import db

content_cli = click.Group("content", help="The curriculum files: check, load, translation status.")

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder holding courses/ and quizzes/ (default: the repository).")


def _collect(root: Path | None) -> Content:
    return collect(root or current_app.config.get("CONTENT_ROOT") or ROOT)


def _print_problems(content: Content) -> None:
    for problem in content.problems.sorted():
        click.echo(str(problem), err=not problem.warning)


@content_cli.command("check")
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. missing translations) as errors.")
@with_appcontext
def check(root, strict):
    """Validate every content file; print problems as path:line: message."""
    content = _collect(root)
    _print_problems(content)
    errors, warnings = len(content.problems.errors), len(content.problems.warnings)
    lessons = sum(len(c.lessons) for c in content.courses.values())
    click.echo(f"{len(content.courses)} courses, {lessons} lessons, {len(content.glossary)} glossary terms: "
               f"{errors} errors, {warnings} warnings")
    if errors or (strict and warnings):
        raise SystemExit(1)


@content_cli.command("sync")
@root_option
@with_appcontext
def sync_command(root):
    """Check, then load courses, lessons and glossary in one transaction."""
    from training.content.sync import sync

    content = _collect(root)
    if not content.ok:
        _print_problems(content)
        click.echo("Nothing was loaded: fix the errors above first.", err=True)
        raise SystemExit(1)
    try:
        result = sync(content)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for line in result.changed:
        click.echo(f"  {line}")
    click.echo(f"Synced {result.summary()}.")


@content_cli.command("translations")
@root_option
@with_appcontext
def translations(root):
    """The hash of every English lesson, and which az/ru translations are missing or stale."""
    content = _collect(root)
    for course in content.courses.values():
        for entry in course.lessons:
            english = entry.english
            if english is None:
                continue
            states = []
            for lang in TRANSLATED:
                file = entry.files.get(lang)
                state = "missing" if file is None else ("complete" if file.source_hash == english.hash else "stale")
                states.append(f"{lang}: {state}")
            click.echo(f"{course.id}/{entry.entry}\t{english.hash}\t" + "\t".join(states))
