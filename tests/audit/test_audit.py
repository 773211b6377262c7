"""The audit log: append-only, hash-chained, verified, readable by admins."""
import pytest
import sqlalchemy as sa

from training.audit import service as audit
from training.audit.models import AuditEntry
from training.extensions import db


def _entries(n: int, actor=None):
    for i in range(n):
        audit.record(actor, "test.change", "thing", i, before={"v": i}, after={"v": i + 1, "name": "Şəhla"})
    db.session.commit()


def test_chain_of_untouched_entries_verifies(app):
    _entries(5)
    checked, problem = audit.verify_chain()
    assert (checked, problem) == (5, None)


def test_each_entry_carries_the_previous_hash(app):
    _entries(3)
    rows = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert rows[0].prev_hash == audit.GENESIS
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash


def test_edited_entry_is_found(app, runner):
    _entries(5)
    third = db.session.scalars(sa.select(AuditEntry.id).order_by(AuditEntry.id)).all()[2]
    db.session.execute(sa.text("UPDATE audit_entries SET after = :a WHERE id = :i"),
                       {"a": '{"v": 999}', "i": third})
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"audit log broken at entry {third}: content edited" in result.output


def test_removed_entry_is_found(app, runner):
    _entries(5)
    ids = db.session.scalars(sa.select(AuditEntry.id).order_by(AuditEntry.id)).all()
    db.session.execute(sa.text("DELETE FROM audit_entries WHERE id = :i"), {"i": ids[1]})
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"audit log broken at entry {ids[2]}: previous entry missing or out of order" in result.output


def test_reordered_entries_are_found(app):
    _entries(4)
    a, b = db.session.scalars(sa.select(AuditEntry.id).order_by(AuditEntry.id)).all()[1:3]
    # Swap the contents of two rows, hashes included, as someone reordering history would.
    rows = {r.id: r for r in db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id.in_([a, b])))}
    cols = ["created_at", "action", "object_type", "object_id", "prev_hash", "hash"]
    values = {i: {c: getattr(rows[i], c) for c in cols} for i in (a, b)}
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == a).values(hash="tmp"))
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == b).values(**values[a]))
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == a).values(**values[b]))
    db.session.commit()
    checked, problem = audit.verify_chain()
    assert problem is not None and problem.entry_id == a and checked == 1


def test_verify_command_reports_an_intact_log(app, runner):
    _entries(2)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "audit log intact: 2 entries" in result.output


def test_admin_reads_and_filters_the_log(login_as, make):
    client, admin = login_as("admin")
    make.user("trainee", email="someone@example.org")
    _entries(2, actor=admin)
    page = client.get("/admin/audit/?action=test.change&lang=en").get_data(as_text=True)
    assert page.count("<code>test.change</code>") == 2
    assert "<code>user.create</code>" not in page
    assert "Şəhla" in page  # shown as text, not as \\u escapes
    page = client.get("/admin/audit/?object_type=user&lang=en").get_data(as_text=True)
    assert "someone@example.org" in page and "<code>test.change</code>" not in page
    page = client.get("/admin/audit/?since=not-a-date&lang=en").get_data(as_text=True)
    assert "the date filter was ignored" in page


@pytest.mark.parametrize("role", ["trainee", "trainer"])
def test_only_admins_read_the_log(login_as, role):
    client, _user = login_as(role)
    assert client.get("/admin/audit/").status_code == 403
