"""Path certificates: issued once when every course of a path is certified, with its PDFs, verification
page, signed credential, revocation (browser and CLI) and who may see or change it."""
from __future__ import annotations

import copy
import io

import pytest
import segno
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader

from tests.certificates.conftest import NAME
from tests.conftest import PASSWORD
from training.audit.models import AuditEntry
from training.certificates import paths as path_certificates
from training.certificates import service
from training.certificates.models import Certificate
from training.certificates.verify import REVOKED, TAMPERED, VALID, verify
from training.exceptions import ServiceError
from training.extensions import db
from training.learning import service as learning
from training.learning.models import CohortCourse, Course, Lesson
from training.learning.path_models import CohortPath, LearningPath, PathCompletion, PathCourse
from training.learning.signals import path_completed

PATH_TITLE = {"en": "Path for judge candidates", "az": "Hakimliyə namizədlər üçün təlim trayektoriyası",
              "ru": "Траектория обучения для кандидатов в судьи"}
SECOND = {"en": "The Convention against Torture", "az": "İşgəncələrə qarşı Konvensiya",
          "ru": "Конвенция против пыток"}


def sign_in(app, user):
    client = app.test_client()
    assert client.login(user.email, PASSWORD).status_code == 302
    return client


@pytest.fixture
def path(world):
    """The path: the world's custody course, then a reading-only course; assigned to the world's cohort."""
    db.session.add(Course(id="uncat", title=SECOND, summary={"en": "UNCAT."}, prerequisites=[], content_hash="x",
                          position=0, hours=6, version=1))
    db.session.flush()
    db.session.add_all([Lesson(course_id="uncat", slug=f"u-{i}", position=i, content_hash="x") for i in (1, 2)])
    db.session.add(LearningPath(id="judges", position=1, title=PATH_TITLE, summary={"en": "For judges."},
                                audience={"en": "Judge candidates"}, version=2, content_hash="x"))
    db.session.flush()
    db.session.add_all([PathCourse(path_id="judges", course_id="uncat", position=1),
                        PathCourse(path_id="judges", course_id="custody", position=2),
                        CohortPath(cohort_id=world.cohort.id, path_id="judges"),
                        CohortCourse(cohort_id=world.cohort.id, course_id="uncat")])
    db.session.commit()
    return db.session.get(LearningPath, "judges")


def read_uncat(user):
    for lesson in db.session.scalars(sa.select(Lesson).where(Lesson.course_id == "uncat")):
        learning.mark_read(user, lesson)
    db.session.commit()


def path_certs(user=None) -> list[Certificate]:
    query = sa.select(Certificate).where(Certificate.path_id.is_not(None))
    if user is not None:
        query = query.where(Certificate.user_id == user.id)
    return list(db.session.scalars(query.order_by(Certificate.id)))


@pytest.fixture
def graduate(world, path):
    """(trainee, path certificate): the trainee completed both courses of the path."""
    user = world.trainee()
    world.complete(user)
    read_uncat(user)
    [cert] = path_certs(user)
    return user, cert


def test_issued_when_the_last_course_is_certified_and_only_then(world, path):
    user = world.trainee()
    world.complete(user)
    assert service.current_for(user.id, "custody") is not None
    assert path_certs() == []  # one course of two
    read_uncat(user)
    [cert] = path_certs()
    course_serials = [service.current_for(user.id, c).serial for c in ("uncat", "custody")]
    assert (cert.kind, cert.path_id, cert.course_id, cert.trainee_name) == ("path", "judges", None, NAME)
    assert (cert.organisation_name, cert.course_title, cert.course_version, cert.hours) == (
        "Academy of Justice", PATH_TITLE, 2, 14.0)
    assert [(c["id"], c["title"]["en"], c["serial"]) for c in cert.courses] == [
        ("uncat", SECOND["en"], course_serials[0]), ("custody", "Safeguards in police custody", course_serials[1])]
    assert cert.serial.startswith("NPM-") and cert.serial not in course_serials and len(cert.code) == 16
    assert {d.lang for d in cert.documents} == {"az-en", "ru-en"}
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "certificate.issue",
                                                          AuditEntry.object_id == cert.code))
    assert entry.after["path_id"] == "judges" and entry.after["trainee_name"] == NAME


def test_a_trainee_without_every_course_certified_gets_none(app, world, path):
    user = world.trainee(name="Reader")
    read_uncat(user)
    world.read_all(user)  # custody read, but its quiz not passed
    assert path_certs() == []
    with pytest.raises(ServiceError) as refused:
        path_certificates.issue(None, user, path)
    with app.test_request_context("/?lang=en"):
        assert str(refused.value) == "Reader does not hold a certificate for every course of this learning path yet."
    assert path_certs() == []


def test_issuing_again_changes_nothing(world, path, graduate):
    user, cert = graduate
    again, created = path_certificates.issue(None, user, path)
    assert (again.id, created) == (cert.id, False)
    completion = db.session.scalar(sa.select(PathCompletion).where(PathCompletion.user_id == user.id))
    path_completed.send(path, user=user, completion=completion)  # a second signal
    db.session.commit()
    assert [c.id for c in path_certs()] == [cert.id]


def pdf_text(cert, pair) -> str:
    reader = PdfReader(io.BytesIO(service.document(cert, pair).data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert NAME in text.splitlines()
    return " ".join(text.split())


def test_pdf_in_azerbaijani_english_and_russian(graduate):
    _user, cert = graduate
    uncat, custody = (c["serial"] for c in cert.courses)
    az = pdf_text(cert, "az-en")
    for phrase in ("SERTİFİKAT", "CERTIFICATE", "«Hakimliyə namizədlər üçün təlim trayektoriyası»",
                   "has successfully completed the learning path “Path for judge candidates”",
                   f"1. İşgəncələrə qarşı Konvensiya — {uncat}", "və onun hər kursu üzrə sertifikat almışdır",
                   f"2. Polis saxlamasında təminatlar — {custody}",
                   f"1. The Convention against Torture — {uncat}",
                   f"2. Safeguards in police custody — {custody}",
                   "14 academic hours", "Seriya nömrəsi / Serial number: " + cert.serial,
                   "http://localhost/verify/" + cert.code):
        assert phrase in az, (phrase, az)
    assert "Траектория" not in az
    ru = pdf_text(cert, "ru-en")
    for phrase in ("СЕРТИФИКАТ", "«Траектория обучения для кандидатов в судьи»",
                   f"1. Конвенция против пыток — {uncat}", "получив сертификат по каждому из ее курсов", "Path for judge candidates",
                   "Серийный номер / Serial number: " + cert.serial):
        assert phrase in ru, (phrase, ru)
    assert "Hakimliyə" not in ru


def test_the_qr_code_links_to_the_verify_page(graduate):
    _user, cert = graduate
    [image] = PdfReader(io.BytesIO(service.document(cert, "az-en").data)).pages[0].images
    expected = io.BytesIO()
    segno.make(f"http://localhost/verify/{cert.code}", error="m").save(expected, kind="png", scale=6, border=2)
    wanted = Image.open(io.BytesIO(expected.getvalue())).convert("1")
    assert list(image.image.convert("1").tobytes()) == list(wanted.tobytes())


def test_verify_page_shows_the_path_and_its_courses_in_the_visitors_language(app, graduate):
    _user, cert = graduate
    client = app.test_client()
    uncat, custody = (c["serial"] for c in cert.courses)
    en = client.get(f"/verify/{cert.code}?lang=en").get_data(as_text=True)
    for text in ("Valid", NAME, "Learning path", "Path for judge candidates", "Courses of the path",
                 "The Convention against Torture", f"certificate {uncat}", f"certificate {custody}", "14"):
        assert text in en, text
    az = client.get(f"/verify/{cert.code}?lang=az").get_data(as_text=True)
    assert "Hakimliyə namizədlər üçün təlim trayektoriyası" in az and "İşgəncələrə qarşı Konvensiya" in az
    ru = client.get(f"/verify/{cert.code}?lang=ru").get_data(as_text=True)
    assert "Траектория обучения для кандидатов в судьи" in ru and f"сертификат {uncat}" in ru
    assert "Revoke the certificate" not in en  # the public sees no actions


def test_signed_credential_names_the_path_and_a_tampered_one_fails(app, graduate):
    _user, cert = graduate
    client = app.test_client()
    doc = client.get(f"/verify/{cert.code}.json").get_json()
    achievement = doc["credentialSubject"]["achievement"]
    assert (achievement["achievementType"], achievement["name"], achievement["version"]) == (
        "LearningProgram", "Path for judge candidates", "2")
    assert achievement["id"] == "http://localhost/paths/judges/#v2"
    assert cert.courses[0]["serial"] in achievement["criteria"]["narrative"]
    status = client.get("/certificates/status/1.json").get_json()
    outcome = verify(doc, [service.platform_issuer()], status)
    assert outcome.state == VALID, outcome.reason
    assert (outcome.claims.name, outcome.claims.course, outcome.claims.hours) == (
        NAME, "Path for judge candidates", 14.0)
    tampered = copy.deepcopy(doc)
    tampered["credentialSubject"]["achievement"]["criteria"]["narrative"] += " and more"
    assert verify(tampered, [service.platform_issuer()], status).state == TAMPERED


def test_listed_on_the_trainees_certificates_page(app, graduate):
    user, cert = graduate
    html = sign_in(app, user).get("/certificates/?lang=en").get_data(as_text=True)
    assert "Path for judge candidates" in html and cert.serial in html
    assert f"/certificates/{cert.code}.pdf" in html and "Safeguards in police custody" in html


def test_revoked_by_the_cli_shows_everywhere(app, runner, graduate):
    _user, cert = graduate
    client = app.test_client()
    doc = client.get(f"/verify/{cert.code}.json").get_json()
    result = runner.invoke(args=["certificates", "revoke", cert.code, "--reason", "Issued in error"])
    assert result.exit_code == 0 and cert.serial in result.output, result.output
    assert db.session.get(Certificate, cert.id).revoked_reason == "Issued in error"
    html = client.get(f"/verify/{cert.code}?lang=en").get_data(as_text=True)
    assert "Revoked" in html and "Issued in error" in html
    status = client.get("/certificates/status/1.json").get_json()
    assert verify(doc, [service.platform_issuer()], status).state == REVOKED
    listed = runner.invoke(args=["certificates", "list"]).output
    assert f"{cert.serial}\trevoked\t{NAME}\tpath:judges" in listed
    again = runner.invoke(args=["certificates", "revoke", cert.code, "--reason", "x"])
    assert again.exit_code == 1 and "already revoked" in again.output


def test_trainer_revokes_and_reissues_on_the_verify_page(app, world, path, graduate):
    user, cert = graduate
    client = sign_in(app, world.trainer)
    page = f"/verify/{cert.code}?lang=en"
    refused = client.post_form(f"/certificates/{cert.code}/revoke", {"reason": ""}, token_from=page,
                               follow_redirects=True)
    assert "Give the reason" in refused.get_data(as_text=True)
    assert db.session.get(Certificate, cert.id).revoked_at is None
    response = client.post_form(f"/certificates/{cert.code}/revoke", {"reason": "Name misspelt"},
                                token_from=page, follow_redirects=True)
    assert "Name misspelt" in response.get_data(as_text=True)
    assert path_certificates.current_for(user.id, "judges") is None
    with pytest.raises(ServiceError) as refused:
        path_certificates.issue(None, user, path)
    with app.test_request_context("/?lang=en"):
        assert "re-issue it instead" in str(refused.value)
    db.session.rollback()
    response = client.post_form(f"/certificates/{cert.code}/reissue", token_from=page, follow_redirects=True)
    assert response.status_code == 200
    new = path_certificates.current_for(user.id, "judges")
    assert new is not None and new.replaces_id == cert.id and new.code != cert.code
    assert new.completed_on == cert.completed_on and new.courses == cert.courses
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.object_type == "certificate")))
    assert {"certificate.issue", "certificate.revoke", "certificate.reissue"} <= actions


def test_who_may_download_and_revoke(app, world, graduate, make):
    _user, cert = graduate
    stranger = make.user("trainer")
    own = make.cohort(trainers=[stranger])
    expected = [(graduate[0], 200), (world.trainer, 200), (make.user("admin"), 200),
                (world.trainee(name="Classmate"), 403), (stranger, 403)]
    for who, status in expected:
        assert sign_in(app, who).get(f"/certificates/{cert.code}.pdf").status_code == status, who.email
    assert app.test_client().get(f"/certificates/{cert.code}.pdf").status_code in (302, 401)
    client = sign_in(app, stranger)
    assert "Revoke the certificate" not in client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert client.post_form(f"/certificates/{cert.code}/revoke", {"reason": "x"},
                            token_from=f"/cohorts/{own.slug}/certificates/").status_code == 403
    trainee = sign_in(app, graduate[0])
    assert trainee.post(f"/certificates/{cert.code}/revoke", data={"reason": "mine"}).status_code in (400, 403)
    assert db.session.get(Certificate, cert.id).revoked_at is None
