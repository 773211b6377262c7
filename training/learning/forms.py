"""Forms of the learning pages: each carries the CSRF token."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired


class MarkReadForm(FlaskForm):
    """'Mark as read': nothing but the CSRF token."""


class AssignCourseForm(FlaskForm):
    cohort = HiddenField(validators=[DataRequired()])
    course = SelectField(_l("Course"), choices=[], validate_choice=False, validators=[DataRequired()])


class UnassignCourseForm(FlaskForm):
    cohort = HiddenField(validators=[DataRequired()])
    course = HiddenField(validators=[DataRequired()])


class AssignPathForm(FlaskForm):
    cohort = HiddenField(validators=[DataRequired()])
    path = SelectField(_l("Learning path"), choices=[], validate_choice=False, validators=[DataRequired()])
