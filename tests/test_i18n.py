"""The three catalogues are complete, and every page speaks the chosen language."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "training" / "translations"


def _catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _extracted_ids(tmp_path) -> set[str]:
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "--ignore-dirs", ".*", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_catalogue_has_every_message_translated(lang, tmp_path):
    catalog = _catalog(lang)
    in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = sorted(_extracted_ids(tmp_path) - in_catalog)
    assert not missing, f"{lang}: messages in the code but not in the catalogue: {missing[:10]}"
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert not untranslated, f"{lang}: untranslated: {untranslated[:10]}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_placeholders_survive_translation(lang):
    import re

    pattern = re.compile(r"%\(\w+\)s|\{\w+\}")
    for message in _catalog(lang):
        if not message.id or isinstance(message.id, tuple) or not message.string:
            continue  # untranslated entries are the completeness test's concern
        assert sorted(pattern.findall(message.id)) == sorted(pattern.findall(message.string)), message.id


def test_azerbaijani_catalogue_uses_azerbaijani_letters():
    text = " ".join(m.string for m in _catalog("az") if m.id and isinstance(m.string, str))
    for letter in "əğıİşçöü":
        assert letter in text


@pytest.mark.parametrize("lang,expected", [("az", "Daxil ol"), ("en", "Sign in"), ("ru", "Войти")])
def test_lang_parameter_switches_and_is_remembered(client, lang, expected):
    page = client.get(f"/login?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{expected}</h1>" in page
    again = client.get("/login").get_data(as_text=True)  # no parameter: the session remembers
    assert f"<h1>{expected}</h1>" in again


def test_accept_language_decides_when_nothing_chosen(client):
    page = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ru">' in page


def test_default_locale_is_azerbaijani(client):
    page = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="az">' in page


def test_unknown_lang_parameter_is_ignored(client):
    page = client.get("/login?lang=xx", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_switcher_saves_the_language_in_the_profile(login_as):
    from training.accounts.models import User
    from training.extensions import db

    client, user = login_as("trainee")
    response = client.post_form("/language", {"lang": "ru", "next": "/profile"}, token_from="/profile")
    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "ru"


def test_switcher_refuses_to_redirect_off_site(client):
    response = client.post_form("/language", {"lang": "en", "next": "//evil.example/"}, token_from="/login")
    assert response.headers["Location"] == "/"


def test_dates_use_the_locale_format(app):
    from datetime import datetime

    from flask_babel import force_locale, format_date

    moment = datetime(2026, 3, 5, 10, 0)
    with app.test_request_context():
        with force_locale("en"):
            assert format_date(moment, "long") == "March 5, 2026"
        with force_locale("ru"):
            assert format_date(moment, "long") .replace("\u202f", " ") == "5 марта 2026 г."
        with force_locale("az"):
            assert format_date(moment, "long") == "5 mart 2026"
