"""The eight question types: reading an answer from a form, and marking it (pure functions).

A question is the plain dict the bank loader produces (see /quizzes format). An answer is what
is stored as JSON: single -> option id; multiple -> [option ids]; truefalse -> bool;
matching -> {left id: right id}; ordering -> [item ids]; short, numeric -> the text typed;
case_study -> {part id: answer of the part}. `score` returns the fraction of the mark earned,
between 0 and 1; an unanswered question (None) earns 0.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from training.exceptions import ServiceError
from training.quizzes.text import parse_number, same_answer

TYPES = ("single", "multiple", "truefalse", "matching", "ordering", "short", "numeric", "case_study")
MAX_TEXT_ANSWER = 500

FOREIGN = _l("An answer does not belong to this question. Reload the page and try again.")


def field(question_id: str) -> str:
    return f"q-{question_id}"


def pair_field(question_id: str, left_id: str) -> str:
    return f"q-{question_id}-{left_id}"


# ----- marking -----------------------------------------------------------------------------

def score(question: dict, answer) -> float:
    """The fraction (0..1) of the question's mark that `answer` earns."""
    if answer is None:
        return 0.0
    return _SCORERS[question["type"]](question, answer)


def _single(q, answer) -> float:
    return 1.0 if answer in {o["id"] for o in q["options"] if o.get("correct")} else 0.0


def _multiple(q, answer) -> float:
    correct = {o["id"] for o in q["options"] if o.get("correct")}
    chosen = set(answer or [])
    n = len(correct)
    if not n:
        return 0.0
    value = (len(chosen & correct) - len(chosen - correct)) / n
    return min(1.0, max(0.0, value))


def _truefalse(q, answer) -> float:
    return 1.0 if isinstance(answer, bool) and answer == q["answer"] else 0.0


def _matching(q, answer) -> float:
    pairs = q["pairs"]
    if not isinstance(answer, dict) or not pairs:
        return 0.0
    right = sum(1 for p in pairs if answer.get(p["left"]["id"]) == p["right"]["id"])
    return right / len(pairs)


def _ordering(q, answer) -> float:
    items = [i["id"] for i in q["items"]]
    if not isinstance(answer, list) or not items:
        return 0.0
    return sum(1 for pos, item in enumerate(items) if pos < len(answer) and answer[pos] == item) / len(items)


def _short(q, answer) -> float:
    accepted = [a for answers in q["answers"].values() for a in answers]
    return 1.0 if any(same_answer(str(answer), a) for a in accepted) else 0.0


def _numeric(q, answer) -> float:
    value = parse_number(str(answer))
    if value is None:
        return 0.0
    return 1.0 if abs(value - float(q["answer"])) <= float(q.get("tolerance") or 0) + 1e-9 else 0.0


def _case_study(q, answer) -> float:
    if not isinstance(answer, dict):
        return 0.0
    total = sum(float(p.get("mark", 1)) for p in q["parts"])
    if not total:
        return 0.0
    earned = sum(float(p.get("mark", 1)) * score(p, answer.get(p["id"])) for p in q["parts"])
    return earned / total


_SCORERS = {
    "single": _single, "multiple": _multiple, "truefalse": _truefalse, "matching": _matching,
    "ordering": _ordering, "short": _short, "numeric": _numeric, "case_study": _case_study,
}


def is_correct(question: dict, answer) -> bool | None:
    """True when full marks, False when some are missing, None when unanswered."""
    if answer is None or answer == "" or answer == [] or answer == {}:
        return None
    return score(question, answer) >= 1.0 - 1e-9


# ----- reading a form ----------------------------------------------------------------------

def fields_of(question: dict) -> list[str]:
    """The form field names a question uses (several for matching and case studies)."""
    if question["type"] == "matching":
        return [pair_field(question["id"], p["left"]["id"]) for p in question["pairs"]]
    if question["type"] == "case_study":
        return [name for part in question["parts"] for name in fields_of(part)]
    return [field(question["id"])]


def from_form(question: dict, form) -> object:
    """The answer in `form` (a MultiDict) for this question; raises ServiceError for foreign ids."""
    kind = question["type"]
    qid = question["id"]
    if kind == "case_study":
        answers = {p["id"]: from_form(p, form) for p in question["parts"]}
        answers = {k: v for k, v in answers.items() if v not in (None, "", [], {})}
        return answers or None
    if kind == "matching":
        rights = {p["right"]["id"] for p in question["pairs"]} | {d["id"] for d in question.get("distractors", [])}
        chosen = {}
        for pair in question["pairs"]:
            value = (form.get(pair_field(qid, pair["left"]["id"])) or "").strip()
            if value:
                if value not in rights:
                    raise ServiceError(FOREIGN)
                chosen[pair["left"]["id"]] = value
        return chosen or None
    values = [v.strip() for v in form.getlist(field(qid))]
    if kind == "multiple":
        ids = {o["id"] for o in question["options"]}
        chosen = [v for v in dict.fromkeys(values) if v]
        if any(v not in ids for v in chosen):
            raise ServiceError(FOREIGN)
        return sorted(chosen) or None
    value = values[-1] if values else ""
    if not value:
        return None
    if kind == "single":
        if value not in {o["id"] for o in question["options"]}:
            raise ServiceError(FOREIGN)
        return value
    if kind == "truefalse":
        if value not in ("true", "false"):
            raise ServiceError(FOREIGN)
        return value == "true"
    if kind == "ordering":
        order = [v.strip() for v in value.split(",") if v.strip()]
        if sorted(order) != sorted(i["id"] for i in question["items"]):
            raise ServiceError(FOREIGN)
        return order
    if len(value) > MAX_TEXT_ANSWER:
        raise ServiceError(_l("An answer is too long (at most {n} characters)."), n=MAX_TEXT_ANSWER)
    return value  # short and numeric: the text as typed


def mentions(question: dict, form) -> bool:
    """Whether the form carries any field of this question."""
    return any(name in form for name in fields_of(question))
