"""Attendance in the browser: a series scheduled, trainees checking in with the rotating code
from a second browser, and a roster marked while offline, synced when back online."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from training.extensions import db


def _world(live_server):
    org = live_server.make("organisation", slug="police-academy", name="Police Academy")
    live_server.make("user", "trainer", email="rashad@example.org", name="Rəşad Məmmədov")
    live_server.make("cohort", slug="pa-2026", name="Cadets 2026", organisation=org,
                     trainers=["rashad@example.org"])
    for email, name in [("elvin@example.org", "Elvin Əliyev"), ("gunel@example.org", "Günel İsmayılova"),
                        ("orxan@example.org", "Orxan Şükürov")]:
        live_server.make("user", "trainee", email=email, name=name, cohorts=["pa-2026"])


def _marks(live_server):
    from training.accounts.models import User
    from training.attendance.models import AttendanceMark

    def query():
        rows = db.session.execute(sa.select(User.email, AttendanceMark.status, AttendanceMark.source)
                                  .join(User, User.id == AttendanceMark.trainee_id))
        return {email: (status, source) for email, status, source in rows}
    return live_server.call(query)


def _wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def _session_now(live_server, title="Why prevention") -> int:
    from training.accounts import service as accounts
    from training.attendance import service

    def create():
        start = service.utc_to_local(datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(minutes=5))
        session = service.schedule(None, accounts.cohort_by_slug("pa-2026"), {"en": title}, start, 90)[0]
        db.session.commit()
        return session.id
    return live_server.call(create)


def test_trainer_schedules_a_series_and_trainees_check_in_with_the_code(browser, page, live_server):
    _world(live_server)
    sign_in(page, "rashad@example.org", PASSWORD)
    start = datetime.now(ZoneInfo("Asia/Baku")) - timedelta(minutes=5)
    end = start + timedelta(minutes=60)
    end_text = end.strftime("%H:%M") if end.date() == start.date() else "23:59"
    page.goto("/sessions/new?cohort=pa-2026")
    page.fill("input[name=title_en]", "Why prevention")
    page.fill("input[name=title_az]", "Niyə qarşısının alınması")
    page.fill("input[name=date]", start.strftime("%Y-%m-%d"))
    page.fill("input[name=start]", start.strftime("%H:%M"))
    page.fill("input[name=end]", end_text)
    page.fill("input[name=weeks]", "4")
    page.fill("input[name=place]", "Room 214")
    page.click("form button[type=submit].primary")
    assert "4 sessions scheduled." in page.locator(".flashes").inner_text()

    page.click("text=Show the check-in code")
    code = page.locator("#checkin-code").inner_text().strip()
    assert len(code) == 6 and code.isdigit()
    assert page.locator("#checkin-qr").get_attribute("src").startswith("data:image/svg+xml")

    for email in ("elvin@example.org", "gunel@example.org"):
        phone = browser.new_context(base_url=live_server.url, locale="en-GB")
        trainee = phone.new_page()
        trainee.set_default_timeout(10_000)
        sign_in(trainee, email, PASSWORD)
        trainee.goto("/checkin")
        code = page.locator("#checkin-code").inner_text().strip()  # the screen's current code
        trainee.fill("input[name=code]", code)
        trainee.click("#checkin-form button[type=submit]")
        trainee.wait_for_selector("#checkin-result.flash-success")
        assert "Checked in to Why prevention: present." in trainee.locator("#checkin-result").inner_text()
        phone.close()
    assert _marks(live_server) == {"elvin@example.org": ("present", "checkin"),
                                   "gunel@example.org": ("present", "checkin")}


def _open_roster_ready_for_offline(page, session_id):
    page.goto(f"/sessions/{session_id}/roster")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(
        "caches.open('attendance-v1').then(c => c.match(location.pathname)).then(r => !!r)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_roster_marked_offline_is_synced_when_back_online(page, live_server):
    _world(live_server)
    session_id = _session_now(live_server)
    sign_in(page, "rashad@example.org", PASSWORD)
    _open_roster_ready_for_offline(page, session_id)

    page.context.set_offline(True)
    page.reload()  # the page still opens, from the service worker's cache
    assert page.locator("h1").inner_text() == "Roster"
    page.click("#all-present")
    page.locator("tr", has_text="Orxan Şükürov").locator("input[value=late]").check()
    page.locator("tr", has_text="Orxan Şükürov").locator("input.minutes").fill("12")
    page.click("#save-marks")
    page.wait_for_selector("#pending:not([hidden])")
    assert page.locator("#pending-count").inner_text() == "3"
    assert "No connection" in page.locator("#sync-status").inner_text()
    assert _marks(live_server) == {}

    page.context.set_offline(False)
    page.wait_for_selector("#pending", state="hidden")
    assert _wait_for(lambda: len(_marks(live_server)) == 3)
    assert _marks(live_server) == {"elvin@example.org": ("present", "offline"),
                                   "gunel@example.org": ("present", "offline"),
                                   "orxan@example.org": ("late", "offline")}


def test_offline_mark_older_than_a_server_change_loses_and_both_are_audited(page, live_server):
    from training.accounts.models import User
    from training.attendance import marking, service
    from training.audit.models import AuditEntry

    _world(live_server)
    session_id = _session_now(live_server)
    sign_in(page, "rashad@example.org", PASSWORD)
    _open_roster_ready_for_offline(page, session_id)
    page.context.set_offline(True)
    page.locator("tr", has_text="Elvin Əliyev").locator("input[value=absent]").check()
    page.click("#save-marks")
    page.wait_for_selector("#pending:not([hidden])")

    def colleague_marks_late():  # on the server, after the offline mark was made
        session = service.get_session(session_id)
        elvin = db.session.scalar(sa.select(User).where(User.email == "elvin@example.org"))
        marking.save_roster(None, session, {f"status-{elvin.id}": "late", f"minutes-{elvin.id}": "5"})
        db.session.commit()
    time.sleep(1.1)
    live_server.call(colleague_marks_late)

    page.context.set_offline(False)
    page.wait_for_selector("#pending", state="hidden")
    assert _marks(live_server) == {"elvin@example.org": ("late", "roster")}
    actions = live_server.call(lambda: [(a.action, (a.after or {}).get("status")) for a in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.object_type == "attendance").order_by(AuditEntry.id))])
    assert actions == [("attendance.mark", "late"), ("attendance.mark_superseded", "absent")]
