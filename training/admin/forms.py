"""Forms of the administrators' area."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

from training.accounts.labels import ROLE_LABELS

ROLE_CHOICES = list(ROLE_LABELS.items())


class OrganisationForm(FlaskForm):
    slug = StringField(_l("Short name"), validators=[DataRequired(), Length(max=64)],
                       description=_l("Lower-case letters, digits and hyphens, e.g. police-academy."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])


class CohortForm(FlaskForm):
    slug = StringField(_l("Short name"), validators=[DataRequired(), Length(max=64)],
                       description=_l("Lower-case letters, digits and hyphens, e.g. pa-2026-autumn."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    trainers = SelectMultipleField(_l("Trainers"), coerce=int, validators=[Optional()])


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    cohorts = SelectMultipleField(_l("Cohorts"), coerce=int, validators=[Optional()],
                                  description=_l("Trainees only."))
    password = PasswordField(_l("Password"), validators=[Optional()],
                             description=_l("At least 10 characters. Leave empty to generate one."))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[Optional()],
                             description=_l("At least 10 characters. Leave empty to generate one."))


class RosterImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a file to import.")),
        FileAllowed(["csv", "txt"], _l("Only CSV files can be imported.")),
    ])
    dry_run = BooleanField(_l("Check only: show what would happen without importing"))


class ConfirmForm(FlaskForm):
    """An empty form: the CSRF token behind a button that changes something."""
