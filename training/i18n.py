"""Choosing the language of a request and formatting dates in it."""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user

from training.config import LOCALES

LANGUAGE_NAMES = {"az": "Azərbaycanca", "en": "English", "ru": "Русский"}


def select_locale() -> str:
    """?lang= (remembered in the session), then the session, then the user's profile, then
    the browser's Accept-Language, then DEFAULT_LOCALE."""
    asked = request.args.get("lang")
    if asked in LOCALES:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in LOCALES:
        return remembered
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    best = request.accept_languages.best_match(LOCALES)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]
