"""Signing in and out, sessions that end, throttling."""
import pytest

from tests.conftest import PASSWORD
from training.accounts.models import User
from training.extensions import db


def test_sign_in_lands_each_role_on_its_home(app, make, client):
    trainee = make.user("trainee")
    response = client.login(trainee.email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"Welcome, {trainee.name}" in page
    assert "Your courses" in page


@pytest.mark.parametrize("role,landing,heading", [
    ("trainer", "/cohorts/", "Your cohorts"),
    ("admin", "/admin/", "Administration"),
])
def test_trainer_and_admin_land_on_their_area(login_as, role, landing, heading):
    client, _user = login_as(role)
    response = client.get("/")
    assert response.headers["Location"] == landing
    assert f"<h1>{heading}</h1>" in client.get(landing + "?lang=en").get_data(as_text=True)


def test_email_is_matched_without_regard_to_case_and_spaces(make, client):
    make.user("trainee", email="cadet@example.org")
    assert client.login("  Cadet@Example.ORG ", PASSWORD).status_code == 302


@pytest.mark.parametrize("email,password", [
    ("cadet@example.org", "wrong-password-1"),
    ("nobody@example.org", PASSWORD),
])
def test_failure_does_not_tell_whether_the_email_exists(make, client, email, password):
    make.user("trainee", email="cadet@example.org")
    response = client.login(email, password, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "The email or password is not correct, or the account is not active." in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(make, client):
    from training.accounts import service

    user = make.user("trainee")
    service.set_active(None, user, False)
    db.session.commit()
    response = client.login(user.email, PASSWORD)
    assert response.status_code == 200
    assert client.get("/").status_code == 302  # still signed out


def test_deactivation_ends_existing_sessions(login_as):
    from training.accounts import service

    client, user = login_as("trainee")
    assert client.get("/").status_code == 200
    service.set_active(None, db.session.get(User, user.id), False)
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_copied_cookie_stops_working_after_sign_out(app, login_as):
    client, _user = login_as("trainee")
    cookie = client.get_cookie("session").value
    assert client.logout().status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_copied_cookie_stops_working_after_password_change(app, login_as):
    client, _user = login_as("trainee")
    cookie = client.get_cookie("session").value
    response = client.post_form("/profile/password", {
        "password-current_password": PASSWORD, "password-password": "a-new-password-77",
        "password-confirm": "a-new-password-77"}, token_from="/profile")
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser goes on

    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/").status_code == 302


def test_session_cookie_changes_at_sign_in_and_is_http_only(make, client):
    user = make.user("trainee")
    client.get("/login")
    before = client.get_cookie("session").value
    response = client.login(user.email, PASSWORD)
    after = client.get_cookie("session").value
    assert before != after
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_secure_flag_follows_the_setting(app, make, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    user = make.user("trainee")
    response = client.login(user.email, PASSWORD)
    assert "Secure" in response.headers["Set-Cookie"]


def test_idle_session_expires(app, login_as, monkeypatch):
    import time

    client, _user = login_as("trainee")
    assert client.get("/").status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + app.config["SESSION_IDLE_MINUTES"] * 60 + 5)
    assert client.get("/").status_code == 302


def test_session_ends_at_maximum_lifetime_even_when_active(app, login_as, monkeypatch):
    import time

    client, _user = login_as("trainee")
    real = time.time
    offset = 0
    monkeypatch.setattr(time, "time", lambda: real() + offset)
    # Active every hour for 12 hours: never idle, yet the 12-hour limit ends the session.
    for hour in range(1, app.config["SESSION_MAX_HOURS"] + 1):
        offset = hour * 3600 - 60
        status = client.get("/").status_code
    assert status == 200
    offset = app.config["SESSION_MAX_HOURS"] * 3600 + 120
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "https:evil.example", "javascript:alert(1)",
    "https://evil.example/", "%2F%2Fevil.example", "/%2F%2Fevil.example", "%2f%5cevil.example",
    "/%09/evil.example", "\\\\evil.example",
])
def test_next_never_leaves_the_site(make, client, target):
    user = make.user("trainee")
    token = client.csrf_token("/login")
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_to_a_local_page_is_followed(make, client):
    user = make.user("trainee")
    token = client.csrf_token("/login")
    response = client.post("/login?next=/profile", data={"email": user.email, "password": PASSWORD,
                                                           "csrf_token": token})
    assert response.headers["Location"] == "/profile"


def test_login_without_csrf_is_refused_and_signs_nobody_in(make, client):
    user = make.user("trainee")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The form had expired or was not sent from this site" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_requires_post(login_as):
    client, _user = login_as("trainee")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


# ----- throttling ---------------------------------------------------------------------

def test_account_is_locked_after_repeated_failures_even_for_the_right_password(app, make, client):
    user = make.user("trainee")
    for _ in range(5):
        assert client.login(user.email, "wrong-password-x").status_code == 200
    response = client.login(user.email, PASSWORD, headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    # Another account from the same address is not affected.
    other = make.user("trainee")
    assert client.login(other.email, PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count_against_the_account(app, make):
    user = make.user("trainee")
    for _ in range(8):
        browser = app.test_client()
        assert browser.login(user.email, PASSWORD).status_code == 302


def test_a_classroom_behind_one_address_signs_in_within_a_minute(app, make):
    org = make.organisation()
    cohort = make.cohort(organisation=org)
    cadets = [make.user("trainee", cohorts=[cohort]) for _ in range(40)]
    statuses = []
    for index, cadet in enumerate(cadets):
        browser = app.test_client()
        if index % 4 == 0:  # some mistype their password once
            assert browser.login(cadet.email, "typo-password-1").status_code == 200
        statuses.append(browser.login(cadet.email, PASSWORD).status_code)
    assert statuses == [302] * 40


def test_one_address_is_throttled_past_the_generous_limit(app, make):
    app.config["LOGIN_ADDRESS_LIMIT"] = "10 per minute"
    browser = app.test_client()
    codes = [browser.login(f"nobody{i}@example.org", "whatever-pass").status_code for i in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429


def test_proxy_headers_are_ignored_unless_configured(app, make):
    """Without PROXY_FIX_X_FOR, X-Forwarded-For cannot dodge the per-address limit."""
    app.config["LOGIN_ADDRESS_LIMIT"] = "3 per minute"
    browser = app.test_client()
    codes = [browser.login(f"x{i}@example.org", "whatever-pass",
                           headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code for i in range(4)]
    assert codes[-1] == 429
