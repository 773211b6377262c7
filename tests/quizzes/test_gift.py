"""GIFT: Moodle files in (with every supported type), a bank out and back in unchanged, bad files refused."""
import io
from pathlib import Path

import pytest
import yaml

from training.extensions import db
from training.quizzes import bank_yaml
from training.quizzes.bank import Reporter, check_bank_data, read_bank
from training.quizzes.gift import GiftError, parse_gift
from training.quizzes.gift_export import export_gift
from training.quizzes.models import Quiz

REPO = Path(__file__).resolve().parents[2]

MOODLE = """// A bank exported from Moodle
$CATEGORY: $course$/top/Qadağa

::Q1:: İşgəncə hansı sənəddə tərif olunur? {=UNCAT#Düzdür ~ECHR#Yox, bu Konvensiyadır ~ICCPR####Maddə 1.}

::Q2:: Выберите все верные {~%50%Первый ~%50%Второй ~%-100%Третий#Неверно}

// source: OPCAT art. 20(c)
// lesson: npm#access
::Q3:: Visits may be unannounced. {TRUE#Wrong: they may.#Right.}

::Q4:: Şəhər? {=İstanbul =Istanbul}

::Q5:: Match {=SPT -> OPCAT =CAT -> UNCAT = -> ICCPR}

::Q6:: Hours? {#22:0.5}

::Q7:: Range {#21..23}
"""


def test_moodle_gift_with_every_type():
    data = parse_gift(MOODLE, "moodle", "qcourse", "az", source="UNCAT art. 1", lesson="intro#aim")
    questions = {q["id"]: q for q in data["questions"]}
    assert data["topics"] == [{"id": "qada-a", "title": {"az": "Qadağa"}}] or data["topics"][0]["title"] == {"az": "Qadağa"}
    q1 = questions["q1"]
    assert q1["type"] == "single" and q1["text"] == {"az": "İşgəncə hansı sənəddə tərif olunur?"}
    assert [o.get("correct", False) for o in q1["options"]] == [True, False, False]
    assert q1["options"][1]["feedback"] == {"az": "Yox, bu Konvensiyadır"} and q1["feedback"] == {"az": "Maddə 1."}
    assert questions["q2"]["type"] == "multiple"
    assert [o.get("correct", False) for o in questions["q2"]["options"]] == [True, True, False]
    q3 = questions["q3"]
    assert (q3["type"], q3["answer"], q3["source"], q3["lesson"]) == ("truefalse", True, "OPCAT art. 20(c)", "npm#access")
    assert q3["feedback_false"] == {"az": "Wrong: they may."} and q3["feedback_true"] == {"az": "Right."}
    assert questions["q4"]["answers"] == {"az": ["İstanbul", "Istanbul"]}
    q5 = questions["q5"]
    assert [p["right"]["text"]["az"] for p in q5["pairs"]] == ["OPCAT", "UNCAT"]
    assert q5["distractors"][0]["text"] == {"az": "ICCPR"}
    assert (questions["q6"]["answer"], questions["q6"]["tolerance"]) == (22, 0.5)
    assert (questions["q7"]["answer"], questions["q7"]["tolerance"]) == (22, 1)
    reporter = Reporter("x")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert check_bank_data(bank_yaml.load(text), reporter, expected_id="moodle") is not None, reporter.problems


@pytest.mark.parametrize("text, line, message", [
    ("::a:: Question {=yes ~no\n\n::b:: Fine {T}", 1, "not closed with }"),
    ("::a:: Fine {T}\n\n::b:: Essay {}", 3, "essay questions"),
    ("::a:: Fine {T}\n\n\n::b:: Number {#lots}", 4, "is not a number"),
    ("::a:: Fine {T}\n\n::b Never closed {T}", 3, "not closed with ::"),
    ("Just a description", 1, "needs an answer block"),
])
def test_malformed_gift_is_refused_with_line_numbers(text, line, message):
    with pytest.raises(GiftError) as error:
        parse_gift(text, "x", "qcourse", "en", source="S", lesson="l#a")
    assert any(ln == line and message in msg for ln, msg in error.value.problems), error.value.problems


def test_a_question_without_source_is_refused():
    with pytest.raises(GiftError) as error:
        parse_gift("::a:: Fine {T}", "x", "qcourse")
    assert error.value.problems[0][0] == 1 and "no source or lesson" in error.value.problems[0][1]


def _only(value, lang):
    if isinstance(value, dict):
        if value and set(value) <= {"en", "az", "ru"}:
            return value.get(lang)
        return {k: _only(v, lang) for k, v in value.items() if _only(v, lang) not in (None, {})}
    if isinstance(value, list):
        return [_only(v, lang) for v in value]
    return value


@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_round_trip_of_the_sample_bank(lang):
    bank, _ = read_bank(REPO / "quizzes" / "introduction.yml")
    quiz = Quiz(id=bank.id, title=bank.title, topics=bank.topics)
    text = export_gift(quiz, bank.questions, lang)
    again = parse_gift(text, "introduction", "introduction", lang)
    reporter = Reporter("x")
    checked = check_bank_data(bank_yaml.load(yaml.safe_dump(again, allow_unicode=True)), reporter,
                              expected_id="introduction")
    assert checked is not None, [str(p) for p in reporter.problems]
    assert [t["id"] for t in checked.topics] == [t["id"] for t in bank.topics]
    for original, imported in zip(bank.questions, checked.questions, strict=True):
        assert _only(imported, lang) == _only(original, lang), original["id"]


def test_cli_import_and_export(app, runner, tmp_path, course):
    path = tmp_path / "moodle.gift"
    path.write_text(MOODLE, encoding="utf-8")
    out = tmp_path / "moodle.yml"
    result = runner.invoke(args=["quizzes", "import-gift", str(path), "--quiz", "moodle", "--course", "qcourse",
                                 "--lang", "az", "--source", "UNCAT art. 1", "--lesson", "intro#aim", "--out", str(out)])
    assert result.exit_code == 0, result.output
    bank, problems = read_bank(out)
    assert bank is not None and len(bank.questions) == 7
    bad = tmp_path / "bad.gift"
    bad.write_text("::a:: ok {T}\n\n::b:: broken {=x", encoding="utf-8")
    result = runner.invoke(args=["quizzes", "import-gift", str(bad), "--quiz", "bad", "--course", "qcourse",
                                 "--source", "S", "--lesson", "l#a", "--db"])
    assert result.exit_code == 1 and f"{bad}:3: the answer block is not closed" in result.output
    assert db.session.get(Quiz, "bad") is None
    result = runner.invoke(args=["quizzes", "import-gift", str(path), "--quiz", "moodle", "--course", "qcourse",
                                 "--lang", "az", "--source", "UNCAT art. 1", "--lesson", "intro#aim", "--db"])
    assert result.exit_code == 0 and db.session.get(Quiz, "moodle").origin == "upload"
    result = runner.invoke(args=["quizzes", "export-gift", "moodle", "--lang", "az"])
    assert "::q1:: İşgəncə hansı sənəddə tərif olunur?" in result.output
    assert runner.invoke(args=["quizzes", "export-gift", "nope"]).exit_code == 1


def test_admin_upload_and_trainer_export(app, course, login_as, quiz):
    admin, _ = login_as("admin", locale="en")
    trainee, _ = login_as("trainee")
    assert trainee.get("/quizzes/import").status_code == 403
    data = {"quiz": "uploaded", "course": "qcourse", "lang": "az", "source": "UNCAT art. 1", "lesson": "intro#aim"}
    response = admin.post_form("/quizzes/import", {**data, "file": (io.BytesIO("::a:: x {=y".encode()), "a.gift")})
    assert response.status_code == 200 and "Nothing was imported" in response.get_data(as_text=True)
    assert db.session.get(Quiz, "uploaded") is None
    response = admin.post_form("/quizzes/import", {**data, "file": (io.BytesIO(MOODLE.encode()), "m.gift")})
    assert response.status_code == 302 and db.session.get(Quiz, "uploaded") is not None
    gift = admin.get("/quizzes/basic/export.gift?text_lang=ru")
    assert gift.status_code == 200 and "::s1:: Один? {=Верно ~Неверно#B####Общий отзыв}" in gift.get_data(as_text=True)
    assert trainee.get("/quizzes/basic/export.gift").status_code == 403
