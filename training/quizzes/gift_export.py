"""A quiz back out as GIFT, one language at a time; what GIFT has no place for goes in `// key:` comments."""
from __future__ import annotations

from training.quizzes.gift import escape as _escape


def export_gift(quiz, questions: list[dict], lang: str) -> str:
    """A quiz's questions (bank dicts) as GIFT in one language."""
    def t(texts):
        if not texts:
            return ""
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()))

    out = [f"// {quiz.id}: {t(quiz.title)}", ""]
    titles = {topic["id"]: t(topic["title"]) for topic in quiz.topics}
    current = None
    for q in questions:
        if q.get("topic") != current:
            current = q.get("topic")
            out += [f"// topic-title: {titles.get(current, current)}", f"$CATEGORY: {current}", ""]
        out += _export_question(q, t, None, lang)
    return "\n".join(out).rstrip() + "\n"


def _meta(q, t, part_of) -> list[str]:
    lines = []
    if part_of:
        lines.append(f"// part-of: {part_of}")
    for key in ("source", "lesson"):
        if q.get(key):
            lines.append(f"// {key}: {q[key]}")
    if q.get("mark", 1) != 1:
        lines.append(f"// mark: {q['mark']:g}")
    if q.get("shuffle") is False:
        lines.append("// shuffle: false")
    return lines


def _export_question(q, t, part_of, lang) -> list[str]:
    lines = _meta(q, t, part_of)
    kind = q["type"]
    head = f"::{q['id']}:: {_escape(t(q.get('text')))}"
    general = f"####{_escape(t(q['feedback']))}" if q.get("feedback") else ""
    fb = lambda texts: f"#{_escape(t(texts))}" if texts else ""  # noqa: E731
    if kind == "case_study":
        lines += ["// type: case_study", f"// text: {_escape(t(q.get('text')))}"]
        if q.get("feedback"):
            lines.append(f"// feedback: {_escape(t(q['feedback']))}")
        lines += [f"::{q['id']}:: {_escape(t(q['scenario']))}", ""]
        for part in q["parts"]:
            lines += _export_question(part, t, q["id"], lang)
        return lines
    if kind in ("single", "multiple"):
        lines.append("// ids: " + " ".join(o["id"] for o in q["options"]))
        n = sum(1 for o in q["options"] if o.get("correct")) or 1
        wrong = sum(1 for o in q["options"] if not o.get("correct")) or 1
        answers = []
        for o in q["options"]:
            if kind == "single":
                mark = "=" if o.get("correct") else "~"
            else:
                mark = f"~%{_pct(100 / n)}%" if o.get("correct") else f"~%{_pct(-100 / wrong)}%"
            answers.append(f"{mark}{_escape(t(o['text']))}{fb(o.get('feedback'))}")
        body = " ".join(answers)
    elif kind == "truefalse":
        wrong = q.get("feedback_false") if q["answer"] else q.get("feedback_true")
        right = q.get("feedback_true") if q["answer"] else q.get("feedback_false")
        body = "TRUE" if q["answer"] else "FALSE"
        if wrong or right:
            body += "#" + (_escape(t(wrong)) if wrong else "") + (fb(right) if right else "")
    elif kind == "short":
        body = " ".join(f"={_escape(a)}" for a in (q["answers"].get(lang) or
                                                     [a for v in q["answers"].values() for a in v]))
    elif kind == "numeric":
        if q.get("unit"):
            lines.append(f"// unit: {t(q['unit'])}")
        body = f"#{q['answer']:g}:{(q.get('tolerance') or 0):g}"
    elif kind == "matching":
        lines.append("// ids: " + " ".join([f"{p['left']['id']}/{p['right']['id']}" for p in q["pairs"]]
                                           + [d["id"] for d in q.get("distractors", [])]))
        body = " ".join([f"={_escape(t(p['left']['text']))} -> {_escape(t(p['right']['text']))}" for p in q["pairs"]]
                        + [f"= -> {_escape(t(d['text']))}" for d in q.get("distractors", [])])
    else:  # ordering: item -> its position
        lines += ["// type: ordering", "// ids: " + " ".join(f"{i['id']}/p{n}" for n, i in enumerate(q["items"], 1))]
        body = " ".join(f"={_escape(t(i['text']))} -> {n}" for n, i in enumerate(q["items"], 1))
    return lines + [f"{head} {{{body}{general}}}", ""]


def _pct(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")
