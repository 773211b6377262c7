"""The pages: the course panel, the PDF and who may have it, public verification, the trainer's actions."""
from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import zipfile

import sqlalchemy as sa

from tests.certificates.conftest import NAME
from tests.conftest import PASSWORD
from training.certificates import codes, service
from training.certificates.models import Certificate
from training.certificates.verify import VALID, verify
from training.extensions import db


def sign_in(app, user):
    client = app.test_client()
    assert client.login(user.email, PASSWORD).status_code == 302
    return client


# ----- the trainee's course page --------------------------------------------------------------

def test_course_page_shows_each_condition_with_its_figure(app, world):
    user = world.trainee()
    sessions = world.sessions(5)
    world.read_all(user, world.lessons[:2])
    world.attend(user, sessions, 3)
    world.grade(user, 65)
    html = sign_in(app, user).get("/courses/custody/?lang=en").get_data(as_text=True)
    assert "Lessons read: 2 of 3" in html
    assert "Closing quiz: 65% (at least 70% needed)" in html
    assert "Attendance: 60% (at least 80% needed)" in html
    assert html.count("Not met") == 3


def test_course_page_links_the_issued_certificate(app, world, issued):
    user, cert = issued
    html = sign_in(app, user).get("/courses/custody/?lang=en").get_data(as_text=True)
    assert html.count(">Met<") == 2 and "Not met" not in html
    assert f"/certificates/{cert.code}.pdf" in html and "Your certificate has been issued." in html


# ----- the PDF and who may have it ----------------------------------------------------------

def test_pdf_goes_to_the_trainee_their_trainers_and_admins_only(app, world, issued, make):
    user, cert = issued
    path = f"/certificates/{cert.code}.pdf"
    other_trainer = make.user("trainer")
    make.cohort(trainers=[other_trainer])
    expected = [(user, 200), (world.trainer, 200), (make.user("admin"), 200),
                (world.trainee(name="Classmate"), 403), (other_trainer, 403)]
    for who, status in expected:
        response = sign_in(app, who).get(path)
        assert response.status_code == status, who.email
        if status == 200:
            assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert sign_in(app, user).get("/certificates/AAAABBBBCCCCDDDD.pdf").status_code == 404


def test_the_served_pdf_is_the_one_stored_at_issue(app, world, issued):
    user, cert = issued
    client = sign_in(app, user)
    first = client.get(f"/certificates/{cert.code}.pdf")
    user.name = "Someone Else"
    world.course.title = {"en": "Renamed"}
    db.session.commit()
    again = client.get(f"/certificates/{cert.code}.pdf")
    assert again.data == first.data
    assert hashlib.sha256(again.data).hexdigest() == again.headers["X-Content-SHA256"]
    russian = client.get(f"/certificates/{cert.code}.pdf?lang=ru")
    assert russian.data != first.data and russian.data.startswith(b"%PDF")


# ----- public verification ---------------------------------------------------------------------

def test_anyone_verifies_from_the_signed_claims(app, world, issued):
    user, cert = issued
    html = app.test_client().get(f"/verify/{cert.code}?lang=en").get_data(as_text=True)
    assert "Valid" in html and NAME in html and "Safeguards in police custody" in html
    assert "Commissioner for Human Rights" in html
    for doc in cert.documents:
        assert doc.sha256 in html
    assert user.email not in html and f">{user.id}<" not in html  # no email, no internal ids
    az = app.test_client().get(f"/verify/{cert.code}?lang=az").get_data(as_text=True)
    assert "Polis saxlamasında təminatlar" in az


def test_verify_page_reads_the_signed_record_not_the_database_row(app, world, issued):
    _user, cert = issued
    cert.trainee_name = "Forged Name"  # a doctored row changes nothing the page shows
    db.session.commit()
    html = app.test_client().get(f"/verify/{cert.code}?lang=en").get_data(as_text=True)
    assert NAME in html and "Forged Name" not in html
    cert.credential = {**cert.credential, "name": "Altered"}
    db.session.commit()
    html = app.test_client().get(f"/verify/{cert.code}?lang=en").get_data(as_text=True)
    assert "Cannot be verified" in html and ">Valid<" not in html


def test_the_form_takes_a_code_typed_with_any_case_and_dashes(app, issued):
    _user, cert = issued
    typed = codes.grouped(cert.code).lower().replace("-", " - ", 1)
    response = app.test_client().get("/verify", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/verify/{cert.code}")
    assert app.test_client().get("/verify?lang=en").status_code == 200


def test_every_unknown_code_gets_the_same_answer(app, issued):
    client = app.test_client()
    answers = [client.get(f"/verify/{code}?lang=en") for code in
               ("AAAABBBBCCCCDDDD", "ZZZZ-YYYY-XXXX-WWWW", "short", "O0O0O0O0O0O0O0O0", "%3Cscript%3E")]
    assert {a.status_code for a in answers} == {404}
    mains = {re.search(r"<main.*</main>", a.get_data(as_text=True), re.S).group(0) for a in answers}
    assert len(mains) == 1  # the page differs only in the address it echoes for the language switch
    assert "No certificate has this code." in mains.pop()


def test_revocation_shows_on_the_page_and_in_the_status_list(app, world, issued):
    _user, cert = issued
    client = app.test_client()
    credential_json = client.get(f"/verify/{cert.code}.json").get_json()
    before = client.get("/certificates/status/1.json").get_json()
    assert verify(credential_json, [service.platform_issuer()], before).state == VALID
    service.revoke(world.trainer, cert, "Issued in error")
    db.session.commit()
    html = client.get(f"/verify/{cert.code}?lang=en").get_data(as_text=True)
    assert "Revoked" in html and "Issued in error" in html
    after = client.get("/certificates/status/1.json").get_json()
    assert verify(credential_json, [service.platform_issuer()], after).state == "revoked"


def test_issuer_document_publishes_the_key_that_signs(app, issued):
    _user, cert = issued
    doc = app.test_client().get("/issuer.json").get_json()
    assert doc["id"] == cert.credential["issuer"]["id"]
    assert doc["verificationMethod"][0]["id"] == cert.credential["proof"]["verificationMethod"]
    assert app.test_client().get(f"/verify/{cert.code}.json").mimetype == "application/vc+ld+json"
    assert app.test_client().get("/verify/AAAABBBBCCCCDDDD.json").status_code == 404


def test_the_key_pair_is_made_once_into_the_configured_file(app, issued, signing_key):
    assert stat.S_IMODE(signing_key.stat().st_mode) == 0o600
    pem = signing_key.read_bytes()
    assert b"PRIVATE KEY" in pem
    service.issuer_document()
    assert signing_key.read_bytes() == pem


def test_verification_is_rate_limited_per_address(app, issued):
    app.config["CERTIFICATE_VERIFY_LIMIT"] = "3 per minute"
    client = app.test_client()
    codes_ = ["AAAABBBBCCCCDDDD", issued[1].code, "EEEEFFFFGGGGHHHH"]
    assert [client.get(f"/verify/{c}").status_code for c in codes_] == [404, 200, 404]
    assert client.get(f"/verify/{issued[1].code}.json").status_code == 429
    assert client.get("/verify?code=x").status_code == 429


# ----- the trainer's cohort page ----------------------------------------------------------------

def test_trainer_revokes_with_a_reason_and_reissues(app, world, issued):
    user, cert = issued
    client = sign_in(app, world.trainer)
    page = f"/cohorts/{world.cohort.slug}/certificates/?lang=en"
    refused = client.post_form(f"/certificates/{cert.code}/revoke", {"reason": ""}, token_from=page,
                               follow_redirects=True)
    assert "Give the reason" in refused.get_data(as_text=True)
    assert db.session.get(Certificate, cert.id).revoked_at is None
    response = client.post_form(f"/certificates/{cert.code}/revoke", {"reason": "Name misspelt"},
                                token_from=page, follow_redirects=True)
    assert "Name misspelt" in response.get_data(as_text=True)
    response = client.post_form(f"/certificates/{cert.code}/reissue", token_from=page, follow_redirects=True)
    assert response.status_code == 200
    current = service.current_for(user.id, "custody")
    assert current is not None and current.replaces_id == cert.id


def test_another_cohorts_trainer_gets_403_on_every_action(app, world, issued, make):
    _user, cert = issued
    stranger = make.user("trainer")
    own = make.cohort(trainers=[stranger])
    client = sign_in(app, stranger)
    assert client.get(f"/cohorts/{world.cohort.slug}/certificates/").status_code == 403
    assert client.get(f"/cohorts/{world.cohort.slug}/certificates.zip").status_code == 403
    token_page = f"/cohorts/{own.slug}/certificates/"
    assert client.post_form(f"/certificates/{cert.code}/revoke", {"reason": "x"},
                            token_from=token_page).status_code == 403
    assert client.post_form(f"/certificates/{cert.code}/reissue", token_from=token_page).status_code == 403
    assert db.session.get(Certificate, cert.id).revoked_at is None


def test_trainee_cannot_reach_trainer_actions(app, world, issued):
    user, cert = issued
    client = sign_in(app, user)
    assert client.get(f"/cohorts/{world.cohort.slug}/certificates/").status_code == 403
    response = client.post(f"/certificates/{cert.code}/revoke", data={"reason": "mine"})
    assert response.status_code in (400, 403)
    assert db.session.get(Certificate, cert.id).revoked_at is None


def test_issue_for_cohort_from_the_page(app, world):
    ready = world.trainee(name="Ready")
    world.grade(ready, 90)
    world.read_all(ready)
    db.session.execute(sa.delete(Certificate))  # as if the rules had not run (e.g. rules changed)
    db.session.commit()
    client = sign_in(app, world.trainer)
    page = f"/cohorts/{world.cohort.slug}/certificates/?lang=en"
    response = client.post_form(f"/cohorts/{world.cohort.slug}/certificates/issue", {"course": "custody"},
                                token_from=page, follow_redirects=True)
    assert "Certificates issued: 1." in response.get_data(as_text=True)
    assert service.current_for(ready.id, "custody") is not None


def test_cohort_certificates_page_runs_a_bounded_number_of_queries(app, world, count_queries):
    client = sign_in(app, world.trainer)
    page = f"/cohorts/{world.cohort.slug}/certificates/?lang=en"
    counts, made = [], 0
    for total in (2, 7):
        while made < total:
            world.complete(world.trainee(name=f"Trainee {made:02d}"))
            made += 1
        client.get(page)
        with count_queries() as counter:
            html = client.get(page).get_data(as_text=True)
        counts.append(counter.count)
        assert html.count("badge ok") == total
    assert counts[0] == counts[1]


def test_bulk_zip_is_streamed_with_every_valid_certificate(app, world):
    trainees = [world.trainee(name=f"Trainee {i}") for i in range(3)]
    for user in trainees:
        world.complete(user)
    service.revoke(world.trainer, service.current_for(trainees[0].id, "custody"), "Issued in error")
    db.session.commit()
    client = sign_in(app, world.trainer)
    response = client.get(f"/cohorts/{world.cohort.slug}/certificates.zip?course=custody")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    assert len(names) == 4 and all(name.endswith(".pdf") for name in names)
    assert sum("(az-en)" in n for n in names) == 2 and not any("Trainee 0" in n for n in names)
    assert all(archive.read(n).startswith(b"%PDF") for n in names)


def test_credential_json_is_the_stored_signed_document(app, issued):
    _user, cert = issued
    data = json.loads(app.test_client().get(f"/verify/{cert.code}.json").get_data())
    assert data == cert.credential
