"""Item analysis: facility, discrimination and option counts per question, aggregated in SQL."""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import sqlalchemy as sa

from training.accounts.models import cohort_trainees
from training.extensions import db
from training.quizzes.access import taught_trainee_ids
from training.quizzes.models import GRADED, Attempt, AttemptAnswer, Question, Quiz

LOW_FACILITY, HIGH_FACILITY, LOW_DISCRIMINATION = 0.2, 0.95, 0.1


def _scope(query, viewer, quiz: Quiz, cohort=None, lang: str | None = None):
    query = query.where(Attempt.quiz_id == quiz.id, Attempt.state == GRADED)
    if cohort is not None:
        query = query.where(Attempt.user_id.in_(
            sa.select(cohort_trainees.c.user_id).where(cohort_trainees.c.cohort_id == cohort.id)))
    if viewer.role != "admin":
        query = query.where(Attempt.user_id.in_(taught_trainee_ids(viewer)))
    if lang:
        query = query.where(Attempt.lang == lang)
    return query


def pearson(n, sx, sxx, sy, syy, sxy) -> float | None:
    if not n or n < 2:
        return None
    den = (n * sxx - sx * sx) * (n * syy - sy * sy)
    if den <= 1e-12:
        return None
    return (n * sxy - sx * sy) / math.sqrt(den)


def item_analysis(viewer, quiz: Quiz, cohort=None, lang: str | None = None) -> dict:
    """Per question: n, facility, discrimination, facility per language, option counts, flags."""
    f = sa.func.coalesce(AttemptAnswer.fraction, 0.0)
    rest = sa.func.coalesce(Attempt.points, 0.0) - sa.func.coalesce(AttemptAnswer.points, 0.0)
    base = sa.select(AttemptAnswer.question_id).join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
    sums = db.session.execute(_scope(base.add_columns(
        sa.func.count(), sa.func.sum(f), sa.func.sum(f * f), sa.func.sum(rest), sa.func.sum(rest * rest),
        sa.func.sum(f * rest)), viewer, quiz, cohort, lang).group_by(AttemptAnswer.question_id)).all()
    by_lang = db.session.execute(_scope(base.add_columns(Attempt.lang, sa.func.count(), sa.func.avg(f)),
                                        viewer, quiz, cohort).group_by(AttemptAnswer.question_id, Attempt.lang)).all()
    attempts = db.session.scalar(_scope(sa.select(sa.func.count(Attempt.id)), viewer, quiz, cohort, lang))
    choices: dict[int, Counter] = defaultdict(Counter)
    stream = db.session.execute(_scope(sa.select(AttemptAnswer.question_id, AttemptAnswer.answer)
                                       .join(Attempt, Attempt.id == AttemptAnswer.attempt_id),
                                       viewer, quiz, cohort, lang).execution_options(yield_per=500))
    for question_id, answer in stream:
        choices[question_id].update(_tokens(answer))
    questions = db.session.scalars(sa.select(Question).where(Question.quiz_id == quiz.id)
                                   .order_by(Question.retired, Question.position)).all()
    stats = {row[0]: row[1:] for row in sums}
    langs = defaultdict(dict)
    for question_id, code, n, avg in by_lang:
        langs[question_id][code] = (n, float(avg or 0))
    rows = []
    for q in questions:
        n, sx, sxx, sy, syy, sxy = stats.get(q.id, (0, 0, 0, 0, 0, 0))
        if not n and q.retired:
            continue
        facility = (float(sx) / n) if n else None
        disc = pearson(n, float(sx or 0), float(sxx or 0), float(sy or 0), float(syy or 0), float(sxy or 0))
        flags = []
        if facility is not None and facility > HIGH_FACILITY:
            flags.append("easy")
        if facility is not None and facility < LOW_FACILITY:
            flags.append("hard")
        if disc is not None and disc < LOW_DISCRIMINATION:
            flags.append("discrimination")
        rows.append({"question": q, "n": n, "facility": facility, "discrimination": disc, "flags": flags,
                     "by_lang": langs.get(q.id, {}), "choices": choices.get(q.id, Counter())})
    return {"rows": rows, "attempts": attempts or 0}


def _tokens(answer) -> list[str]:
    """What an answer chose, as countable tokens: option ids, true/false, part:option."""
    if answer is None:
        return []
    if isinstance(answer, bool):
        return ["true" if answer else "false"]
    if isinstance(answer, str):
        return [answer] if len(answer) <= 64 else []
    if isinstance(answer, list):
        return [str(a) for a in answer] if all(isinstance(a, str) for a in answer) and len(answer) <= 10 else []
    if isinstance(answer, dict):
        out = []
        for key, value in answer.items():
            out.extend(f"{key}:{token}" for token in _tokens(value))
        return out
    return []
