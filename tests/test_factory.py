"""The app factory, the settings and the health check."""
import pytest

from training import create_app
from training.config import Config


def test_refuses_to_start_without_secret_key_outside_development(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)

    class Production(Config):
        SECRET_KEY = None
        ENV_NAME = "production"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_starts_with_a_secret_key():
    class Production(Config):
        SECRET_KEY = "x" * 40
        ENV_NAME = "production"
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    assert create_app(Production).config["SECRET_KEY"] == "x" * 40


def test_health_reports_database_ok(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_reports_database_unavailable():
    class Broken(Config):
        SECRET_KEY = "x" * 40
        SQLALCHEMY_DATABASE_URI = "sqlite:////nonexistent-dir/nowhere/db.sqlite"

    app = create_app(Broken)
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_sqlite_runs_in_wal_with_foreign_keys(app, backend):
    if backend != "sqlite":
        pytest.skip("SQLite pragmas")
    from training.extensions import db

    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
