"""Forms: scheduling a session, cancelling it, checking in with a code."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional


class SessionForm(FlaskForm):
    cohort = SelectField(_l("Cohort"), validators=[DataRequired()])
    course = SelectField(_l("Course"), validators=[Optional()])
    title_az = StringField(_l("Title in Azerbaijani"), validators=[Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=200)])
    title_ru = StringField(_l("Title in Russian"), validators=[Length(max=200)])
    date = DateField(_l("Date"), validators=[InputRequired()])
    start = TimeField(_l("Starts at"), validators=[InputRequired()])
    end = TimeField(_l("Ends at"), validators=[InputRequired()])
    weeks = IntegerField(_l("Repeat every week, number of weeks"), default=1,
                         validators=[InputRequired(), NumberRange(min=1, max=52)],
                         description=_l("1 for a single session; 8 creates the same session on 8 weeks in a row."))
    place = StringField(_l("Place"), validators=[Length(max=200)])
    trainers = SelectMultipleField(_l("Trainers"), coerce=int, validators=[Optional()])
    late_after = IntegerField(_l("Late after (minutes)"), default=10,
                              validators=[InputRequired(), NumberRange(min=0, max=240)],
                              description=_l("A trainee who checks in later than this after the start is marked late."))


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason for cancelling"), validators=[Length(max=500)])


class CheckinForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)],
                       render_kw={"inputmode": "numeric", "autocomplete": "off", "autofocus": True})
    session = HiddenField()
