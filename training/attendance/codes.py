"""The rotating check-in code: HMAC of the time step under a per-session secret.

A code is six digits derived, as in TOTP (RFC 6238), from HMAC-SHA256(secret, step) where
step = unix time // STEP_SECONDS. The code of the current step and of the one before are
accepted; older ones are recognised as expired so the trainee is told why.
"""
from __future__ import annotations

import hashlib
import hmac
import struct
from datetime import datetime, timezone

STEP_SECONDS = 30
DIGITS = 6
ACCEPTED_STEPS = 2  # the current step and the previous one
EXPIRED_LOOKBACK = 40  # steps (20 minutes) in which an old code is still recognised as expired


def step_at(moment: datetime) -> int:
    """The time step of a naive-UTC (or aware) datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp()) // STEP_SECONDS


def seconds_left(moment: datetime) -> int:
    """Seconds until the code shown at `moment` changes."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return STEP_SECONDS - int(moment.timestamp()) % STEP_SECONDS


def code_for(secret: str, step: int) -> str:
    digest = hmac.new(bytes.fromhex(secret), struct.pack(">Q", step), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** DIGITS).zfill(DIGITS)


def normalise(code: str | None) -> str:
    """The digits of a typed code (spaces and hyphens dropped)."""
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-")


def is_well_formed(code: str) -> bool:
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def match(secret: str, code: str, moment: datetime) -> str | None:
    """'valid' when the code is the one of `moment`'s step or the step before, 'expired' when it
    was valid in the last minutes, None otherwise."""
    now = step_at(moment)
    for back in range(EXPIRED_LOOKBACK + 1):
        if hmac.compare_digest(code_for(secret, now - back), code):
            return "valid" if back < ACCEPTED_STEPS else "expired"
    return None
