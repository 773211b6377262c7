"""The rotating code: HMAC of the 30-second step, the previous step still accepted."""
from datetime import datetime, timedelta

from training.attendance import codes

SECRET = "ab" * 32
T0 = datetime(2026, 11, 3, 10, 0, 0)  # a step boundary (naive UTC)


def test_code_is_six_digits_and_changes_every_30_seconds():
    first = codes.code_for(SECRET, codes.step_at(T0))
    same = codes.code_for(SECRET, codes.step_at(T0 + timedelta(seconds=29)))
    next_ = codes.code_for(SECRET, codes.step_at(T0 + timedelta(seconds=30)))
    assert len(first) == 6 and first.isdigit()
    assert first == same
    assert first != next_
    assert codes.seconds_left(T0 + timedelta(seconds=10)) == 20


def test_code_depends_on_the_session_secret():
    step = codes.step_at(T0)
    assert codes.code_for(SECRET, step) != codes.code_for("cd" * 32, step)


def test_current_and_previous_step_are_valid_older_is_expired():
    code = codes.code_for(SECRET, codes.step_at(T0))
    assert codes.match(SECRET, code, T0) == "valid"
    assert codes.match(SECRET, code, T0 + timedelta(seconds=45)) == "valid"  # the step before
    assert codes.match(SECRET, code, T0 + timedelta(seconds=60)) == "expired"
    assert codes.match(SECRET, code, T0 + timedelta(hours=2)) is None
    assert codes.match(SECRET, code, T0 - timedelta(seconds=30)) is None  # a code of the future
    wrong = str((int(code) + 1) % 1_000_000).zfill(6)
    assert codes.match(SECRET, wrong, T0) is None


def test_typed_codes_are_normalised():
    assert codes.normalise(" 123 456 ") == "123456"
    assert codes.normalise("123-456") == "123456"
    assert codes.is_well_formed("123456")
    assert not codes.is_well_formed("12345")
    assert not codes.is_well_formed("12345a")
    assert not codes.is_well_formed("١٢٣٤٥٦")  # non-ASCII digits
