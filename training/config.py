"""Settings read from the environment (DESIGN.md section 4)."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
LOCALES = ("az", "en", "ru")


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _secret_key() -> str | None:
    """SECRET_KEY from the environment, else the file `make run` generates in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = INSTANCE / "secret_key"
    if path.exists():
        return path.read_text().strip() or None
    return None


class Config:
    ENV_NAME = os.environ.get("TRAINING_ENV", "production")
    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'training.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")

    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "az")
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Asia/Baku")
    LANGUAGES = LOCALES

    # Sessions: signed cookie, ended by idle time, maximum lifetime or a session-version bump.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 120)
    SESSION_MAX_HOURS = _int("SESSION_MAX_HOURS", 12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_MAX_HOURS)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    # Behind a reverse proxy: how many proxies set X-Forwarded-For / -Proto. 0 trusts none.
    PROXY_FIX_X_FOR = _int("PROXY_FIX_X_FOR", 0)
    PROXY_FIX_X_PROTO = _int("PROXY_FIX_X_PROTO", 0)

    # Login throttling (flask-limiter). Per account counts failures only; per address counts all.
    LOGIN_ACCOUNT_LIMIT = os.environ.get("LOGIN_ACCOUNT_LIMIT", "5 per 15 minutes")
    LOGIN_ADDRESS_LIMIT = os.environ.get("LOGIN_ADDRESS_LIMIT", "120 per minute")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "training")
    RATELIMIT_HEADERS_ENABLED = True

    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # uploads (CSV rosters) are small
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    ITEMS_PER_PAGE = 50


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashing keeps the suite quick
    RATELIMIT_KEY_PREFIX = "test"
    BASE_URL = "http://localhost"


def config_for_environment() -> type[Config]:
    """The config class TRAINING_ENV names (production unless told otherwise)."""
    name = os.environ.get("TRAINING_ENV", "production")
    return {"development": DevelopmentConfig, "testing": TestConfig}.get(name, Config)
