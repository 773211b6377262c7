"""The Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0) of a certificate, the issuer document,
and the Bitstring Status List credential that says which certificates are revoked."""
from __future__ import annotations

import base64
import gzip
from datetime import date, datetime, time, timezone

from training.certificates.jsonld import OB_CONTEXT, VC_CONTEXT
from training.certificates.signing import Issuer, utc_stamp, sign

STATUS_LIST_BITS = 131072  # 16 KiB, the minimum the Bitstring Status List recommends for privacy
STATUS_LIST_PATH = "/certificates/status/1.json"
ISSUER_PATH = "/issuer.json"


def _number(value: float | None) -> str:
    return "" if value is None else (f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0"))


def build(cert, issuer: Issuer, base_url: str, summary: str | None = None) -> dict:
    """The unsigned credential for a certificate's frozen fields."""
    title = cert.course_title.get("en") or next(iter(cert.course_title.values()))
    path_id = getattr(cert, "path_id", None)
    achievement_id = (f"{base_url}/paths/{path_id}/#v{cert.course_version}" if path_id
                      else f"{base_url}/courses/{cert.course_id}/#v{cert.course_version}")
    results, descriptions = [], []
    for key, label, value in (("quiz", "Closing quiz grade", cert.quiz_grade),
                              ("attendance", "Attendance rate", cert.attendance_rate)):
        if value is None:
            continue
        rd_id = f"{achievement_id}-{key}"
        descriptions.append({"id": rd_id, "type": ["ResultDescription"], "name": label, "resultType": "Percent"})
        results.append({"type": ["Result"], "resultDescription": rd_id, "value": _number(value)})
    identifiers = [{"type": "IdentityObject", "hashed": False, "identityType": "name",
                    "identityHash": cert.trainee_name}]
    if cert.organisation_name:
        identifiers.append({"type": "IdentityObject", "hashed": False, "identityType": "ext:organisation",
                            "identityHash": cert.organisation_name})
    identifiers.append({"type": "IdentityObject", "hashed": False, "identityType": "ext:serialNumber",
                        "identityHash": cert.serial})
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "LearningProgram" if path_id else "Course",
        "name": title,
        "description": summary or title,
        "criteria": {"narrative": _path_criteria(cert.courses) if path_id else (
            "Every lesson read, the closing quiz passed at the course's minimum "
            "score and the required attendance at in-person sessions.")},
        "creditsAvailable": float(cert.hours),
        "version": str(cert.course_version),
        "inLanguage": "en",
    }
    if descriptions:
        achievement["resultDescription"] = descriptions
    subject = {
        "type": ["AchievementSubject"],
        "identifier": identifiers,
        "achievement": achievement,
        "creditsEarned": float(cert.hours),
        "activityEndDate": utc_stamp(datetime.combine(cert.completed_on, time(0, 0))),
    }
    if results:
        subject["result"] = results
    issuer_name = cert.issuer_name.get("en") or next(iter(cert.issuer_name.values()))
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"{base_url}/verify/{cert.code}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{'Learning path certificate' if path_id else 'Certificate'}: {title}",
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": issuer_name, "url": base_url + "/"},
        "validFrom": utc_stamp(cert.issued_at),
        "awardedDate": utc_stamp(cert.issued_at),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{base_url}{STATUS_LIST_PATH}#{cert.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(cert.status_index),
            "statusListCredential": base_url + STATUS_LIST_PATH,
        },
    }


def _path_criteria(courses: list[dict]) -> str:
    """The narrative of a path's criteria: each course with the serial of the trainee's certificate."""
    lines = [f"{number}. {course['title'].get('en') or next(iter(course['title'].values()))} "
             f"(certificate {course.get('serial')})" for number, course in enumerate(courses, start=1)]
    return "A certificate for every course of the learning path:\n" + "\n".join(lines)


def issue(cert, issuer: Issuer, base_url: str, summary: str | None = None) -> dict:
    return sign(build(cert, issuer, base_url, summary), issuer, created=cert.issued_at)


# ----- the revocation list ---------------------------------------------------------------

def encode_bits(revoked: list[int], size: int = STATUS_LIST_BITS) -> str:
    """Multibase base64url (prefix "u") of the GZIP-compressed bitstring; index 0 is the first bit."""
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    data = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_bits(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("the encoded list is not multibase base64url")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise IndexError("the status index is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list(revoked: list[int], issuer: Issuer, base_url: str, as_of: datetime) -> dict:
    url = base_url + STATUS_LIST_PATH
    document = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": utc_stamp(as_of),
        "credentialSubject": {"id": url + "#list", "type": "BitstringStatusList",
                              "statusPurpose": "revocation", "encodedList": encode_bits(revoked)},
    }
    return sign(document, issuer, created=as_of)


def issuer_document(issuer: Issuer, base_url: str, names: dict) -> dict:
    """The issuer's DID document with its name: the public key a verifier needs, at a stable URL."""
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer.did,
        "verificationMethod": [{"id": issuer.verification_method, "type": "Multikey",
                                "controller": issuer.did, "publicKeyMultibase": issuer.multikey}],
        "assertionMethod": [issuer.verification_method],
        "authentication": [issuer.verification_method],
        "name": names,
        "url": base_url + "/",
        "cryptosuite": "eddsa-rdfc-2022",
        "statusListCredential": base_url + STATUS_LIST_PATH,
    }


def as_date(stamp: str) -> date | None:
    try:
        return datetime.strptime(stamp[:10], "%Y-%m-%d").replace(tzinfo=timezone.utc).date()
    except (TypeError, ValueError):
        return None
