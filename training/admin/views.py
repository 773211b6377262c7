"""Administrators manage organisations, cohorts and accounts here."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.accounts import roster, service
from training.accounts.models import Cohort, Organisation, User
from training.accounts.passwords import generate_password
from training.admin.forms import (ConfirmForm, CohortForm, OrganisationForm, PasswordResetForm,
                                  RosterImportForm, UserForm)
from training.exceptions import ServiceError
from training.extensions import db
from training.security import roles_required

bp = Blueprint("admin", __name__)


@bp.before_request
@roles_required("admin")
def _admins_only():
    return None


def _fail(form, exc: ServiceError) -> None:
    """Show a refusal under the field it concerns, or above the form."""
    db.session.rollback()
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(exc)]
    else:
        flash(str(exc), "error")


@bp.route("/")
def index():
    counts = dict(db.session.execute(sa.select(User.role, sa.func.count()).where(
        User.is_active_account.is_(True)).group_by(User.role)).all())
    return render_template("admin/index.html", counts=counts,
                           organisations=db.session.scalar(sa.select(sa.func.count(Organisation.id))),
                           cohorts=db.session.scalar(sa.select(sa.func.count(Cohort.id))))


# ----- organisations ---------------------------------------------------------------------

@bp.route("/organisations/", methods=["GET", "POST"])
def organisations():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = service.create_organisation(current_user, form.slug.data, form.name.data)
            db.session.commit()
        except ServiceError as exc:
            _fail(form, exc)
        else:
            flash(_("Organisation “%(name)s” created.", name=org.name), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisations.html", form=form, rows=service.list_organisations())


@bp.route("/organisations/<slug>/", methods=["GET", "POST"])
def organisation_edit(slug: str):
    org = db.first_or_404(sa.select(Organisation).where(Organisation.slug == slug))
    form = OrganisationForm(obj=org)
    form.slug.data = org.slug
    if form.validate_on_submit():
        try:
            service.update_organisation(current_user, org, form.name.data)
            db.session.commit()
        except ServiceError as exc:
            _fail(form, exc)
        else:
            flash(_("Organisation saved."), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_edit.html", form=form, org=org,
                           cohorts=service.list_cohorts(org.id))


# ----- cohorts ---------------------------------------------------------------------------

def _cohort_choices(form: CohortForm) -> None:
    form.organisation.choices = [(o.id, o.name) for o, _c, _u in service.list_organisations()]
    trainers = db.session.scalars(sa.select(User).where(
        User.role.in_(("trainer", "admin")), User.is_active_account.is_(True)).order_by(User.name))
    form.trainers.choices = [(u.id, f"{u.name} <{u.email}>") for u in trainers]


def _users_by_id(ids) -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids or [])))) if ids else []


@bp.route("/cohorts/", methods=["GET", "POST"])
def cohorts():
    form = CohortForm()
    _cohort_choices(form)
    if form.validate_on_submit():
        try:
            cohort = service.create_cohort(current_user, form.slug.data, form.name.data,
                                           db.get_or_404(Organisation, form.organisation.data),
                                           _users_by_id(form.trainers.data))
            db.session.commit()
        except ServiceError as exc:
            _fail(form, exc)
        else:
            flash(_("Cohort “%(name)s” created.", name=cohort.name), "success")
            return redirect(url_for("admin.cohorts"))
    cohorts = service.list_cohorts()
    return render_template("admin/cohorts.html", form=form, cohorts=cohorts,
                           counts=service.trainee_counts([c.id for c in cohorts]))


@bp.route("/cohorts/<slug>/", methods=["GET", "POST"])
def cohort_edit(slug: str):
    cohort = db.first_or_404(sa.select(Cohort).where(Cohort.slug == slug))
    form = CohortForm(data={"slug": cohort.slug, "name": cohort.name, "organisation": cohort.organisation_id,
                            "trainers": [u.id for u in cohort.trainers]})
    _cohort_choices(form)
    form.slug.data = cohort.slug
    if form.validate_on_submit():
        try:
            service.update_cohort(current_user, cohort, form.name.data,
                                  db.get_or_404(Organisation, form.organisation.data),
                                  _users_by_id(form.trainers.data))
            db.session.commit()
        except ServiceError as exc:
            _fail(form, exc)
        else:
            flash(_("Cohort saved."), "success")
            return redirect(url_for("admin.cohorts"))
    return render_template("admin/cohort_edit.html", form=form, cohort=cohort,
                           trainees=service.cohort_roster(cohort))


# ----- users -----------------------------------------------------------------------------

def _user_choices(form: UserForm) -> None:
    form.organisation.choices = [(0, "—")] + [(o.id, o.name) for o, _c, _u in service.list_organisations()]
    form.cohorts.choices = [(c.id, f"{c.name} ({c.organisation.name})") for c in service.list_cohorts()]


def _form_org_and_cohorts(form: UserForm):
    org = db.session.get(Organisation, form.organisation.data) if form.organisation.data else None
    groups = list(db.session.scalars(sa.select(Cohort).where(Cohort.id.in_(form.cohorts.data or []))))
    return org, groups


@bp.route("/users/")
def users():
    args = request.args
    active = {"yes": True, "no": False}.get(args.get("active", ""))
    filters = service.UserFilter(q=args.get("q") or None, role=args.get("role") or None,
                                 organisation_id=args.get("organisation", type=int) or None,
                                 cohort_id=args.get("cohort", type=int) or None, active=active)
    page = service.search_users(filters, page=args.get("page", 1, type=int))
    return render_template("admin/users.html", page=page, filters=filters, args=args,
                           organisations=[o for o, _c, _u in service.list_organisations()],
                           cohorts=service.list_cohorts())


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    _user_choices(form)
    if form.validate_on_submit():
        org, groups = _form_org_and_cohorts(form)
        password = form.password.data or generate_password()
        try:
            user = service.create_user(current_user, form.email.data, form.name.data, form.role.data,
                                       organisation=org, cohorts=groups, password=password)
            db.session.commit()
        except ServiceError as exc:
            _fail(form, exc)
        else:
            return render_template("admin/password_shown.html", user=user,
                                   password=None if form.password.data else password, created=True)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(data={"email": user.email, "name": user.name, "role": user.role,
                          "organisation": user.organisation_id or 0, "cohorts": [c.id for c in user.cohorts]})
    _user_choices(form)
    if form.validate_on_submit():
        org, groups = _form_org_and_cohorts(form)
        try:
            service.update_user(current_user, user, form.email.data, form.name.data, form.role.data,
                                org, groups)
            db.session.commit()
        except ServiceError as exc:
            _fail(form, exc)
        else:
            flash(_("Account saved."), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=user,
                           reset_form=PasswordResetForm(), confirm=ConfirmForm())


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
def user_deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.route("/users/<int:user_id>/activate", methods=["POST"])
def user_activate(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            service.set_active(current_user, user, active)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("The account is active again.") if active else
                  _("The account has been deactivated and signed out everywhere."), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def user_reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        password = form.password.data or generate_password()
        try:
            service.set_password(current_user, user, password)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            return render_template("admin/password_shown.html", user=user,
                                   password=None if form.password.data else password, created=False)
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/import", methods=["GET", "POST"])
def user_import():
    form = RosterImportForm()
    report = None
    if form.validate_on_submit():
        try:
            report = roster.import_roster(current_user, form.file.data.read(), dry_run=form.dry_run.data)
            if not form.dry_run.data:
                db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            form.file.errors = list(form.file.errors) + [str(exc)]
    return render_template("admin/import.html", form=form, report=report,
                           dry_run=bool(form.dry_run.data))
