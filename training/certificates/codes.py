"""Verification codes and serial numbers.

A code is 16 characters drawn by `secrets` from a 32-character alphabet without look-alikes
(no 0/O, no 1/I/l; letters are upper case): 80 bits, nothing derived from ids, printed in
groups of four. A serial is NPM-YYYY-NNNNNN, numbered per year.
"""
from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 16
GROUP = 4
assert len(set(ALPHABET)) == 32


def new_code() -> str:
    """A fresh random code, stored without dashes."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """ABCD-EFGH-JKLM-NPQR: how a code is printed."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text: str | None) -> str | None:
    """The code a person typed, without dashes, spaces and case; None when it cannot be one."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch not in "- \t")
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def serial(year: int, number: int) -> str:
    return f"NPM-{year:04d}-{number:06d}"
