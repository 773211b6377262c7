"""Noto Sans for the certificate PDFs, parsed once per process.

fontpkg-noto-sans ships Noto Sans as a variable font. Cutting the regular and bold instances out of
it takes seconds, so it happens once per installation (kept in instance/cache/); reading the cut
fonts and their metrics happens once per process; each
document then gets a light copy of the prepared font with a fresh glyph table to subset (fpdf2
subsets the font object in place when it writes a document, so the table itself cannot be shared).
"""
from __future__ import annotations

import os
import threading
from io import BytesIO
from pathlib import Path

from fontTools import subset, ttLib
from fontTools.varLib import instancer
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FAMILY = "NotoSans"
STYLES = {"": {"wght": 400, "wdth": 100}, "B": {"wght": 700, "wdth": 100}}
# Latin with every Azerbaijani letter (Ə ə are U+018F, U+0259), Cyrillic, punctuation, symbols.
UNICODE_RANGES = [(0x20, 0x7E), (0xA0, 0x2FF), (0x300, 0x36F), (0x400, 0x52F), (0x2000, 0x206F),
                  (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2212, 0x2212)]

_prepared: dict[str, tuple[TTFFont, bytes]] = {}
_variable: list[ttLib.TTFont] = []
_lock = threading.Lock()


def font_file() -> Path:
    """The variable Noto Sans file inside the installed fontpkg-noto-sans package."""
    import fontpkg_noto_sans

    files = sorted(p for p in (Path(fontpkg_noto_sans.ROOT) / "files").glob("NotoSans*.ttf")
                   if "Italic" not in p.name)
    if not files:
        raise RuntimeError("Noto Sans is missing from the fontpkg-noto-sans package")
    return files[0]


def _variable_subset() -> ttLib.TTFont:
    """The variable font cut down to the scripts we print (instancing the whole font takes long)."""
    if not _variable:
        font = ttLib.TTFont(font_file(), recalcTimestamp=False)
        options = subset.Options()
        options.drop_tables += ["GSUB", "GPOS", "GDEF"]  # fpdf2 drops them too when it embeds
        options.notdef_outline = True
        options.recommended_glyphs = True
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[u for low, high in UNICODE_RANGES for u in range(low, high + 1)])
        subsetter.subset(font)
        _variable.append(font)
    return _variable[0]


def _cache_file(style: str) -> Path | None:
    """Where the cut instance is kept between runs: instance/cache/ (not in tests)."""
    try:
        from flask import current_app

        if current_app.config.get("TESTING"):
            return None
        folder = Path(current_app.instance_path) / "cache"
    except RuntimeError:  # no app: the benchmark
        return None
    source = font_file()
    tag = f"{source.stat().st_size}-{int(source.stat().st_mtime)}-{style or 'R'}"
    return folder / f"NotoSans-certificate-{tag}.ttf"


def _prepare(style: str) -> tuple[TTFFont, bytes]:
    cache = _cache_file(style)
    if cache is not None and cache.exists():
        data = cache.read_bytes()
    else:
        static = instancer.instantiateVariableFont(_variable_subset(), STYLES[style], inplace=False, static=True)
        buffer = BytesIO()
        static.save(buffer)
        data = buffer.getvalue()
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(data)
            partial.replace(cache)
    font = TTFFont(FPDF(), BytesIO(data), f"{FAMILY.lower()}{style}", style)  # type: ignore[arg-type]
    return font, data


def prepared(style: str) -> tuple[TTFFont, bytes]:
    if style not in _prepared:
        with _lock:
            if style not in _prepared:
                _prepared[style] = _prepare(style)
    return _prepared[style]


def add_to(pdf: FPDF) -> None:
    """Register Noto Sans regular and bold in this document from the prepared fonts."""
    for style in STYLES:
        template, data = prepared(style)
        font = TTFFont.__new__(TTFFont)
        for slot in TTFFont.__slots__:
            if hasattr(template, slot):
                setattr(font, slot, getattr(template, slot))
        font.i = len(pdf.fonts) + 1
        font.ttfont = ttLib.TTFont(BytesIO(data), recalcTimestamp=False, lazy=True)
        font._hbfont = None
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.subset = SubsetMap(font)
        pdf.fonts[font.fontkey] = font


def parsed_count() -> int:
    """How many styles have been parsed in this process (the benchmark checks it stays at 2)."""
    return len(_prepared)
