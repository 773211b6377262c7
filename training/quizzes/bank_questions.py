"""Checking the questions of a bank, type by type (see the bank format)."""
from __future__ import annotations

import math
import re

from training.quizzes import types
from training.quizzes.bank_yaml import LineDict, LineList

ID_RE = re.compile(r"^[a-z0-9-]{1,64}$")
LESSON_RE = re.compile(r"^(?:(?P<course>[a-z0-9-]+)/)?(?P<lesson>[a-z0-9-]+)#(?P<anchor>[a-z0-9-]+)$")
COMMON = {"id", "topic", "type", "mark", "text", "source", "lesson", "feedback"}
EXTRA = {
    "single": {"options", "shuffle"},
    "multiple": {"options", "shuffle"},
    "truefalse": {"answer", "feedback_true", "feedback_false"},
    "matching": {"pairs", "distractors", "shuffle"},
    "ordering": {"items"},
    "short": {"answers"},
    "numeric": {"answer", "tolerance", "unit"},
    "case_study": {"scenario", "parts"},
}
LIMITS = {"options": (2, 10), "pairs": (2, 10), "items": (2, 10), "parts": (2, 8)}


def resolve_lesson(ref: str, course: str) -> str:
    """`lesson#anchor` or `course/lesson#anchor` -> `course/lesson#anchor`."""
    match = LESSON_RE.match(ref)
    if not match:
        return ref
    return f"{match['course'] or course}/{match['lesson']}#{match['anchor']}"


class QuestionChecker:
    def __init__(self, rep, topics: set, course: str, anchors: set | None):
        self.rep = rep
        self.topics = topics
        self.course = course
        self.anchors = anchors
        self.ids: dict[str, int] = {}
        self.fields: dict[str, int] = {}

    def questions(self, data: LineDict) -> list[dict]:
        raw = data.get("questions")
        if not isinstance(raw, LineList) or not raw:
            self.rep.error(data.line_of("questions"), "`questions` must be a list with at least one question")
            return []
        result = []
        for index, item in enumerate(raw):
            question = self.question(item, raw.line_of(index), part_of=None)
            if question:
                result.append(question)
        return result

    def question(self, q, line: int, part_of: dict | None) -> dict | None:
        rep = self.rep
        if not isinstance(q, LineDict):
            rep.error(line, "a question must be a mapping")
            return None
        qid = q.get("id")
        if not isinstance(qid, str) or not ID_RE.match(qid):
            rep.error(line, "question `id` must be an id ([a-z0-9-]+)")
            return None
        where = f"question `{qid}`"
        if qid in self.ids:
            rep.error(q.line_of("id"), f"{where}: the id is already used on line {self.ids[qid]}")
        self.ids.setdefault(qid, q.line_of("id"))
        kind = q.get("type")
        allowed_types = types.TYPES if part_of is None else types.TYPES[:-1]
        if kind not in allowed_types:
            rep.error(q.line_of("type"), f"{where}: `type` must be one of {' | '.join(allowed_types)}")
            return None
        rep.unknown_keys(q, COMMON | EXTRA[kind] - ({"topic"} if part_of else set()), where)
        out = {"id": qid, "type": kind}
        if part_of is None:
            topic = q.get("topic")
            if topic not in self.topics:
                rep.error(q.line_of("topic"), f"{where}: `topic` must be one of the bank's topics")
            out["topic"] = topic
        out["mark"] = self._mark(q, where)
        out["text"] = rep.lang_map(q, "text", where)
        out["feedback"] = rep.lang_map(q, "feedback", where, required=False)
        out["source"] = self._source(q, where, part_of)
        out["lesson"] = self._lesson(q, where, part_of)
        getattr(self, "_" + kind)(q, where, out)
        if kind != "case_study":
            for name in types.fields_of(out):
                if name in self.fields:
                    rep.error(q.line, f"{where}: its form field `{name}` clashes with line {self.fields[name]}")
                self.fields.setdefault(name, q.line)
        return out

    # ----- common keys -----

    def _mark(self, q, where) -> float:
        mark = q.get("mark", 1)
        if isinstance(mark, bool) or not isinstance(mark, (int, float)) or not math.isfinite(mark) or mark <= 0:
            self.rep.error(q.line_of("mark"), f"{where}: `mark` must be a positive number")
            return 1.0
        return float(mark)

    def _source(self, q, where, part_of) -> str:
        source = q.get("source")
        if source is None and part_of is not None:
            return part_of["source"]
        if not isinstance(source, str) or not source.strip():
            self.rep.error(q.line_of("source"), f"{where}: `source` is missing (e.g. \"OPCAT art. 4(2)\")")
            return ""
        return source.strip()

    def _lesson(self, q, where, part_of) -> str:
        ref = q.get("lesson")
        if ref is None and part_of is not None:
            return part_of["lesson"]
        if not isinstance(ref, str) or not LESSON_RE.match(ref):
            self.rep.error(q.line_of("lesson"), f"{where}: `lesson` must be `lesson-id#anchor`")
            return ""
        full = resolve_lesson(ref, self.course)
        if self.anchors is not None and full not in self.anchors:
            self.rep.error(q.line_of("lesson"), f"{where}: `lesson`: there is no section `{ref}`"
                           f" in course `{full.split('/')[0]}`")
        return ref

    def _entries(self, q, key, where, required=True) -> list:
        raw = q.get(key)
        if raw is None and not required:
            return []
        low, high = LIMITS.get(key, (0, 10))
        if not isinstance(raw, LineList) or not (low <= len(raw) <= high):
            self.rep.error(q.line_of(key), f"{where}: `{key}` must be a list of {low} to {high} entries")
            return []
        return [(raw.line_of(i), item) for i, item in enumerate(raw)]

    def _labelled(self, item, line, where, what, extra=frozenset()) -> dict | None:
        if not isinstance(item, LineDict):
            self.rep.error(line, f"{where}: each {what} must be a mapping with `id` and `text`")
            return None
        self.rep.unknown_keys(item, {"id", "text"} | set(extra), f"{where}, {what}")
        oid = item.get("id")
        if not isinstance(oid, str) or not ID_RE.match(oid):
            hint = " (put yes, no, on, off, true, false in quotes)" if isinstance(oid, bool) else ""
            self.rep.error(line, f"{where}: {what} `id` must be an id ([a-z0-9-]+){hint}")
            return None
        return {"id": oid, "text": self.rep.lang_map(item, "text", f"{where}, {what} `{oid}`") or {}}

    def _unique(self, entries, line, where, what) -> None:
        seen = set()
        for entry in entries:
            if entry["id"] in seen:
                self.rep.error(line, f"{where}: {what} id `{entry['id']}` appears twice")
            seen.add(entry["id"])

    def _shuffle(self, q, where, out) -> None:
        shuffle = q.get("shuffle", True)
        if not isinstance(shuffle, bool):
            self.rep.error(q.line_of("shuffle"), f"{where}: `shuffle` must be true or false")
        out["shuffle"] = shuffle is not False

    # ----- the types -----

    def _options(self, q, where, out) -> list:
        options = []
        for line, item in self._entries(q, "options", where):
            option = self._labelled(item, line, where, "option", {"correct", "feedback"})
            if option is None:
                continue
            correct = item.get("correct", False)
            if not isinstance(correct, bool):
                self.rep.error(item.line_of("correct"), f"{where}: option `{option['id']}`: `correct` must be true or false")
            option["correct"] = correct is True
            option["feedback"] = self.rep.lang_map(item, "feedback", f"{where}, option `{option['id']}`", required=False)
            options.append(option)
        self._unique(options, q.line_of("options"), where, "option")
        self._shuffle(q, where, out)
        out["options"] = options
        return options

    def _single(self, q, where, out) -> None:
        options = self._options(q, where, out)
        if options and sum(o["correct"] for o in options) != 1:
            self.rep.error(q.line_of("options"), f"{where}: a single-choice question needs exactly one correct option")

    def _multiple(self, q, where, out) -> None:
        options = self._options(q, where, out)
        if options and not any(o["correct"] for o in options):
            self.rep.error(q.line_of("options"), f"{where}: mark at least one option `correct: true`")

    def _truefalse(self, q, where, out) -> None:
        answer = q.get("answer")
        if not isinstance(answer, bool):
            self.rep.error(q.line_of("answer"), f"{where}: `answer` must be true or false")
        out["answer"] = answer is True
        out["feedback_true"] = self.rep.lang_map(q, "feedback_true", where, required=False)
        out["feedback_false"] = self.rep.lang_map(q, "feedback_false", where, required=False)

    def _matching(self, q, where, out) -> None:
        pairs = []
        for line, item in self._entries(q, "pairs", where):
            if not isinstance(item, LineDict) or set(item) != {"left", "right"}:
                self.rep.error(line, f"{where}: each pair must have exactly `left` and `right`")
                continue
            left = self._labelled(item["left"], item.line_of("left"), where, "left")
            right = self._labelled(item["right"], item.line_of("right"), where, "right")
            if left and right:
                pairs.append({"left": left, "right": right})
        distractors = [d for line, item in self._entries(q, "distractors", where, required=False)
                       if (d := self._labelled(item, line, where, "distractor"))]
        lefts = [p["left"] for p in pairs]
        rights = [p["right"] for p in pairs] + distractors
        self._unique(lefts, q.line_of("pairs"), where, "left")
        self._unique(rights, q.line_of("pairs"), where, "right")
        clash = {left["id"] for left in lefts} & {right["id"] for right in rights}
        if clash:
            self.rep.error(q.line_of("pairs"), f"{where}: ids used on both sides: {', '.join(sorted(clash))}")
        self._shuffle(q, where, out)
        out["pairs"], out["distractors"] = pairs, distractors

    def _ordering(self, q, where, out) -> None:
        items = [i for line, item in self._entries(q, "items", where)
                 if (i := self._labelled(item, line, where, "item"))]
        self._unique(items, q.line_of("items"), where, "item")
        out["items"] = items

    def _short(self, q, where, out) -> None:
        raw = q.get("answers")
        answers = {}
        if not isinstance(raw, LineDict) or not raw:
            self.rep.error(q.line_of("answers"), f"{where}: `answers` must be a map {{en: [...], az: [...], ru: [...]}}")
        else:
            for lang, values in raw.items():
                if lang not in ("en", "az", "ru"):
                    self.rep.error(raw.line_of(lang), f"{where}: `answers` has an unknown language `{lang}`")
                elif not isinstance(values, list) or not all(isinstance(v, (str, int, float)) and str(v).strip()
                                                             for v in values):
                    self.rep.error(raw.line_of(lang), f"{where}: `answers.{lang}` must be a list of texts")
                else:
                    answers[lang] = [str(v).strip() for v in values]
            if raw and not any(answers.values()) and len(answers) == len(raw):
                self.rep.error(q.line_of("answers"), f"{where}: give at least one accepted answer")
        out["answers"] = answers

    def _numeric(self, q, where, out) -> None:
        for key, default in (("answer", None), ("tolerance", 0)):
            value = q.get(key, default)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or (key == "tolerance" and value < 0):
                self.rep.error(q.line_of(key), f"{where}: `{key}` must be a number"
                               + (" of at least 0" if key == "tolerance" else ""))
                value = 0
            out[key] = value
        out["unit"] = self.rep.lang_map(q, "unit", where, required=False)

    def _case_study(self, q, where, out) -> None:
        out["scenario"] = self.rep.lang_map(q, "scenario", where)
        out["parts"] = [p for line, item in self._entries(q, "parts", where)
                        if (p := self.question(item, line, part_of=out))]
