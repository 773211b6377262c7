"""Each user's home page, and the health check."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from training.accounts import service as accounts
from training.extensions import db
from training.learning import paths as learning_paths
from training.learning import service as learning

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    if current_user.role == "admin":
        return redirect(url_for("admin.index"))
    if current_user.role == "trainer":
        return redirect(url_for("accounts.cohort_list"))
    return render_template("home/trainee.html", cohorts=accounts.cohorts_visible_to(current_user),
                           courses=learning.catalogue(current_user, only_enrolled=True),
                           paths=learning_paths.trainee_paths(current_user))


@bp.route("/health")
def health():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # any failure to reach the database means unavailable
        db.session.rollback()
        return {"status": "unavailable", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}
