"""Quiz pages for trainers and administrators: results, item analysis, grade overrides, GIFT."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from training.accounts.models import Cohort
from training.exceptions import ServiceError
from training.extensions import db
from training.learning.models import Course
from training.quizzes import grading, results, service
from training.quizzes.access import cohorts_for_results
from training.quizzes.analysis import item_analysis
from training.quizzes.forms import GiftImportForm, OverrideForm
from training.quizzes.importing import GiftRefused, export_quiz, import_gift
from training.quizzes.present import pick
from training.quizzes.views import _attempt_or_404, _quiz_or_404, bp
from training.security import roles_required


def _cohort_or_404(slug: str | None, allowed: list[Cohort]) -> Cohort | None:
    if not slug:
        return None
    cohort = next((c for c in allowed if c.slug == slug), None)
    if cohort is None:
        exists = db.session.scalar(sa.select(Cohort.id).where(Cohort.slug == slug))
        abort(403 if exists else 404)
    return cohort


@bp.get("/quizzes/<quiz_id>/results/")
@roles_required("trainer", "admin")
def results_page(quiz_id):
    quiz = _quiz_or_404(quiz_id)
    cohorts = cohorts_for_results(current_user)
    cohort = _cohort_or_404(request.args.get("cohort"), cohorts)
    rows = results.cohort_results(quiz, cohort) if cohort else []
    return render_template("quizzes/results.html", quiz=quiz, cohorts=cohorts, cohort=cohort, rows=rows,
                           pick=pick, lang=str(get_locale()))


@bp.get("/quizzes/<quiz_id>/results/<cohort_slug>.<fmt>")
@roles_required("trainer", "admin")
def results_export(quiz_id, cohort_slug, fmt):
    quiz = _quiz_or_404(quiz_id)
    cohort = _cohort_or_404(cohort_slug, cohorts_for_results(current_user))
    rows = results.cohort_results(quiz, cohort)
    name = f"{quiz.id}-{cohort.slug}"
    if fmt == "csv":
        return Response(stream_with_context(results.results_csv(rows)), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "xlsx":
        return Response(results.results_xlsx(rows),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    abort(404)


@bp.get("/quizzes/<quiz_id>/analysis/")
@roles_required("trainer", "admin")
def analysis_page(quiz_id):
    quiz = _quiz_or_404(quiz_id)
    cohorts = cohorts_for_results(current_user)
    cohort = _cohort_or_404(request.args.get("cohort"), cohorts)
    lang = request.args.get("attempt_lang") if request.args.get("attempt_lang") in ("en", "az", "ru") else None
    data = item_analysis(current_user, quiz, cohort, lang)
    return render_template("quizzes/analysis.html", quiz=quiz, cohorts=cohorts, cohort=cohort, data=data,
                           attempt_lang=lang, pick=pick, lang=str(get_locale()))


@bp.post("/attempts/<int:attempt_id>/grade")
@roles_required("trainer", "admin")
def override(attempt_id):
    attempt = _attempt_or_404(attempt_id)
    if attempt.user_id == current_user.id:
        abort(404)
    form = OverrideForm()
    if not form.validate_on_submit():
        flash(_("Give a grade between 0 and 100 and the reason for the change."), "error")
        return redirect(url_for(".review", attempt_id=attempt.id))
    try:
        grading.override(current_user, attempt, float(form.percent.data), form.reason.data)
        db.session.commit()
        flash(_("The grade has been changed and recorded in the audit log."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for(".review", attempt_id=attempt.id))


@bp.get("/quizzes/<quiz_id>/export.gift")
@roles_required("trainer", "admin")
def export_gift(quiz_id):
    quiz = _quiz_or_404(quiz_id)
    lang = request.args.get("text_lang") if request.args.get("text_lang") in ("en", "az", "ru") else str(get_locale())
    return Response(export_quiz(quiz.id, lang), mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{quiz.id}.{lang}.gift"'})


@bp.route("/quizzes/import", methods=["GET", "POST"])
@roles_required("admin")
def import_page():
    form = GiftImportForm()
    form.course.choices = [(c.id, pick(c.title, str(get_locale())))
                           for c in db.session.scalars(sa.select(Course).order_by(Course.position))]
    problems = []
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8-sig")
            _bank, quiz = import_gift(text, form.quiz.data, form.course.data, form.lang.data,
                                      form.source.data or None, form.lesson.data or None, to_db=True)
            db.session.commit()
            flash(_("The questions have been imported."), "success")
            return redirect(url_for(".quiz_page", quiz_id=quiz.id))
        except UnicodeDecodeError:
            problems = [_("The file is not UTF-8 text.")]
        except GiftRefused as exc:
            db.session.rollback()
            problems = [_("Line %(line)s", line=line) for line in exc.lines]
    return render_template("quizzes/import.html", form=form, problems=problems)
