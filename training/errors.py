"""Friendly error pages in the user's language, never a stack trace."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back, reload the page and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("There is nothing at this address. Check the link or go to the home page.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("File too large"), _l("The file you sent is larger than the platform accepts.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been recorded; please try again later.")),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if _wants_json():
        return jsonify({"error": str(title), "message": str(detail or message)}), code
    return render_template("errors/error.html", code=code, title=title,
                           message=detail or message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        from flask_babel import gettext as _

        return render_error(400, _("The form had expired or was not sent from this site. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code if error.code in MESSAGES else 400)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        from training.extensions import db

        db.session.rollback()
        return render_error(500)
