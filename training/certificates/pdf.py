"""The certificate as a PDF: A4 landscape, two languages side by side, a QR code to the verify page.

Pure functions from a CertificateData to bytes. Made once at issue and stored; nothing here reads
the database, so a later change of layout never alters an issued certificate.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from math import ceil

import segno
from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from training.certificates import fonts
from training.certificates.codes import grouped

PAIRS = {"az-en": ("az", "en"), "ru-en": ("ru", "en")}
PAGE_W, PAGE_H = 297, 210
MARGIN = 20
GAP = 12
COLUMN = (PAGE_W - 2 * MARGIN - GAP) / 2
INK = (28, 43, 74)
MUTED = (90, 98, 112)


@dataclass(frozen=True)
class CertificateData:
    trainee_name: str
    course_title: dict
    hours: float
    completed_on: date
    serial: str
    code: str
    verify_url: str
    issuer_name: dict
    organisation_name: str | None = None
    courses: tuple | None = None  # a path certificate's courses: ((title by language, serial), ...)


def _pick(texts: dict, lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def _phrases(data: CertificateData, lang: str) -> dict[str, str]:
    """Every printed sentence in one language (from the catalogues, so translators own them)."""
    with force_locale(lang):
        hours = format_decimal(data.hours, format="#,##0.#", locale=lang)
        return {
            "issuer": _pick(data.issuer_name, lang),
            "title": _("CERTIFICATE"),
            "certifies": _("This is to certify that"),
            "completed": (_("has successfully completed the learning path “%(path)s”",
                            path=_pick(data.course_title, lang)) if data.courses is not None else
                          _("has successfully completed the course “%(course)s”",
                            course=_pick(data.course_title, lang))),
            "courses": "\n".join(
                [_("having been certified in each of its courses:")]
                + [f"{number}. {_pick(title, lang)} — {serial}"
                   for number, (title, serial) in enumerate(data.courses or (), start=1)]
            ) if data.courses else "",
            "hours": _("Volume: %(hours)s academic hours", hours=hours),
            "organisation": (_("Organisation: %(name)s", name=data.organisation_name)
                             if data.organisation_name else ""),
            "date": _("Date of completion: %(date)s",
                      date=format_date(data.completed_on, format="long", locale=lang)),
            "serial": _("Serial number"),
            "verify": _("Check this certificate at"),
        }


def _qr_png(url: str) -> BytesIO:
    buffer = BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


def render(data: CertificateData, pair: str = "az-en") -> bytes:
    """The PDF of a certificate in a pair of languages ("az-en", or "ru-en" on request)."""
    left_lang, right_lang = PAIRS[pair]
    left, right = _phrases(data, left_lang), _phrases(data, right_lang)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"{data.serial} {data.trainee_name}")
    pdf.set_author(_pick(data.issuer_name, "en"))
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    fonts.add_to(pdf)
    pdf.add_page()
    _frame(pdf)

    qr_size = 34
    qr_x, qr_y = PAGE_W - MARGIN - qr_size, PAGE_H - MARGIN - qr_size - 9

    def columns(key: str, y: float, size: float, style: str = "", color=INK, height: float = 6) -> float:
        bottom = y
        for x, texts, lang in ((MARGIN, left, left_lang), (MARGIN + COLUMN + GAP, right, right_lang)):
            if not texts[key]:
                continue
            pdf.set_font(fonts.FAMILY, style, size)
            pdf.set_text_color(*color)
            pdf.set_xy(x, y)
            lines = sum(ceil(max(pdf.get_string_width(line), 1) / COLUMN) for line in texts[key].split("\n"))
            beside_qr = x + COLUMN > qr_x and y + lines * height > qr_y - 2  # the text would run into the QR
            pdf.multi_cell(qr_x - 4 - x if beside_qr else COLUMN, height, texts[key], align="C")
            bottom = max(bottom, pdf.get_y())
        return bottom

    y = columns("issuer", 22, 10, color=MUTED, height=5)
    y = columns("title", max(y + 6, 40), 26, "B", height=12)
    y = columns("certifies", y + 4, 12, color=MUTED)
    pdf.set_font(fonts.FAMILY, "B", 24)
    pdf.set_text_color(*INK)
    pdf.set_xy(MARGIN, y + 5)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 11, data.trainee_name, align="C")
    y = columns("completed", pdf.get_y() + 5, 13)
    if data.courses:
        y = columns("courses", y + 2, 8.5, height=4)
    y = columns("hours", y + 2, 11, color=MUTED)
    y = columns("organisation", y + 1, 11, color=MUTED)
    columns("date", y + 1, 11, color=MUTED)

    pdf.image(_qr_png(data.verify_url), x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    pdf.set_font(fonts.FAMILY, "B", 10)
    pdf.set_text_color(*INK)
    pdf.set_xy(qr_x - 10, qr_y + qr_size + 1)
    pdf.cell(qr_size + 20, 5, grouped(data.code), align="C")
    pdf.set_font(fonts.FAMILY, "", 9)
    pdf.set_text_color(*MUTED)
    base_y = PAGE_H - MARGIN - 14
    pdf.set_xy(MARGIN, base_y)
    pdf.cell(150, 5, f"{left['serial']} / {right['serial']}: {data.serial}")
    pdf.set_xy(MARGIN, base_y + 5)
    pdf.cell(150, 5, f"{left['verify']} / {right['verify']}: {data.verify_url}")
    return bytes(pdf.output())


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, PAGE_W - 20, PAGE_H - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, PAGE_W - 26, PAGE_H - 26)


def one_line(text: str = "Noto Sans: Şəhla Əliyeva İlqar qızı") -> bytes:
    """The benchmark's baseline: fpdf2 writing a one-line PDF with the same (prepared) font."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    fonts.add_to(pdf)
    pdf.add_page()
    pdf.set_font(fonts.FAMILY, "", 12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())
