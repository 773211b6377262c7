"""Sign-in, profile and password forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from training.i18n import LANGUAGE_NAMES


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords do not match."))],
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(_l("Language"), choices=list(LANGUAGE_NAMES.items()))
