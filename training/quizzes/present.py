"""Questions as the attempt and review pages show them: texts in the reader's language, the stored layout."""
from __future__ import annotations

from training.markdown import render_markdown
from training.quizzes import types
from training.quizzes.bank_questions import LESSON_RE

FALLBACK = ("en", "az", "ru")


def pick(texts: dict | None, lang: str) -> str:
    """The text in `lang`, else in English, Azerbaijani, Russian (the first there is)."""
    if not texts:
        return ""
    for code in (lang, *FALLBACK):
        if texts.get(code):
            return texts[code]
    return ""


def md(texts: dict | None, lang: str):
    return render_markdown(pick(texts, lang)) if texts else ""


def lesson_url(ref: str, course: str) -> str | None:
    match = LESSON_RE.match(ref or "")
    if not match:
        return None
    return f"/courses/{match['course'] or course}/{match['lesson']}/#{match['anchor']}"


def view(body: dict, layout: dict, answer, lang: str, course: str, reveal: bool = False) -> dict:
    """A question ready for a template: texts, choices in the attempt's order, the answer given."""
    kind = body["type"]
    out = {"id": body["id"], "type": kind, "mark": body.get("mark", 1), "text": md(body["text"], lang),
           "field": types.field(body["id"]), "source": body.get("source", ""),
           "lesson_url": lesson_url(body.get("lesson", ""), course), "lesson": body.get("lesson", "")}
    if reveal:
        out["feedback"] = md(body.get("feedback"), lang)
        out["correct"] = types.is_correct(body, answer)
        out["fraction"] = types.score(body, answer) if answer is not None else 0.0
    if kind in ("single", "multiple"):
        by_id = {o["id"]: o for o in body["options"]}
        order = [i for i in layout.get(body["id"], []) if i in by_id] or list(by_id)
        chosen = set(answer if isinstance(answer, list) else [answer] if answer else [])
        out["options"] = [{"id": i, "text": pick(by_id[i]["text"], lang), "chosen": i in chosen,
                           "is_key": by_id[i].get("correct", False),
                           "feedback": md(by_id[i].get("feedback"), lang) if reveal and i in chosen else ""}
                          for i in order]
    elif kind == "truefalse":
        out["answer"] = answer
        out["key"] = body["answer"]
        if reveal and answer is not None:
            out["option_feedback"] = md(body.get("feedback_true" if answer else "feedback_false"), lang)
    elif kind == "matching":
        rights = {p["right"]["id"]: p["right"] for p in body["pairs"]}
        rights.update({d["id"]: d for d in body.get("distractors", [])})
        order = [i for i in layout.get(body["id"], []) if i in rights] or list(rights)
        given = answer if isinstance(answer, dict) else {}
        out["choices"] = [{"id": i, "text": pick(rights[i]["text"], lang)} for i in order]
        out["pairs"] = [{"id": p["left"]["id"], "text": pick(p["left"]["text"], lang),
                         "field": types.pair_field(body["id"], p["left"]["id"]),
                         "chosen": given.get(p["left"]["id"], ""),
                         "chosen_text": pick(rights[given[p["left"]["id"]]]["text"], lang)
                         if given.get(p["left"]["id"]) in rights else "",
                         "key_text": pick(p["right"]["text"], lang),
                         "right": given.get(p["left"]["id"]) == p["right"]["id"]} for p in body["pairs"]]
    elif kind == "ordering":
        items = {i["id"]: i for i in body["items"]}
        shown = answer if isinstance(answer, list) and sorted(answer) == sorted(items) else \
            [i for i in layout.get(body["id"], []) if i in items] or list(items)
        out["items"] = [{"id": i, "text": pick(items[i]["text"], lang)} for i in shown]
        out["value"] = ",".join(answer) if isinstance(answer, list) else ""
        out["key_items"] = [pick(i["text"], lang) for i in body["items"]]
        out["answered"] = isinstance(answer, list)
    elif kind in ("short", "numeric"):
        out["value"] = answer or ""
        out["unit"] = pick(body.get("unit"), lang)
        if kind == "short":
            out["key_text"] = ", ".join(body["answers"].get(lang) or [a for v in body["answers"].values() for a in v])
        else:
            tolerance = body.get("tolerance") or 0
            out["key_text"] = f"{body['answer']:g}" + (f" ± {tolerance:g}" if tolerance else "")
    elif kind == "case_study":
        out["scenario"] = md(body["scenario"], lang)
        given = answer if isinstance(answer, dict) else {}
        out["parts"] = [view(part, layout, given.get(part["id"]), lang, course, reveal) for part in body["parts"]]
    return out
