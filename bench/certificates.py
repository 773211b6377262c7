"""Benchmark: certificate PDFs per second, as a ratio against fpdf2 writing a one-line PDF.

    python bench/certificates.py [--zip-size 200] [--seconds 3]

Measures in the same run, with the same (once-parsed) Noto Sans:
- baseline: fpdf2 writing a one-line PDF;
- one certificate: the full A4 landscape certificate (two languages, QR code);
- a ZIP of N certificates: N PDFs made and streamed into a ZIP one at a time.
Reports each rate and its ratio to the baseline (absolute times vary by machine; ratios do not
much), and the one-off cost of parsing the font, which happens once per process.
"""
from __future__ import annotations

import argparse
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training import create_app  # noqa: E402
from training.certificates import fonts, pdf  # noqa: E402
from training.certificates.cohort import ZipSink  # noqa: E402
from training.certificates.codes import new_code  # noqa: E402
from training.config import TestConfig  # noqa: E402


def sample(number: int) -> pdf.CertificateData:
    code = new_code()
    return pdf.CertificateData(
        trainee_name="Şəhla Əliyeva İlqar qızı", serial=f"NPM-2026-{number:06d}", code=code,
        course_title={"en": "Safeguards in police custody and effective interviewing",
                      "az": "Polis saxlamasında təminatlar və səmərəli müsahibə",
                      "ru": "Гарантии при содержании в полиции и эффективный опрос"},
        hours=8, completed_on=date(2026, 3, 1), verify_url=f"http://127.0.0.1:5000/verify/{code}",
        issuer_name={"en": "Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan",
                     "az": "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman)",
                     "ru": "Уполномоченный по правам человека (омбудсмен) Азербайджанской Республики"},
        organisation_name="Academy of Justice")


def rate(make_one, seconds: float) -> float:
    """Items per second of make_one(), run for at least `seconds` (and at least three times)."""
    count, start = 0, time.perf_counter()
    while True:
        make_one(count)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and count >= 3:
            return count / elapsed


def zip_rate(size: int) -> tuple[float, int]:
    sink, written = ZipSink(), 0
    start = time.perf_counter()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for number in range(size):
            archive.writestr(f"certificate-{number}.pdf", pdf.render(sample(number)))
            written += len(sink.take())
    written += len(sink.take())
    return size / (time.perf_counter() - start), written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip-size", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    app = create_app(TestConfig)
    with app.test_request_context("/"):
        start = time.perf_counter()
        pdf.one_line()
        parse = time.perf_counter() - start
        pdf.render(sample(0))  # warm the catalogues and the QR encoder too
        baseline = rate(lambda _n: pdf.one_line(), args.seconds)
        single = rate(lambda n: pdf.render(sample(n)), args.seconds)
        bulk, size = zip_rate(args.zip_size)
        assert fonts.parsed_count() == len(fonts.STYLES), "the font was parsed more than once"
    print(f"font parsed once per process in {parse:.2f} s ({fonts.parsed_count()} styles)")
    print(f"baseline  one-line PDF (fpdf2, Noto Sans):   {baseline:8.1f} PDFs/s  ratio 1.00")
    print(f"one certificate (A4, two languages, QR):    {single:8.1f} PDFs/s  ratio {single / baseline:.2f}")
    print(f"ZIP of {args.zip_size} certificates (streamed):      {bulk:8.1f} PDFs/s  ratio {bulk / baseline:.2f}"
          f"  ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
