"""Marking of every question type, partial credit edge cases, answers typed in three alphabets."""
import pytest
from werkzeug.datastructures import MultiDict

from training.exceptions import ServiceError
from training.quizzes import types
from training.quizzes.text import fold, parse_number, same_answer

SINGLE = {"id": "s", "type": "single", "options": [{"id": "a", "correct": True}, {"id": "b"}, {"id": "c"}]}
MULTI = {"id": "m", "type": "multiple", "options": [{"id": "a", "correct": True}, {"id": "b", "correct": True},
                                                     {"id": "c", "correct": True}, {"id": "d"}, {"id": "e"}]}
TF = {"id": "t", "type": "truefalse", "answer": False}
MATCH = {"id": "x", "type": "matching", "pairs": [
    {"left": {"id": f"l{i}"}, "right": {"id": f"r{i}"}} for i in range(1, 5)], "distractors": [{"id": "d"}]}
ORDER = {"id": "o", "type": "ordering", "items": [{"id": i} for i in ("a", "b", "c", "d")]}
SHORT = {"id": "k", "type": "short", "answers": {"en": ["Istanbul Protocol"], "az": ["İstanbul Protokolu"],
                                                 "ru": ["Стамбульский протокол"]}}
NUM = {"id": "n", "type": "numeric", "answer": 22, "tolerance": 0.5}
CASE = {"id": "c", "type": "case_study", "parts": [dict(SINGLE, id="p1", mark=1), dict(TF, id="p2", mark=3)]}


def test_single_choice():
    assert types.score(SINGLE, "a") == 1.0
    assert types.score(SINGLE, "b") == 0.0
    assert types.score(SINGLE, None) == 0.0


@pytest.mark.parametrize("chosen, expected", [
    (["a", "b", "c"], 1.0),            # all correct
    (["a"], 1 / 3),                    # one of three
    (["a", "b"], 2 / 3),
    (["a", "b", "c", "d"], 2 / 3),     # every wrong choice takes 1/n back
    (["a", "d"], 0.0),
    (["a", "d", "e"], 0.0),            # never below zero
    (["d", "e"], 0.0),
    ([], 0.0),
    (["a", "b", "c", "d", "e"], 1 / 3),  # ticking everything does not pay
])
def test_multiple_response_partial_credit(chosen, expected):
    assert types.score(MULTI, chosen) == pytest.approx(expected)


def test_true_false():
    assert types.score(TF, False) == 1.0
    assert types.score(TF, True) == 0.0
    assert types.score(TF, "false") == 0.0  # only a real boolean is an answer


def test_matching_per_pair():
    assert types.score(MATCH, {"l1": "r1", "l2": "r2", "l3": "r3", "l4": "r4"}) == 1.0
    assert types.score(MATCH, {"l1": "r1", "l2": "r2", "l3": "d"}) == 0.5
    assert types.score(MATCH, {"l1": "r2", "l2": "r1"}) == 0.0


def test_ordering_per_position():
    assert types.score(ORDER, ["a", "b", "c", "d"]) == 1.0
    assert types.score(ORDER, ["a", "b", "d", "c"]) == 0.5
    assert types.score(ORDER, ["b", "a", "c", "d"]) == 0.5
    assert types.score(ORDER, ["d", "c", "b", "a"]) == 0.0


@pytest.mark.parametrize("typed, ok", [
    ("istanbul protocol", True), ("  ISTANBUL   Protocol ", True), ("İSTANBUL PROTOKOLU", True),
    ("istanbul protokolu", True), ("ıstanbul protokolu", True), ("СТАМБУЛЬСКИЙ  ПРОТОКОЛ", True),
    ("Istanbul", False), ("", False),
])
def test_short_answer(typed, ok):
    assert (types.score(SHORT, typed) == 1.0) is ok


def test_azerbaijani_i_folding():
    assert fold("İSMAYILLI") == "ismayıllı"  # İ -> i and I -> ı, no stray combining dot
    assert "\u0307" not in fold("İ")
    assert same_answer("QIZ", "qız")
    assert same_answer("qız", "QIZ")
    assert not same_answer("qaz", "qız")


@pytest.mark.parametrize("typed, ok", [("22", True), ("22,4", True), ("21.5", True), ("22.6", False),
                                       ("twenty", False), ("", False), ("nan", False)])
def test_numeric_with_tolerance(typed, ok):
    assert (types.score(NUM, typed) == 1.0) is ok


def test_parse_number():
    assert parse_number("1 200,5") == 1200.5
    assert parse_number("-3") == -3
    assert parse_number("inf") is None


def test_case_study_is_one_block_weighted_by_part_marks():
    assert types.score(CASE, {"p1": "a", "p2": False}) == 1.0
    assert types.score(CASE, {"p1": "a"}) == 0.25
    assert types.score(CASE, {"p2": False}) == 0.75
    assert types.score(CASE, None) == 0.0


def test_form_reading_and_foreign_ids():
    assert types.from_form(MULTI, MultiDict([("q-m", "b"), ("q-m", "a"), ("q-m", "a")])) == ["a", "b"]
    assert types.from_form(TF, MultiDict({"q-t": "false"})) is False
    assert types.from_form(MATCH, MultiDict({"q-x-l1": "r1", "q-x-l2": ""})) == {"l1": "r1"}
    assert types.from_form(ORDER, MultiDict({"q-o": "b, a,c,d"})) == ["b", "a", "c", "d"]
    assert types.from_form(CASE, MultiDict({"q-p1": "a"})) == {"p1": "a"}
    for question, form in [(SINGLE, {"q-s": "zz"}), (MULTI, {"q-m": "a1"}), (TF, {"q-t": "maybe"}),
                           (MATCH, {"q-x-l1": "l2"}), (ORDER, {"q-o": "a,b,c"}), (ORDER, {"q-o": "a,a,b,c"})]:
        with pytest.raises(ServiceError):
            types.from_form(question, MultiDict(form))
