"""The application factory: a table of contents of the platform."""
from __future__ import annotations

from typing import Any

from flask import Flask

from training.config import INSTANCE, ROOT, config_for_environment


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    """Build the app; `config` is a config class or a mapping that overrides the environment."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE),
    )
    configure(app, config)
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def configure(app: Flask, config) -> None:
    """Settings from the environment, then the override; refuse to run without a secret."""
    base = config if isinstance(config, type) else config_for_environment()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    env = app.config.get("ENV_NAME")
    if not app.config.get("SECRET_KEY"):
        if env in ("development", "testing") or app.config.get("TESTING"):
            app.config["SECRET_KEY"] = "development-only-secret"
        else:
            raise RuntimeError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
                "value (or run `make run`, which generates one into instance/)."
            )
    storage = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
    app.config["RATELIMIT_STORAGE_URI"] = storage


def register_extensions(app: Flask) -> None:
    """Bind the extension objects, the database settings and the login loader."""
    from training.accounts.service import load_session_user
    from training.db import configure_sqlite
    from training.extensions import babel, csrf, db, limiter, login_manager, migrate
    from training.i18n import select_locale
    from training.security import init_proxy_fix

    init_proxy_fix(app)
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, render_as_batch=True, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_user)
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to see this page.")


def register_request_hooks(app: Flask) -> None:
    from training.security import enforce_session_lifetime, set_security_headers

    app.before_request(enforce_session_lifetime)
    app.after_request(set_security_headers)


def register_blueprints(app: Flask) -> None:
    """Every feature's blueprint: the only place that knows them all."""
    from training.accounts.views import bp as accounts_bp
    from training.admin.views import bp as admin_bp
    from training.attendance.views import bp as attendance_bp
    from training.audit.views import bp as audit_bp
    from training.certificates.views import bp as certificates_bp
    from training.home.views import bp as home_bp
    from training.learning.views import bp as learning_bp
    from training.quizzes.views import bp as quizzes_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(audit_bp, url_prefix="/admin/audit")
    app.register_blueprint(learning_bp)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(certificates_bp)


def register_error_handlers(app: Flask) -> None:
    from training.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """The `flask` command groups of every feature."""
    from training.accounts.cli import cohorts_cli, orgs_cli, users_cli
    from training.attendance.cli import sessions_cli
    from training.audit.cli import audit_cli
    from training.certificates.cli import certificates_cli
    from training.content.cli import content_cli
    from training.demo.cli import demo_cli
    from training.learning.cli import enrol  # noqa: F401  (adds `flask cohorts enrol` and `assign-path`)
    from training.quizzes.cli import quizzes_cli

    for group in (orgs_cli, cohorts_cli, users_cli, audit_cli, content_cli, quizzes_cli, sessions_cli,
                  certificates_cli, demo_cli):
        app.cli.add_command(group)


def register_template_helpers(app: Flask) -> None:
    from training.templating import register

    register(app)
