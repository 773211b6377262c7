"""Loading checked banks into the database: idempotent, versioned, all banks or none."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from training.db import now_utc
from training.extensions import db
from training.quizzes.bank import Bank, Problem, content_hash, read_bank
from training.quizzes.models import Question, Quiz


@dataclass
class SyncReport:
    quizzes_added: list = field(default_factory=list)
    quizzes_updated: list = field(default_factory=list)
    quizzes_retired: list = field(default_factory=list)
    questions_added: int = 0
    questions_updated: int = 0
    questions_retired: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.quizzes_added or self.quizzes_updated or self.quizzes_retired)

    def lines(self) -> list[str]:
        out = [f"quiz added: {q}" for q in self.quizzes_added]
        out += [f"quiz updated: {q}" for q in self.quizzes_updated]
        out += [f"quiz retired: {q}" for q in self.quizzes_retired]
        if self.changed:
            out.append(f"questions: {self.questions_added} added, {self.questions_updated} updated, "
                       f"{self.questions_retired} retired")
        return out


def bank_files(root: Path) -> list[Path]:
    folder = Path(root) / "quizzes"
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def check_banks(root: Path, anchors: set | None = None, courses: set | None = None,
                quiz_refs: dict | None = None) -> tuple[list[Bank], list[Problem]]:
    """Read and check every bank under root/quizzes.

    anchors: {"course/lesson#anchor"} that lessons define (None: not checked); courses: known course
    ids (None: not checked); quiz_refs: {quiz id: (path, line)} of course.yml files naming a quiz,
    each of which must have a bank.
    """
    root = Path(root)
    banks, problems = [], []
    for path in bank_files(root):
        display = path.relative_to(root).as_posix()
        bank, found = read_bank(path, display, anchors=anchors, courses=courses)
        problems.extend(found)
        if bank:
            banks.append(bank)
    ids = {path.stem for path in bank_files(root)}
    for quiz_id, (path, line) in (quiz_refs or {}).items():
        if quiz_id not in ids:
            problems.append(Problem(path, line, f"`quiz`: there is no bank quizzes/{quiz_id}.yml"))
    return banks, problems


def sync_banks(root: Path, anchors: set | None = None, courses: set | None = None) -> SyncReport:
    """Check every bank, then load them all (flush, no commit). Raises BankErrors when any is invalid."""
    banks, problems = check_banks(root, anchors, courses)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise BankErrors(errors)
    report = SyncReport()
    for bank in banks:
        apply_bank(bank, report)
    present = {bank.id for bank in banks}
    stale = db.session.scalars(sa.select(Quiz).where(Quiz.origin == "file", Quiz.retired.is_(False),
                                                     Quiz.id.not_in(present) if present else sa.true()))
    for quiz in stale:
        quiz.retired = True
        quiz.updated_at = now_utc()
        report.quizzes_retired.append(quiz.id)
    db.session.flush()
    return report


class BankErrors(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def apply_bank(bank: Bank, report: SyncReport | None = None, origin: str = "file") -> Quiz:
    """Insert or update one quiz and its questions; unchanged content changes nothing."""
    report = report if report is not None else SyncReport()
    quiz = db.session.get(Quiz, bank.id)
    settings = bank.settings
    values = dict(course_id=bank.course, title=bank.title, description=bank.description, topics=bank.topics,
                  pass_mark=settings["pass_mark"], time_limit=settings["time_limit"],
                  max_attempts=settings["max_attempts"],
                  minutes_between_attempts=settings["minutes_between_attempts"], grading=settings["grading"],
                  draw=settings["draw"], shuffle_questions=settings["shuffle_questions"],
                  shuffle_options=settings["shuffle_options"], review=settings["review"], origin=origin)
    if quiz is None:
        quiz = Quiz(id=bank.id, version=1, content_hash=bank.content_hash, **values)
        db.session.add(quiz)
        report.quizzes_added.append(bank.id)
    elif quiz.content_hash != bank.content_hash or quiz.retired:
        for key, value in values.items():
            setattr(quiz, key, value)
        quiz.version += 1
        quiz.content_hash = bank.content_hash
        quiz.retired = False
        quiz.updated_at = now_utc()
        report.quizzes_updated.append(bank.id)
    else:
        return quiz
    db.session.flush()
    _apply_questions(quiz, bank.questions, report)
    return quiz


def _apply_questions(quiz: Quiz, questions: list[dict], report: SyncReport) -> None:
    existing = {q.key: q for q in db.session.scalars(sa.select(Question).where(Question.quiz_id == quiz.id))}
    for position, body in enumerate(questions, start=1):
        digest = content_hash(body)
        row = existing.pop(body["id"], None)
        if row is None:
            db.session.add(Question(quiz_id=quiz.id, key=body["id"], position=position, topic=body["topic"],
                                    type=body["type"], mark=body["mark"], body=body, version=1,
                                    content_hash=digest))
            report.questions_added += 1
            continue
        row.position = position
        if row.content_hash != digest or row.retired:
            row.topic, row.type, row.mark, row.body = body["topic"], body["type"], body["mark"], body
            row.version += 1
            row.content_hash = digest
            row.retired = False
            report.questions_updated += 1
    for row in existing.values():
        if not row.retired:
            row.retired = True
            report.questions_retired += 1
