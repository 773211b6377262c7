"""GIFT files in and out: into a checked bank (file text or database), and a quiz back out as GIFT."""
from __future__ import annotations

import sqlalchemy as sa
import yaml

from training.extensions import db
from training.learning.models import Course
from training.quizzes import bank_yaml
from training.quizzes.bank import Reporter, check_bank_data
from training.quizzes.gift import GiftError, parse_gift
from training.quizzes.gift_export import export_gift
from training.quizzes.models import Question, Quiz
from training.quizzes.sync import apply_bank


class GiftRefused(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def dump_bank(bank: dict) -> str:
    return yaml.safe_dump(bank, allow_unicode=True, sort_keys=False, width=110)


def import_gift(text: str, quiz_id: str, course: str, lang: str = "en", source: str | None = None,
                lesson: str | None = None, to_db: bool = False):
    """-> (bank YAML text, Quiz or None). Raises GiftRefused with `line: message` lines; nothing is written."""
    try:
        data = parse_gift(text, quiz_id, course, lang, source, lesson)
    except GiftError as exc:
        raise GiftRefused([f"{line}: {message}" for line, message in exc.problems]) from None
    bank_text = dump_bank(data)
    reporter = Reporter("bank")
    courses = set(db.session.scalars(sa.select(Course.id))) if to_db else None
    bank = check_bank_data(bank_yaml.load(bank_text), reporter, expected_id=quiz_id, courses=courses)
    errors = [p for p in reporter.problems if not p.warning]
    if bank is None or errors:
        raise GiftRefused([f"1: {p.message}" for p in errors] or ["1: the file could not be imported"])
    quiz = None
    if to_db:
        existing = db.session.get(Quiz, quiz_id)
        if existing is not None and existing.origin == "file":
            raise GiftRefused([f"1: the quiz {quiz_id} comes from quizzes/{quiz_id}.yml; change that file instead"])
        quiz = apply_bank(bank, origin="upload")
        db.session.flush()
    return bank_text, quiz


def export_quiz(quiz_id: str, lang: str) -> str | None:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        return None
    bodies = db.session.scalars(sa.select(Question.body).where(
        Question.quiz_id == quiz.id, Question.retired.is_(False)).order_by(Question.position)).all()
    return export_gift(quiz, list(bodies), lang)
