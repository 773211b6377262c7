"""Fixtures: the app on each database backend, clients that keep CSRF on, factories, a query counter.

Every test that uses `app` runs on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is
set. Each pytest run creates its own databases (a temporary SQLite file, a fresh PostgreSQL
database named after the run) and drops them at the end; the schema is built by the
migrations, and tables are emptied after each test.
"""
from __future__ import annotations

import os
import re
import secrets
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from training import create_app
from training.config import TestConfig
from training.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("REDIS_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


def pytest_report_header(config):
    lines = ["database backends: " + ", ".join(BACKENDS)
             + ("" if TEST_DATABASE_URL else " (set TEST_DATABASE_URL to run PostgreSQL too)")]
    lines.append("rate-limit store: " + ("redis" if REDIS_URL else "memory"))
    return lines


# ----- one database per backend and per run ------------------------------------------------

def _postgres_admin_url() -> sa.URL:
    url = make_url(TEST_DATABASE_URL)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    """{backend: url} of databases made for this run, migrated to head; dropped at the end."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    created = None
    if TEST_DATABASE_URL:
        admin_url = _postgres_admin_url()
        name = f"training_test_{os.getpid()}_{secrets.token_hex(3)}"
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        created = (admin_url, name)
        urls["postgresql"] = admin_url.set(database=name).render_as_string(hide_password=False)
    for url in urls.values():
        _migrate(url)
    yield urls
    if created:
        admin_url, name = created
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({**_base_settings(), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


def _base_settings() -> dict:
    """TestConfig as a mapping, with rate-limit counters of its own for each app.

    The limiter is one object for the process and keeps the first app's key prefix, so it
    is cleared here; otherwise every test app would count against the same Redis keys.
    """
    from training.extensions import limiter

    limiter._key_prefix = ""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["RATELIMIT_STORAGE_URI"] = REDIS_URL or "memory://"
    settings["RATELIMIT_KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    return settings


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def app(backend, database_urls):
    application = create_app({**_base_settings(), "SQLALCHEMY_DATABASE_URI": database_urls[backend]})
    application.test_client_class = BrowserClient
    with application.app_context():
        yield application
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


# ----- clients that behave like a browser, CSRF on ------------------------------------------

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class BrowserClient(FlaskClient):
    """A test client that fetches a page's CSRF token the way a browser form would.

    Each request runs in an app context of its own, as in production: nothing cached on
    `g` (the signed-in user, the CSRF token) leaks from one request into the next. The
    test's own transaction is committed first, as a separate process's would be, so that
    the request sees the test's data and SQLite's write lock is free.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self, path: str = "/login") -> str:
        html = self.get(path).get_data(as_text=True)
        match = CSRF_RE.search(html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post_form(self, path: str, data: dict | None = None, token_from: str | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(token_from or path))
        return self.post(path, data=data, **kwargs)

    def login(self, email: str, password: str, **kwargs):
        return self.post_form("/login", {"email": email, "password": password}, **kwargs)

    def logout(self):
        return self.post_form("/logout", token_from="/profile")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ----- factories ---------------------------------------------------------------------------

PASSWORD = "correct-horse-42"


class Factory:
    """Plain helpers that create rows through the services, as the app does."""

    def __init__(self):
        self.counter = 0

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def organisation(self, slug: str | None = None, name: str | None = None):
        from training.accounts import service

        n = self._next()
        org = service.create_organisation(None, slug or f"org-{n}", name or f"Organisation {n}")
        db.session.commit()
        return org

    def cohort(self, slug: str | None = None, organisation=None, trainers=(), name: str | None = None):
        from training.accounts import service

        n = self._next()
        cohort = service.create_cohort(None, slug or f"cohort-{n}", name or f"Cohort {n}",
                                       organisation or self.organisation(), list(trainers))
        db.session.commit()
        return cohort

    def user(self, role: str = "trainee", email: str | None = None, name: str | None = None,
             organisation=None, cohorts=(), password: str = PASSWORD, locale: str | None = None):
        from training.accounts import service

        n = self._next()
        user = service.create_user(None, email or f"{role}{n}@example.org", name or f"{role.title()} {n}",
                                   role, organisation=organisation, cohorts=list(cohorts),
                                   password=password, locale=locale)
        db.session.commit()
        return user


@pytest.fixture
def make(app):
    return Factory()


@pytest.fixture
def login_as(app, make):
    """login_as(role) -> (client, user): a fresh signed-in client for a new user of that role."""
    def _login(role: str = "trainee", **kwargs):
        user = kwargs.pop("user", None) or make.user(role, **kwargs)
        client = app.test_client()
        response = client.login(user.email, PASSWORD)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client, user
    return _login


# ----- counting SQL statements -------------------------------------------------------------

class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """with count_queries() as counter: ... ; counter.count is the number of SQL statements run."""
    @contextmanager
    def _count():
        counter = QueryCounter()

        def listener(_conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
                counter.statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)
    return _count
