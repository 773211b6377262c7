"""The commands refuse bad input with one line and a non-zero status, never a traceback."""
import sqlalchemy as sa

from training.accounts.models import Cohort, User
from training.extensions import db


def test_create_organisation_cohort_and_users(runner):
    assert runner.invoke(args=["orgs", "create", "police-academy", "--name", "Police Academy"]).exit_code == 0
    result = runner.invoke(args=["users", "create", "lawyer@example.org", "--name", "Rəşad Məmmədov",
                                 "--role", "trainer", "--password", "trainer-pass-1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["cohorts", "create", "pa-2026", "--name", "Cadets 2026", "--org",
                                 "police-academy", "--trainer", "lawyer@example.org"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "cadet@example.org", "--name", "Günel İsmayılova",
                                 "--org", "police-academy", "--cohort", "pa-2026", "--password", "cadet-pass-12"])
    assert result.exit_code == 0, result.output
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.slug == "pa-2026"))
    assert [u.name for u in cohort.trainees] == ["Günel İsmayılova"]
    assert [u.email for u in cohort.trainers] == ["lawyer@example.org"]


def test_password_is_prompted_for_when_omitted(runner):
    result = runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "admin"],
                           input="admin-pass-123\nadmin-pass-123\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User.role).where(User.email == "a@example.org")) == "admin"


def _refused(result, message):
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.strip().splitlines() if line]
    assert lines[-1] == f"Error: {message}"


def test_bad_input_is_refused_with_one_line(runner, make):
    make.organisation(slug="police-academy")
    make.user("trainee", email="taken@example.org")
    _refused(runner.invoke(args=["orgs", "create", "police-academy", "--name", "X"]),
             "An organisation with the short name 'police-academy' already exists.")
    _refused(runner.invoke(args=["cohorts", "create", "c1", "--name", "C", "--org", "nowhere"]),
             "No organisation with the short name 'nowhere'.")
    _refused(runner.invoke(args=["users", "create", "taken@example.org", "--name", "T", "--password", "long-enough-1"]),
             "An account with the email taken@example.org already exists.")
    _refused(runner.invoke(args=["users", "create", "b@example.org", "--name", "B", "--role", "boss", "--password", "x"]),
             "Unknown role 'boss': use trainee, trainer or admin.")
    _refused(runner.invoke(args=["users", "create", "c@example.org", "--name", "C", "--password", "short"]),
             "The password must be at least 10 characters long.")
    _refused(runner.invoke(args=["cohorts", "create", "c2", "--name", "C", "--org", "police-academy",
                                 "--trainer", "taken@example.org"]),
             "taken@example.org is not a trainer: only trainers and administrators can lead a cohort.")
    assert db.session.scalar(sa.select(sa.func.count(Cohort.id))) == 0


def test_users_import_command(runner, make, tmp_path):
    make.organisation(slug="police-academy")
    roster = tmp_path / "roster.csv"
    roster.write_text("email,name,organisation,cohort\nx@example.org,İlqar Əliyev,police-academy,\n"
                      "bad,Bad,police-academy,\n", encoding="utf-8-sig")
    result = runner.invoke(args=["users", "import", str(roster)])
    assert result.exit_code == 0
    assert "1 created, 0 skipped, 1 refused" in result.output
    assert db.session.scalar(sa.select(User.name).where(User.email == "x@example.org")) == "İlqar Əliyev"


def test_demo_load_is_idempotent(runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "admin@npm.example" in first.output and "demo-admin-2026" in first.output
    count = db.session.scalar(sa.select(sa.func.count(User.id)))
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == count
    roles = dict(db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all())
    assert roles["admin"] == 1 and roles["trainer"] == 2 and roles["trainee"] >= 4
