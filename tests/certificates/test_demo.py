"""`flask demo load` leaves demo trainees with certificates of the first course, one of them revoked."""
from tests.content.helpers import sync_root
from training.config import ROOT


def test_demo_load_issues_certificates_and_revokes_one(app, runner):
    sync_root(ROOT)  # the real curriculum: the demo completes its first course
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # loading again adds nothing
    lines = runner.invoke(args=["certificates", "list", "--course", "introduction"]).output.strip().split("\n")
    assert len(lines) == 3
    states = {line.split("\t")[3]: line.split("\t")[2] for line in lines}
    assert states == {"Şəhla Əliyeva İlqar qızı": "valid", "Elvin Əliyev": "valid", "Игорь Ковалёв": "revoked"}
