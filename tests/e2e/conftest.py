"""Browser tests: the app served on a free local port, Debian's Chromium driven by Playwright.

`live_server` serves a fresh, migrated SQLite database for each test; create data inside
`with live_server.app.app_context():` (the `live_server.make` factory does that for you).
`page` is a new browser context and page per test. Every test here is marked `e2e`; the
whole folder is skipped, with the reason, when /usr/bin/chromium is missing.
"""
from __future__ import annotations

import os
import shutil
import threading
import uuid
from dataclasses import dataclass

import pytest
from werkzeug.serving import make_server

from training import create_app
from training.extensions import db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@dataclass
class LiveServer:
    url: str
    app: object

    def make(self, kind: str, *args, **kwargs):
        """Create a row through the test Factory inside the app context, and commit."""
        from tests.conftest import Factory

        with self.app.app_context():
            obj = getattr(Factory(), kind)(*args, **kwargs)
            db.session.expunge_all()
            return obj

    def call(self, func, *args, **kwargs):
        """Run func inside the app context (for setting up or checking the database)."""
        with self.app.app_context():
            try:
                return func(*args, **kwargs)
            finally:
                db.session.remove()


@pytest.fixture
def live_server(tmp_path):
    from flask_migrate import upgrade

    from tests.conftest import _base_settings

    settings = _base_settings()
    settings.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.db'}",
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_KEY_PREFIX=f"e2e-{uuid.uuid4().hex}",
    )
    app = create_app(settings)
    with app.app_context():
        upgrade(revision="heads")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = settings["BASE_URL"]
    try:
        yield LiveServer(url=settings["BASE_URL"], app=app)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, email: str, password: str) -> None:
    """Fill the sign-in form as a person would."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
