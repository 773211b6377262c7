"""Forms of the certificate pages (every POST carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length


class IssueForm(FlaskForm):
    course = HiddenField(validators=[DataRequired()])


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason for revoking"), validators=[
        DataRequired(message=_l("Give the reason for revoking the certificate.")), Length(max=1000)])


class ReissueForm(FlaskForm):
    pass
