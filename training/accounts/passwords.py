"""Password rules and hashing."""
from __future__ import annotations

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from training.exceptions import ServiceError

# A hash of a random password, checked when no account matches, so that a sign-in with an
# unknown email costs the same time as one with a known email.
_DUMMY_HASH: dict[str, str] = {}
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def check_password_rules(password: str) -> None:
    """Refuse a password that breaks the rules, saying why."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password or "") < minimum:
        raise ServiceError(
            _l("The password must be at least {minimum} characters long."),
            field="password", minimum=minimum,
        )
    if password.strip() != password:
        raise ServiceError(_l("The password must not begin or end with a space."), field="password")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; spends the same effort when there is no hash."""
    if not stored_hash:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = generate_password_hash(secrets.token_hex(16), method=method)
        check_password_hash(_DUMMY_HASH[method], password or "")
        return False
    return check_password_hash(stored_hash, password or "")


def generate_password(length: int = 14) -> str:
    """A random password for a new or reset account, easy to read aloud (no 0/O, 1/l/I)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
