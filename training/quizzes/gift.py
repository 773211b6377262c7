"""GIFT (Moodle) import of question banks, in one language at a time.

Import refuses the whole file, with line numbers, on any error. What GIFT has no place for
(source, lesson, ids of options, ordering, case studies, marks) travels in `// key: value`
comment lines before a question, so importing an export gives the same questions.
"""
from __future__ import annotations

import re

from training.quizzes.bank_questions import ID_RE

META_RE = re.compile(r"^//\s*(id|source|lesson|ids|type|part-of|mark|text|topic-title|shuffle|unit|feedback)\s*:\s*(.*)$")


class GiftError(Exception):
    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("\n".join(f"line {line}: {message}" for line, message in problems))
        self.problems = problems


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")[:64].strip("-")
    return value


def _unescape(text: str) -> str:
    text = re.sub(r"\\([~=#{}:])", r"\1", text).replace("\\n", "\n").replace("\\\\", "\\")
    return text.strip()


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", "\\n")


def _split(text: str, seps: str) -> list[tuple[str, str]]:
    """Split at unescaped separators; returns [(separator, chunk)], the first separator ''."""
    parts, current, sep, i = [], [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if ch in seps:
            parts.append((sep, "".join(current)))
            current, sep = [], ch
        else:
            current.append(ch)
        i += 1
    parts.append((sep, "".join(current)))
    return parts


def _find_unescaped(text: str, ch: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == ch:
            return i
        i += 1
    return -1


# ----- import ----------------------------------------------------------------------------------

def parse_gift(text: str, quiz_id: str, course: str, lang: str = "en", source: str | None = None,
               lesson: str | None = None) -> dict:
    """GIFT text -> a bank dict (as the YAML format has it); raises GiftError listing every problem."""
    problems: list[tuple[int, str]] = []
    topics: list[dict] = []
    questions: list[dict] = []
    cases: dict[str, dict] = {}
    topic, topic_title, meta, block, start = None, None, {}, [], 0

    def flush():
        nonlocal block, meta
        if block:
            _question("\n".join(block), start, dict(meta))
        block, meta = [], {}

    def ensure_topic():
        nonlocal topic
        if topic is None:
            topic = "general"
            topics.append({"id": topic, "title": {lang: "General"}})
        return topic

    def _question(raw: str, line: int, meta: dict):
        try:
            q = _parse_question(raw, lang, meta, len(questions) + sum(len(c["parts"]) for c in cases.values()) + 1)
        except ValueError as exc:
            problems.append((line, str(exc)))
            return
        q.setdefault("source", meta.get("source") or source)
        q.setdefault("lesson", meta.get("lesson") or lesson)
        if not q["source"] or not q["lesson"]:
            problems.append((line, "the question has no source or lesson (add `// source:` and `// lesson:` "
                                   "comments or give --source and --lesson)"))
        if q.get("type") == "case_study":
            q["topic"] = ensure_topic()
            cases[q["id"]] = q
            questions.append(q)
        elif meta.get("part-of"):
            case = cases.get(meta["part-of"])
            if case is None:
                problems.append((line, f"`part-of: {meta['part-of']}` names no case study above"))
                return
            if q["source"] == case["source"]:
                q.pop("source")
            if q["lesson"] == case["lesson"]:
                q.pop("lesson")
            case["parts"].append(q)
        else:
            q["topic"] = ensure_topic()
            questions.append(q)

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("$CATEGORY:"):
            flush()
            name = stripped[len("$CATEGORY:"):].strip().split("/")[-1].strip()
            topic = slug(name) or "general"
            if topic not in {t["id"] for t in topics}:
                topics.append({"id": topic, "title": {lang: topic_title or name}})
            topic_title = None
            continue
        if stripped.startswith("//"):
            match = META_RE.match(stripped)
            if match:
                if block:
                    flush()
                if match[1] == "topic-title":
                    topic_title = match[2].strip()
                else:
                    meta[match[1]] = match[2].strip()
            continue
        if not stripped:
            flush()
            continue
        if not block:
            start = number
        block.append(line)
    flush()
    for case in cases.values():
        if len(case["parts"]) < 2:
            problems.append((1, f"the case study `{case['id']}` needs at least two parts"))
    if problems:
        raise GiftError(problems)
    if not questions:
        raise GiftError([(1, "the file holds no questions")])
    return {"id": quiz_id, "course": course, "title": {lang: quiz_id}, "topics": topics, "questions": questions}


def _parse_question(raw: str, lang: str, meta: dict, number: int) -> dict:
    text = raw.strip()
    name = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise ValueError("the question name is not closed with ::")
        name, text = text[2:end].strip(), text[end + 2:].strip()
    text = re.sub(r"^\[(markdown|plain|html|moodle)\]", "", text).strip()
    qid = meta.get("id") or (slug(name) if name else "") or f"q-{number}"
    if not ID_RE.match(qid):
        raise ValueError(f"`{qid}` cannot be a question id")
    q: dict = {"id": qid}
    if meta.get("mark"):
        try:
            q["mark"] = float(meta["mark"]) if "." in meta["mark"] else int(meta["mark"])
        except ValueError:
            raise ValueError("`// mark:` must be a number") from None
    open_at = _find_unescaped(text, "{")
    if open_at < 0:
        if meta.get("type") != "case_study":
            raise ValueError("a question needs an answer block { ... } (descriptions are only for case studies)")
        q.update(type="case_study", text={lang: _unescape(meta.get("text") or "")}, scenario={lang: _unescape(text)},
                 parts=[])
        if meta.get("feedback"):
            q["feedback"] = {lang: _unescape(meta["feedback"])}
        return q
    close_at = _find_unescaped(text, "}", open_at)
    if close_at < 0:
        raise ValueError("the answer block is not closed with }")
    stem = _unescape(text[:open_at])
    after = _unescape(text[close_at + 1:])
    if after:
        stem = f"{stem} _____ {after}"
    if not stem:
        raise ValueError("the question has no text")
    q["text"] = {lang: stem}
    body = text[open_at + 1:close_at].strip()
    general = None
    if "####" in body:
        body, general = body.split("####", 1)
        q["feedback"] = {lang: _unescape(general)}
    ids = meta.get("ids", "").split()
    _answers(q, body.strip(), lang, ids, meta)
    if meta.get("shuffle") == "false":
        q["shuffle"] = False
    if meta.get("unit") and q["type"] == "numeric":
        q["unit"] = {lang: meta["unit"]}
    return q


def _answers(q: dict, body: str, lang: str, ids: list[str], meta: dict) -> None:
    if not body:
        raise ValueError("essay questions (an empty answer block) are not supported")
    head = re.match(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", body, re.S)
    if head:
        value = head[1].startswith("T")
        q.update(type="truefalse", answer=value)
        feedbacks = [_unescape(c) for _s, c in _split(head[2] or "", "#")[1:]]
        wrong, right = (feedbacks + ["", ""])[:2]
        if wrong:
            q["feedback_false" if value else "feedback_true"] = {lang: wrong}
        if right:
            q["feedback_true" if value else "feedback_false"] = {lang: right}
        return
    if body.startswith("#"):
        _numeric(q, body[1:].strip())
        return
    entries = []
    for sep, chunk in _split(body, "=~")[1:]:
        pieces = _split(chunk, "#")
        answer = pieces[0][1]
        feedback = _unescape("#".join(c for _s, c in pieces[1:])) if len(pieces) > 1 else ""
        weight = None
        w = re.match(r"^\s*%(-?\d+(?:\.\d+)?)%", answer)
        if w:
            weight, answer = float(w[1]), answer[w.end():]
        entries.append((sep, answer, weight, feedback))
    if not entries:
        raise ValueError("the answer block has no answers (start each with = or ~)")
    if all(sep == "=" and "->" in a for sep, a, _w, _f in entries):
        _matching(q, entries, lang, ids, meta)
    elif all(sep == "=" for sep, *_rest in entries):
        q.update(type="short", answers={lang: [_unescape(a) for _s, a, _w, _f in entries]})
    else:
        multiple = any(w is not None for _s, _a, w, _f in entries) and not any(s == "=" for s, *_r in entries)
        q["type"] = "multiple" if multiple else "single"
        options = []
        for index, (sep, answer, weight, feedback) in enumerate(entries):
            oid = ids[index] if index < len(ids) else chr(ord("a") + index) if index < 26 else f"o{index}"
            option = {"id": oid, "text": {lang: _unescape(answer)}}
            if (sep == "=") if not multiple else (weight or 0) > 0:
                option["correct"] = True
            if feedback:
                option["feedback"] = {lang: feedback}
            options.append(option)
        q["options"] = options


def _numeric(q: dict, body: str) -> None:
    first = body.lstrip("=").split("=")[0].split("#")[0].strip()
    first = re.sub(r"^%\d+%", "", first)
    try:
        if ".." in first:
            low, high = (float(x) for x in first.split(".."))
            q.update(type="numeric", answer=(low + high) / 2, tolerance=abs(high - low) / 2)
        else:
            value, _sep, tol = first.partition(":")
            q.update(type="numeric", answer=float(value), tolerance=float(tol) if tol else 0)
    except ValueError:
        raise ValueError(f"`{first}` is not a number with tolerance (value:tolerance)") from None
    for key in ("answer", "tolerance"):
        if float(q[key]).is_integer():
            q[key] = int(q[key])


def _matching(q: dict, entries: list, lang: str, ids: list[str], meta: dict) -> None:
    pairs, distractors = [], []
    for index, (_sep, answer, _w, _f) in enumerate(entries):
        left, _arrow, right = answer.partition("->")
        left, right = _unescape(left), _unescape(right)
        if not left:
            distractors.append({"id": ids[index] if index < len(ids) else f"d{index + 1}", "text": {lang: right}})
            continue
        pair_ids = ids[index].split("/") if index < len(ids) and "/" in ids[index] else [f"l{index + 1}", f"r{index + 1}"]
        pairs.append({"left": {"id": pair_ids[0], "text": {lang: left}},
                      "right": {"id": pair_ids[1], "text": {lang: right}}})
    if meta.get("type") == "ordering":
        try:
            pairs.sort(key=lambda p: int(p["right"]["text"][lang]))
        except ValueError:
            raise ValueError("an ordering question's positions must be numbers") from None
        q.update(type="ordering", items=[p["left"] for p in pairs])
        return
    q.update(type="matching", pairs=pairs)
    if distractors:
        q["distractors"] = distractors
