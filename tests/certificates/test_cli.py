"""`flask certificates issue|revoke|list|verify`."""
from __future__ import annotations

import json

import sqlalchemy as sa

from tests.certificates.conftest import NAME
from training.certificates import service
from training.certificates.models import Certificate
from training.extensions import db


def test_issue_for_a_cohort_and_list(runner, world):
    ready, waiting = world.trainee(name="Ready"), world.trainee(name="Waiting")
    world.grade(ready, 90)
    world.read_all(ready)
    db.session.execute(sa.delete(Certificate))
    db.session.commit()
    result = runner.invoke(args=["certificates", "issue", "--course", "custody", "--cohort", world.cohort.slug])
    assert result.exit_code == 0, result.output
    assert "1 issued, 0 already issued, 1 not met" in result.output
    again = runner.invoke(args=["certificates", "issue", "--course", "custody"])
    assert "0 issued, 1 already issued" in again.output
    cert = service.current_for(ready.id, "custody")
    listed = runner.invoke(args=["certificates", "list", "--course", "custody", "--cohort", world.cohort.slug])
    assert listed.output.strip().split("\n") == [f"{cert.code}\t{cert.serial}\tvalid\tReady\tcustody"]
    assert waiting.name not in listed.output


def test_revoke_by_code_and_refusals(runner, issued):
    _user, cert = issued
    assert runner.invoke(args=["certificates", "revoke", cert.code]).exit_code == 2  # --reason is required
    result = runner.invoke(args=["certificates", "revoke", cert.code.lower(), "--reason", "Issued in error"])
    assert result.exit_code == 0 and cert.serial in result.output
    listed = runner.invoke(args=["certificates", "list"])
    assert f"{cert.serial}\trevoked\t{NAME}" in listed.output
    unknown = runner.invoke(args=["certificates", "revoke", "AAAABBBBCCCCDDDD", "--reason", "x"])
    assert unknown.exit_code == 1 and "Error: No certificate has the code" in unknown.output
    bad_course = runner.invoke(args=["certificates", "issue", "--course", "nope"])
    assert bad_course.exit_code == 1 and "Traceback" not in bad_course.output


def test_verify_a_downloaded_credential_offline(runner, app, issued, tmp_path):
    _user, cert = issued
    client = app.test_client()
    path = tmp_path / "credential.json"
    path.write_bytes(client.get(f"/verify/{cert.code}.json").data)
    issuer = tmp_path / "issuer.json"
    issuer.write_bytes(client.get("/issuer.json").data)
    status = tmp_path / "status.json"
    status.write_bytes(client.get("/certificates/status/1.json").data)

    result = runner.invoke(args=["certificates", "verify", str(path), "--issuer", str(issuer),
                                 "--status-list", str(status)])
    assert result.exit_code == 0, result.output
    assert "valid (status list as of" in result.output and NAME in result.output

    doc = json.loads(path.read_text())
    doc["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc))
    result = runner.invoke(args=["certificates", "verify", str(tampered)])
    assert result.exit_code == 1 and result.output.strip().endswith(
        "tampered: the signature does not match the content (altered, or signed by another key)")

    service.revoke(None, cert, "Issued in error")
    db.session.commit()
    stale = runner.invoke(args=["certificates", "verify", str(path), "--status-list", str(status)])
    assert stale.exit_code == 0  # the saved list predates the revocation
    fresh = runner.invoke(args=["certificates", "verify", str(path)])
    assert fresh.exit_code == 1 and "revoked (as of the status list of" in fresh.output

    status.write_text("{not json")
    broken = runner.invoke(args=["certificates", "verify", str(path), "--status-list", str(status)])
    assert broken.exit_code == 1 and "Error: Cannot read" in broken.output


def test_verify_with_a_status_list_of_another_issuer_cannot_verify(runner, app, issued, tmp_path):
    _user, cert = issued
    path = tmp_path / "credential.json"
    path.write_bytes(app.test_client().get(f"/verify/{cert.code}.json").data)
    from datetime import datetime

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from training.certificates import credential, signing
    key = Ed25519PrivateKey.generate()
    forged = credential.status_list([], signing.Issuer(key, key.public_key()), "http://localhost",
                                    datetime(2026, 1, 1))
    status = tmp_path / "status.json"
    status.write_text(json.dumps(forged))
    result = runner.invoke(args=["certificates", "verify", str(path), "--status-list", str(status)])
    assert result.exit_code == 1 and "cannot verify: the status list cannot be trusted" in result.output
