"""Accounts, organisations and cohorts: the rules, with no request objects.

Every function takes the acting user as an argument, flushes rather than commits (the
caller commits once) and writes an audit entry for changes to roles and accounts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from training.accounts.models import ROLES, Cohort, Organisation, User
from training.accounts.passwords import check_password_rules, hash_password, verify_password
from training.audit import service as audit
from training.config import LOCALES
from training.db import now_utc
from training.exceptions import ServiceError
from training.extensions import db

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")


# ----- small validators -------------------------------------------------------------------

def normalise_email(email: str) -> str:
    """Lower-cased, trimmed and syntactically valid, or a ServiceError."""
    email = (email or "").strip()
    try:
        result = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise ServiceError(_l("'{email}' is not a valid email address."), field="email", email=email)
    return result.normalized.lower()


def check_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not SLUG_RE.match(slug):
        raise ServiceError(
            _l("'{slug}' is not a valid short name: use 2-64 lower-case letters, digits and hyphens."),
            field="slug", slug=slug,
        )
    return slug


def check_name(name: str, field: str = "name") -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError(_l("A name is required."), field=field)
    if len(name) > 200:
        raise ServiceError(_l("The name is too long (200 characters at most)."), field=field)
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ServiceError(
            _l("Unknown role '{role}': use trainee, trainer or admin."), field="role", role=role
        )
    return role


# ----- look-ups --------------------------------------------------------------------------

def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == (email or "").strip().lower()))


def organisation_by_slug(slug: str) -> Organisation:
    org = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise ServiceError(_l("No organisation with the short name '{slug}'."), field="organisation", slug=slug)
    return org


def cohort_by_slug(slug: str) -> Cohort:
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.slug == slug))
    if cohort is None:
        raise ServiceError(_l("No cohort with the short name '{slug}'."), field="cohort", slug=slug)
    return cohort


def list_organisations() -> list[tuple[Organisation, int, int]]:
    """Every organisation with its number of cohorts and of active users, in two queries' worth."""
    cohorts = (
        sa.select(sa.func.count(Cohort.id)).where(Cohort.organisation_id == Organisation.id)
        .correlate(Organisation).scalar_subquery()
    )
    users = (
        sa.select(sa.func.count(User.id))
        .where(User.organisation_id == Organisation.id, User.is_active_account.is_(True))
        .correlate(Organisation).scalar_subquery()
    )
    rows = db.session.execute(sa.select(Organisation, cohorts, users).order_by(Organisation.name))
    return [(org, n_cohorts, n_users) for org, n_cohorts, n_users in rows]


def list_cohorts(organisation_id: int | None = None) -> list[Cohort]:
    query = (
        sa.select(Cohort)
        .options(so.joinedload(Cohort.organisation), so.selectinload(Cohort.trainers))
        .order_by(Cohort.name)
    )
    if organisation_id:
        query = query.where(Cohort.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def cohorts_visible_to(user: User) -> list[Cohort]:
    """Admins see every cohort, trainers those they teach, trainees their own."""
    query = sa.select(Cohort).options(so.joinedload(Cohort.organisation)).order_by(Cohort.name)
    if user.role == "trainer":
        query = query.where(Cohort.trainers.any(User.id == user.id))
    elif user.role == "trainee":
        query = query.where(Cohort.trainees.any(User.id == user.id))
    return list(db.session.scalars(query))


def trainee_counts(cohort_ids: list[int]) -> dict[int, int]:
    """Number of active trainees per cohort, in one query."""
    from training.accounts.models import cohort_trainees

    if not cohort_ids:
        return {}
    rows = db.session.execute(
        sa.select(cohort_trainees.c.cohort_id, sa.func.count())
        .join(User, User.id == cohort_trainees.c.user_id)
        .where(cohort_trainees.c.cohort_id.in_(cohort_ids), User.is_active_account.is_(True))
        .group_by(cohort_trainees.c.cohort_id)
    )
    return dict(rows.all())


def can_manage_cohort(user: User, cohort: Cohort) -> bool:
    if user.role == "admin":
        return True
    if user.role == "trainer":
        return db.session.scalar(
            sa.select(sa.literal(True)).where(Cohort.id == cohort.id, Cohort.trainers.any(User.id == user.id))
        ) is True
    return False


@dataclass
class UserFilter:
    q: str | None = None
    role: str | None = None
    organisation_id: int | None = None
    cohort_id: int | None = None
    active: bool | None = None


def search_users(filters: UserFilter, page: int = 1, per_page: int = 50):
    query = sa.select(User).options(so.joinedload(User.organisation)).order_by(User.name, User.id)
    if filters.q:
        query = query.where(
            sa.or_(User.name.icontains(filters.q, autoescape=True),
                   User.email.icontains(filters.q, autoescape=True))
        )
    if filters.role:
        query = query.where(User.role == filters.role)
    if filters.organisation_id:
        query = query.where(User.organisation_id == filters.organisation_id)
    if filters.cohort_id:
        query = query.where(
            sa.or_(User.cohorts.any(Cohort.id == filters.cohort_id),
                   User.teaching.any(Cohort.id == filters.cohort_id))
        )
    if filters.active is not None:
        query = query.where(User.is_active_account.is_(filters.active))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


# ----- organisations and cohorts -----------------------------------------------------------

def create_organisation(actor: User | None, slug: str, name: str) -> Organisation:
    slug = check_slug(slug)
    name = check_name(name)
    if db.session.scalar(sa.select(Organisation.id).where(Organisation.slug == slug)):
        raise ServiceError(_l("An organisation with the short name '{slug}' already exists."), field="slug", slug=slug)
    org = Organisation(slug=slug, name=name)
    db.session.add(org)
    db.session.flush()
    audit.record(actor, "organisation.create", "organisation", org.id, after={"slug": slug, "name": name})
    return org


def update_organisation(actor: User | None, org: Organisation, name: str) -> Organisation:
    name = check_name(name)
    if name != org.name:
        audit.record(actor, "organisation.update", "organisation", org.id,
                     before={"name": org.name}, after={"name": name})
        org.name = name
        db.session.flush()
    return org


def _trainers(emails_or_users) -> list[User]:
    trainers = []
    for item in emails_or_users:
        user = item if isinstance(item, User) else user_by_email(item)
        if user is None:
            raise ServiceError(_l("No user with the email '{email}'."), field="trainers", email=item)
        if user.role not in ("trainer", "admin"):
            raise ServiceError(
                _l("{email} is not a trainer: only trainers and administrators can lead a cohort."),
                field="trainers", email=user.email,
            )
        trainers.append(user)
    return trainers


def create_cohort(actor: User | None, slug: str, name: str, organisation: Organisation | str,
                  trainers=()) -> Cohort:
    slug = check_slug(slug)
    name = check_name(name)
    org = organisation if isinstance(organisation, Organisation) else organisation_by_slug(organisation)
    leaders = _trainers(trainers)
    if db.session.scalar(sa.select(Cohort.id).where(Cohort.slug == slug)):
        raise ServiceError(_l("A cohort with the short name '{slug}' already exists."), field="slug", slug=slug)
    cohort = Cohort(slug=slug, name=name, organisation=org, trainers=leaders)
    db.session.add(cohort)
    db.session.flush()
    audit.record(actor, "cohort.create", "cohort", cohort.id, after={
        "slug": slug, "name": name, "organisation": org.slug, "trainers": [u.email for u in leaders],
    })
    return cohort


def update_cohort(actor: User | None, cohort: Cohort, name: str, organisation: Organisation,
                  trainers) -> Cohort:
    name = check_name(name)
    leaders = _trainers(trainers)
    before = {"name": cohort.name, "organisation": cohort.organisation.slug,
              "trainers": sorted(u.email for u in cohort.trainers)}
    after = {"name": name, "organisation": organisation.slug, "trainers": sorted(u.email for u in leaders)}
    if before != after:
        cohort.name = name
        cohort.organisation = organisation
        cohort.trainers = leaders
        db.session.flush()
        audit.record(actor, "cohort.update", "cohort", cohort.id, before=before, after=after)
    return cohort


def add_trainees(actor: User | None, cohort: Cohort, users: list[User]) -> int:
    """Put trainees into a cohort; returns how many were new to it."""
    added = [u for u in users if u not in cohort.trainees]
    for user in added:
        if user.role != "trainee":
            raise ServiceError(_l("{email} is not a trainee."), field="trainees", email=user.email)
        cohort.trainees.append(user)
    if added:
        db.session.flush()
        audit.record(actor, "cohort.add_trainees", "cohort", cohort.id,
                     after={"trainees": [u.email for u in added]})
    return len(added)


# ----- users ------------------------------------------------------------------------------

def _snapshot(user: User) -> dict:
    return {
        "email": user.email, "name": user.name, "role": user.role,
        "organisation": user.organisation.slug if user.organisation else None,
        "cohorts": sorted(c.slug for c in user.cohorts),
        "teaching": sorted(c.slug for c in user.teaching),
        "active": user.is_active_account,
    }


def _check_email_free(email: str, user: User | None = None) -> None:
    existing = user_by_email(email)
    if existing is not None and existing is not user:
        raise ServiceError(_l("An account with the email {email} already exists."), field="email", email=email)


def _check_cohorts_fit(role: str, organisation: Organisation | None, cohorts: list[Cohort]) -> None:
    if cohorts and role != "trainee":
        raise ServiceError(_l("Only trainees belong to cohorts; trainers are assigned on the cohort page."),
                           field="cohorts")
    for cohort in cohorts:
        if organisation is None or cohort.organisation_id != organisation.id:
            raise ServiceError(
                _l("The cohort '{cohort}' belongs to another organisation."), field="cohorts", cohort=cohort.slug
            )


def create_user(actor: User | None, email: str, name: str, role: str = "trainee",
                organisation: Organisation | str | None = None, cohorts=(),
                password: str | None = None, locale: str | None = None) -> User:
    """Create an account. Without a password the account cannot sign in until one is set."""
    email = normalise_email(email)
    name = check_name(name)
    role = check_role(role)
    org = organisation_by_slug(organisation) if isinstance(organisation, str) and organisation else (
        organisation or None)
    groups = [c if isinstance(c, Cohort) else cohort_by_slug(c) for c in cohorts]
    if org is None and len(groups) == 1:
        org = groups[0].organisation
    _check_cohorts_fit(role, org, groups)
    _check_email_free(email)
    if password is not None:
        check_password_rules(password)
    if locale is not None and locale not in LOCALES:
        locale = None
    user = User(email=email, name=name, role=role, organisation=org, cohorts=groups,
                password_hash=hash_password(password) if password else None, locale=locale)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", "user", user.id, after=_snapshot(user))
    return user


def update_user(actor: User | None, user: User, email: str, name: str, role: str,
                organisation: Organisation | None, cohorts: list[Cohort]) -> User:
    email = normalise_email(email)
    name = check_name(name)
    role = check_role(role)
    _check_cohorts_fit(role, organisation, cohorts)
    _check_email_free(email, user)
    if actor is not None and actor.id == user.id and role != "admin" and user.role == "admin":
        raise ServiceError(_l("You cannot take the administrator role away from yourself."), field="role")
    before = _snapshot(user)
    role_changed = role != user.role
    user.email, user.name, user.role = email, name, role
    user.organisation, user.cohorts = organisation, list(cohorts)
    if role_changed and role == "trainee":
        user.teaching = []
    if role_changed:
        user.session_version += 1  # new rights take effect at the next sign-in
    db.session.flush()
    after = _snapshot(user)
    if role_changed:
        audit.record(actor, "user.role", "user", user.id, before={"role": before["role"]}, after={"role": role})
    if before != after:
        audit.record(actor, "user.update", "user", user.id, before=before, after=after)
    return user


def set_active(actor: User | None, user: User, active: bool) -> User:
    """Deactivate (ending every session) or reactivate an account."""
    if actor is not None and actor.id == user.id and not active:
        raise ServiceError(_l("You cannot deactivate your own account."))
    if user.is_active_account == active:
        return user
    user.is_active_account = active
    user.session_version += 1
    db.session.flush()
    audit.record(actor, "user.activate" if active else "user.deactivate", "user", user.id,
                 before={"active": not active}, after={"active": active})
    return user


def set_password(actor: User | None, user: User, password: str) -> User:
    """Set a new password (an admin's reset or the user's own change); ends every session."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.flush()
    action = "user.password_change" if actor is not None and actor.id == user.id else "user.password_reset"
    audit.record(actor, action, "user", user.id)
    return user


def change_own_password(user: User, current: str, new: str) -> User:
    if not verify_password(user.password_hash, current):
        raise ServiceError(_l("The current password is not correct."), field="current_password")
    return set_password(user, user, new)


def set_locale(user: User, locale: str) -> None:
    if locale in LOCALES and user.locale != locale:
        user.locale = locale
        db.session.flush()


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie issued before now stops working."""
    user.session_version += 1
    db.session.flush()


# ----- signing in -------------------------------------------------------------------------

def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same effort either way)."""
    user = user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active_account:
        return None
    user.last_login_at = now_utc()
    db.session.flush()
    return user


def load_session_user(token: str) -> User | None:
    """The user a session token names, if the token is still current and the user active."""
    user_id, _, version = (token or "").partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active_account or user.session_version != int(version):
        return None
    return user


def cohort_roster(cohort: Cohort) -> list[User]:
    """The cohort's trainees, active first, by name, in one query."""
    from training.accounts.models import cohort_trainees

    return list(db.session.scalars(
        sa.select(User).join(cohort_trainees, cohort_trainees.c.user_id == User.id)
        .where(cohort_trainees.c.cohort_id == cohort.id)
        .order_by(User.is_active_account.desc(), User.name)
    ))
