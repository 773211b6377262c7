"""Forms for trainers and administrators: a grade override, a GIFT upload."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Regexp


class OverrideForm(FlaskForm):
    percent = DecimalField(_l("New grade in percent"), validators=[DataRequired(), NumberRange(min=0, max=100)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class GiftImportForm(FlaskForm):
    file = FileField(_l("GIFT file"), validators=[FileRequired()])
    quiz = StringField(_l("Quiz id"), validators=[DataRequired(), Regexp(r"^[a-z0-9-]{1,64}$",
                                                  message=_l("Use lower-case letters, digits and hyphens."))])
    course = SelectField(_l("Course"), validators=[DataRequired()])
    lang = SelectField(_l("Language of the file"), choices=[("en", "English"), ("az", "Azərbaycanca"),
                                                            ("ru", "Русский")])
    source = StringField(_l("Source for questions that name none"), validators=[Length(max=200)])
    lesson = StringField(_l("Lesson section for questions that name none (lesson-id#anchor)"),
                         validators=[Length(max=200)])
