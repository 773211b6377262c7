"""`flask quizzes close-overdue | regrade | import-gift | export-gift`."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from training.cli_support import command_errors
from training.config import ROOT
from training.exceptions import ServiceError
from training.extensions import db

quizzes_cli = click.Group("quizzes", help="Quizzes: close overdue attempts, regrade, GIFT import and export.")


@quizzes_cli.command("close-overdue")
@with_appcontext
@command_errors
def close_overdue_command():
    """Grade every attempt whose time is up (safe to run from cron)."""
    from training.quizzes.attempts import close_overdue

    n = close_overdue()
    db.session.commit()
    click.echo(f"{n} overdue attempts closed.")


@quizzes_cli.command("regrade")
@click.argument("quiz_id")
@with_appcontext
@command_errors
def regrade_command(quiz_id):
    """Mark every graded attempt of a quiz again against the current keys; each change is audited."""
    from training.quizzes.grading import regrade_quiz
    from training.quizzes.service import get_quiz

    quiz = get_quiz(quiz_id)
    if quiz is None:
        raise ServiceError("There is no quiz {quiz}.", quiz=quiz_id)
    changes = regrade_quiz(None, quiz)
    db.session.commit()
    for attempt, old, new in changes:
        click.echo(f"attempt {attempt.id} ({attempt.user.email}): {old} -> {new}")
    click.echo(f"{len(changes)} attempts regraded.")


@quizzes_cli.command("import-gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quiz", "quiz_id", required=True, help="Id of the quiz the bank is for.")
@click.option("--course", required=True, help="Id of the course the quiz closes.")
@click.option("--lang", default="en", type=click.Choice(["en", "az", "ru"]), help="Language of the file.")
@click.option("--source", default=None, help="Source for questions that name none.")
@click.option("--lesson", default=None, help="Lesson section (lesson-id#anchor) for questions that name none.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Bank file to write (default quizzes/<quiz>.yml).")
@click.option("--db", "to_db", is_flag=True, help="Load into the database instead of writing a file.")
@click.option("--force", is_flag=True, help="Overwrite an existing bank file.")
@with_appcontext
@command_errors
def import_gift_command(file, quiz_id, course, lang, source, lesson, out, to_db, force):
    """Import a Moodle GIFT file; the whole file is refused, with line numbers, on any error."""
    from training.quizzes.importing import GiftRefused, import_gift

    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError("The file is not UTF-8.") from None
    target = None if to_db else (out or ROOT / "quizzes" / f"{quiz_id}.yml")
    if target is not None and target.exists() and not force:
        raise ServiceError("{path} exists; use --force to overwrite it.", path=str(target))
    try:
        bank_text, quiz = import_gift(text, quiz_id, course, lang, source, lesson, to_db=to_db)
    except GiftRefused as exc:
        for line in exc.lines:
            click.echo(f"{file}:{line}", err=True)
        raise SystemExit(1) from None
    if to_db:
        db.session.commit()
        click.echo(f"Quiz {quiz.id} loaded into the database.")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bank_text, encoding="utf-8")
        click.echo(f"Wrote {target}.")


@quizzes_cli.command("export-gift")
@click.argument("quiz_id")
@click.option("--lang", default="en", type=click.Choice(["en", "az", "ru"]))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File (default: stdout).")
@with_appcontext
@command_errors
def export_gift_command(quiz_id, lang, out):
    """Write a quiz's questions as GIFT in one language."""
    from training.quizzes.importing import export_quiz

    text = export_quiz(quiz_id, lang)
    if text is None:
        raise ServiceError("There is no quiz {quiz}.", quiz=quiz_id)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
