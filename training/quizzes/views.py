"""Quiz pages for trainees: the quiz, starting, the attempt form, saving, submitting, the review."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from training.exceptions import ServiceError
from training.extensions import db
from training.quizzes import attempts as flow
from training.quizzes import service
from training.quizzes.present import pick, view

bp = Blueprint("quizzes", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every quiz page needs a signed-in user."""


def _quiz_or_404(quiz_id: str):
    quiz = service.get_quiz(quiz_id)
    if quiz is None:
        abort(404)
    return quiz


def _lang() -> str:
    return str(get_locale())


@bp.get("/quizzes/")
def index():
    return render_template("quizzes/index.html", rows=service.quizzes_for(current_user), pick=pick, lang=_lang())


@bp.get("/quizzes/<quiz_id>/")
def quiz_page(quiz_id):
    quiz = _quiz_or_404(quiz_id)
    summary = service.quiz_summary(current_user, quiz)
    return render_template("quizzes/quiz.html", quiz=quiz, s=summary, pick=pick, lang=_lang(),
                           overdue=summary["open"] is not None and flow.is_overdue(summary["open"]))


@bp.post("/quizzes/<quiz_id>/start")
def start(quiz_id):
    quiz = _quiz_or_404(quiz_id)
    try:
        attempt = flow.start(current_user, quiz, _lang())
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".quiz_page", quiz_id=quiz.id))
    return redirect(url_for(".attempt_page", attempt_id=attempt.id))


def _attempt_or_404(attempt_id: int, own: bool = False):
    attempt = service.attempt_for(current_user, attempt_id)
    if attempt is None or (own and attempt.user_id != current_user.id):
        abort(404)
    return attempt


@bp.get("/attempts/<int:attempt_id>/")
def attempt_page(attempt_id):
    attempt = _attempt_or_404(attempt_id)
    if not attempt.is_open or attempt.user_id != current_user.id:
        return redirect(url_for(".review", attempt_id=attempt.id))
    rows = service.answers_with_questions(attempt)
    lang = _lang()
    questions = [view(r.question.body, r.layout, r.answer, lang, attempt.quiz.course_id) for r in rows]
    return render_template("quizzes/attempt.html", attempt=attempt, quiz=attempt.quiz, questions=questions,
                           overdue=flow.is_overdue(attempt), pick=pick, lang=lang,
                           saved=sum(1 for r in rows if r.answer is not None))


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@bp.post("/attempts/<int:attempt_id>/save")
def save(attempt_id):
    _attempt_or_404(attempt_id, own=True)
    try:
        flow.save(current_user, attempt_id, request.form)
        db.session.commit()
    except flow.AttemptClosed as exc:
        db.session.commit()  # closing the overdue attempt stands; the late answer does not
        return _refused(attempt_id, str(exc), 409)
    except ServiceError as exc:
        db.session.rollback()
        attempt = service.attempt_for(current_user, attempt_id)
        return _refused(attempt_id, str(exc), 409 if attempt and not attempt.is_open else 400)
    except LookupError:
        abort(404)
    if _wants_json():
        return jsonify(ok=True, saved_at=format_datetime(None, "medium"), csrf_token=generate_csrf(),
                       message=_("Saved"))
    flash(_("Your answers have been saved."), "success")
    return redirect(url_for(".attempt_page", attempt_id=attempt_id))


def _refused(attempt_id: int, message: str, status: int):
    if _wants_json():
        return jsonify(ok=False, message=message, review_url=url_for(".review", attempt_id=attempt_id),
                       csrf_token=generate_csrf()), status
    flash(message, "error")
    return redirect(url_for(".attempt_page", attempt_id=attempt_id))


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id):
    _attempt_or_404(attempt_id, own=True)
    try:
        attempt = flow.submit(current_user, attempt_id, request.form)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()  # every answer saved before stays; the trainee can submit again
        flash(str(exc), "error")
        return redirect(url_for(".attempt_page", attempt_id=attempt_id))
    except LookupError:
        abort(404)
    if attempt.closed_by == "deadline":
        flash(_("The time was over: the answers saved before the deadline were graded."), "info")
    return redirect(url_for(".review", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/review")
def review(attempt_id):
    attempt = _attempt_or_404(attempt_id)
    if attempt.is_open:
        if attempt.user_id == current_user.id and not flow.is_overdue(attempt):
            return redirect(url_for(".attempt_page", attempt_id=attempt.id))
        return render_template("quizzes/review.html", attempt=attempt, quiz=attempt.quiz, questions=[],
                               mode="score", staff=False, pick=pick, lang=_lang(), pending=True)
    staff = attempt.user_id != current_user.id
    mode = "feedback" if staff else attempt.quiz.review
    rows = service.answers_with_questions(attempt) if mode != "score" else []
    lang = _lang()
    questions = [dict(view(r.question.body, r.layout, r.answer, lang, attempt.quiz.course_id, reveal=True),
                      points=r.points) for r in rows]
    return render_template("quizzes/review.html", attempt=attempt, quiz=attempt.quiz, questions=questions,
                           mode=mode, staff=staff, pick=pick, lang=lang, pending=False)


from training.quizzes import staff_views  # noqa: E402,F401 - trainer and admin pages on the same blueprint
