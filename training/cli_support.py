"""What every command shares: refusals as one line and a non-zero exit, never a traceback."""
from __future__ import annotations

from functools import wraps

import click
from flask_babel import force_locale

from training.exceptions import ServiceError
from training.extensions import db


def command_errors(func):
    """Run the command in English; turn a ServiceError into `Error: ...` and exit status 1."""
    @wraps(func)
    def wrapped(*args, **kwargs):
        with force_locale("en"):
            try:
                return func(*args, **kwargs)
            except ServiceError as exc:
                db.session.rollback()
                raise click.ClickException(str(exc)) from None
    return wrapped
