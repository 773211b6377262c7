"""Security headers, session lifetime, role checks and rate-limit keys."""
from __future__ import annotations

import time
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, request, session
from flask_login import current_user, logout_user

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def set_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
    if current_user.is_authenticated:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def enforce_session_lifetime():
    """End a signed-in session after the idle time or the maximum lifetime."""
    if not current_user.is_authenticated:
        return
    now = int(time.time())
    started = session.get("started_at", now)
    seen = session.get("seen_at", now)
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    maximum = current_app.config["SESSION_MAX_HOURS"] * 3600
    if now - seen > idle or now - started > maximum:
        logout_user()
        session.clear()
        return
    if now - seen >= 30 or "seen_at" not in session:  # refresh the cookie at most twice a minute
        session["seen_at"] = now
    session.setdefault("started_at", now)


def start_session(locale: str | None) -> None:
    """A fresh session at sign-in: nothing from before survives but the chosen language."""
    session.clear()
    now = int(time.time())
    session["started_at"] = now
    session["seen_at"] = now
    session.permanent = True
    if locale:
        session["lang"] = locale


def roles_required(*roles: str):
    """Allow the view only to signed-in users with one of these roles (403 otherwise)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def safe_next(target: str | None) -> str | None:
    """A local path to go to after sign-in, or None when the target could leave the site."""
    if not target:
        return None
    decoded = target
    for _ in range(3):  # undo layered percent-encoding before judging
        decoded = unquote(decoded)
    if any(ch in decoded for ch in ("\\", "\r", "\n", "\t")) or any(ord(ch) < 32 for ch in decoded):
        return None
    if not decoded.startswith("/") or decoded.startswith("//"):
        return None
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return None
    return target if target == decoded else decoded


def login_account_key() -> str:
    """Rate-limit key for one account: the email typed, normalised."""
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def init_proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-* only from as many proxies as the settings say (none by default)."""
    x_for = app.config.get("PROXY_FIX_X_FOR", 0)
    x_proto = app.config.get("PROXY_FIX_X_PROTO", 0)
    if x_for or x_proto:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto)
