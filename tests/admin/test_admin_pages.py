"""Administrators manage organisations, cohorts and accounts in the browser."""
import io

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD
from training.accounts.models import Cohort, Organisation, User
from training.audit.models import AuditEntry
from training.extensions import db

ADMIN_PAGES = ["/admin/", "/admin/organisations/", "/admin/cohorts/", "/admin/users/",
               "/admin/users/new", "/admin/users/import", "/admin/audit/"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("role", ["trainee", "trainer"])
def test_admin_area_is_for_admins_only(login_as, role, path):
    client, _user = login_as(role)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_area_asks_strangers_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_admin_pages_render_in_each_language(login_as, path, lang):
    client, _user = login_as("admin")
    response = client.get(f"{path}?lang={lang}")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.get_data(as_text=True)


def test_admin_creates_an_organisation_and_a_cohort(login_as, make):
    client, admin = login_as("admin")
    trainer = make.user("trainer", name="Rəşad Məmmədov")
    response = client.post_form("/admin/organisations/", {"slug": "police-academy", "name": "Police Academy"})
    assert response.status_code == 302
    org = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "police-academy"))
    response = client.post_form("/admin/cohorts/", {
        "slug": "pa-2026-autumn", "name": "Police Academy cadets, 2026 autumn intake",
        "organisation": str(org.id), "trainers": [str(trainer.id)]})
    assert response.status_code == 302
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.slug == "pa-2026-autumn"))
    assert [t.email for t in cohort.trainers] == [trainer.email]
    page = client.get("/admin/cohorts/?lang=en").get_data(as_text=True)
    assert "Police Academy cadets, 2026 autumn intake" in page and "Rəşad Məmmədov" in page


def test_bad_organisation_input_is_refused_and_changes_nothing(login_as, make):
    client, _admin = login_as("admin")
    make.organisation(slug="police-academy")
    response = client.post_form("/admin/organisations/?lang=en", {"slug": "police-academy", "name": "Again"})
    assert response.status_code == 200
    assert "An organisation with the short name &#39;police-academy&#39; already exists." in response.get_data(as_text=True)
    response = client.post_form("/admin/organisations/?lang=ru", {"slug": "Bad Slug!", "name": "X"})
    assert "не подходит как краткое имя" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1


def test_admin_creates_account_with_generated_password_shown_once(login_as, make, app):
    client, _admin = login_as("admin")
    cohort = make.cohort()
    response = client.post_form("/admin/users/new?lang=en", {
        "email": "Sehla@Example.org", "name": "Şəhla Əliyeva İlqar qızı", "role": "trainee",
        "organisation": str(cohort.organisation_id), "cohorts": [str(cohort.id)], "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "It is shown only once." in page
    password = page.split('<p class="secret"><code>')[1].split("</code>")[0]
    user = db.session.scalar(sa.select(User).where(User.email == "sehla@example.org"))
    assert user.name == "Şəhla Əliyeva İlqar qızı" and [c.id for c in user.cohorts] == [cohort.id]
    assert app.test_client().login("sehla@example.org", password).status_code == 302


def test_short_password_is_refused_with_the_reason(login_as):
    client, _admin = login_as("admin")
    response = client.post_form("/admin/users/new?lang=en", {
        "email": "x@example.org", "name": "X", "role": "trainee", "organisation": "0", "password": "short"})
    assert "The password must be at least 10 characters long." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == "x@example.org")) is None


def test_role_change_is_audited_and_takes_effect(login_as, make, app):
    client, admin = login_as("admin")
    user = make.user("trainee", name="Orxan Şükürov")
    browser = app.test_client()
    browser.login(user.email, PASSWORD)
    response = client.post_form(f"/admin/users/{user.id}/", {
        "email": user.email, "name": user.name, "role": "trainer", "organisation": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "trainer"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.role"))
    assert entry.before == {"role": "trainee"} and entry.after == {"role": "trainer"}
    assert entry.actor_id == admin.id
    assert browser.get("/").status_code == 302  # the old session ended with the old rights


def test_deactivate_and_reactivate(login_as, make, app):
    client, _admin = login_as("admin")
    user = make.user("trainee")
    victim = app.test_client()
    victim.login(user.email, PASSWORD)
    response = client.post_form(f"/admin/users/{user.id}/deactivate", token_from=f"/admin/users/{user.id}/")
    assert response.status_code == 302
    assert victim.get("/").status_code == 302
    assert app.test_client().login(user.email, PASSWORD).status_code == 200
    client.post_form(f"/admin/users/{user.id}/activate", token_from=f"/admin/users/{user.id}/")
    assert app.test_client().login(user.email, PASSWORD).status_code == 302
    actions = db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.object_id == str(user.id))).all()
    assert "user.deactivate" in actions and "user.activate" in actions


def test_admin_cannot_deactivate_themselves(login_as):
    client, admin = login_as("admin")
    client.post_form(f"/admin/users/{admin.id}/deactivate", token_from=f"/admin/users/{admin.id}/")
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_active_account


def test_reset_password(login_as, make, app):
    client, _admin = login_as("admin")
    user = make.user("trainee")
    response = client.post_form(f"/admin/users/{user.id}/password", {"password": "brand-new-pass-9"},
                                token_from=f"/admin/users/{user.id}/")
    assert response.status_code == 200
    assert app.test_client().login(user.email, "brand-new-pass-9").status_code == 302
    assert app.test_client().login(user.email, PASSWORD).status_code == 200


def test_post_without_csrf_changes_nothing(login_as, make):
    client, _admin = login_as("admin")
    user = make.user("trainee")
    response = client.post(f"/admin/users/{user.id}/deactivate")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active_account


def test_unknown_user_is_404(login_as):
    client, _admin = login_as("admin")
    assert client.get("/admin/users/99999/").status_code == 404


def test_user_list_filters_and_stays_within_a_query_bound(login_as, make, count_queries):
    client, _admin = login_as("admin")
    org = make.organisation()
    for _ in range(3):
        make.user("trainee", organisation=org)
    url = f"/admin/users/?role=trainee&organisation={org.id}&lang=en"
    with count_queries() as small:
        client.get(url)
    for _ in range(40):
        make.user("trainee", organisation=org)
    with count_queries() as large:
        page = client.get(url).get_data(as_text=True)
    assert "43 accounts" in page
    assert large.count == small.count <= 12


# ----- roster import -------------------------------------------------------------------

def _upload(client, content: bytes, dry_run=False, lang="en"):
    data = {"file": (io.BytesIO(content), "roster.csv")}
    if dry_run:
        data["dry_run"] = "y"
    return client.post_form(f"/admin/users/import?lang={lang}", data, content_type="multipart/form-data")


def test_roster_import_reports_each_row(login_as, make):
    client, _admin = login_as("admin")
    org = make.organisation(slug="police-academy")
    make.cohort(slug="pa-2026", organisation=org)
    make.organisation(slug="justice-academy")
    make.user("trainee", email="exists@example.org")
    csv_text = (
        "\ufeffemail,name,organisation,cohort\n"
        "gunel@example.org,Günel İsmayılova,police-academy,pa-2026\n"
        "exists@example.org,Someone,police-academy,pa-2026\n"
        "not-an-email,Nobody,police-academy,pa-2026\n"
        "x@example.org,X,nowhere,pa-2026\n"
        "y@example.org,Y,justice-academy,pa-2026\n"
    ).encode("utf-8")
    page = _upload(client, csv_text).get_data(as_text=True)
    assert "1 created, 1 skipped, 3 refused" in page
    assert "No organisation with the short name &#39;nowhere&#39;." in page
    assert "belongs to another organisation" in page
    user = db.session.scalar(sa.select(User).where(User.email == "gunel@example.org"))
    assert user.name == "Günel İsmayılova" and user.cohorts[0].slug == "pa-2026"
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.email.in_(["x@example.org", "y@example.org"]))) == 0


def test_malformed_roster_imports_nothing(login_as, make):
    client, _admin = login_as("admin")
    make.organisation(slug="police-academy")
    bad_files = {
        b"email,name\na@example.org,A\n": "missing: organisation, cohort",
        "email,name,organisation,cohort\nä@x.org,Ä,police-academy,\n".encode("latin-1"): "not UTF-8",
        b"email,name,organisation,cohort\na@example.org,A,police-academy\n": "Line 2 has 3 fields",
        b"": "The file is empty",
    }
    for content, message in bad_files.items():
        page = _upload(client, content).get_data(as_text=True)
        assert message in page, message
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == "trainee")) == 0


def test_dry_run_saves_nothing(login_as, make):
    client, _admin = login_as("admin")
    make.organisation(slug="police-academy")
    page = _upload(client, b"email,name,organisation,cohort\nnew@example.org,New,police-academy,\n",
                   dry_run=True).get_data(as_text=True)
    assert "1 created" in page and "nothing was saved" in page
    assert db.session.scalar(sa.select(User).where(User.email == "new@example.org")) is None


def test_edit_form_shows_the_current_organisation_and_cohorts(login_as, make):
    client, _admin = login_as("admin")
    org = make.organisation(name="Police Academy")
    cohort = make.cohort(organisation=org, name="Cadets 2026")
    user = make.user("trainee", organisation=org, cohorts=[cohort])
    page = client.get(f"/admin/users/{user.id}/").get_data(as_text=True)
    assert f'<option selected value="{org.id}">Police Academy</option>' in page
    assert f'<option selected value="{cohort.id}">Cadets 2026 (Police Academy)</option>' in page
    page = client.get(f"/admin/cohorts/{cohort.slug}/").get_data(as_text=True)
    assert f'<option selected value="{org.id}">Police Academy</option>' in page


def test_audit_link_of_an_account_shows_only_its_entries(login_as, make):
    client, _admin = login_as("admin")
    first = make.user("trainee", email="first@example.org")
    make.user("trainee", email="second@example.org")
    page = client.get(f"/admin/audit/?object_type=user&object_id={first.id}").get_data(as_text=True)
    assert "first@example.org" in page and "second@example.org" not in page
