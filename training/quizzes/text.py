"""Comparing typed answers: case, spaces, the Azerbaijani i, decimal commas."""
from __future__ import annotations

import math
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case the Azerbaijani way: İ -> i and I -> ı, then the usual casefold; spaces collapsed."""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("İ", "i").replace("I", "ı")
    text = text.casefold()
    return _SPACES.sub(" ", text).strip()


def loose(text: str) -> str:
    """Also treat a dotless ı as i: for answers typed on a keyboard without Azerbaijani letters."""
    return fold(text).replace("ı", "i")


def same_answer(given: str, accepted: str) -> bool:
    """True when a typed answer equals an accepted one, ignoring case and spacing."""
    a, b = fold(given), fold(accepted)
    if not a:
        return False
    return a == b or loose(given) == loose(accepted)


def parse_number(text: str) -> float | None:
    """A number typed with a decimal point or comma ("2,5", "1 200.5"); None when it is not one."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None
