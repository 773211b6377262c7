"""What every template can use: the language switcher, dates in the user's language."""
from __future__ import annotations

import json

from flask import Flask, request
from flask_babel import format_date, format_datetime, get_locale

from training.accounts.labels import role_label
from training.config import LOCALES
from training.i18n import LANGUAGE_NAMES


def register(app: Flask) -> None:
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = (
        lambda value, fmt="medium": format_datetime(value, fmt) if value else "")
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.filters["json_text"] = (
        lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True) if value else "")

    @app.context_processor
    def language_context():
        return {
            "current_locale": str(get_locale()),
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LOCALES],
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
