"""The PDFs: frozen at issue with their SHA-256, every letter right in three languages, the QR code's URL."""
from __future__ import annotations

import hashlib
import io

import segno
from PIL import Image
from pypdf import PdfReader

from tests.certificates.conftest import NAME
from training.certificates import fonts, pdf, service


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    text = reader.pages[0].extract_text()
    assert NAME in text.splitlines()  # the name on a line of its own, exactly as stored
    return " ".join(text.split())  # sentences wrap inside their column


def test_azerbaijani_and_english_side_by_side_with_the_name_exactly(issued):
    _user, cert = issued
    doc = service.document(cert, "az-en")
    assert hashlib.sha256(doc.data).hexdigest() == doc.sha256 and doc.size == len(doc.data)
    text = text_of(doc.data)
    assert NAME in text
    for phrase in ("SERTİFİKAT", "Bu sertifikat təsdiq edir ki", "«Polis saxlamasında təminatlar» kursunu",
                   "uğurla başa vurmuşdur", "Həcmi: 8 akademik saat", "Təşkilat: Academy of Justice",
                   "CERTIFICATE", "This is to certify that", "Safeguards in police custody", "8 academic hours",
                   "Seriya nömrəsi / Serial number: " + cert.serial, "http://localhost/verify/" + cert.code,
                   "-".join(cert.code[i:i + 4] for i in range(0, 16, 4))):
        assert phrase in text, (phrase, text)
    assert "Гарантии" not in text


def test_russian_on_request(issued):
    _user, cert = issued
    text = text_of(service.document(cert, "ru-en").data)
    for phrase in (NAME, "СЕРТИФИКАТ", "Настоящий сертификат удостоверяет, что",
                   "«Гарантии при содержании в полиции»", "Объем: 8 академических часов",
                   "Серийный номер / Serial number", "CERTIFICATE"):
        assert phrase in text, (phrase, text)


def test_the_qr_code_links_to_the_verify_page(issued):
    _user, cert = issued
    reader = PdfReader(io.BytesIO(service.document(cert, "az-en").data))
    [image] = reader.pages[0].images
    embedded = image.image.convert("1")
    expected_png = io.BytesIO()
    segno.make(f"http://localhost/verify/{cert.code}", error="m").save(expected_png, kind="png", scale=6, border=2)
    expected = Image.open(io.BytesIO(expected_png.getvalue())).convert("1")
    assert embedded.size == expected.size
    assert list(embedded.tobytes()) == list(expected.tobytes())
    other = io.BytesIO()
    segno.make(f"http://localhost/verify/{cert.code[:-1]}A", error="m").save(other, kind="png", scale=6, border=2)
    assert list(Image.open(io.BytesIO(other.getvalue())).convert("1").tobytes()) != list(embedded.tobytes())


def test_the_font_is_parsed_once_per_process(issued):
    _user, cert = issued
    data = service.pdf_data(cert)
    pdf.render(data)
    pdf.render(data, "ru-en")
    assert fonts.parsed_count() == len(fonts.STYLES)
    assert fonts.font_file().name.startswith("NotoSans")
