"""A person signs in, switches language and sees the page translated."""
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in


def test_sign_in_switch_language_and_sign_out(page, live_server):
    org = live_server.make("organisation", slug="police-academy", name="Police Academy")
    live_server.make("cohort", slug="pa-2026", name="Cadets 2026", organisation=org)
    live_server.make("user", "trainee", email="cadet@example.org", name="Şəhla Əliyeva", cohorts=["pa-2026"])

    sign_in(page, "cadet@example.org", PASSWORD)
    assert page.locator("h1").inner_text() == "Welcome, Şəhla Əliyeva"
    assert page.locator("html").get_attribute("lang") == "en"

    page.click("form.lang-switch button[value=az]")
    assert page.locator("html").get_attribute("lang") == "az"
    assert page.locator("h1").inner_text() == "Xoş gəlmisiniz, Şəhla Əliyeva"
    assert page.locator("text=Cadets 2026").count() == 1

    page.click("form.lang-switch button[value=ru]")
    assert page.locator("h1").inner_text() == "Добро пожаловать, Şəhla Əliyeva"

    page.click("text=Выйти")
    assert page.url.endswith("/login")
    # The choice was kept in the profile: signing in again shows Russian.
    sign_in(page, "cadet@example.org", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "ru"


def test_wrong_password_is_refused_in_the_users_language(page, live_server):
    live_server.make("user", "trainee", email="cadet@example.org")
    page.goto("/login?lang=az")
    page.fill("input[name=email]", "cadet@example.org")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit].primary")
    assert "E-poçt və ya parol düzgün deyil" in page.locator(".flash-error").inner_text()
