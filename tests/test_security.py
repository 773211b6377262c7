"""Headers, error pages, and GET that never changes data."""
import pytest
import sqlalchemy as sa

from training.extensions import db


def test_security_headers_on_every_response(client):
    for path in ["/login", "/health", "/no-such-page", "/static/css/site.css"]:
        response = client.get(path)
        headers = response.headers
        response.close()
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


def test_csp_has_no_unsafe_inline(client):
    csp = client.get("/login").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_pages_have_no_inline_script_or_style(login_as):
    client, _admin = login_as("admin")
    for path in ["/admin/", "/admin/users/", "/admin/audit/", "/profile", "/login"]:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html


@pytest.mark.parametrize("lang,text", [("en", "Page not found"), ("az", "Səhifə tapılmadı"),
                                       ("ru", "Страница не найдена")])
def test_friendly_404_in_the_users_language(client, lang, text):
    response = client.get(f"/nowhere?lang={lang}")
    assert response.status_code == 404 and text in response.get_data(as_text=True)


def test_friendly_403(login_as):
    client, _user = login_as("trainee")
    response = client.get("/admin/?lang=ru")
    assert response.status_code == 403 and "Доступ запрещен" in response.get_data(as_text=True)


def test_friendly_500_without_a_stack_trace(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom?lang=en")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body and "secret internals" not in body and "Traceback" not in body


def test_friendly_429_page(app, make, client):
    app.config["LOGIN_ADDRESS_LIMIT"] = "1 per minute"
    client.login("a@example.org", "whatever-pass")
    response = client.login("b@example.org", "whatever-pass", headers={"Accept-Language": "az"})
    assert response.status_code == 429 and "Həddən çox cəhd" in response.get_data(as_text=True)


def test_get_requests_never_change_data(login_as, make):
    """Visiting every page as an admin leaves the database as it was."""
    client, admin = login_as("admin")
    cohort = make.cohort()
    user = make.user("trainee", cohorts=[cohort])

    def snapshot():
        tables = [t for t in db.metadata.sorted_tables]
        return {t.name: db.session.execute(sa.select(t)).all() for t in tables}

    before = snapshot()
    app = client.application
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {"user_id": user.id, "slug": cohort.slug}
        try:
            path = rule.build(values, append_unknown=False)[1]
        except Exception:  # a rule with other arguments belongs to another test
            continue
        client.get(path)
    db.session.expire_all()
    assert snapshot() == before
