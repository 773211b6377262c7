"""Signing in and out, the profile, and the language switcher."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from training.accounts import service
from training.accounts.models import Cohort
from training.accounts.forms import LoginForm, PasswordChangeForm, ProfileForm
from training.config import LOCALES
from training.exceptions import ServiceError
from training.extensions import db, limiter
from training.security import login_account_key, roles_required, safe_next, start_session

bp = Blueprint("accounts", __name__)


def _login_failed(response) -> bool:
    """Only failed sign-ins count against the per-account limit."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_ADDRESS_LIMIT"], methods=["POST"],
               scope="login-address")
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_LIMIT"], methods=["POST"],
               key_func=login_account_key, deduct_when=_login_failed, scope="login-account")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            chosen = session.get("lang")
            if chosen in LOCALES:
                service.set_locale(user, chosen)
            db.session.commit()
            start_session(user.locale or chosen)
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
        db.session.rollback()
        flash(_("The email or password is not correct, or the account is not active."), "error")
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        service.end_sessions(current_user)
        db.session.commit()
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/language", methods=["POST"])
def language():
    """The switcher: remembered in the session, and in the profile of a signed-in user."""
    locale = request.form.get("lang")
    if locale in LOCALES:
        session["lang"] = locale
        if current_user.is_authenticated:
            service.set_locale(current_user, locale)
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, prefix="profile")
    password_form = PasswordChangeForm(prefix="password")
    if form.validate_on_submit():
        try:
            current_user.name = service.check_name(form.name.data)
            service.set_locale(current_user, form.locale.data)
            session["lang"] = form.locale.data
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form)


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    form = ProfileForm(obj=current_user, prefix="profile")
    password_form = PasswordChangeForm(prefix="password")
    if password_form.validate_on_submit():
        try:
            user = service.change_own_password(current_user._get_current_object(),
                                               password_form.current_password.data,
                                               password_form.password.data)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            target = password_form.current_password if exc.field == "current_password" else password_form.password
            target.errors = list(target.errors) + [str(exc)]
        else:
            # Every other session has ended; this one goes on with the new version.
            lang = session.get("lang")
            start_session(lang)
            login_user(user)
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form), 400


@bp.route("/cohorts/")
@roles_required("trainer", "admin")
def cohort_list():
    cohorts = service.cohorts_visible_to(current_user)
    counts = service.trainee_counts([c.id for c in cohorts])
    return render_template("accounts/cohorts.html", cohorts=cohorts, counts=counts)


@bp.route("/cohorts/<slug>/")
@roles_required("trainer", "admin")
def cohort_detail(slug: str):
    cohort = db.first_or_404(sa.select(Cohort).where(Cohort.slug == slug))
    if not service.can_manage_cohort(current_user, cohort):
        abort(403)
    trainees = service.cohort_roster(cohort)
    return render_template("accounts/cohort.html", cohort=cohort, trainees=trainees)
